/**
 * Why a decision went where it did, in words: one line per member (chosen, candidate, or skipped
 * and why) and one line on how the method chose among the candidates. Mirrors the core's rules
 * (tried, disabled, health, error state and retry, drain, tier) from the facts the adapter took.
 *
 * @module
 */
import type { DecisionFacts, MemberFacts } from './lbkit/index.js';

/** A member's part in a decision. */
export interface MemberVerdict {
  readonly id: string;
  readonly chosen: boolean;
  readonly candidate: boolean;
  readonly note: string;
}

function skipReason(m: MemberFacts, f: DecisionFacts, lowestRank: number): string | null {
  if (f.tried.includes(m.id)) return 'skipped: already tried by this request';
  if (m.disabled) return 'skipped: disabled';
  if (m.checkDown) return 'skipped: failed its health checks';
  if (!m.usable && !f.recovered) return `skipped: error state, retry at ${(m.retryAt / 1000).toFixed(2)} s`;
  if (m.draining) return 'skipped: draining (only requests carrying its route)';
  if (m.rank > lowestRank) return 'skipped: a lower tier or hot standby, used only when the others are out';
  return null;
}

/** The verdict on every member of a decision. */
export function verdicts(f: DecisionFacts): MemberVerdict[] {
  const open = f.members.filter((m) => (m.openToNew || f.recovered) && !f.tried.includes(m.id));
  const lowestRank = open.length === 0 ? -1 : Math.min(...open.map((m) => m.rank));
  const chosen = f.verdict.type === 'forward' ? f.verdict.member : null;
  return f.members.map((m) => {
    if (m.id === chosen) {
      const how = f.verdict.type === 'forward' && f.verdict.affinity ? 'chosen by the route the request carried' : `chosen by ${f.method}`;
      const retried = m.status === 'error' ? ' (its retry period was over: this request tests it)' : '';
      return { id: m.id, chosen: true, candidate: true, note: how + retried };
    }
    const skip = skipReason(m, f, lowestRank);
    if (skip !== null) return { id: m.id, chosen: false, candidate: false, note: skip };
    const byRoute = f.verdict.type === 'forward' && f.verdict.affinity;
    return { id: m.id, chosen: false, candidate: true, note: byRoute ? 'usable, not needed: the route chose' : otherNote(m, f, chosen) };
  });
}

/** Why a candidate lost: for p2c, whether it was drawn and how it compared with the winner. */
function otherNote(m: MemberFacts, f: DecisionFacts, chosen: string | null): string {
  if (f.drawn === null || !f.drawn.includes(m.id)) return 'candidate, not chosen';
  const w = f.members.find((x) => x.id === chosen);
  if (w === undefined) return 'drawn by p2c';
  // p2c compares in-flight requests per unit of weight, without dividing
  return m.busy * w.weight === w.busy * m.weight
    ? 'drawn by p2c: as busy per unit of weight as the winner, and the winner was drawn first'
    : 'drawn by p2c: more in flight per unit of weight than the winner';
}

const RULES: Readonly<Record<string, string>> = {
  byrequests: 'byrequests: every candidate\'s lbstatus counter grows by its weight; the highest wins and pays back the sum of the candidates\' weights.',
  bybusyness: 'bybusyness: the candidate with the fewest requests in flight from this balancer wins; ties go to the byrequests counters.',
  random: 'random: a seeded draw among the candidates, in proportion to their weights.',
  p2c: 'p2c: two candidates drawn at random (by weight); the one with fewer requests in flight per unit of weight wins.',
  hash: 'hash: the client key picks a point on the ring; the first candidate clockwise from it wins.',
};

/** One sentence on how the decision was made. */
export function ruleOf(f: DecisionFacts): string {
  if (f.verdict.type === 'reject') return `No member could take it: ${f.verdict.reason}.`;
  if (f.verdict.affinity) return `The request carried route ${f.route ?? '?'}, and that member could take it: affinity wins over the method.`;
  const routeNote = f.route !== null ? `The route it carried (${f.route}) could not be used, so the method chose. ` : '';
  const recovery = f.recovered ? 'Every member was in error state: forced recovery put them all back into use for this decision. ' : '';
  const drawn = f.drawn === null ? '' : ` It drew ${f.drawn.join(' and ')}.`;
  const rule = f.method === 'hash' && f.hashKey === null ? 'hash: this request had no client key, so byrequests chose (hash falls back to it).' : (RULES[f.method] ?? f.method);
  return recovery + routeNote + rule + drawn;
}
