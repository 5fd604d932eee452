/**
 * Who may take a request: the one eligibility rule every method and the affinity check use.
 *
 * @module
 */
import type { MemberState } from './state.js';

/**
 * Whether a member may take requests at `now` (Apache `PROXY_WORKER_IS_USABLE`, retry included):
 * not disabled, health checks `up`, and `ok` or in `error` with its retry time reached. Draining
 * members are usable: they serve the sessions bound to them.
 *
 * @remarks
 * Apache's `PROXY_WORKER_IS_USABLE` plus its retry check in `ap_proxy_retry_worker`: an `E` worker
 * becomes usable again once `retry` has elapsed.
 *
 * @example
 * ```ts
 * isUsable(pool.snapshot().members[0]!, now)
 * ```
 */
export function isUsable(m: MemberState, now: number): boolean {
  return !m.disabled && m.check === 'up' && (m.status === 'ok' || now >= m.retryAt);
}

/**
 * Whether a member may take a new session at `now`: usable and not draining. Every method picks
 * among such members of one rank (see {@link rankOf}) that the request has not tried yet.
 *
 * @remarks
 * Apache's drain mode (status `N`) is the `draining` flag: such a member keeps its sticky sessions only.
 *
 * @example
 * ```ts
 * const open = pool.snapshot().members.filter((m) => takesNewSessions(m, now)).length
 * ```
 */
export function takesNewSessions(m: MemberState, now: number): boolean {
  return !m.draining && isUsable(m, now);
}

/**
 * Order in which tiers are tried: by tier (Apache lbset), and within a tier the non-standby members
 * before the hot standbys.
 *
 * @remarks
 * Apache tries `lbset` 0 first, then 1, and so on, and within a set uses hot standbys (status `H`)
 * only when no other worker of the set is usable.
 *
 * @example
 * ```ts
 * rankOf({ ...member, tier: 1, standby: true }) // 3: after tier 0 (0, 1) and tier 1's non-standbys (2)
 * ```
 */
export function rankOf(m: MemberState): number {
  return m.standby ? m.tier * 2 + 1 : m.tier * 2;
}
