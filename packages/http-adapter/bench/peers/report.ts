/**
 * The peer benchmark's table: medians per cell, and ratios to the bare node:http proxy and to nginx
 * measured in the same run, plus the issue's targets for lbkit.
 */
import type { WrkResult } from './wrk.js';

/** One wrk run and the CPU the proxy spent meanwhile (null for "direct"). */
export interface Sample extends WrkResult {
  readonly cpuPerRequestUs: number | null;
}

/** All rounds of one peer, workload and connection count. */
export interface Cell {
  readonly peer: string;
  readonly workload: string;
  readonly connections: number;
  readonly samples: readonly Sample[];
}

interface Medians {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpu: number | null;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function medians(c: Cell): Medians {
  const cpu = c.samples.map((s) => s.cpuPerRequestUs).filter((x): x is number => x !== null);
  return {
    rps: median(c.samples.map((s) => s.rps)),
    p50: median(c.samples.map((s) => s.p50Ms)),
    p99: median(c.samples.map((s) => s.p99Ms)),
    errors: c.samples.reduce((a, s) => a + s.errors, 0),
    cpu: cpu.length === 0 ? null : median(cpu),
  };
}

const ratio = (a: number | null, b: number | null | undefined): string => (a === null || b === null || b === undefined || b === 0 ? '' : `${(a / b).toFixed(2)}x`);
const num = (x: number, digits = 0): string => x.toFixed(digits);

/** The Markdown table, grouped by workload and connections, peers in `order`, and the targets. */
export function table(cells: readonly Cell[], order: readonly string[]): string {
  const rows = ['| workload | conns | proxy | req/s | p50 ms | p99 ms | errors | CPU µs/req | req/s ÷ bare | CPU ÷ bare | p99 ÷ bare | req/s ÷ nginx | CPU ÷ nginx |', '|---|---|---|---|---|---|---|---|---|---|---|---|---|'];
  const targets: string[] = [];
  const groups = [...new Set(cells.map((c) => `${c.workload}|${c.connections}`))];
  for (const g of groups) {
    const [workload, conns] = g.split('|');
    const here = new Map(cells.filter((c) => `${c.workload}|${c.connections}` === g).map((c) => [c.peer, medians(c)]));
    const bare = here.get('bare node:http');
    const nginx = here.get('nginx (1 worker)');
    for (const peer of order) {
      const m = here.get(peer);
      if (m === undefined) continue;
      rows.push(`| ${workload} | ${conns} | ${peer} | ${num(m.rps)} | ${num(m.p50, 2)} | ${num(m.p99, 2)} | ${m.errors} | ${m.cpu === null ? '' : num(m.cpu)} | ${ratio(m.rps, bare?.rps)} | ${ratio(m.cpu, bare?.cpu)} | ${ratio(m.p99, bare?.p99)} | ${ratio(m.rps, nginx?.rps)} | ${ratio(m.cpu, nginx?.cpu)} |`);
    }
    targets.push(...targetLines(workload!, Number(conns), here));
  }
  const kinds = cells.flatMap((c) => c.samples.filter((s) => s.errorKinds !== '').map((s) => `- ${c.peer}, ${c.workload}, ${c.connections} conns: ${s.errorKinds}`));
  return [...rows, '', ...(kinds.length > 0 ? ['Errors by kind (per run):', ...kinds, ''] : []), 'Targets (issue 13), this run:', ...targets].join('\n');
}

function targetLines(workload: string, conns: number, here: ReadonlyMap<string, Medians>): string[] {
  const lbkit = here.get('lbkit (1 worker)');
  const bare = here.get('bare node:http');
  if (lbkit === undefined || bare === undefined) return [];
  const out: string[] = [];
  if (lbkit.cpu !== null && bare.cpu !== null) {
    const r = lbkit.cpu / bare.cpu;
    out.push(`- ${workload}, ${conns} conns: lbkit CPU/req ${r.toFixed(2)}x the bare proxy's (target ≤ 0.60x): ${r <= 0.6 ? 'met' : `missed by ${((r / 0.6 - 1) * 100).toFixed(0)}%`}`);
  }
  if (conns === 256) {
    const r = lbkit.p99 / bare.p99;
    out.push(`- ${workload}, 256 conns: lbkit p99 ${num(lbkit.p99, 1)} ms vs the bare proxy's ${num(bare.p99, 1)} ms (target ≤ 1x): ${r <= 1 ? 'met' : `missed, ${r.toFixed(2)}x`}`);
  }
  const all = [...here.keys()].find((k) => /^lbkit \(\d+ workers\)$/.test(k));
  const apacheAll = [...here.keys()].find((k) => /^Apache httpd \(\d+ cores\)$/.test(k));
  if (all !== undefined && apacheAll !== undefined) {
    const r = here.get(all)!.rps / here.get(apacheAll)!.rps;
    out.push(`- ${workload}, ${conns} conns: ${all} req/s ${r.toFixed(2)}x ${apacheAll}'s (target > 1x): ${r > 1 ? 'met' : 'missed'}`);
  }
  return out;
}
