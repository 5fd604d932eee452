import { type Method, type PickInput } from './method.js';

/**
 * Apache `lbmethod=bybusyness`: the candidate with the fewest requests in flight; ties are broken by
 * the {@link byrequests} counters, which it keeps up to date the same way.
 */
export const bybusyness: Method = {
  name: 'bybusyness',
  draws: 0,
  pick(input: PickInput): number {
    const { lbstatus, busy, now, tried, rank, weights, ranks, openAt, members } = input;
    let best = -1;
    let total = 0;
    const untried = tried.length === 0;
    for (let i = 0; i < weights.length; i++) {
      // isCandidate, with the input hoisted out of the loop
      if (ranks[i] !== rank || now < openAt[i]! || (!untried && tried.includes(members[i]!.id))) continue;
      const weight = weights[i]!;
      const counter = lbstatus[i]! + weight;
      lbstatus[i] = counter;
      total += weight;
      if (best < 0 || busy[i]! < busy[best]! || (busy[i] === busy[best] && counter > lbstatus[best]!)) best = i;
    }
    lbstatus[best] = lbstatus[best]! - total;
    return best;
  },
};
