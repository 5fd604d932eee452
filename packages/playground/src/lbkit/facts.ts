/**
 * What the core saw when it decided: each member's counters, in-flight count, health and tier, the
 * route the request carried, and for p2c the two members drawn. Read from the core's own state and
 * its exported helpers, so the inspector shows the rules the balancer applied.
 *
 * @module
 */
import { type BalancerRequest, type BalancerState, decide } from '@lbkit/core';
import { carriedRoute, isUsable, nextRngState, rankOf, takesNewSessions } from '@lbkit/core/internals';

/** What one member looked like to the core just before a decision. */
export interface MemberFacts {
  readonly id: string;
  readonly weight: number;
  /** byrequests' lbstatus counter. */
  readonly counter: number;
  /** Requests in flight from this balancer (Apache busy). */
  readonly busy: number;
  readonly status: 'ok' | 'error';
  readonly retryAt: number;
  readonly checkDown: boolean;
  readonly draining: boolean;
  readonly disabled: boolean;
  /** Tier rank: tier, then hot standby after the others. */
  readonly rank: number;
  /** May take requests now (retry period over, not disabled). */
  readonly usable: boolean;
  /** May take a request without a route to it (usable and not draining). */
  readonly openToNew: boolean;
}

/** Why one request went where it went: the core's state before it, the request, the verdict. */
export interface DecisionFacts {
  readonly method: string;
  readonly balancer: number;
  readonly at: number;
  readonly cookie: string | null;
  /** The route the request carried (cookie ROUTEID), if any. */
  readonly route: string | null;
  /** The client key the `hash` method hashes, if the request had one. */
  readonly hashKey: string | null;
  readonly tried: readonly string[];
  readonly members: readonly MemberFacts[];
  readonly countersAfter: readonly number[];
  readonly forceRecovery: boolean;
  /** Every member was in error and forced recovery put them all back for this decision. */
  readonly recovered: boolean;
  /** The members p2c drew (the first, then the second), when p2c chose. */
  readonly drawn: readonly string[] | null;
  readonly verdict:
    | { readonly type: 'forward'; readonly member: string; readonly attempt: number; readonly affinity: boolean; readonly routeChanged: boolean }
    | { readonly type: 'reject'; readonly reason: string; readonly attempt: number };
}

/** Apache forcerecovery's condition, as the core tests it: every member in error and still waiting. */
function allWaiting(state: BalancerState, at: number): boolean {
  return state.members.length > 0 && state.members.every((m) => m.status === 'error' && at < m.retryAt);
}

/**
 * The two members p2c drew, found with the core's own `random` pick on the same two draws: the
 * first draw from the same PRNG state, the second from the next one with the first excluded as
 * tried, which is what p2c's second draw does.
 */
function p2cDraws(state: BalancerState, request: BalancerRequest, at: number): string[] {
  const random = { ...state, settings: { ...state.settings, method: 'random' as const } };
  const tried = request.tried ?? [];
  const [, a] = decide(random, request, at);
  if (a.type !== 'forward') return [];
  const [, b] = decide({ ...random, rng: nextRngState(state.rng) }, { ...request, tried: [...tried, a.member] }, at);
  return b.type === 'forward' ? [a.member, b.member] : [a.member];
}

export function factsOf(state: BalancerState, request: BalancerRequest, at: number, balancer: number, byMethod: boolean): Omit<DecisionFacts, 'countersAfter' | 'verdict'> {
  const sticky = state.settings.sticky;
  const { cookie, url } = request;
  const tried = request.tried ?? [];
  const recovered = state.settings.health.forceRecovery && allWaiting(state, at);
  const members = state.members.map((m, i) => ({
    id: m.id,
    weight: m.weight,
    counter: state.lbstatus[i]!,
    busy: state.busy[i]!,
    status: m.status,
    retryAt: m.retryAt,
    checkDown: m.check === 'down',
    draining: m.draining,
    disabled: m.disabled,
    rank: rankOf(m),
    usable: isUsable(m, at),
    openToNew: takesNewSessions(m, at),
  }));
  const open = members.filter((m) => m.openToNew && !tried.includes(m.id)).map((m) => m.rank);
  const drawn = byMethod && !recovered && state.settings.method === 'p2c' && open.length > 0 ? p2cDraws(state, request, at) : null;
  return {
    hashKey: request.hashKey ?? null,
    method: state.settings.method,
    balancer,
    at,
    cookie: cookie ?? null,
    route: sticky === null ? null : carriedRoute(sticky, cookie, url),
    tried,
    forceRecovery: state.settings.health.forceRecovery,
    recovered,
    drawn,
    members,
  };
}
