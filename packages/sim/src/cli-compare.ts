/**
 * `lbkit-sim compare`: the same scenario and seed under several lbmethods, side by side.
 *
 * @module
 */
import { LB_METHODS, type LbMethod } from '@lbkit/core';
import { type SimReport } from './report.js';
import type { Scenario } from './scenario.js';
import { simulate } from './simulate.js';

/**
 * The scenario with `method` set on every pool (or only on `pool`).
 *
 * @example
 * ```ts
 * withMethod(scenario, 'p2c', undefined).pools.dynamic?.method // 'p2c'
 * ```
 */
export function withMethod(s: Scenario, method: LbMethod, pool: string | undefined): Scenario {
  const pools = Object.fromEntries(Object.entries(s.pools).map(([name, cfg]) => [name, pool === undefined || pool === name ? { ...cfg, method } : cfg]));
  return { ...s, pools };
}

/**
 * Parses `byrequests,p2c`; returns the methods or the first unknown name.
 *
 * @example
 * ```ts
 * parseMethods('byrequests,p2c') // { ok: true, methods: ['byrequests', 'p2c'] }
 * ```
 */
export function parseMethods(text: string): { ok: true; methods: LbMethod[] } | { ok: false; unknown: string } {
  const methods: LbMethod[] = [];
  for (const raw of text.split(',')) {
    const m = raw.trim();
    if (!(LB_METHODS as readonly string[]).includes(m)) return { ok: false, unknown: m };
    methods.push(m as LbMethod);
  }
  return { ok: true, methods };
}

/** Largest share minus smallest share among members of each pool, worst pool. */
function imbalance(r: SimReport): number {
  let worst = 0;
  for (const p of Object.values(r.pools)) {
    const shares = Object.values(p.members).map((m) => m.share);
    if (shares.length > 1) worst = Math.max(worst, Math.max(...shares) - Math.min(...shares));
  }
  return worst;
}

/**
 * Runs each method on the same seed and returns the reports, in order.
 *
 * @example
 * ```ts
 * const rows = compareMethods(scenario, ['byrequests', 'p2c'], 1, undefined)
 * console.log(compareTable(rows))
 * ```
 */
export function compareMethods(s: Scenario, methods: readonly LbMethod[], seed: number | undefined, pool: string | undefined): { method: LbMethod; report: SimReport }[] {
  return methods.map((method) => ({ method, report: simulate(withMethod(s, method, pool), seed === undefined ? {} : { seed }).report }));
}

/** The comparison as an aligned text table. */
export function compareTable(rows: readonly { method: LbMethod; report: SimReport }[]): string {
  const head = ['method', 'served', '5xx', 'refused', 'failovers', 'aff.breaks', 'mean ms', 'p50', 'p99', 'p99.9', 'imbalance'];
  const body = rows.map(({ method, report: r }) => [
    method,
    String(r.requests.served),
    String(r.requests.errors),
    String(r.requests.refused),
    String(r.requests.failovers),
    String(r.requests.affinityBreaks),
    r.latency.mean.toFixed(2),
    r.latency.p50.toFixed(2),
    r.latency.p99.toFixed(2),
    r.latency.p999.toFixed(2),
    `${(imbalance(r) * 100).toFixed(1)}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
