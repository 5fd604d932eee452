/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no network) with the
 * plots a person wants to see after a run: load per member over time, the latency distribution,
 * the health timeline, and the numbers in tables.
 *
 * @module
 */
import type { SimReport } from './report.js';
import { type ChartOptions, esc, fmt, lineChart, logHistogram, type Series, type Shade, timeline, type TimelineRow } from './svg-plot.js';

const STATUS_COLOURS: Readonly<Record<string, string>> = { error: '#E69F00', down: '#D55E00' };
const FAULT_COLOURS: Readonly<Record<string, string>> = { crash: '#222222', slow: '#F0E442', refuse: '#999999', errors: '#CC79A7', partition: '#56B4E9' };

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:900px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}svg{display:block;margin:8px 0;font-size:11px}
.grid{stroke:#e4e4e4}.axis line{stroke:#999}.lbl{fill:#555}.shade{fill:#fde0d0;opacity:.7}.warmup{fill:#e6e6e6;opacity:.8}.mark{fill:#D55E00}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}.muted{color:#777}code{background:#f4f4f4;padding:1px 4px}`;

function faultShades(r: SimReport): Shade[] {
  const open = new Map<string, number>();
  const out: Shade[] = [];
  for (const f of r.faults) {
    const key = `${f.server}/${f.fault}/${f.balancer}`;
    if (f.active) open.set(key, f.at);
    else if (open.has(key)) {
      out.push({ from: open.get(key)! / 1000, to: f.at / 1000, label: `${f.fault} ${f.server}`, kind: 'fault' });
      open.delete(key);
    }
  }
  for (const [key, from] of open) {
    const [server, fault] = key.split('/') as [string, string];
    out.push({ from: from / 1000, to: r.durationMs / 1000, label: `${fault} ${server}`, kind: 'fault' });
  }
  return out;
}

/** Midpoint of each bucket (s) and its width (ms): the last bucket may end early, at the horizon. */
function bucketTimes(r: SimReport, n: number): { t: number[]; w: number[] } {
  const bw = r.series.bucketMs;
  const w = Array.from({ length: n }, (_, i) => Math.min(bw, r.durationMs - i * bw));
  return { t: w.map((x, i) => (i * bw + x / 2) / 1000), w };
}

function perSecond(r: SimReport, counts: readonly number[]): [number, number][] {
  const { t, w } = bucketTimes(r, counts.length);
  return counts.map((c, i) => [t[i]!, (c * 1000) / w[i]!]);
}

function levels(r: SimReport, values: readonly number[]): [number, number][] {
  const { t } = bucketTimes(r, values.length);
  return values.map((v, i) => [t[i]!, v]);
}

/** Up to 24 members: one line each. Beyond, the spread: min–max band, median, and the 3 busiest. */
function memberSeries(named: readonly (readonly [string, [number, number][]])[]): Series[] {
  if (named.length <= 24) return named.map(([name, points]) => ({ name, points }));
  const n = named[0]![1].length;
  const at = (k: number) => named.map(([, p]) => p[k]![1]).sort((a, b) => a - b);
  const t = named[0]![1].map((p) => p[0]);
  const band = t.map((x, k) => { const v = at(k); return [x, v[0]!, v[v.length - 1]!] as [number, number, number]; });
  const median = t.map((x, k) => { const v = at(k); return [x, v[Math.floor(v.length / 2)]!] as [number, number]; });
  const busiest = [...named].sort((a, b) => b[1].reduce((s, p) => s + p[1], 0) - a[1].reduce((s, p) => s + p[1], 0)).slice(0, 3);
  return [
    { name: `median of ${named.length}; band: min–max`.slice(0, 24), points: median, band, colour: '#0072B2' },
    ...busiest.map(([name, points], i) => ({ name: `busiest: ${name}`, points, colour: ['#D55E00', '#E69F00', '#CC79A7'][i]! })),
  ].slice(0, n === 0 ? 0 : 4);
}

function byPool(map: Readonly<Record<string, readonly number[]>>, f: (v: readonly number[]) => [number, number][]): Map<string, [string, [number, number][]][]> {
  const out = new Map<string, [string, [number, number][]][]>();
  for (const [key, values] of Object.entries(map)) {
    const slash = key.indexOf('/');
    const pool = key.slice(0, slash);
    const list = out.get(pool) ?? [];
    list.push([key.slice(slash + 1), f(values)]);
    out.set(pool, list);
  }
  return out;
}

function shadesOf(r: SimReport): Shade[] {
  const warm: Shade[] = r.warmupMs > 0 ? [{ from: 0, to: r.warmupMs / 1000, label: 'warm-up: not measured', kind: 'warmup' }] : [];
  return [...warm, ...faultShades(r)];
}

function chartOptions(r: SimReport): ChartOptions {
  return { xMin: 0, xMax: r.durationMs / 1000, marks: r.warmupMs > 0 ? [{ at: r.warmupMs / 1000, label: 'warm-up ends' }] : [] };
}

function memberCharts(r: SimReport): string {
  const opts = chartOptions(r);
  const shades = shadesOf(r);
  let out = '';
  for (const [pool, list] of byPool(r.series.forwards, (v) => perSecond(r, v))) out += lineChart(`Load per member: pool ${pool}`, 'time (s)', 'forwards/s', memberSeries(list), shades, opts);
  for (const [pool, list] of byPool(r.series.inFlight, (v) => levels(r, v))) out += lineChart(`In flight per member: pool ${pool}`, 'time (s)', 'mean attempts in flight', memberSeries(list), shades, opts);
  const servers = (m: Readonly<Record<string, readonly number[]>>) => memberSeries(Object.entries(m).map(([id, v]) => [id, levels(r, v)] as const));
  out += lineChart('Queue length per server', 'time (s)', 'mean requests waiting', servers(r.series.queued), shades, opts);
  out += lineChart('Utilisation per server', 'time (s)', 'busy slots / slots', servers(r.series.utilisation), shades, opts);
  return out;
}

function outcomeChart(r: SimReport): string {
  const s = r.series;
  const lines: Series[] = [
    { name: 'succeeded', points: perSecond(r, s.succeeded), colour: '#009E73' },
    { name: '5xx', points: perSecond(r, s.errors), colour: '#D55E00' },
    { name: 'refused (503)', points: perSecond(r, s.refused), colour: '#E69F00' },
    { name: 'timed out (504)', points: perSecond(r, s.timedOut), colour: '#CC79A7' },
    { name: 'abandoned', points: perSecond(r, s.abandoned), colour: '#777777' },
  ];
  return lineChart('Outcomes over time', 'time (s)', 'requests/s', lines, shadesOf(r), chartOptions(r));
}

function latencyOverTime(r: SimReport): string {
  const lines: Series[] = [{ name: 'mean latency (successes)', points: levels(r, r.series.meanLatencyMs) }];
  if (r.theory !== null) lines.push({ name: `theory: ${r.theory.model}`, points: [[0, r.theory.sojournMs], [r.durationMs / 1000, r.theory.sojournMs]], dash: true, colour: '#000000' });
  return lineChart('Mean latency over time', 'time (s)', 'ms', lines, shadesOf(r), chartOptions(r));
}

function healthRows(r: SimReport): TimelineRow[] {
  const rows = new Map<string, { label: string; spans: TimelineRow['spans'][number][]; since: number; status: string }>();
  for (const m of r.health) {
    const key = `b${m.balancer}/${m.pool}/${m.member}`;
    const row = rows.get(key) ?? { label: key, spans: [], since: 0, status: 'ok' };
    if (row.status !== 'ok') row.spans.push({ from: row.since / 1000, to: m.at / 1000, colour: STATUS_COLOURS[row.status]!, title: `${row.status} ${fmt(row.since / 1000)}–${fmt(m.at / 1000)} s` });
    row.since = m.at;
    row.status = m.status;
    rows.set(key, row);
  }
  for (const row of rows.values()) {
    if (row.status !== 'ok') row.spans.push({ from: row.since / 1000, to: r.endedAtMs / 1000, colour: STATUS_COLOURS[row.status]!, title: `${row.status} from ${fmt(row.since / 1000)} s` });
  }
  const faults = new Map<string, TimelineRow['spans'][number][]>();
  for (const s of faultShades(r)) {
    const [kind, server] = s.label.split(' ') as [string, string];
    const list = faults.get(server) ?? [];
    list.push({ from: s.from, to: s.to, colour: FAULT_COLOURS[kind] ?? '#999', title: s.label });
    faults.set(server, list);
  }
  return [
    ...[...faults].map(([server, spans]) => ({ label: `fault ${server}`, spans })),
    ...[...rows.values()].sort((a, b) => (a.label < b.label ? -1 : 1)),
  ];
}

function memberTable(r: SimReport): string {
  let rows = '';
  for (const [pool, p] of Object.entries(r.pools)) {
    for (const [id, m] of Object.entries(p.members)) {
      const f = m.failures;
      rows += `<tr><td>${esc(pool)}/${esc(id)}</td><td>${m.succeeded}</td><td>${(m.share * 100).toFixed(1)} %</td><td>${m.errors}</td><td>${f.refused}/${f.reset}/${f.timeout}</td><td>${fmt(m.meanInFlight)}</td><td>${fmt(m.latency.mean)}</td><td>${fmt(m.latency.p99)}</td></tr>`;
    }
  }
  return `<table><tr><th>member</th><th>succeeded</th><th>share</th><th>5xx</th><th>refused/reset/timeout</th><th>mean in flight</th><th>mean ms</th><th>p99 ms</th></tr>${rows}</table>`;
}

function summaryTables(r: SimReport): string {
  const q = r.requests;
  const l = r.latency;
  const s = r.sojourn;
  const k = r.queueing;
  const th = r.theory;
  const theory = th === null ? '' : `<p>Theory: <b>${esc(th.label)}</b>, ρ = ${th.rho.toFixed(3)}: mean time in system ${fmt(th.sojournMs)} ms${th.exact ? '' : ` (${esc(th.note)})`}; simulated ${fmt(s.mean)} ms (one run; use <code>lbkit-sim sweep</code> for an interval).</p>`;
  return `<table><tr><th>sent</th><th>succeeded</th><th>5xx</th><th>refused</th><th>timed out</th><th>abandoned</th><th>lost</th><th>failovers</th><th>affinity breaks</th></tr>
<tr><td>${q.sent}</td><td>${q.succeeded}</td><td>${q.errors}</td><td>${q.refused}</td><td>${q.timedOut}</td><td>${q.abandoned}</td><td>${q.lost}</td><td>${q.failovers}</td><td>${q.affinityBreaks}</td></tr></table>
<table><tr><th>ms</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>
<tr><td>latency (successes)</td><td>${fmt(l.mean)}</td><td>${fmt(l.p50)}</td><td>${fmt(l.p90)}</td><td>${fmt(l.p99)}</td><td>${fmt(l.p999)}</td><td>${fmt(l.max)}</td></tr>
<tr><td>time in system (all answered)</td><td>${fmt(s.mean)}</td><td>${fmt(s.p50)}</td><td>${fmt(s.p90)}</td><td>${fmt(s.p99)}</td><td>${fmt(s.p999)}</td><td>${fmt(s.max)}</td></tr></table>
<table><tr><th>throughput /s</th><th>utilisation</th><th>mean queue length</th><th>mean in system</th><th>mean wait ms</th></tr>
<tr><td>${fmt(k.throughputPerSec)}</td><td>${(k.utilisation * 100).toFixed(1)} %</td><td>${fmt(k.meanQueueLength)}</td><td>${fmt(k.meanInSystem)}</td><td>${fmt(k.meanWaitMs)}</td></tr></table>${theory}`;
}

/**
 * The report as one self-contained HTML page.
 *
 * @example
 * ```ts
 * writeFileSync('out/report.html', renderHtmlReport(report))
 * ```
 */
export function renderHtmlReport(r: SimReport): string {
  const l = r.latency;
  const marks: [string, number][] = [['p50', l.p50], ['p99', l.p99], ['p99.9', l.p999]];
  const warm = r.warmupMs > 0 ? ` · warm-up ${fmt(r.warmupMs / 1000)} s (grey, not measured)` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lbkit-sim: ${esc(r.scenario)}</title><style>${CSS}</style></head><body>
<h1>lbkit-sim report: ${esc(r.scenario)}</h1>
<p class="muted">seed ${r.seed}${r.replication > 0 ? `, replication ${r.replication}` : ''} · ${fmt(r.durationMs / 1000)} s simulated (drained at ${fmt(r.endedAtMs / 1000)} s)${warm} · ${r.events} events · trace <code>${r.traceHash}</code></p>
<h2>Summary</h2><p class="muted">Requests sent after the warm-up, each counted once by how it ended. Latency is of successful answers only.</p>${summaryTables(r)}
<h2>Outcomes over time</h2>${outcomeChart(r)}
<h2>Members over time</h2><p class="muted">Curves end at the horizon; the last bucket is scaled to its own width. Shaded: a fault is active.</p>${memberCharts(r)}
<h2>Latency</h2>${logHistogram('Latency distribution (successful answers)', r.latencyBuckets, marks)}
${latencyOverTime(r)}
<h2>Health timeline</h2><p class="muted">Faults as injected (top), then each balancer instance's view of each member.</p>
${timeline('Health', r.durationMs / 1000, healthRows(r), [['error', STATUS_COLOURS.error!], ['down (checks)', STATUS_COLOURS.down!], ...Object.entries(FAULT_COLOURS).map(([k, c]) => [`fault: ${k}`, c] as const)])}
<h2>Members</h2>${memberTable(r)}
</body></html>
`;
}
