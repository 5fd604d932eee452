/**
 * The pool's pseudo-random numbers: mulberry32, whose whole state is one 32-bit integer kept in the
 * balancer state, so that a state serialised mid-run replays the same draws.
 *
 * @module
 */

/** The state after one draw. */
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
 */
export function drawAt(state: number): number {
  let t = nextRngState(state);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
