/**
 * Checks on a simulation trace: the end-to-end promises about requests and sessions.
 */
import type { SimEvent } from '../src/sim-events.js';

/**
 * Every request ends exactly once, and in one of these ways: served at its first attempt; failed
 * over (every attempt but the last failed) then served; refused with a reason after every attempt
 * it got failed; or abandoned by its client during its one live attempt. Returns the problems found (empty when all is well).
 */
export function endsExactlyOnce(trace: readonly SimEvent[]): string[] {
  const reqs = new Map<number, { forwards: number; failures: number; ended: boolean }>();
  const problems: string[] = [];
  const bad = (e: SimEvent, what: string) => problems.length < 5 && problems.push(`${what}: ${JSON.stringify(e)}`);
  for (const e of trace) {
    if (e.type === 'requestSent') {
      if (reqs.has(e.request)) bad(e, 'sent twice');
      reqs.set(e.request, { forwards: 0, failures: 0, ended: false });
      continue;
    }
    if (!('request' in e)) continue;
    const r = reqs.get(e.request);
    if (r === undefined) {
      bad(e, 'event for a request never sent');
      continue;
    }
    if (r.ended) bad(e, 'event after the request ended');
    switch (e.type) {
      case 'requestForwarded':
        r.forwards++;
        if (e.attempt !== r.forwards) bad(e, `attempt ${e.attempt} is forward number ${r.forwards}`);
        if (r.failures !== r.forwards - 1) bad(e, 'forwarded again before the previous attempt failed');
        break;
      case 'attemptFailed':
        r.failures++;
        if (r.failures > r.forwards) bad(e, 'more failures than forwards');
        break;
      case 'requestServed':
        r.ended = true;
        if (r.forwards === 0 || r.failures !== r.forwards - 1 || e.attempts !== r.forwards) bad(e, 'served without exactly one live attempt');
        break;
      case 'requestRefused':
        r.ended = true;
        if (r.failures !== r.forwards) bad(e, 'refused while an attempt was live');
        break;
      case 'requestAbandoned':
        r.ended = true;
        if (r.forwards === 0 || r.failures !== r.forwards - 1) bad(e, 'abandoned without exactly one live attempt');
        break;
    }
  }
  for (const [id, r] of reqs) if (!r.ended && problems.length < 5) problems.push(`request ${id} never ended`);
  return problems;
}

/**
 * Sessions whose cookie names `member` (it served their last request) are sent there again on
 * their next first attempt. Returns the problems found.
 */
export function sessionsStayOn(trace: readonly SimEvent[], member: string): string[] {
  const sessionOf = new Map<number, number>();
  const home = new Map<number, string>();
  const problems: string[] = [];
  for (const e of trace) {
    if (e.type === 'requestSent' && e.session >= 0) sessionOf.set(e.request, e.session);
    const session = 'request' in e ? sessionOf.get(e.request) : undefined;
    if (session === undefined) continue;
    if (e.type === 'requestServed') home.set(session, e.member);
    if (e.type === 'requestForwarded' && e.attempt === 1 && home.get(session) === member && e.member !== member) {
      if (problems.length < 5) problems.push(`session ${session} left ${member}: ${JSON.stringify(e)}`);
    }
  }
  return problems;
}
