/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no network) with the
 * plots a person wants to see after a run: load per member over time, the latency distribution,
 * the health timeline, and the numbers in tables.
 *
 * @module
 */
import type { SimReport } from './report.js';
import { esc, fmt, lineChart, logHistogram, type Shade, timeline, type TimelineRow } from './svg-plot.js';

const STATUS_COLOURS: Readonly<Record<string, string>> = { error: '#E69F00', down: '#D55E00' };
const FAULT_COLOURS: Readonly<Record<string, string>> = { crash: '#222222', slow: '#F0E442', refuse: '#999999', errors: '#CC79A7', partition: '#56B4E9' };

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:900px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}svg{display:block;margin:8px 0;font-size:11px}
.grid{stroke:#e4e4e4}.axis line{stroke:#999}.lbl{fill:#555}.shade{fill:#fde0d0;opacity:.7}.mark{fill:#D55E00}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}.muted{color:#777}code{background:#f4f4f4;padding:1px 4px}`;

function faultShades(r: SimReport): Shade[] {
  const open = new Map<string, number>();
  const out: Shade[] = [];
  for (const f of r.faults) {
    const key = `${f.server}/${f.fault}/${f.balancer}`;
    if (f.active) open.set(key, f.at);
    else if (open.has(key)) {
      out.push({ from: open.get(key)! / 1000, to: f.at / 1000, label: `${f.fault} ${f.server}` });
      open.delete(key);
    }
  }
  for (const [key, from] of open) out.push({ from: from / 1000, to: r.endedAtMs / 1000, label: key });
  return out;
}

function loadCharts(r: SimReport): string {
  const perSec = 1000 / r.series.bucketMs;
  const byPool = new Map<string, { name: string; points: [number, number][] }[]>();
  for (const [key, counts] of Object.entries(r.series.forwards)) {
    const [pool, member] = key.split('/') as [string, string];
    const list = byPool.get(pool) ?? [];
    list.push({ name: member, points: counts.map((c, i) => [(i * r.series.bucketMs) / 1000, c * perSec]) });
    byPool.set(pool, list);
  }
  const shades = faultShades(r);
  return [...byPool].map(([pool, series]) => lineChart(`Load per member: pool ${pool}`, 'time (s)', 'forwards/s', series, shades)).join('');
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
      rows += `<tr><td>${esc(pool)}/${esc(id)}</td><td>${m.served}</td><td>${(m.share * 100).toFixed(1)} %</td><td>${m.errors}</td><td>${f.refused}/${f.reset}/${f.timeout}</td><td>${fmt(m.latency.mean)}</td><td>${fmt(m.latency.p99)}</td></tr>`;
    }
  }
  return `<table><tr><th>member</th><th>served</th><th>share</th><th>5xx</th><th>refused/reset/timeout</th><th>mean ms</th><th>p99 ms</th></tr>${rows}</table>`;
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
  const q = r.requests;
  const l = r.latency;
  const summary = `<table><tr><th>sent</th><th>served</th><th>5xx</th><th>refused</th><th>failovers</th><th>abandoned</th><th>affinity breaks</th><th>lost</th></tr>
<tr><td>${q.sent}</td><td>${q.served}</td><td>${q.errors}</td><td>${q.refused}</td><td>${q.failovers}</td><td>${q.abandoned}</td><td>${q.affinityBreaks}</td><td>${q.lost}</td></tr></table>
<table><tr><th>latency</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>
<tr><td>ms</td><td>${fmt(l.mean)}</td><td>${fmt(l.p50)}</td><td>${fmt(l.p90)}</td><td>${fmt(l.p99)}</td><td>${fmt(l.p999)}</td><td>${fmt(l.max)}</td></tr></table>`;
  const served = r.series.served.map((c, i) => [(i * r.series.bucketMs) / 1000, (c * 1000) / r.series.bucketMs] as [number, number]);
  const refused = r.series.refused.map((c, i) => [(i * r.series.bucketMs) / 1000, (c * 1000) / r.series.bucketMs] as [number, number]);
  const meanLat = r.series.meanLatencyMs.map((v, i) => [(i * r.series.bucketMs) / 1000, v] as [number, number]);
  const marks: [string, number][] = [['p50', l.p50], ['p99', l.p99], ['p99.9', l.p999]];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lbkit-sim: ${esc(r.scenario)}</title><style>${CSS}</style></head><body>
<h1>lbkit-sim report: ${esc(r.scenario)}</h1>
<p class="muted">seed ${r.seed} · ${fmt(r.durationMs / 1000)} s simulated (drained at ${fmt(r.endedAtMs / 1000)} s) · ${r.events} events · trace <code>${r.traceHash}</code></p>
<h2>Summary</h2>${summary}
<h2>Load per member over time</h2><p class="muted">Shaded: a fault is active.</p>${loadCharts(r)}
<h2>Latency</h2>${logHistogram('Latency distribution (served requests)', r.latencyBuckets, marks)}
${lineChart('Mean latency over time', 'time (s)', 'ms', [{ name: 'mean latency', points: meanLat }], faultShades(r))}
${lineChart('Throughput', 'time (s)', 'requests/s', [{ name: 'served', points: served }, { name: 'refused', points: refused }])}
<h2>Health timeline</h2><p class="muted">Faults as injected (top), then each balancer instance's view of each member.</p>
${timeline('Health', r.endedAtMs / 1000, healthRows(r), [['error', STATUS_COLOURS.error!], ['down (checks)', STATUS_COLOURS.down!], ...Object.entries(FAULT_COLOURS).map(([k, c]) => [`fault: ${k}`, c] as const)])}
<h2>Members</h2>${memberTable(r)}
</body></html>
`;
}
