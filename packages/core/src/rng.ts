/**
 * The pool's pseudo-random numbers: mulberry32, whose whole state is one 32-bit integer kept in the
 * balancer state, so that a state serialised mid-run replays the same draws.
 *
 * @module
 */

/**
 * The state after one draw.
 *
 * @example
 * ```ts
 * let s = pool.snapshot().rng
 * s = nextRngState(s) // the state after the next `random` or `p2c` draw
 * ```
 */
export function nextRngState(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

/**
 * The uniform draw in [0, 1) that moving from `state` to {@link nextRngState} produces.
 *
 * @example
 * ```ts
 * let s = 1
 * const u = drawAt(s); s = nextRngState(s)
 * ```
 *
 * @remarks
 * Seeded by `seed` in the configuration, so `random` and `p2c` decide the same way on every run.
 */
export function drawAt(state: number): number {
  let t = nextRngState(state);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
