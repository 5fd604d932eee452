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
 */
export function takesNewSessions(m: MemberState, now: number): boolean {
  return !m.draining && isUsable(m, now);
}

/**
 * Order in which tiers are tried: by tier (Apache lbset), and within a tier the non-standby members
 * before the hot standbys.
 */
export function rankOf(m: MemberState): number {
  return m.standby ? m.tier * 2 + 1 : m.tier * 2;
}
