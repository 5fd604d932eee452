/**
 * Confidence intervals from independent replications: each replication gives one observation of
 * a figure (its mean latency, its throughput…); the replications are i.i.d., so the mean of R of
 * them has a Student-t interval with R − 1 degrees of freedom (Law, *Simulation Modeling and
 * Analysis*, 5th ed., §9.4.1).
 *
 * @module
 */
import jStat from 'jstat';

/**
 * A sample mean with its confidence interval.
 *
 * @example
 * ```ts
 * const ci: Interval = { n: 10, mean: 3.34, halfWidth: 0.05, sd: 0.06, level: 0.95 }
 * ```
 */
export interface Interval {
  readonly n: number;
  readonly mean: number;
  /** Half-width of the interval (0 with one observation: no interval can be given). */
  readonly halfWidth: number;
  /** Sample standard deviation of the observations. */
  readonly sd: number;
  readonly level: number;
}

/**
 * The Student-t interval of the mean of `values` at `level` (e.g. 0.95).
 *
 * @example
 * ```ts
 * interval([3.3, 3.4, 3.35], 0.99) // { n: 3, mean: 3.35, halfWidth: 0.286…, … }
 * ```
 */
export function interval(values: readonly number[], level = 0.95): Interval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const n = values.length;
  if (n === 0) return { n, mean: NaN, halfWidth: NaN, sd: NaN, level };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, halfWidth: 0, sd: 0, level };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { n, mean, halfWidth: (jStat.studentt.inv(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n), sd, level };
}

/**
 * Whether `value` lies inside the interval (widened by `slack`, a relative tolerance, for theory
 * that is only a limit).
 *
 * @example
 * ```ts
 * covers(interval(means, 0.99), 3.3333) // true when the theory is inside the 99 % interval
 * ```
 */
export function covers(ci: Interval, value: number, slack = 0): boolean {
  return Math.abs(ci.mean - value) <= ci.halfWidth + Math.abs(value) * slack;
}
