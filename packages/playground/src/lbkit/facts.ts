/**
 * What the core saw when it decided: each member's counters, in-flight count, health and tier, the
 * route the request carried, and for p2c the two members drawn. Read from the core's own state and
 * its exported helpers, so the inspector shows the rules the balancer applied.
 *
 * @module
 */
import {
  carriedRoute, drawAt, isUsable, METHODS, newSessionsFrom, nextRngState, rankOf,
  type BalancerRequest, type BalancerState,
} from '@lbkit/core';

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
 * second draw is a weighted draw that skips the first, which is what excluding it as tried does.
 */
function p2cDraws(state: BalancerState, request: BalancerRequest, at: number, rank: number): string[] {
  const u1 = drawAt(state.rng);
  const u2 = drawAt(nextRngState(state.rng));
  const tried = request.tried ?? [];
  const { weights, ranks, openAt } = state.columns;
  const input = { members: state.members, lbstatus: state.lbstatus.slice(), busy: state.busy, ring: state.ring, hashKey: request.hashKey, u1, u2, now: at, tried, rank, weights, ranks, openAt };
  const a = METHODS.random.pick(input);
  const b = METHODS.random.pick({ ...input, u1: u2, tried: [...tried, state.members[a]!.id] });
  return b < 0 ? [state.members[a]!.id] : [state.members[a]!.id, state.members[b]!.id];
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
    openToNew: at >= newSessionsFrom(m),
  }));
  const open = members.filter((m) => m.openToNew && !tried.includes(m.id)).map((m) => m.rank);
  const drawn = byMethod && !recovered && state.settings.method === 'p2c' && open.length > 0 ? p2cDraws(state, request, at, Math.min(...open)) : null;
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
