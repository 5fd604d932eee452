import type { MemberState } from '../state.js';
import type { Method, PickInput } from './method.js';

/**
 * The candidate that a uniform draw `u` lands on when each takes a share of [0, 1) proportional to
 * its weight; `skip` (an index, or -1) takes no share.
 */
export function weightedDraw(members: readonly MemberState[], candidates: readonly number[], u: number, skip: number): number {
  let total = 0;
  for (const i of candidates) if (i !== skip) total += members[i]!.weight;
  let target = u * total;
  let last = -1;
  for (const i of candidates) {
    if (i === skip) continue;
    last = i;
    target -= members[i]!.weight;
    if (target < 0) return i;
  }
  return last;
}

/** Weighted random choice (nginx `random`): each candidate with probability weight / total weight. */
export const random: Method = {
  name: 'random',
  draws: 1,
  pick({ members, candidates, u1 }: PickInput): number {
    return weightedDraw(members, candidates, u1, -1);
  },
};
