/**
 * The proxy: Node HTTP servers on the configured listeners, one {@link PoolRuntime} per pool, and
 * health checkers, wired so that every routing choice is the core's.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AdminEvent, BalancerState } from '@lbkit/core';
import { parseProxyConfig, type ProxyConfigInput, type ResolvedProxyConfig } from './config.js';
import { type ProxyReason, rawError, sendError } from './errors.js';
import { type ExchangeEnv, type ExchangeSummary, forward } from './forward.js';
import { bindListeners, closeListeners, createListeners, type ListenerAddress } from './listeners.js';
import { type PoolView, poolView } from './member-view.js';
import { ProxyMetrics } from './metrics.js';
import type { MountRuntime } from './mount-runtime.js';
import { normalizeTarget, targetAuthority } from './mounts.js';
import type { AdminCommand } from './pool-members.js';
import type { InputRecorder } from './pool-runtime.js';
import { PoolSet } from './pool-set.js';
import type { ReloadResult } from './reload.js';
import { headerProblem, isValidHost, type RequestFacts, requestFacts } from './request-facts.js';
import { assignRequestId } from './request-id.js';
import { timeResponse } from './response-timing.js';
import { handleUpgrade } from './upgrade.js';

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
  /**
   * Keep Prometheus metrics and per-member counters ({@link Proxy.metrics}, {@link Proxy.view}).
   * Default: on when the configuration has an `admin` listener.
   */
  readonly metrics?: boolean;
  /** Names this process in `lbkit_worker_requests_total` (cluster workers). */
  readonly workerId?: string;
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
 * proxy.apply('static', { type: 'memberDrainStarted', member: 'static2' })
 * console.log(proxy.state('static').members.map((m) => `${m.id} ${m.status}`))
 * await proxy.close()
 * ```
 */
export interface Proxy {
  /** The configuration in force, every default filled in (the latest one after a reload). */
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
  /** Applies an admin API command (including adding and removing members) through the core. */
  command(cmd: AdminCommand): void;
  /**
   * Replaces the configuration without closing a connection. Members that did not change keep
   * their health, counters and routes. A configuration that cannot apply leaves the old one running.
   */
  reload(next: ResolvedProxyConfig): ReloadResult;
  /** Every pool as the admin API shows it. */
  view(): PoolView[];
  /** The metrics registry, or null when metrics are off. */
  readonly metrics: ProxyMetrics | null;
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
  let set: PoolSet | null = null;
  const metrics = (options.metrics ?? resolved.admin !== null) ? new ProxyMetrics(() => set!.pools.values(), now, options.workerId ?? null) : null;
  const record = recorderOf(options.record ?? null, metrics, () => set);
  const pools = new PoolSet(resolved, record, now);
  set = pools;
  const onSummary = summaryHook(options.onRequest ?? null, metrics);
  const env: ExchangeEnv & { draining: boolean } = { now, proto: 'http', onSummary, draining: false };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // Read before the request id is added: the limits are on what the client sent.
    const facts = requestFacts(req.rawHeaders);
    // echoed in the header array of whichever answer is written: a setHeader here would put every
    // writeHead of this response on Node's slow path (each header removed, then appended, one by one)
    assignRequestId(req);
    if (onSummary !== null) timeResponse(res);
    if (env.draining) res.shouldKeepAlive = false;
    const problem = refusal(req, facts, pools.config);
    if (problem !== null) return sendError(res, problem);
    const url = req.url ?? '';
    const authority = targetAuthority(url);
    const target = normalizeTarget(url);
    if (target === null) return sendError(res, 'bad-target');
    const route = lookup(pools.routes, target);
    if (route === undefined) return sendError(res, 'no-mount');
    try {
      forward(req, res, route, target, env, facts, authority);
    } catch {
      sendError(res, 'proxy-error'); // every request gets an answer, even on a bug
    }
  };
  const servers = createListeners(resolved, handle);
  const upgrades = new Set<Duplex>();
  const upgradeEnv = { now, onSummary, sockets: upgrades, protocols: () => pools.config.server.upgradeProtocols, route: (t: string) => lookup(pools.routes, t) };
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const problem = refusal(req, requestFacts(req.rawHeaders), pools.config);
    if (problem !== null) {
      socket.on('error', () => {});
      return void socket.end(rawError(problem));
    }
    try {
      handleUpgrade(req, socket, head, upgradeEnv);
    } catch {
      socket.destroy(); // a bug must not take the listener down with it
    }
  };
  for (const server of servers) server.on('upgrade', upgrade);
  let bound: ProxyAddress[] = [];

  return {
    get config() {
      return pools.config;
    },
    metrics,
    async listen() {
      bound = await bindListeners(servers, resolved);
      if (options.healthChecks !== false) pools.startChecks();
      return bound;
    },
    async close(closing) {
      const graceMs = closing?.graceMs ?? 0;
      env.draining = true;
      const tunnels = setTimeout(() => {
        for (const s of upgrades) s.destroy();
      }, graceMs);
      await closeListeners(servers, graceMs);
      clearTimeout(tunnels);
      for (const s of upgrades) s.destroy();
      pools.close();
      bound = [];
    },
    addresses: () => bound,
    checkHealth: (pool) => pools.checkOnce(pool),
    state: (pool) => pools.pool(pool).state,
    apply(pool, event) {
      pools.pool(pool).apply(event, now());
    },
    command: (cmd) => pools.command(cmd),
    reload(next) {
      const r = pools.reload(next);
      metrics?.reloaded(r.ok);
      if (r.ok) for (const server of servers) applyServerLimits(server, next);
      return r;
    },
    view() {
      const t = now();
      return [...pools.pools.values()].map((p) => poolView(p, (pool, m) => metrics?.counters(pool, m), t));
    },
  };
}

/**
 * Why a request must be refused before any member is chosen, or null: an HTTP version other than
 * 1.x, too many or too large header lines, not exactly one valid `Host`, an absolute-form target
 * whose authority is not a valid host.
 */
function refusal(req: IncomingMessage, facts: RequestFacts, config: ResolvedProxyConfig): ProxyReason | null {
  if (req.httpVersionMajor !== 1) return 'bad-version';
  const url = req.url ?? '';
  const problem = headerProblem(facts, (req.method ?? '').length + url.length + 12, config.server, req.httpVersion !== '1.0');
  if (problem !== null) return problem;
  const authority = targetAuthority(url);
  return authority !== null && !isValidHost(authority) ? 'bad-request' : null;
}

/** The recorder given to the pools: the user's, and the metrics' when on; null when neither. */
function recorderOf(user: InputRecorder | null, metrics: ProxyMetrics | null, set: () => PoolSet | null): InputRecorder | null {
  if (metrics === null) return user;
  return (e) => {
    metrics.onEntry(e, e.pool === undefined ? undefined : set()?.pools.get(e.pool));
    user?.(e);
  };
}

function summaryHook(user: ((s: ExchangeSummary) => void) | null, metrics: ProxyMetrics | null): ((s: ExchangeSummary) => void) | null {
  if (metrics === null) return user;
  return (s) => {
    metrics.onSummary(s);
    user?.(s);
  };
}

/** Client limits that a reload may change on a running server. */
function applyServerLimits(server: Server, config: ResolvedProxyConfig): void {
  server.headersTimeout = config.server.headersTimeoutMs;
  server.requestTimeout = config.server.requestTimeoutMs;
  server.keepAliveTimeout = config.server.keepAliveTimeoutMs;
  server.maxHeadersCount = config.server.maxHeaderCount + 1;
}
