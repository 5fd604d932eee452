/**
 * Weighted random choices: nginx `random` and `random two least_conn` (power of two choices).
 *
 * @module
 */
import type { Engine, RankGroup } from '../engine/engine.js';
import { drawAt, nextRngState } from '../rng.js';

/** The next uniform draw in [0, 1) from the pool's PRNG. */
function draw(e: Engine): number {
  const u = drawAt(e.rng);
  e.rng = nextRngState(e.rng);
  return u;
}

/**
 * The candidate that a uniform draw `u` lands on when each takes a share of [0, 1) proportional to
 * its weight, in configuration order; `skip` (a slot, or -1) takes no share. -1 when nobody does.
 */
function weightedDraw(e: Engine, g: RankGroup, u: number, skip: number): number {
  const tree = g.tree!;
  const skipped = skip < 0 ? 0 : e.weight[skip]!;
  const total = g.weight - skipped;
  if (total <= 0) return -1;
  if (skipped > 0) tree.add(skip, -skipped);
  const slot = tree.find(u * total);
  if (skipped > 0) tree.add(skip, skipped);
  return slot;
}

/** Weighted random choice (nginx `random`): each candidate with probability weight / total weight. */
export function random(e: Engine, g: RankGroup): number {
  return weightedDraw(e, g, draw(e), -1);
}

/**
 * Power of two choices (nginx `random two least_conn`): draw two different candidates by weight and
 * take the one with fewer requests in flight per unit of weight; a tie goes to the first drawn.
 */
export function p2c(e: Engine, g: RankGroup): number {
  const u1 = draw(e);
  const u2 = draw(e);
  const a = weightedDraw(e, g, u1, -1);
  const b = weightedDraw(e, g, u2, a);
  if (b < 0) return a; // a was the only candidate
  // busy[b] / weight[b] < busy[a] / weight[a], without division
  return e.busy[b]! * e.weight[a]! < e.busy[a]! * e.weight[b]! ? b : a;
}
