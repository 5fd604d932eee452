/**
 * The balancer's state: plain, JSON-serialisable data. A round trip through `JSON.stringify` and
 * `JSON.parse` gives a state that makes exactly the same decisions.
 *
 * @module
 */
import type { ResolvedMember, ResolvedPoolConfig } from './config.js';
import { newSessionsFrom } from './health.js';
import { buildRing, type HashRing } from './methods/hash.js';
import { rankOf } from './methods/method.js';

/** Passive health of a member (Apache status `E`). */
export type MemberStatus = 'ok' | 'error';

/** Active health-check verdict of a member (Apache status `C` when down). */
export type CheckStatus = 'up' | 'down';

/** A member as configured, plus its health. */
export interface MemberState extends ResolvedMember {
  /** `error` after `failuresBeforeError` consecutive failures, until a retry succeeds. */
  readonly status: MemberStatus;
  /** Consecutive failed requests. */
  readonly failures: number;
  /** When an `error` member may be tried again (ms, same clock as `now`). 0 when `ok`. */
  readonly retryAt: number;
  /** Verdict of active health checks; members start `up`. */
  readonly check: CheckStatus;
  /** Consecutive passing checks. */
  readonly checkPasses: number;
  /** Consecutive failing checks. */
  readonly checkFails: number;
}

/** Pool-wide settings: the resolved configuration without its member list. */
export type PoolSettings = Omit<ResolvedPoolConfig, 'members'>;

/**
 * What the pick loop reads of each member, as number arrays indexed like `members`. Derived from
 * `members` and rebuilt with every change of them (see {@link columnsOf}); never edited alone.
 *
 * @remarks
 * With 1,000 members, reading three number arrays instead of every member object made a decision
 * about 1.4 times faster: the loop touches three dense arrays instead of 1,000 objects.
 */
export interface MemberColumns {
  /** Each member's weight. */
  readonly weights: readonly number[];
  /** Each member's tier rank (see {@link rankOf}). */
  readonly ranks: readonly number[];
  /** From when each member may take a new session (see {@link newSessionsFrom}). */
  readonly openAt: readonly number[];
}

/**
 * Everything the balancer knows. Arrays are indexed like `members` (configuration order).
 *
 * @remarks
 * `lbstatus` is Apache's per-worker `lbstatus` counter; `busy` is Apache's `busy` (requests in
 * flight). Both live here, not in hidden fields, so that a state can be saved, inspected and replayed.
 */
export interface BalancerState {
  readonly version: 1;
  readonly settings: PoolSettings;
  readonly members: readonly MemberState[];
  readonly lbstatus: readonly number[];
  readonly busy: readonly number[];
  /** PRNG state (see {@link nextRngState}). */
  readonly rng: number;
  /** Points of the `hash` method's ring; `null` for other methods. */
  readonly ring: HashRing | null;
  /** Derived from `members`, for the pick loop. */
  readonly columns: MemberColumns;
}

/** The {@link MemberColumns} of `members`. */
export function columnsOf(members: readonly MemberState[]): MemberColumns {
  return { weights: members.map((m) => m.weight), ranks: members.map(rankOf), openAt: members.map(newSessionsFrom) };
}

/**
 * A member's state: `base` with the fields of `patch` replaced.
 *
 * @remarks
 * Written as one literal with every field in a fixed order, not as an object spread: V8 gives
 * spread copies a hidden class each, which made every member check on the hot path megamorphic
 * (measured: 200 ns instead of 5 ns per member with 1,000 members).
 */
export function updateMember(base: MemberState, patch: Partial<MemberState>): MemberState {
  return {
    id: patch.id ?? base.id,
    route: patch.route ?? base.route,
    weight: patch.weight ?? base.weight,
    tier: patch.tier ?? base.tier,
    disabled: patch.disabled ?? base.disabled,
    draining: patch.draining ?? base.draining,
    standby: patch.standby ?? base.standby,
    status: patch.status ?? base.status,
    failures: patch.failures ?? base.failures,
    retryAt: patch.retryAt ?? base.retryAt,
    check: patch.check ?? base.check,
    checkPasses: patch.checkPasses ?? base.checkPasses,
    checkFails: patch.checkFails ?? base.checkFails,
  };
}

/** A new member's state: healthy, no failures. */
export function memberState(m: ResolvedMember): MemberState {
  return updateMember({ ...m, status: 'ok', failures: 0, retryAt: 0, check: 'up', checkPasses: 0, checkFails: 0 }, {});
}

/** The state with new counters, as one literal for the same reason as {@link updateMember}. */
export function withCounters(state: BalancerState, lbstatus: readonly number[], busy: readonly number[], rng: number): BalancerState {
  return { version: 1, settings: state.settings, members: state.members, lbstatus, busy, rng, ring: state.ring, columns: state.columns };
}

/** The state with `members` changed (and optionally counters): rebuilds the derived {@link MemberColumns}. */
export function withMembers(
  state: BalancerState,
  members: readonly MemberState[],
  lbstatus: readonly number[] = state.lbstatus,
  busy: readonly number[] = state.busy,
): BalancerState {
  return { version: 1, settings: state.settings, members, lbstatus, busy, rng: state.rng, ring: state.ring, columns: columnsOf(members) };
}

/**
 * The state of a freshly configured pool, from a resolved configuration.
 *
 * @example
 * ```ts
 * const state = initialState(parsePoolConfig({ members: [{ id: 'a' }] }))
 * ```
 */
export function initialState(config: ResolvedPoolConfig): BalancerState {
  const { members, ...settings } = config;
  const states = members.map(memberState);
  return {
    version: 1,
    settings,
    members: states,
    lbstatus: states.map(() => 0),
    busy: states.map(() => 0),
    rng: settings.seed >>> 0,
    ring: settings.method === 'hash' ? buildRing(states, settings.hashPointsPerWeight) : null,
    columns: columnsOf(states),
  };
}

/** Index of the member called `id`, or -1. */
export function indexOfMember(members: readonly MemberState[], id: string): number {
  for (let i = 0; i < members.length; i++) if (members[i]!.id === id) return i;
  return -1;
}
