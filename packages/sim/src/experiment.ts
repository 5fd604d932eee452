/**
 * Experiments: a grid of scenario variants (the Cartesian product of `--set` values), each run as
 * R independent replications, summarised per point by Student-t intervals. A replication is a pure
 * function of (scenario data, point, seed, replication index), so where it runs (which worker, in
 * which order) cannot change its result. Every point uses the same replication roots: methods or
 * loads compared across points see the same arrivals and the same job sizes (common random numbers).
 *
 * @module
 */
import { interval, type Interval } from './confidence.js';
import type { SimReport } from './report.js';
import type { Setting } from './scenario-set.js';

/**
 * One point of the grid: a value for each axis.
 *
 * @example
 * ```ts
 * const p: GridPoint = { index: 0, values: [['clients.0.arrivals.ratePerSec', 500]] }
 * ```
 */
export interface GridPoint {
  readonly index: number;
  readonly values: readonly (readonly [string, unknown])[];
}

/**
 * The Cartesian product of the axes, the last axis varying fastest.
 *
 * @example
 * ```ts
 * grid([{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y'] }]).length // 4
 * ```
 */
export function grid(axes: readonly Setting[]): GridPoint[] {
  let rows: (readonly [string, unknown])[][] = [[]];
  for (const axis of axes) rows = rows.flatMap((row) => axis.values.map((v) => [...row, [axis.path, v] as const]));
  return rows.map((values, index) => ({ index, values }));
}

/**
 * What one replication measured: figure name → value. Names: `latency.mean`, `latency.p99`,
 * `sojourn.mean`, `throughputPerSec`, `rate.succeeded`, `rate.errors`, `rate.refused`,
 * `rate.timedOut`, `rate.abandoned` (fractions of requests sent), `queue.mean`, `wait.mean`,
 * `utilisation`, and `share.<pool>/<member>`.
 *
 * @example
 * ```ts
 * const o: Observation = { 'latency.mean': 3.3, 'rate.errors': 0 }
 * ```
 */
export type Observation = Readonly<Record<string, number>>;

/**
 * The figures of one replication's report.
 *
 * @example
 * ```ts
 * observe(simulate(scenario, { seed: 1, replication: 3 }).report)['latency.mean']
 * ```
 */
export function observe(r: SimReport): Observation {
  const q = r.requests;
  const sent = Math.max(1, q.sent);
  const o: Record<string, number> = {
    'latency.mean': r.latency.mean,
    'latency.p50': r.latency.p50,
    'latency.p90': r.latency.p90,
    'latency.p99': r.latency.p99,
    'sojourn.mean': r.sojourn.mean,
    throughputPerSec: r.queueing.throughputPerSec,
    'rate.succeeded': q.succeeded / sent,
    'rate.errors': q.errors / sent,
    'rate.refused': q.refused / sent,
    'rate.timedOut': q.timedOut / sent,
    'rate.abandoned': q.abandoned / sent,
    'queue.mean': r.queueing.meanQueueLength,
    'wait.mean': r.queueing.meanWaitMs,
    utilisation: r.queueing.utilisation,
    lost: q.lost,
  };
  for (const [pool, p] of Object.entries(r.pools)) for (const [id, m] of Object.entries(p.members)) o[`share.${pool}/${id}`] = m.share;
  return o;
}

/**
 * One point's summary: an interval per figure, the theory when the point matches a model, and the
 * replications' raw figures.
 *
 * @example
 * ```ts
 * result.points[0]?.figures['latency.mean']?.halfWidth
 * ```
 */
export interface PointResult {
  readonly index: number;
  readonly values: readonly (readonly [string, unknown])[];
  readonly figures: Readonly<Record<string, Interval>>;
  /** Mean time in system predicted by theory (ms), and the model, when the point matches one. */
  readonly theory: { readonly model: string; readonly label: string; readonly sojournMs: number; readonly exact: boolean } | null;
  readonly replications: readonly Observation[];
}

/**
 * A whole experiment's result (what `results.json` holds).
 *
 * @example
 * ```ts
 * const r: ExperimentResult = runExperiment(...)
 * ```
 */
export interface ExperimentResult {
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly level: number;
  readonly axes: readonly Setting[];
  readonly points: readonly PointResult[];
}

/**
 * Summarises one point from its replications' observations, in replication order.
 *
 * @example
 * ```ts
 * summarise(point, [obs0, obs1, obs2], 0.95, null)
 * ```
 */
export function summarise(point: GridPoint, observations: readonly Observation[], level: number, theory: PointResult['theory']): PointResult {
  const names = [...new Set(observations.flatMap((o) => Object.keys(o)))];
  const figures: Record<string, Interval> = {};
  for (const name of names) figures[name] = interval(observations.map((o) => o[name] ?? 0), level);
  return { index: point.index, values: point.values, figures, theory, replications: observations };
}

/**
 * Paired differences against a baseline point, replication by replication: with common random
 * numbers the pairs are positively correlated, so this interval is narrower than the difference
 * of two independent intervals (Law 2015, §10.2).
 *
 * @example
 * ```ts
 * pairedDifference(result.points[1]!, result.points[0]!, 'latency.mean', 0.95)
 * ```
 */
export function pairedDifference(point: PointResult, baseline: PointResult, figure: string, level: number): Interval {
  const d = point.replications.map((o, i) => (o[figure] ?? 0) - (baseline.replications[i]?.[figure] ?? 0));
  return interval(d, level);
}
