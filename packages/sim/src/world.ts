/**
 * Builds the runtime model of a scenario: servers, pools, balancer instances with fresh core
 * states, and client populations, each with its own random stream.
 *
 * @module
 */
import { createPool, type PoolConfig } from '@lbkit/core';
import { samplerOf } from './distributions.js';
import { type Attempt, type BalancerNode, type ClientRt, type PoolRt, type ServerRt, UNBOUNDED } from './model.js';
import { Rng } from './rng.js';
import type { ClientSpec, Scenario } from './scenario.js';

/** The runtime model of a scenario. */
export interface World {
  readonly servers: readonly ServerRt[];
  readonly serverById: ReadonlyMap<string, ServerRt>;
  readonly pools: readonly PoolRt[];
  readonly balancers: readonly BalancerNode[];
  readonly clients: readonly ClientRt[];
}

function buildServers(s: Scenario, seed: number | bigint): Map<string, ServerRt> {
  const byId = new Map<string, ServerRt>();
  // one job generator and one sampler per distinct spec for all servers: the generator is fully
  // reseeded for every job, and fewer objects keep a large farm's hot data in cache
  const jobRng = new Rng(0n);
  const samplers = new Map<object, ReturnType<typeof samplerOf>>();
  const samplerFor = (d: Parameters<typeof samplerOf>[0]) => samplers.get(d) ?? samplers.set(d, samplerOf(d)).get(d)!;
  for (const pool of Object.values(s.pools)) {
    for (const m of pool.members) {
      if (byId.has(m.id)) continue;
      const d = s.serverDefaults;
      const o = s.servers?.[m.id] ?? {};
      const spec = { concurrency: o.concurrency ?? d.concurrency, queue: o.queue ?? d.queue, service: o.service ?? d.service };
      byId.set(m.id, {
        id: m.id,
        index: byId.size,
        concurrency: spec.concurrency,
        queueCap: spec.queue === 'unbounded' ? UNBOUNDED : Math.min(spec.queue, UNBOUNDED),
        service: samplerFor(spec.service),
        rng: Rng.stream(seed, `server/${m.id}`),
        jobRng,
        busy: 0,
        inService: new Array<Attempt | null>(spec.concurrency).fill(null),
        waitFirst: null,
        waitLast: null,
        waiting: 0,
        epoch: 0,
        down: false,
        refusing: false,
        slowFactor: 1,
        errorProbability: 0,
        errorStatus: 503,
      });
    }
  }
  return byId;
}

function poolRt(name: string, index: number, cfg: PoolConfig, servers: ReadonlyMap<string, ServerRt>): PoolRt {
  return {
    name,
    index,
    members: cfg.members.map((m) => m.id),
    memberIndex: new Map(cfg.members.map((m, i) => [m.id, i])),
    servers: cfg.members.map((m) => servers.get(m.id)!),
    cookie: cfg.sticky?.cookie ?? null,
    separator: cfg.sticky?.separator ?? '.',
  };
}

/** The pool whose route prefix is the longest match for `path` (ProxyPass order of precedence). */
export function poolForPath(s: Scenario, pools: readonly PoolRt[], path: string): PoolRt | undefined {
  let best: { prefix: string; pool: string } | undefined;
  for (const r of s.balancers.routes) {
    if (path.startsWith(r.prefix) && (best === undefined || r.prefix.length > best.prefix.length)) best = r;
  }
  return best === undefined ? undefined : pools.find((p) => p.name === best.pool);
}

function clientRt(s: Scenario, spec: ClientSpec, index: number, pools: readonly PoolRt[], seed: number | bigint): ClientRt {
  const weights = spec.paths.map((p) => p.weight ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cumulative = weights.map((w) => (acc += w / total));
  cumulative[cumulative.length - 1] = 1;
  return {
    name: spec.name,
    index,
    rng: Rng.stream(seed, `client/${spec.name}`),
    workRng: Rng.stream(seed, `work/${spec.name}`),
    paths: spec.paths.map((p) => p.path),
    pathPools: spec.paths.map((p) => poolForPath(s, pools, p.path)!),
    cumulative,
    open:
      spec.type === 'open'
        ? { poisson: spec.arrivals.type === 'poisson', gapMs: 1000 / spec.arrivals.ratePerSec, hashKeys: spec.hashKeys ?? 0 }
        : null,
    sessions: spec.type === 'sessions' ? { count: spec.sessions, think: samplerOf(spec.think), requests: spec.requestsPerSession } : null,
    giveUpMs: spec.giveUpMs ?? Infinity,
  };
}

/**
 * The runtime model of `s`, streams keyed under `seed` (a seed, or a replication root from `streamRoot`).
 *
 * @example
 * ```ts
 * const world = buildWorld(loadScenario('scenarios/seed-lab.json'), 42)
 * world.pools.map((p) => p.name) // ['dynamic', 'static']
 * ```
 */
export function buildWorld(s: Scenario, seed: number | bigint): World {
  const serverById = buildServers(s, seed);
  const pools = Object.entries(s.pools).map(([name, cfg], i) => poolRt(name, i, cfg, serverById));
  const configs = Object.values(s.pools);
  const balancers: BalancerNode[] = [];
  for (let b = 0; b < (s.balancers.count ?? 1); b++) {
    balancers.push({
      index: b,
      // a pool without its own seed gets one from the run's seed, per instance, so that replications differ
      pools: configs.map((cfg, i) => createPool({ ...cfg, seed: cfg.seed ?? Rng.stream(seed, `pool/${pools[i]!.name}/b${b}`).nextUint32() }, { source: 'pools' })),
      seen: configs.map((cfg) => new Uint8Array(cfg.members.length)),
      partitioned: new Uint8Array(serverById.size),
    });
  }
  const clients = s.clients.map((c, i) => clientRt(s, c, i, pools, seed));
  return { servers: [...serverById.values()], serverById, pools, balancers, clients };
}
