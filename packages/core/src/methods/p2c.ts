import type { Method, PickInput } from './method.js';
import { weightedDraw } from './random.js';

/**
 * Power of two choices (nginx `random two least_conn`): draw two different candidates by weight and
 * take the one with fewer requests in flight per unit of weight; a tie goes to the first drawn.
 */
export const p2c: Method = {
  name: 'p2c',
  draws: 2,
  pick({ members, candidates, busy, u1, u2 }: PickInput): number {
    const a = weightedDraw(members, candidates, u1, -1);
    if (candidates.length === 1) return a;
    const b = weightedDraw(members, candidates, u2, a);
    // busy[b] / weight[b] < busy[a] / weight[a], without division
    return busy[b]! * members[a]!.weight < busy[a]! * members[b]!.weight ? b : a;
  },
};
