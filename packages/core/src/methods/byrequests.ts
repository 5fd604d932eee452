import { type Method, type PickInput } from './method.js';

/**
 * Apache `lbmethod=byrequests`: weighted round robin. On each pick every candidate adds its weight
 * to its counter, the highest counter wins (ties go to configuration order), and the winner's
 * counter drops by the sum of the weights added.
 *
 * @remarks
 * Equal weights give 1,2,3,1,2,3; weights 3,1,1 give A,B,A,C,A. Same arithmetic as
 * `mod_lbmethod_byrequests.c`, including its treatment of affinity requests (see {@link decide}).
 */
export const byrequests: Method = {
  name: 'byrequests',
  draws: 0,
  pick(input: PickInput): number {
    const { lbstatus, now, tried, rank, weights, ranks, openAt, members } = input;
    let best = -1;
    let bestCounter = 0;
    let total = 0;
    const untried = tried.length === 0;
    for (let i = 0; i < weights.length; i++) {
      // isCandidate, with the input hoisted out of the loop
      if (ranks[i] !== rank || now < openAt[i]! || (!untried && tried.includes(members[i]!.id))) continue;
      const weight = weights[i]!;
      const counter = lbstatus[i]! + weight;
      lbstatus[i] = counter;
      total += weight;
      if (best < 0 || counter > bestCounter) {
        best = i;
        bestCounter = counter;
      }
    }
    lbstatus[best] = bestCounter - total;
    return best;
  },
};
