import type { Method, PickInput } from './method.js';
import { weightedDraw } from './random.js';

/**
 * Power of two choices (nginx `random two least_conn`): draw two different candidates by weight and
 * take the one with fewer requests in flight per unit of weight; a tie goes to the first drawn.
 */
export const p2c: Method = {
  name: 'p2c',
  draws: 2,
  pick(input: PickInput): number {
    const { members, busy } = input;
    const a = weightedDraw(input, input.u1, -1);
    const b = weightedDraw(input, input.u2, a);
    if (b < 0) return a; // a was the only candidate
    // busy[b] / weight[b] < busy[a] / weight[a], without division
    return busy[b]! * members[a]!.weight < busy[a]! * members[b]!.weight ? b : a;
  },
};
