import { isEligible, type Method, type PickInput, rankOf } from './method.js';

/**
 * Apache `lbmethod=bybusyness`: the candidate with the fewest requests in flight; ties are broken by
 * the {@link byrequests} counters, which it keeps up to date the same way.
 */
export const bybusyness: Method = {
  name: 'bybusyness',
  draws: 0,
  pick(input: PickInput): number {
    const { members, lbstatus, busy, now, tried, rank } = input;
    let best = -1;
    let total = 0;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (rankOf(m) !== rank || !isEligible(m, now, tried)) continue; // isCandidate, with the input hoisted
      const weight = m.weight;
      const counter = lbstatus[i]! + weight;
      lbstatus[i] = counter;
      total += weight;
      if (best < 0 || busy[i]! < busy[best]! || (busy[i] === busy[best] && counter > lbstatus[best]!)) best = i;
    }
    lbstatus[best] = lbstatus[best]! - total;
    return best;
  },
};
