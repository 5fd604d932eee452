/**
 * Apache `lbmethod=byrequests` and `lbmethod=bybusyness`.
 *
 * @module
 */
import type { Engine, RankGroup } from '../engine/engine.js';

/**
 * Apache `lbmethod=byrequests`: weighted round robin. On each pick every candidate adds its weight
 * to its counter, the highest counter wins (ties go to configuration order), and the winner's
 * counter drops by the sum of the weights added.
 *
 * @remarks
 * Equal weights give 1,2,3,1,2,3; weights 3,1,1 give A,B,A,C,A. Same arithmetic as
 * `mod_lbmethod_byrequests.c`, in O(c log n) for c distinct weights: the round is added to the
 * whole rank at once, and the highest counter is the best of each weight class's heap.
 */
export function byrequests(e: Engine, g: RankGroup): number {
  g.rounds++;
  const rounds = g.rounds + e.stickyRounds;
  let best = -1;
  let bestCounter = 0;
  for (const heap of g.classes) {
    if (heap.size === 0) continue;
    const slot = heap.top();
    const counter = heap.topKey() + rounds * heap.weight;
    if (best < 0 || counter > bestCounter || (counter === bestCounter && slot < best)) {
      best = slot;
      bestCounter = counter;
    }
  }
  e.base[best] = e.base[best]! - g.weight;
  return best;
}

/**
 * Apache `lbmethod=bybusyness`: the candidate with the fewest requests in flight; ties are broken by
 * the {@link byrequests} counters, which it keeps up to date the same way, then by configuration order.
 */
export function bybusyness(e: Engine, g: RankGroup): number {
  g.rounds++;
  const rounds = g.rounds + e.stickyRounds;
  let best = -1;
  let bestBusy = 0;
  let bestCounter = 0;
  for (const heap of g.classes) {
    if (heap.size === 0) continue;
    const slot = heap.top();
    const busy = heap.topBusy();
    const counter = heap.topKey() + rounds * heap.weight;
    if (best < 0 || busy < bestBusy || (busy === bestBusy && (counter > bestCounter || (counter === bestCounter && slot < best)))) {
      best = slot;
      bestBusy = busy;
      bestCounter = counter;
    }
  }
  e.base[best] = e.base[best]! - g.weight;
  return best;
}
