/**
 * The proxy: Node HTTP servers on the configured listeners, one {@link PoolRuntime} per pool, and
 * health checkers, wired so that every routing choice is the core's.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminEvent, BalancerState } from '@lbkit/core';
import { LbkitError } from '@lbkit/core';
import { parseProxyConfig, type ProxyConfigInput, type ResolvedProxyConfig } from './config.js';
import { sendError } from './errors.js';
import { type ExchangeEnv, type ExchangeSummary, forward } from './forward.js';
import { HealthChecker } from './health-checker.js';
import { bindListeners, closeListeners, createListeners, type ListenerAddress } from './listeners.js';
import { type MountRuntime, mountRuntimes } from './mount-runtime.js';
import { normalizeTarget } from './mounts.js';
import { type InputRecorder, PoolRuntime } from './pool-runtime.js';

/**
 * Options of {@link createProxy}.
 *
 * @example
 * ```ts
 * const proxy = createProxy(config, { onRequest: (s) => console.log(JSON.stringify(s)) })
 * ```
 */
export interface ProxyOptions {
  /**
   * The clock given to the core, in ms. Default: a monotonic clock (`performance.timeOrigin +
   * performance.now()`), so that a wall-clock step cannot shorten or stretch a member's retry period.
   * Tests inject one to move time by hand.
   */
  readonly now?: () => number;
  /** Receives every input given to the core (start, decide, apply), e.g. to write an event log. */
  readonly record?: InputRecorder;
  /** Called once per finished request, e.g. to log it. Off by default: nothing is measured. */
  readonly onRequest?: (summary: ExchangeSummary) => void;
  /** Run active health checks on their interval once listening. Default true; {@link Proxy.checkHealth} works either way. */
  readonly healthChecks?: boolean;
}

/**
 * Where a listener is bound.
 *
 * @example
 * ```ts
 * const [{ url }] = await proxy.listen() // url: 'http://127.0.0.1:8080'
 * ```
 */
export type ProxyAddress = ListenerAddress;

/**
 * A running (or ready to run) proxy.
 *
 * @example
 * ```ts
 * const proxy = createProxy(await loadProxyConfig('lbkit.yaml'))
 * await proxy.listen()
 * proxy.apply('static', { type: 'memberDraining', member: 'static2' })
 * console.log(proxy.state('static').members.map((m) => `${m.id} ${m.status}`))
 * await proxy.close()
 * ```
 */
export interface Proxy {
  /** The configuration in force, every default filled in. */
  readonly config: ResolvedProxyConfig;
  /** Binds every listener and starts health checks. Resolves with the bound addresses. */
  listen(): Promise<ProxyAddress[]>;
  /**
   * Stops accepting, stops health checks and closes connections. With `graceMs`, requests in flight
   * may finish for that long before their connections are cut (default 0: cut at once).
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
  /** The bound addresses (empty before {@link Proxy.listen}). */
  addresses(): ProxyAddress[];
  /** Runs one round of health checks now, for one pool or all, and applies the results. */
  checkHealth(pool?: string): Promise<void>;
  /** A pool's current core state. */
  state(pool: string): BalancerState;
  /** Applies an operator command (drain, disable, enable, reweight) to a pool. */
  apply(pool: string, event: Exclude<AdminEvent, { type: 'memberAdded' | 'memberRemoved' }>): void;
}

/** Milliseconds on a clock that never steps back, near the Unix epoch so that logs read naturally. */
function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

function isResolved(c: ProxyConfigInput | ResolvedProxyConfig): c is ResolvedProxyConfig {
  return (c as ResolvedProxyConfig).resolved === true;
}

function lookup(routes: readonly MountRuntime[], target: string): MountRuntime | undefined {
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    if (target.startsWith(r.mount.prefix)) return r;
  }
  return undefined;
}

function poolOf(pools: ReadonlyMap<string, PoolRuntime>, name: string): PoolRuntime {
  const p = pools.get(name);
  if (p === undefined) throw new LbkitError('LBK_ERR_UNKNOWN_POOL', `no pool named "${name}"`);
  return p;
}

/**
 * Creates a reverse proxy for a configuration. Nothing is bound until {@link Proxy.listen}.
 *
 * @throws {@link @lbkit/core!LbkitError} `LBK_ERR_INVALID_CONFIG` when `config` is not valid.
 * @example
 * ```ts
 * const proxy = createProxy({
 *   listen: [{ port: 8080 }],
 *   mounts: [{ prefix: '/', pool: 'web' }],
 *   pools: { web: { members: [{ id: 'web1', url: 'http://127.0.0.1:8081' }, { id: 'web2', url: 'http://127.0.0.1:8082' }] } },
 * })
 * const [address] = await proxy.listen()
 * // ...
 * await proxy.close()
 * ```
 */
export function createProxy(config: ProxyConfigInput | ResolvedProxyConfig, options: ProxyOptions = {}): Proxy {
  const resolved = isResolved(config) ? config : parseProxyConfig(config);
  const now = options.now ?? monotonicNow;
  const pools = new Map<string, PoolRuntime>();
  for (const p of Object.values(resolved.pools)) pools.set(p.name, new PoolRuntime(p, options.record ?? null, now()));
  const routes = mountRuntimes(resolved.mounts, pools);
  const checkers = new Map([...pools].map(([name, p]) => [name, new HealthChecker(p, now)]));
  const env: ExchangeEnv = { now, proto: 'http', onSummary: options.onRequest ?? null };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = normalizeTarget(req.url ?? '');
    if (target === null) return sendError(res, 'bad-target');
    const route = lookup(routes, target);
    if (route === undefined) return sendError(res, 'no-mount');
    try {
      forward(req, res, route, target, env);
    } catch {
      sendError(res, 'proxy-error'); // every request gets an answer, even on a bug
    }
  };
  const servers = createListeners(resolved, handle);
  let bound: ProxyAddress[] = [];

  return {
    config: resolved,
    async listen() {
      bound = await bindListeners(servers, resolved);
      if (options.healthChecks !== false) for (const c of checkers.values()) c.start();
      return bound;
    },
    async close(closing) {
      for (const c of checkers.values()) c.stop();
      await closeListeners(servers, closing?.graceMs ?? 0);
      for (const p of pools.values()) p.close();
      bound = [];
    },
    addresses: () => bound,
    async checkHealth(pool) {
      if (pool !== undefined) poolOf(pools, pool); // throws on an unknown pool
      const selected = pool === undefined ? [...checkers.values()] : [checkers.get(pool)!];
      await Promise.all(selected.map((c) => c.checkOnce()));
    },
    state: (pool) => poolOf(pools, pool).state,
    apply(pool, event) {
      const p = poolOf(pools, pool);
      p.apply(event, now());
    },
  };
}
