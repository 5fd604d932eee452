/**
 * The balancer's own view of its pools, as the admin API shows it: for each member its health and
 * why, weight, requests in flight, counters, and when a member in error is tried again.
 *
 * @module
 */
import type { MemberView as CoreMemberView } from '@lbkit/core';
import type { PoolRuntime } from './pool-runtime.js';

/**
 * A member's state in one word: what the status page colours.
 *
 * @example
 * ```ts
 * const down = proxy.view()[0]!.members.filter((m) => m.health !== 'ok')
 * ```
 */
export type MemberHealth = 'ok' | 'draining' | 'disabled' | 'down' | 'error' | 'retrying' | 'mixed';

/**
 * One member as the admin API shows it.
 *
 * @example
 * ```ts
 * // { id: 'static1', health: 'error', why: 'in error after 1 failed request (refused); retried in 58 s', retryInMs: 58000, ... }
 * ```
 */
export interface MemberView {
  readonly id: string;
  readonly url: string;
  readonly route: string;
  readonly weight: number;
  readonly tier: number;
  readonly standby: boolean;
  readonly health: MemberHealth;
  readonly why: string;
  readonly inFlight: number;
  /** Apache's `lbstatus`: the byrequests counter. */
  readonly lbstatus: number;
  /** Requests forwarded to this member (every attempt), responses, and failed requests since start. */
  readonly counters: MemberCounters;
  /** Consecutive failures, and when a member in error is tried again (null when not in error). */
  readonly error: { readonly failures: number; readonly retryAt: string; readonly retryInMs: number } | null;
  readonly check: { readonly status: 'up' | 'down'; readonly passes: number; readonly fails: number };
}

/**
 * Counters of a member, kept across reloads while the member does not change.
 *
 * @example
 * ```ts
 * const { forwarded, failures } = proxy.view()[0]!.members[0]!.counters
 * ```
 */
export interface MemberCounters {
  forwarded: number;
  responses: number;
  failures: number;
  lastFailure: string | null;
}

/**
 * One pool as the admin API shows it.
 *
 * @example
 * ```ts
 * const view: PoolView = { name: 'static', method: 'byrequests', stickyCookie: 'ROUTEID', members: [...] }
 * ```
 */
export interface PoolView {
  readonly name: string;
  readonly method: string;
  readonly stickyCookie: string | null;
  readonly members: readonly MemberView[];
}

function healthOf(m: CoreMemberView): MemberHealth {
  if (m.disabled) return 'disabled';
  if (m.check === 'down') return 'down';
  if (m.status === 'error') return m.usable ? 'retrying' : 'error';
  return m.draining ? 'draining' : 'ok';
}

function whyOf(m: CoreMemberView, pool: PoolRuntime, c: MemberCounters, now: number): string {
  const h = pool.config.balancer.health;
  if (m.disabled) return 'disabled by an operator or the configuration: gets no requests';
  if (m.check === 'down') return `failed ${m.checkFails} health check(s) in a row (fall ${h.fall}); back after ${h.rise} passing check(s)`;
  const last = c.lastFailure === null ? '' : ` (last: ${c.lastFailure})`;
  if (m.status === 'error' && now < m.retryAt) return `in error after ${m.failures} failed request(s)${last}; tried again in ${Math.ceil((m.retryAt - now) / 1000)} s`;
  if (m.status === 'error') return `in error${last}; its retry period is over, the next request tries it`;
  if (m.draining) return 'draining: serves its sessions, takes no new ones';
  return 'healthy';
}

const ZERO: MemberCounters = { forwarded: 0, responses: 0, failures: 0, lastFailure: null };

/** The view of one pool at `now` (the core's clock), with counters from `counters`. */
export function poolView(pool: PoolRuntime, counters: (pool: string, member: string) => MemberCounters | undefined, now: number): PoolView {
  const urls = new Map(pool.config.targets.map((t) => [t.id, t.url]));
  const members = pool.pool.members().map((m): MemberView => {
    const c = counters(pool.config.name, m.id) ?? ZERO;
    return {
      id: m.id,
      url: urls.get(m.id) ?? pool.upstreams.get(m.id)?.target.url ?? '',
      route: m.route,
      weight: m.weight,
      tier: m.tier,
      standby: m.standby,
      health: healthOf(m),
      why: whyOf(m, pool, c, now),
      inFlight: m.busy,
      lbstatus: m.lbstatus,
      counters: { ...c },
      error: m.status === 'error' ? { failures: m.failures, retryAt: new Date(m.retryAt).toISOString(), retryInMs: Math.max(0, Math.round(m.retryAt - now)) } : null,
      check: { status: m.check, passes: m.checkPasses, fails: m.checkFails },
    };
  });
  return { name: pool.config.name, method: pool.config.balancer.method, stickyCookie: pool.cookieName, members };
}
