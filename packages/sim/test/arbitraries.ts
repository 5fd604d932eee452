/**
 * fast-check generators of small, valid scenarios: random pools, weights, methods, affinity, clients,
 * servers and failure schedules. Everything a scenario file can hold, kept small so that a failing
 * case shrinks to something a person can read.
 */
import { LB_METHODS, type LbMethod } from '@lbkit/core';
import fc from 'fast-check';
import type { Distribution } from '../src/distributions.js';
import type { FaultSpec, Scenario } from '../src/scenario.js';

export const DURATION = 3_000;

const service: fc.Arbitrary<Distribution> = fc.oneof(
  fc.record({ type: fc.constant('constant' as const), ms: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ type: fc.constant('exponential' as const), meanMs: fc.integer({ min: 1, max: 20 }) }),
);

/** A fault on server number `server` (taken modulo the pool size when the scenario is built). */
type RawFault = { [K in FaultSpec['kind']]: Omit<Extract<FaultSpec, { kind: K }>, 'server' | 'servers'> & { server: number } }[Exclude<FaultSpec['kind'], 'random' | 'recover'>];

const rawFault: fc.Arbitrary<RawFault> = (() => {
  const server = fc.integer({ min: 0, max: 3 });
  const at = fc.integer({ min: 0, max: DURATION - 100 });
  const forMs = fc.integer({ min: 50, max: 1_500 });
  return fc.oneof(
    fc.record({ kind: fc.constant('crash' as const), server, at, forMs }),
    fc.record({ kind: fc.constant('refuse' as const), server, at, forMs }),
    fc.record({ kind: fc.constant('slow' as const), server, at, forMs, factor: fc.integer({ min: 2, max: 50 }) }),
    fc.record({ kind: fc.constant('errors' as const), server, at, forMs, status: fc.constant(503), probability: fc.constantFrom(0.5, 1) }),
    fc.record({ kind: fc.constant('flap' as const), server, at, forMs, periodMs: fc.integer({ min: 20, max: 400 }) }),
    fc.record({ kind: fc.constant('partition' as const), server, at, forMs, balancer: fc.integer({ min: 0, max: 1 }) }),
  );
})();

function placeFault(f: RawFault, servers: readonly string[], balancers: number): FaultSpec {
  const server = servers[f.server % servers.length]!;
  return f.kind === 'partition' ? { ...f, server, balancer: f.balancer % balancers } : { ...f, server };
}

/** Options of {@link scenarioArb}. */
export interface ScenarioShape {
  /** Keep member `m0` free of faults (and answers fast enough never to time out). */
  readonly safeMember: boolean;
}

/**
 * A random scenario with one pool behind `/` (sticky or not), 1–2 balancer instances, sessions and
 * an open-loop client, and a random failure schedule.
 */
export function scenarioArb(shape: ScenarioShape): fc.Arbitrary<Scenario> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 4 }),
      balancers: fc.integer({ min: 1, max: 2 }),
      method: fc.constantFrom<LbMethod>(...LB_METHODS),
      sticky: fc.boolean(),
      weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 4 }),
      retryMs: fc.integer({ min: 0, max: 1_000 }),
      failuresBeforeError: fc.integer({ min: 1, max: 2 }),
      healthCheck: fc.option(fc.integer({ min: 50, max: 500 }), { nil: undefined }),
      sessions: fc.integer({ min: 1, max: 6 }),
      thinkMs: fc.integer({ min: 5, max: 100 }),
      perSession: fc.integer({ min: 1, max: 8 }),
      openRate: fc.integer({ min: 0, max: 200 }),
      concurrency: fc.integer({ min: 1, max: 4 }),
      queue: fc.integer({ min: 0, max: 8 }),
      service,
      seed: fc.integer({ min: 0, max: 1_000 }),
      faults: fc.array(rawFault, { maxLength: 4 }),
      giveUpMs: fc.option(fc.integer({ min: 5, max: 500 }), { nil: undefined }),
    })
    .map((p): Scenario => {
      const ids = Array.from({ length: p.n }, (_, i) => `m${i}`);
      const faulty = shape.safeMember ? ids.slice(1) : ids;
      const fs = faulty.length === 0 ? [] : p.faults.map((f) => placeFault(f, faulty, p.balancers));
      const clients: Scenario['clients'][number][] = [
        { type: 'sessions', name: 'browsers', sessions: p.sessions, think: { type: 'exponential', meanMs: p.thinkMs }, requestsPerSession: p.perSession, paths: [{ path: '/page' }], ...(p.giveUpMs === undefined ? {} : { giveUpMs: p.giveUpMs }) },
      ];
      if (p.openRate > 0) clients.push({ type: 'open', name: 'api', arrivals: { type: 'poisson', ratePerSec: p.openRate }, paths: [{ path: '/api' }], hashKeys: 5 });
      return {
        name: 'property',
        seed: p.seed,
        durationMs: DURATION,
        network: { delay: { type: 'exponential', meanMs: 0.5 } },
        pools: {
          web: {
            method: p.method,
            members: ids.map((id, i) => ({ id, weight: p.weights[i]! })),
            ...(p.sticky ? { sticky: { cookie: 'ROUTEID' } } : {}),
            health: { retryMs: p.retryMs, failuresBeforeError: p.failuresBeforeError },
          },
        },
        serverDefaults: { concurrency: p.concurrency, queue: p.queue, service: p.service },
        // the safe member has room for everyone, so it never queues, overflows or times out
        ...(shape.safeMember ? { servers: { m0: { concurrency: 1_000, queue: 1_000 } } } : {}),
        balancers: {
          count: p.balancers,
          routes: [{ prefix: '/', pool: 'web' }],
          timeoutMs: 2_000,
          ...(p.healthCheck === undefined ? {} : { healthCheck: { intervalMs: p.healthCheck, timeoutMs: 100 } }),
        },
        clients,
        faults: fs,
      };
    });
}

/**
 * Round robin behind one balancer, one fixed-rate client, no network delay, and one member crashed
 * for a while: the shape in which "a recovered member gets traffic again within retry plus one
 * round" can be stated exactly. `down` is the crashed member's index.
 */
export function recoveryArb(): fc.Arbitrary<Scenario & { readonly down: number }> {
  return fc
    .record({
      weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
      down: fc.integer({ min: 0, max: 3 }),
      retryMs: fc.integer({ min: 0, max: 1_000 }),
      ratePerSec: fc.integer({ min: 20, max: 500 }),
      at: fc.integer({ min: 100, max: 1_000 }),
      forMs: fc.integer({ min: 1, max: 1_500 }),
      healthCheck: fc.option(fc.integer({ min: 50, max: 500 }), { nil: undefined }),
      seed: fc.integer({ min: 0, max: 1_000 }),
    })
    .map((p) => {
      const ids = p.weights.map((_, i) => `m${i}`);
      const down = p.down % ids.length;
      return {
        name: 'recovery',
        seed: p.seed,
        down,
        durationMs: p.at + p.forMs + p.retryMs + 3_000,
        pools: { web: { method: 'byrequests', members: ids.map((id, i) => ({ id, weight: p.weights[i]! })), health: { retryMs: p.retryMs } } },
        serverDefaults: { concurrency: 1_000, queue: 0, service: { type: 'constant', ms: 1 } },
        balancers: {
          routes: [{ prefix: '/', pool: 'web' }],
          timeoutMs: 1_000,
          ...(p.healthCheck === undefined ? {} : { healthCheck: { intervalMs: p.healthCheck } }),
        },
        clients: [{ type: 'open', name: 'api', arrivals: { type: 'fixed', ratePerSec: p.ratePerSec }, paths: [{ path: '/' }] }],
        faults: [{ kind: 'crash', server: ids[down]!, at: p.at, forMs: p.forMs }],
      };
    });
}
