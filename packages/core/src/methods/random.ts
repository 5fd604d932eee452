import { isCandidate, type Method, type PickInput } from './method.js';

/**
 * The candidate that a uniform draw `u` lands on when each takes a share of [0, 1) proportional to
 * its weight; `skip` (an index, or -1) takes no share.
 */
export function weightedDraw(input: PickInput, u: number, skip: number): number {
  const { members } = input;
  let total = 0;
  for (let i = 0; i < members.length; i++) if (i !== skip && isCandidate(input, i)) total += members[i]!.weight;
  let target = u * total;
  let last = -1;
  for (let i = 0; i < members.length; i++) {
    if (i === skip || !isCandidate(input, i)) continue;
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
  pick(input: PickInput): number {
    return weightedDraw(input, input.u1, -1);
  },
};
