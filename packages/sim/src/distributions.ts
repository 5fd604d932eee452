/**
 * Service-time and delay distributions, as written in scenarios, and samplers that draw from an
 * {@link Rng} stream.
 *
 * @module
 */
import type { Rng } from './rng.js';

/**
 * A distribution of durations in ms.
 *
 * - `constant`: always `ms`.
 * - `exponential`: memoryless, mean `meanMs`.
 * - `lognormal`: `medianMs · e^(sigma·N(0,1))`; heavy right tail for larger `sigma`.
 * - `bimodal`: `slow` with probability `slowProbability`, else `fast` (e.g. cache hits and misses).
 *
 * @example
 * ```ts
 * const d: Distribution = { type: 'bimodal', slowProbability: 0.1, fast: { type: 'constant', ms: 2 }, slow: { type: 'exponential', meanMs: 80 } }
 * ```
 */
export type Distribution =
  | { readonly type: 'constant'; readonly ms: number }
  | { readonly type: 'exponential'; readonly meanMs: number }
  | { readonly type: 'lognormal'; readonly medianMs: number; readonly sigma: number }
  | { readonly type: 'bimodal'; readonly slowProbability: number; readonly fast: Distribution; readonly slow: Distribution };

/**
 * Draws one duration (ms) from a stream.
 *
 * @example
 * ```ts
 * const draw: Sampler = samplerOf({ type: 'constant', ms: 5 })
 * draw(Rng.stream(1, 'x')) // 5
 * ```
 */
export type Sampler = (rng: Rng) => number;

/**
 * A sampler for `d`.
 *
 * @example
 * ```ts
 * const draw = samplerOf({ type: 'exponential', meanMs: 20 })
 * draw(Rng.stream(1, 'server/a')) // ≈ 20 on average
 * ```
 */
export function samplerOf(d: Distribution): Sampler {
  switch (d.type) {
    case 'constant': {
      const ms = d.ms;
      return () => ms;
    }
    case 'exponential': {
      const mean = d.meanMs;
      return (rng) => rng.exponential(mean);
    }
    case 'lognormal': {
      const { medianMs, sigma } = d;
      return (rng) => medianMs * Math.exp(sigma * rng.normal());
    }
    case 'bimodal': {
      const p = d.slowProbability;
      const fast = samplerOf(d.fast);
      const slow = samplerOf(d.slow);
      return (rng) => (rng.next() < p ? slow(rng) : fast(rng));
    }
  }
}

/**
 * The mean of `d`, in ms.
 *
 * @example
 * ```ts
 * meanOf({ type: 'lognormal', medianMs: 10, sigma: 1 }) // 10·e^0.5 ≈ 16.5
 * ```
 */
export function meanOf(d: Distribution): number {
  switch (d.type) {
    case 'constant':
      return d.ms;
    case 'exponential':
      return d.meanMs;
    case 'lognormal':
      return d.medianMs * Math.exp((d.sigma * d.sigma) / 2);
    case 'bimodal':
      return d.slowProbability * meanOf(d.slow) + (1 - d.slowProbability) * meanOf(d.fast);
  }
}
