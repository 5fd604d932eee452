/**
 * Member health: passive (request outcomes) and active (health checks), and what "usable" means.
 *
 * Passive: `failuresBeforeError` consecutive failures put a member in `error` until `retryMs` has
 * elapsed; then requests may be sent to it again, and a success brings it back to `ok` while a
 * failure restarts the wait. Active: `fall` consecutive failing checks take it `down`, `rise`
 * passing checks bring it `up` and also clear a passive error.
 *
 * @module
 */
import type { ResolvedHealth } from './config.js';
import { type MemberState, updateMember } from './state.js';

/**
 * Whether a member may take requests at `now` (Apache `PROXY_WORKER_IS_USABLE`, retry included).
 * Draining members are usable: they serve their sessions.
 */
export function isUsable(m: MemberState, now: number): boolean {
  return !m.disabled && m.check === 'up' && (m.status === 'ok' || now >= m.retryAt);
}

/** A time no clock reaches, and its opposite, as finite numbers so that they survive JSON. */
export const NEVER = Number.MAX_VALUE;
export const ALWAYS = -Number.MAX_VALUE;

/**
 * From when a member may take a new session: {@link ALWAYS} when healthy, its retry time when in
 * error, {@link NEVER} when disabled, draining or down. `now >= newSessionsFrom(m)` is exactly
 * `isUsable(m, now) && !m.draining`.
 */
export function newSessionsFrom(m: MemberState): number {
  if (m.disabled || m.draining || m.check !== 'up') return NEVER;
  return m.status === 'ok' ? ALWAYS : m.retryAt;
}

/**
 * Whether every member is in error state and still waiting out its retry period: the condition
 * under which Apache's `forcerecovery` puts them all back into use. A member that is disabled or
 * only failing its health checks is not in error, so it prevents a forced recovery, as in Apache.
 */
export function allInError(members: readonly MemberState[], now: number): boolean {
  if (members.length === 0) return false;
  for (const m of members) if (m.status !== 'error' || now >= m.retryAt) return false;
  return true;
}

/** The member put back into use by a forced recovery. */
export function forcedRecovery(m: MemberState): MemberState {
  return updateMember(m, { status: 'ok', failures: 0, retryAt: 0 });
}

/** The member after a failed request at `now`. */
export function afterFailure(m: MemberState, health: ResolvedHealth, now: number): MemberState {
  const failures = m.failures + 1;
  if (failures < health.failuresBeforeError) return updateMember(m, { failures });
  // a fresh error needs `rise` fresh passing checks to be cleared early: passes from before it do not count
  return updateMember(m, { failures, status: 'error', retryAt: Math.max(m.retryAt, now + health.retryMs), checkPasses: 0 });
}

/**
 * The member after a successful response at `now`, or the same object when nothing changes.
 *
 * @remarks
 * A success that arrives while the member still waits out its retry period is the late answer of a
 * request sent before the failure: it does not bring the member back early.
 */
export function afterSuccess(m: MemberState, now: number): MemberState {
  if (m.status === 'error' && now < m.retryAt) return m;
  if (m.status === 'ok' && m.failures === 0) return m;
  return updateMember(m, { status: 'ok', failures: 0, retryAt: 0 });
}

/** The member after an active health check. */
export function afterCheck(m: MemberState, ok: boolean, health: ResolvedHealth): MemberState {
  if (ok) {
    const checkPasses = m.checkPasses + 1;
    const recovers = checkPasses >= health.rise && (m.check === 'down' || m.status === 'error');
    if (recovers) return updateMember(m, { check: 'up', checkPasses, checkFails: 0, status: 'ok', failures: 0, retryAt: 0 });
    return updateMember(m, { checkPasses, checkFails: 0 });
  }
  const checkFails = m.checkFails + 1;
  return updateMember(m, { checkFails, checkPasses: 0, check: checkFails >= health.fall ? 'down' : m.check });
}
