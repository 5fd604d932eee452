/**
 * The sim scenario of the playground's settings and clicks.
 *
 * @module
 */
import type { Scenario } from '@lbkit/sim';
import { type Action, memberName, SLOW_FACTOR, type Settings } from '../settings.js';

/** The one pool of a playground scenario. */
export const POOL = 'app';

/** The faults a list of clicks means: kill = crash, slow = slow-down, restart ends either. */
function faultsOf(actions: readonly Action[]): NonNullable<Scenario['faults']> {
  const faults: NonNullable<Scenario['faults']>[number][] = [];
  actions.forEach((a, i) => {
    const server = memberName(a.member);
    if (a.kind === 'kill') faults.push({ kind: 'crash', server, at: a.at });
    if (a.kind === 'restart') faults.push({ kind: 'recover', server, at: a.at });
    if (a.kind === 'slow') {
      const end = actions.slice(i + 1).find((b) => b.member === a.member && b.kind === 'restart');
      faults.push(end === undefined ? { kind: 'slow', server, at: a.at, factor: SLOW_FACTOR } : { kind: 'slow', server, at: a.at, factor: SLOW_FACTOR, forMs: Math.max(1e-3, end.at - a.at) });
    }
  });
  return faults;
}

/** The sim scenario of the playground's settings and clicks: one pool `app`, members A, B, C... */
export function buildScenario(s: Settings, actions: readonly Action[] = []): Scenario {
  const health = { failuresBeforeError: s.failuresBeforeError, retryMs: s.retryMs, forceRecovery: s.forceRecovery };
  const members = s.members.map((m, i) => ({ id: memberName(i), weight: m.weight }));
  const pool = s.sticky ? { method: s.method, members, health, sticky: { cookie: 'ROUTEID' } } : { method: s.method, members, health };
  const clients: Scenario['clients'][number][] = [];
  if (s.rate > 0) {
    clients.push({ type: 'open', name: 'clients', arrivals: { type: s.arrivals, ratePerSec: s.rate }, paths: [{ path: '/' }], hashKeys: s.clients });
  }
  if (s.sessions > 0) {
    clients.push({ type: 'sessions', name: 'browsers', sessions: s.sessions, think: { type: 'exponential', meanMs: s.thinkMs }, requestsPerSession: 20, paths: [{ path: '/' }] });
  }
  const servers: Record<string, { service: { type: 'exponential'; meanMs: number } }> = {};
  s.members.forEach((m, i) => (servers[memberName(i)] = { service: { type: 'exponential', meanMs: s.serviceMs / m.speed } }));
  return {
    name: 'playground',
    seed: s.seed,
    durationMs: s.durationMs,
    bucketMs: s.durationMs / 100,
    pools: { [POOL]: pool },
    serverDefaults: { concurrency: s.concurrency, queue: 100_000, service: { type: 'exponential', meanMs: s.serviceMs } },
    servers,
    balancers: { count: s.balancers, routes: [{ prefix: '/', pool: POOL }], timeoutMs: s.timeoutMs },
    clients,
    faults: faultsOf(actions),
  };
}
