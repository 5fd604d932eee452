/**
 * The HTML report of an experiment (`sweep`, `compare --replications`): one chart per figure, the
 * mean of the replications as a line with its confidence band, theory as a dashed line where the
 * scenario is a textbook model, and every number in a table. Self-contained: no script, no network.
 *
 * @module
 */
import type { ExperimentResult, PointResult } from './experiment.js';
import { pairedDifference } from './experiment.js';
import { type ChartOptions, esc, fmt, lineChart, type Series } from './svg-plot.js';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:900px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}svg{display:block;margin:8px 0;font-size:11px}
.grid{stroke:#e4e4e4}.axis line{stroke:#999}.lbl{fill:#555}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}.muted{color:#777}code{background:#f4f4f4;padding:1px 4px}.bad{color:#D55E00}`;

/** Figures charted, in order, with their axis labels. Rates and shares are fractions of requests sent. */
const FIGURES: readonly (readonly [string, string, string])[] = [
  ['latency.mean', 'Mean latency of successful answers', 'ms'],
  ['sojourn.mean', 'Mean time in system (every answered request)', 'ms'],
  ['latency.p99', 'p99 latency of successful answers (mean of replications)', 'ms'],
  ['throughputPerSec', 'Throughput (successes)', 'requests/s'],
  ['wait.mean', 'Mean waiting time in server queues', 'ms'],
  ['queue.mean', 'Mean queue length (all servers)', 'requests'],
  ['utilisation', 'Utilisation', 'busy slots / slots'],
  ['rate.errors', '5xx answers', 'fraction of requests'],
  ['rate.refused', 'Refused by the balancer (503)', 'fraction of requests'],
  ['rate.timedOut', 'Timed out (504)', 'fraction of requests'],
  ['rate.abandoned', 'Abandoned by clients', 'fraction of requests'],
];

function label(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The x axis: the first axis whose values are all numbers, else the first axis as categories. */
function xAxis(r: ExperimentResult): { index: number; numeric: boolean } {
  const i = r.axes.findIndex((a) => a.values.length > 1 && a.values.every((v) => typeof v === 'number'));
  if (i >= 0) return { index: i, numeric: true };
  return { index: 0, numeric: false };
}

/** Points grouped by the values of every axis but the x axis: one series each. */
function groups(r: ExperimentResult, xi: number): [string, PointResult[]][] {
  const out = new Map<string, PointResult[]>();
  for (const p of r.points) {
    const key = p.values.filter((_, i) => i !== xi).map(([path, v]) => `${path.split('.').pop()}=${label(v)}`).join(', ');
    out.set(key, [...(out.get(key) ?? []), p]);
  }
  return [...out];
}

function chart(r: ExperimentResult, figure: string, title: string, unit: string): string {
  const { index: xi, numeric } = xAxis(r);
  const axis = r.axes[xi];
  if (axis === undefined) return '';
  const xOf = (p: PointResult, k: number) => (numeric ? (p.values[xi]![1] as number) : k);
  const series: Series[] = [];
  for (const [name, points] of groups(r, xi)) {
    const stats = points.map((p, k) => [xOf(p, k), p.figures[figure]] as const).filter((e) => e[1] !== undefined && Number.isFinite(e[1].mean));
    if (stats.length === 0) continue;
    series.push({ name: name === '' ? 'simulated' : name, points: stats.map(([x, ci]) => [x, ci!.mean]), band: stats.map(([x, ci]) => [x, ci!.mean - ci!.halfWidth, ci!.mean + ci!.halfWidth]) });
    if ((figure === 'latency.mean' || figure === 'sojourn.mean') && points.every((p) => p.theory !== null)) {
      series.push({ name: `theory${name === '' ? '' : `, ${name}`}: ${points[0]!.theory!.model}`, points: points.map((p, k) => [xOf(p, k), p.theory!.sojournMs]), dash: true });
    }
  }
  if (series.every((s) => s.points.every((p) => p[1] === 0) && (s.band ?? []).every((b) => b[2] === 0))) return '';
  return lineChart(title, axis.path, unit, series, [], xOptions(axis.values, numeric));
}

/** A numeric x axis spans the values swept (not from 0); a categorical one has a slot per value. */
function xOptions(values: readonly unknown[], numeric: boolean): ChartOptions {
  if (!numeric) return { xMin: -0.5, xMax: values.length - 0.5, xLabels: values.map(label) };
  const xs = values as number[];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = (hi - lo) * 0.03;
  return { xMin: lo - pad, xMax: hi + pad };
}

/**
 * Simulated mean time in system divided by theory, with its band: where the band holds 1, theory
 * is inside the interval. Drawn when every point matches a model.
 */
function theoryRatioChart(r: ExperimentResult): string {
  const { index: xi, numeric } = xAxis(r);
  const axis = r.axes[xi];
  if (axis === undefined || r.points.some((p) => p.theory === null)) return '';
  const series: Series[] = [];
  for (const [name, points] of groups(r, xi)) {
    const xy = points.map((p, k) => {
      const ci = p.figures['sojourn.mean']!;
      const t = p.theory!.sojournMs;
      return [numeric ? (p.values[xi]![1] as number) : k, ci.mean / t, (ci.mean - ci.halfWidth) / t, (ci.mean + ci.halfWidth) / t] as const;
    });
    series.push({ name: name === '' ? 'simulated / theory' : name, points: xy.map((e) => [e[0], e[1]]), band: xy.map((e) => [e[0], e[2], e[3]]) });
  }
  const xs = series[0]!.points.map((p) => p[0]);
  const lows = series.flatMap((s) => (s.band ?? []).map((b) => b[1]));
  const yMin = Math.max(0, Math.min(0.9, ...lows) - 0.02);
  series.push({ name: 'theory (= 1)', points: [[Math.min(...xs), 1], [Math.max(...xs), 1]], dash: true, colour: '#000000' });
  return lineChart('Simulated mean time in system / theory (band: interval)', axis.path, 'ratio', series, [], { ...xOptions(axis.values, numeric), yMin });
}

function table(r: ExperimentResult): string {
  const figs = ['latency.mean', 'latency.p99', 'sojourn.mean', 'throughputPerSec', 'rate.errors', 'rate.refused', 'rate.timedOut', 'rate.abandoned', 'utilisation'];
  const head = `<tr>${r.axes.map((a) => `<th>${esc(a.path)}</th>`).join('')}${figs.map((f) => `<th>${esc(f)}</th>`).join('')}<th>theory ms</th></tr>`;
  const rows = r.points.map((p) => {
    const cells = figs.map((f) => {
      const ci = p.figures[f];
      return `<td>${ci === undefined ? '' : `${fmt(ci.mean)} ± ${fmt(ci.halfWidth)}`}</td>`;
    });
    const t = p.theory;
    const miss = t !== null && t.exact && Math.abs((p.figures['latency.mean']?.mean ?? NaN) - t.sojournMs) > (p.figures['latency.mean']?.halfWidth ?? 0);
    return `<tr>${p.values.map(([, v]) => `<td>${esc(label(v))}</td>`).join('')}${cells.join('')}<td${miss ? ' class="bad" title="outside the interval"' : ''}>${t === null ? '' : fmt(t.sojournMs)}</td></tr>`;
  });
  return `<table>${head}${rows.join('')}</table>`;
}

/** When one axis varies (methods, say), each point against the first, replication by replication. */
function differences(r: ExperimentResult): string {
  const varying = r.axes.map((a, i) => [a, i] as const).filter(([a]) => a.values.length > 1);
  if (varying.length !== 1 || r.replications < 2) return '';
  const ai = varying[0]![1];
  const base = r.points[0]!;
  const figs = ['latency.mean', 'latency.p99', 'rate.errors', 'rate.refused'];
  const rows = r.points.slice(1).map((p) => `<tr><td>${esc(label(p.values[ai]![1]))} − ${esc(label(base.values[ai]![1]))}</td>${figs.map((f) => {
    const d = pairedDifference(p, base, f, r.level);
    return `<td${Math.abs(d.mean) > d.halfWidth ? ' style="font-weight:bold"' : ''}>${fmt(d.mean)} ± ${fmt(d.halfWidth)}</td>`;
  }).join('')}</tr>`);
  return `<h2>Paired differences</h2><p class="muted">Each point minus the first, replication by replication (the same random numbers: same arrivals, same job sizes), at ${(r.level * 100).toFixed(0)} %. Bold: the interval excludes 0.</p><table><tr><th>pair</th>${figs.map((f) => `<th>${esc(f)}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

/**
 * The experiment as one self-contained HTML page.
 *
 * @example
 * ```ts
 * writeFileSync('out/sweep/report.html', renderExperimentHtml(result, 'Sweep'))
 * ```
 */
export function renderExperimentHtml(r: ExperimentResult, title: string): string {
  const axes = r.axes.map((a) => `<code>${esc(a.path)}</code> ∈ {${a.values.map(label).map(esc).join(', ')}}`).join(' × ');
  const charts = theoryRatioChart(r) + FIGURES.map(([f, t, u]) => chart(r, f, t, u)).join('\n');
  const theory = r.points.some((p) => p.theory !== null)
    ? `<p>Theory (dashed): ${esc([...new Set(r.points.flatMap((p) => (p.theory === null ? [] : [p.theory.label])))].slice(0, 3).join('; '))}. The mean time in system is computed from the model's formula, not simulated.</p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lbkit-sim ${esc(title)}: ${esc(r.scenario)}</title><style>${CSS}</style></head><body>
<h1>lbkit-sim ${esc(title)}: ${esc(r.scenario)}</h1>
<p class="muted">${axes} · ${r.points.length} points × ${r.replications} independent replications (seed ${r.seed}) · bands and ± are ${(r.level * 100).toFixed(0)} % Student-t intervals of the replication means · every point uses the same replications (common random numbers)</p>
${theory}${charts}
${differences(r)}
<h2>Numbers</h2>${table(r)}
</body></html>
`;
}
