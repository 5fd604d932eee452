/**
 * The balancer: `decide` places a request, `apply` takes in a fact. Both are pure: they return new
 * state and never change their inputs.
 *
 * @module
 */
import { carriedRoute } from './affinity.js';
import { type PoolConfig, parsePoolConfig } from './config.js';
import type { BalancerRequest, Decision, RejectReason } from './decisions.js';
import type { BalancerEvent } from './events.js';
import { applyAdmin } from './admin.js';
import { afterCheck, afterFailure, afterSuccess, allInError, forcedRecovery, isUsable } from './health.js';
import { METHODS } from './methods/index.js';
import { drawAt, nextRngState } from './rng.js';
import { type BalancerState, indexOfMember, initialState, type MemberState, withCounters, withMembers } from './state.js';

const NO_MEMBERS: readonly string[] = [];

/**
 * Validates `config` and returns the initial state of its pool.
 *
 * @throws {@link LbkitError} `LBK_ERR_INVALID_CONFIG`, listing every problem, when `config` is invalid.
 * Use {@link validatePoolConfig} to get the problems as a value instead.
 *
 * @example
 * ```ts
 * const state = createBalancer({
 *   sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid' },
 *   members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }],
 * })
 * ```
 */
export function createBalancer(config: PoolConfig, source = 'config'): BalancerState {
  return initialState(parsePoolConfig(config, source));
}

/**
 * The rank the pick is confined to: the lowest tier rank among members open to new sessions
 * (Apache tries lbsets in order, and within one the hot standbys last), or -1 when none is.
 */
function lowestEligibleRank(state: BalancerState, now: number, tried: readonly string[]): number {
  const { ranks, openAt } = state.columns;
  let rank = -1;
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i]!;
    if ((rank < 0 || r < rank) && now >= openAt[i]! && (tried.length === 0 || !tried.includes(state.members[i]!.id))) {
      rank = r;
      if (rank === 0) break; // nothing ranks lower
    }
  }
  return rank;
}

/** Why nothing could be chosen. Runs only on rejects. */
function rejectReason(members: readonly MemberState[], now: number, tried: readonly string[]): RejectReason {
  let anyEnabled = false;
  let anyUsable = false;
  let anyUsableUntried = false;
  for (const m of members) {
    if (!m.disabled) anyEnabled = true;
    if (!isUsable(m, now)) continue;
    anyUsable = true;
    if (!tried.includes(m.id)) anyUsableUntried = true;
  }
  if (members.length === 0) return 'no-members';
  if (!anyEnabled) return 'all-disabled';
  if (anyUsableUntried) return 'all-draining';
  if (anyUsable) return 'attempts-exhausted';
  return 'all-down';
}

/** Index of the usable, untried member whose route is `route`, or -1. */
function routeTarget(members: readonly MemberState[], route: string, now: number, tried: readonly string[]): number {
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.route === route) return isUsable(m, now) && !tried.includes(m.id) ? i : -1;
  }
  return -1;
}

/**
 * Apache's bookkeeping for a request served by affinity: every usable member adds its weight to its
 * counter and the sticky member's counter drops by the total, so sticky traffic keeps the overall
 * split proportional to the weights.
 */
function countAffinity(members: readonly MemberState[], lbstatus: number[], chosen: number, now: number): void {
  let total = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (!isUsable(m, now)) continue;
    lbstatus[i] = lbstatus[i]! + m.weight;
    total += m.weight;
  }
  lbstatus[chosen] = lbstatus[chosen]! - total;
}

/**
 * Places one request: returns the next state and the {@link Decision}.
 *
 * @param now - the current time in ms, on the same clock as the `now` given to {@link apply}.
 *
 * @remarks
 * A route carried by the request (URL parameter first, then cookie) that names a usable member of
 * this pool is honoured, even if that member is draining or a hot standby; any other route reads as
 * none. Otherwise the pool's method picks among the eligible members of the lowest usable tier.
 * A forward counts the request in flight until an outcome event ({@link ResponseReceived},
 * {@link RequestFailed}, {@link RequestAbandoned}) names the member.
 *
 * @example
 * ```ts
 * let state = createBalancer({ members: [{ id: 'a' }, { id: 'b' }] })
 * const [next, decision] = decide(state, {}, 0) // decision.member === 'a'
 * state = next
 * ```
 */
export function decide(state: BalancerState, request: BalancerRequest, now: number): [BalancerState, Decision] {
  if (state.settings.health.forceRecovery && allInError(state.members, now)) {
    state = withMembers(state, state.members.map(forcedRecovery));
  }
  const tried = request.tried ?? NO_MEMBERS;
  const attempt = tried.length + 1;
  const members = state.members;
  const settings = state.settings;
  if (members.length === 0) return [state, { type: 'reject', reason: 'no-members', attempt }];
  if (tried.length >= (settings.maxAttempts ?? members.length)) {
    // out of attempts; but if nobody is left to try anyway, say why (e.g. all-down), which helps more
    const reason = lowestEligibleRank(state, now, tried) >= 0 ? 'attempts-exhausted' : rejectReason(members, now, tried);
    return [state, { type: 'reject', reason, attempt }];
  }

  const sticky = settings.sticky;
  const carried = sticky === null ? null : carriedRoute(sticky, request.cookie, request.url);
  const target = carried === null ? -1 : routeTarget(members, carried, now, tried);
  const lbstatus = state.lbstatus.slice();
  let chosen: number;
  let rng = state.rng;
  if (target >= 0) {
    chosen = target;
    countAffinity(members, lbstatus, chosen, now);
  } else {
    const rank = lowestEligibleRank(state, now, tried);
    if (rank < 0) return [state, { type: 'reject', reason: rejectReason(members, now, tried), attempt }];
    const method = METHODS[settings.method];
    let u1 = 0;
    let u2 = 0;
    if (method.draws > 0) {
      u1 = drawAt(rng);
      rng = nextRngState(rng);
      if (method.draws > 1) {
        u2 = drawAt(rng);
        rng = nextRngState(rng);
      }
    }
    const { weights, ranks, openAt } = state.columns;
    chosen = method.pick({ members, lbstatus, busy: state.busy, ring: state.ring, hashKey: request.hashKey, u1, u2, now, tried, rank, weights, ranks, openAt });
  }

  const busy = state.busy.slice();
  busy[chosen] = busy[chosen]! + 1;
  const m = members[chosen]!;
  const separator = sticky === null ? '.' : sticky.separator;
  return [
    withCounters(state, lbstatus, busy, rng),
    {
      type: 'forward',
      member: m.id,
      route: m.route,
      attempt,
      affinity: target >= 0,
      routeChanged: carried !== m.route,
      stickyValue: separator + m.route,
    },
  ];
}

/** The state with member `i` replaced and one request of it no longer in flight. */
function endRequest(state: BalancerState, i: number, member: MemberState): BalancerState {
  const busy = state.busy.slice();
  if (busy[i]! > 0) busy[i] = busy[i]! - 1;
  if (member === state.members[i]) return withCounters(state, state.lbstatus, busy, state.rng);
  const members = state.members.slice();
  members[i] = member;
  return withMembers(state, members, state.lbstatus, busy);
}

function replaceMember(state: BalancerState, i: number, member: MemberState): BalancerState {
  const members = state.members.slice();
  members[i] = member;
  return withMembers(state, members);
}

/**
 * Takes in one fact at time `now` and returns the next state.
 *
 * @remarks
 * Outcome and health events about a member that is no longer in the pool are ignored: a request
 * may finish after its member was removed. Admin events about an unknown member throw.
 *
 * @throws {@link LbkitError} `LBK_ERR_UNKNOWN_MEMBER`, `LBK_ERR_DUPLICATE_MEMBER` or
 * `LBK_ERR_INVALID_EVENT` for an admin event that cannot apply.
 *
 * @example
 * ```ts
 * state = apply(state, { type: 'requestFailed', member: 'a', cause: 'refused' }, 1_000)
 * state = apply(state, { type: 'memberDraining', member: 'b' }, 1_000)
 * ```
 */
export function apply(state: BalancerState, event: BalancerEvent, now: number): BalancerState {
  switch (event.type) {
    case 'responseReceived':
    case 'requestFailed':
    case 'requestAbandoned': {
      const i = indexOfMember(state.members, event.member);
      if (i < 0) return state;
      const m = state.members[i]!;
      const health = state.settings.health;
      if (event.type === 'requestAbandoned') return endRequest(state, i, m);
      const failed = event.type === 'requestFailed' || health.failOnStatus.includes(event.status);
      return endRequest(state, i, failed ? afterFailure(m, health, now) : afterSuccess(m, now));
    }
    case 'healthChecked': {
      const i = indexOfMember(state.members, event.member);
      if (i < 0) return state;
      return replaceMember(state, i, afterCheck(state.members[i]!, event.ok, state.settings.health));
    }
    default:
      return applyAdmin(state, event);
  }
}
