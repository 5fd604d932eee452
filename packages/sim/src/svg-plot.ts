/**
 * Small SVG plots, written by hand so that the HTML report needs no script and no network: line
 * charts, a log-scale histogram and a timeline of coloured intervals.
 *
 * @module
 */

const W = 860;
const H = 260;
const M = { left: 60, right: 150, top: 28, bottom: 38 };
/**
 * Colour-blind-friendly palette (Okabe–Ito), then greys.
 *
 * @example
 * ```ts
 * const colour = PALETTE[i % PALETTE.length]
 * ```
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#777777', '#BBBBBB'];

/**
 * Escapes text for SVG and HTML.
 *
 * @example
 * ```ts
 * esc('<b>') // '&lt;b&gt;'
 * ```
 */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A number for an axis label: short, no exponent for everyday values.
 *
 * @example
 * ```ts
 * fmt(12_345) // '12.3k'
 * ```
 */
export function fmt(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${(v / 1e3).toPrecision(3)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toPrecision(3);
  return v.toPrecision(2);
}

function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) out.push(v);
  return out;
}

/** Round ticks from `lo` to `hi`. */
function ticksBetween(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  if (!(raw > 0)) return [lo];
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-6; v += step) out.push(+v.toPrecision(12));
  return out;
}

function frame(title: string, xLabel: string, yLabel: string, body: string, h = H): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(title)}">` +
    `<text x="${M.left}" y="18" font-weight="bold">${esc(title)}</text>` +
    `<text x="${(M.left + W - M.right) / 2}" y="${h - 4}" text-anchor="middle" class="lbl">${esc(xLabel)}</text>` +
    `<text x="14" y="${(M.top + h - M.bottom) / 2}" text-anchor="middle" class="lbl" transform="rotate(-90 14 ${(M.top + h - M.bottom) / 2})">${esc(yLabel)}</text>` +
    body +
    `</svg>`
  );
}

/**
 * One named line: points `[x, y]`.
 *
 * @example
 * ```ts
 * const s: Series = { name: 'static1', points: [[0, 98], [5, 101]] }
 * ```
 */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** A confidence band drawn under the line: `[x, low, high]`. */
  readonly band?: readonly (readonly [number, number, number])[];
  /** Dashed (e.g. a theory curve). */
  readonly dash?: boolean;
  /** Overrides the palette. */
  readonly colour?: string;
}

/**
 * A shaded x interval drawn behind the lines (a fault, say).
 *
 * @example
 * ```ts
 * const s: Shade = { from: 120, to: 300, label: 'crash static2' }
 * ```
 */
export interface Shade {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  /** `warmup` is drawn in grey (excluded from statistics); anything else is a fault. */
  readonly kind?: 'warmup' | 'fault';
}

function axes(yMax: number, x: (v: number) => number, y: (v: number) => number, xTicks: number[], h: number, yMin = 0): string {
  let out = `<g class="axis">`;
  for (const v of yMin === 0 ? niceTicks(yMax) : ticksBetween(yMin, yMax, 5)) out += `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`;
  for (const v of xTicks) out += `<text x="${x(v)}" y="${h - M.bottom + 16}" text-anchor="middle">${fmt(v)}</text>`;
  out += `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${h - M.bottom}"/><line x1="${M.left}" x2="${W - M.right}" y1="${h - M.bottom}" y2="${h - M.bottom}"/>`;
  return out + `</g>`;
}

/**
 * The colour of series `i` of `n`: the Okabe–Ito palette up to ten series; beyond, hues spread by
 * the golden angle over three lightness levels, so that neighbours in the legend stay apart.
 *
 * @example
 * ```ts
 * colourOf(3, 4)  // '#CC79A7'
 * colourOf(13, 30) // an hsl() colour
 * ```
 */
export function colourOf(i: number, n: number): string {
  if (n <= PALETTE.length) return PALETTE[i]!;
  const hue = (i * 137.508) % 360;
  return `hsl(${hue.toFixed(1)} 70% ${[38, 52, 28][i % 3]}%)`;
}

function legend(entries: readonly { name: string; colour: string; dash: boolean }[]): string {
  return entries
    .map(
      (e, i) =>
        `<g transform="translate(${W - M.right + 12} ${M.top + 8 + i * 14})"><line x1="0" x2="14" y1="-3" y2="-3" stroke="${e.colour}" stroke-width="2.5"${e.dash ? ' stroke-dasharray="4 2"' : ''}/><text x="18" y="0">${esc(e.name)}</text></g>`,
    )
    .join('');
}

/**
 * Options of {@link lineChart}.
 *
 * @example
 * ```ts
 * const o: ChartOptions = { xMin: 0, xMax: 600, marks: [{ at: 60, label: 'warm-up ends' }] }
 * ```
 */
export interface ChartOptions {
  /** Ends of the x axis (default: the data's range from 0). A time axis should end at the horizon. */
  readonly xMin?: number;
  readonly xMax?: number;
  /** Vertical lines, e.g. the end of the warm-up. */
  readonly marks?: readonly { readonly at: number; readonly label: string }[];
  /** Bottom of the y axis when it should not be 0 (a ratio around 1, say). */
  readonly yMin?: number;
  /** A categorical x axis: label `i` at x = i; bands are drawn as error bars. */
  readonly xLabels?: readonly string[];
}

function whiskers(s: Series, colour: string, x: (v: number) => number, y: (v: number) => number, offset: number): string {
  let out = '';
  for (const [bx, lo, hi] of s.band ?? []) {
    const cx = x(bx) + offset;
    out += `<line x1="${cx}" x2="${cx}" y1="${y(lo)}" y2="${y(hi)}" stroke="${colour}" stroke-width="1.5"/><line x1="${cx - 4}" x2="${cx + 4}" y1="${y(lo)}" y2="${y(lo)}" stroke="${colour}"/><line x1="${cx - 4}" x2="${cx + 4}" y1="${y(hi)}" y2="${y(hi)}" stroke="${colour}"/>`;
  }
  for (const p of s.points) out += `<circle cx="${x(p[0]) + offset}" cy="${y(p[1])}" r="3" fill="${colour}"><title>${esc(s.name)}: ${fmt(p[1])}</title></circle>`;
  return out;
}

function seriesBody(series: readonly Series[], x: (v: number) => number, y: (v: number) => number, categorical: boolean): string {
  let body = '';
  series.forEach((s, i) => {
    const colour = s.colour ?? colourOf(i, series.length);
    if (categorical && s.dash !== true) {
      body += whiskers(s, colour, x, y, (i - (series.length - 1) / 2) * 8);
      return;
    }
    if (s.band !== undefined && s.band.length > 0) {
      const upper = s.band.map((b, k) => `${k === 0 ? 'M' : 'L'}${x(b[0])} ${y(b[2])}`).join('');
      const lower = [...s.band].reverse().map((b) => `L${x(b[0])} ${y(b[1])}`).join('');
      body += `<path d="${upper}${lower}Z" fill="${colour}" fill-opacity="0.18" stroke="none"><title>${esc(s.name)}: confidence band</title></path>`;
    }
    const d = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p[0])} ${y(p[1])}`).join('');
    body += `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${s.dash === true ? 2 : 1.6}"${s.dash === true ? ' stroke-dasharray="6 4"' : ''}><title>${esc(s.name)}</title></path>`;
    if (s.points.length <= 40 && s.band !== undefined) for (const p of s.points) body += `<circle cx="${x(p[0])}" cy="${y(p[1])}" r="2.2" fill="${colour}"/>`;
  });
  return body;
}

/**
 * A line chart of several series sharing axes, with optional shaded intervals, confidence bands,
 * dashed (theory) lines and vertical marks. Its height grows with the legend.
 *
 * @example
 * ```ts
 * lineChart('Load', 's', 'req/s', [{ name: 'a', points: [[0, 1], [1, 2]] }], [], { xMax: 1 })
 * ```
 */
export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[], shades: readonly Shade[] = [], options: ChartOptions = {}): string {
  const h = Math.max(H, M.top + M.bottom + 14 * series.length + 12);
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const xMin = options.xMin ?? Math.min(0, ...xs);
  const xMax = Math.max(xMin + 1e-9, options.xMax ?? Math.max(...xs));
  const ys = series.flatMap((s) => [...s.points.map((p) => p[1]), ...(s.band ?? []).map((b) => b[2])]).filter(Number.isFinite);
  const yMin = options.yMin ?? 0;
  const yMax = yMin === 0 ? Math.max(1e-9, ...ys) * 1.08 : Math.max(yMin + 1e-9, ...ys) + (Math.max(...ys) - yMin) * 0.08;
  const x = (v: number) => +(M.left + ((Math.min(Math.max(v, xMin), xMax) - xMin) / (xMax - xMin)) * (W - M.left - M.right)).toFixed(1);
  const y = (v: number) => +(h - M.bottom - ((Math.max(yMin, v) - yMin) / (yMax - yMin)) * (h - M.top - M.bottom)).toFixed(1);
  let body = shades
    .map((s) => `<rect x="${x(s.from)}" y="${M.top}" width="${Math.max(1, x(s.to) - x(s.from))}" height="${h - M.top - M.bottom}" class="${s.kind === 'warmup' ? 'warmup' : 'shade'}"><title>${esc(s.label)}</title></rect>`)
    .join('');
  const labels = options.xLabels;
  body += axes(yMax, x, y, labels === undefined ? ticksBetween(xMin, xMax, 8) : [], h, yMin);
  labels?.forEach((l, i) => (body += `<text x="${x(i)}" y="${h - M.bottom + 16}" text-anchor="middle" class="axis">${esc(l)}</text>`));
  for (const m of options.marks ?? []) {
    body += `<line x1="${x(m.at)}" x2="${x(m.at)}" y1="${M.top}" y2="${h - M.bottom}" stroke="#555" stroke-dasharray="3 3"/><text x="${x(m.at) + 3}" y="${M.top + 10}" class="lbl">${esc(m.label)}</text>`;
  }
  body += seriesBody(series, x, y, labels !== undefined);
  const entries = series.map((s, i) => ({ name: s.name, colour: s.colour ?? colourOf(i, series.length), dash: s.dash === true }));
  return frame(title, xLabel, yLabel, body + legend(entries), h);
}

/**
 * A histogram over a logarithmic x axis, from `[lower, upper, count]` buckets, with marked quantiles.
 *
 * @example
 * ```ts
 * logHistogram('Latency', [[1, 2, 10], [2, 4, 3]], [['p50', 1.5]])
 * ```
 */
export function logHistogram(title: string, buckets: readonly (readonly [number, number, number])[], marks: readonly (readonly [string, number])[]): string {
  if (buckets.length === 0) return frame(title, 'ms (log scale)', 'requests', '');
  const lo = Math.max(1e-3, buckets[0]![0]);
  const hi = buckets[buckets.length - 1]![1];
  const l0 = Math.log10(lo);
  const span = Math.max(1e-9, Math.log10(hi) - l0);
  const x = (v: number) => +(M.left + ((Math.log10(Math.max(v, lo)) - l0) / span) * (W - M.left - M.right)).toFixed(1);
  const yMax = Math.max(...buckets.map((b) => b[2])) * 1.08;
  const y = (v: number) => +(H - M.bottom - (v / yMax) * (H - M.top - M.bottom)).toFixed(1);
  const decades: number[] = [];
  for (let d = Math.floor(l0); d <= Math.ceil(Math.log10(hi)); d++) decades.push(Math.pow(10, d));
  let body = `<g class="axis">`;
  for (const v of niceTicks(yMax)) body += `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`;
  for (const v of decades) if (v >= lo && v <= hi) body += `<text x="${x(v)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(v)}</text>`;
  body += `</g>`;
  for (const [a, b, c] of buckets) body += `<rect x="${x(a)}" y="${y(c)}" width="${Math.max(0.8, x(b) - x(a))}" height="${+(H - M.bottom - y(c)).toFixed(1)}" fill="${PALETTE[0]}"/>`;
  marks.forEach(([name, v], i) => {
    body += `<line x1="${x(v)}" x2="${x(v)}" y1="${M.top}" y2="${H - M.bottom}" stroke="${PALETTE[5]}" stroke-dasharray="4 3"/><text x="${x(v) + 3}" y="${M.top + 10 + i * 12}" class="mark">${esc(name)} ${fmt(v)}</text>`;
  });
  return frame(title, 'ms (log scale)', 'requests', body);
}

/**
 * One row of a timeline: coloured intervals.
 *
 * @example
 * ```ts
 * const row: TimelineRow = { label: 'b0/static/static2', spans: [{ from: 120, to: 300, colour: '#E69F00', title: 'error' }] }
 * ```
 */
export interface TimelineRow {
  readonly label: string;
  readonly spans: readonly { readonly from: number; readonly to: number; readonly colour: string; readonly title: string }[];
}

/**
 * Rows of coloured intervals over time (health of each member, faults of each server).
 *
 * @example
 * ```ts
 * timeline('Health', 600, [{ label: 'static2', spans: [{ from: 120, to: 300, colour: '#D55E00', title: 'error' }] }], [['error', '#D55E00']])
 * ```
 */
export function timeline(title: string, xMax: number, rows: readonly TimelineRow[], key: readonly (readonly [string, string])[]): string {
  const rowH = 18;
  const h = M.top + Math.max(rows.length * rowH, key.length * 16) + M.bottom;
  const left = 150;
  const x = (v: number) => +(left + (Math.min(v, xMax) / Math.max(xMax, 1e-9)) * (W - left - M.right)).toFixed(1);
  let body = '';
  rows.forEach((r, i) => {
    const y0 = M.top + i * rowH;
    body += `<text x="${left - 6}" y="${y0 + 13}" text-anchor="end">${esc(r.label)}</text><rect x="${left}" y="${y0 + 2}" width="${W - left - M.right}" height="${rowH - 4}" fill="#eef6ee"/>`;
    for (const s of r.spans) body += `<rect x="${x(s.from)}" y="${y0 + 2}" width="${Math.max(1, x(s.to) - x(s.from))}" height="${rowH - 4}" fill="${s.colour}"><title>${esc(s.title)}</title></rect>`;
  });
  for (const v of niceTicks(xMax, 8)) body += `<text x="${x(v)}" y="${M.top + rows.length * rowH + 16}" text-anchor="middle" class="axis">${fmt(v)}</text>`;
  key.forEach(([name, colour], i) => {
    body += `<g transform="translate(${W - M.right + 12} ${M.top + 8 + i * 16})"><rect width="12" height="10" y="-9" fill="${colour}"/><text x="18" y="0">${esc(name)}</text></g>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(title)}">` +
    `<text x="${M.left}" y="18" font-weight="bold">${esc(title)}</text>${body}` +
    `<text x="${(left + W - M.right) / 2}" y="${M.top + rows.length * rowH + 32}" text-anchor="middle" class="lbl">time (s)</text></svg>`
  );
}
