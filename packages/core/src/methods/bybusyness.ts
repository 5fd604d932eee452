import type { Method, PickInput } from './method.js';

/**
 * Apache `lbmethod=bybusyness`: the candidate with the fewest requests in flight; ties are broken by
 * the {@link byrequests} counters, which it keeps up to date the same way.
 */
export const bybusyness: Method = {
  name: 'bybusyness',
  draws: 0,
  pick({ members, candidates, lbstatus, busy }: PickInput): number {
    let best = -1;
    let total = 0;
    for (let k = 0; k < candidates.length; k++) {
      const i = candidates[k]!;
      const weight = members[i]!.weight;
      const counter = lbstatus[i]! + weight;
      lbstatus[i] = counter;
      total += weight;
      if (best < 0 || busy[i]! < busy[best]! || (busy[i] === busy[best] && counter > lbstatus[best]!)) best = i;
    }
    lbstatus[best] = lbstatus[best]! - total;
    return best;
  },
};
