/**
 * Member health: passive (request outcomes) and active (health checks).
 *
 * Passive: `failuresBeforeError` consecutive failures put a member in `error` until `retryMs` has
 * elapsed; then requests may be sent to it again, and a success brings it back to `ok` while a
 * failure restarts the wait. Active: `fall` consecutive failing checks take it `down`, `rise`
 * passing checks bring it `up` and also clear a passive error.
 *
 * These change a pool's own member records in place: a pool calls them on its private copy only.
 *
 * @module
 */
import type { ResolvedHealth } from './config.js';
import type { MemberState } from './state.js';

/** A member record a pool owns and changes in place. */
export type MemberRecord = { -readonly [K in keyof MemberState]: MemberState[K] };

/**
 * Whether every member is in error state and still waiting out its retry period: the condition
 * under which Apache's `forcerecovery` puts them all back into use. A member that is disabled or
 * only failing its health checks is not in error, so it prevents a forced recovery, as in Apache.
 *
 * @example
 * ```ts
 * const wouldForceRecover = pool.snapshot().members.every((m) => waitsOutError(m, now))
 * ```
 */
export function waitsOutError(m: MemberState, now: number): boolean {
  return m.status === 'error' && now < m.retryAt;
}

/** Puts a member back into use, as a forced recovery does. */
export function recover(m: MemberRecord): void {
  m.status = 'ok';
  m.failures = 0;
  m.retryAt = 0;
}

/** A failed request at `now`. */
export function noteFailure(m: MemberRecord, health: ResolvedHealth, now: number): void {
  m.failures++;
  if (m.failures < health.failuresBeforeError) return;
  // a failure while in error never shortens the wait; an ok member's retryAt (0) is no wait at all,
  // which matters under a clock below zero
  m.retryAt = m.status === 'error' ? Math.max(m.retryAt, now + health.retryMs) : now + health.retryMs;
  m.status = 'error';
  // a fresh error needs `rise` fresh passing checks to be cleared early: passes from before it do not count
  m.checkPasses = 0;
}

/**
 * A successful response at `now`; returns whether the member changed.
 *
 * @remarks
 * A success that arrives while the member still waits out its retry period is the late answer of a
 * request sent before the failure: it does not bring the member back early.
 */
export function noteSuccess(m: MemberRecord, now: number): boolean {
  // Stryker disable next-line BooleanLiteral: equivalent, the result only asks for a refresh, and a member still waiting stays in its group
  if (m.status === 'error' && now < m.retryAt) return false;
  // Stryker disable next-line BooleanLiteral,StringLiteral: equivalent, recovering an ok member without failures only zeroes its retryAt, already 0 in every state a pool reaches
  if (m.status === 'ok' && m.failures === 0) return false;
  recover(m);
  // Stryker disable next-line BooleanLiteral: equivalent, a member past its retry time was put back in its group by the clock (advance): the refresh finds nothing to move
  return true;
}

/** An active health check. */
export function noteCheck(m: MemberRecord, ok: boolean, health: ResolvedHealth): void {
  if (ok) {
    m.checkPasses++;
    m.checkFails = 0;
    if (m.checkPasses >= health.rise && (m.check === 'down' || m.status === 'error')) {
      m.check = 'up';
      recover(m);
    }
    return;
  }
  m.checkFails++;
  m.checkPasses = 0;
  if (m.checkFails >= health.fall) m.check = 'down';
}
