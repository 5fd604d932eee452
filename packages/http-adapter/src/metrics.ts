/**
 * Prometheus metrics (through prom-client) and the per-member counters of the admin API, both fed
 * from what the proxy already reports: every core input (decisions and outcomes) and every
 * finished request. Gauges (in flight, health, weight) are read from the core's state when scraped.
 *
 * @module
 */
import type { LogEntry } from '@lbkit/core';
import { carriedRoute } from '@lbkit/core/internals';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExchangeSummary } from './forward.js';
import type { MemberCounters, MemberHealth } from './member-view.js';
import { poolView } from './member-view.js';
import type { PoolRuntime } from './pool-runtime.js';

const HEALTH: readonly MemberHealth[] = ['ok', 'draining', 'disabled', 'down', 'error', 'retrying'];

/** `2xx`...`5xx`, or `none` when no response was sent. */
function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'none';
}

/**
 * The metrics of one proxy process. In a cluster each worker has its own; the primary merges them.
 *
 * @example
 * ```ts
 * const metrics = createProxy(config, { metrics: true }).metrics!
 * res.end(await metrics.registry.metrics())
 * ```
 */
export class ProxyMetrics {
  readonly registry = new Registry();
  readonly #counters = new Map<string, MemberCounters>();
  readonly #pools: () => Iterable<PoolRuntime>;
  readonly #requests: Counter;
  readonly #duration: Histogram;
  readonly #failovers: Counter;
  readonly #retries: Counter;
  readonly #breaks: Counter;
  readonly #failures: Counter;
  readonly #reloads: Counter;
  readonly #worker: Counter | null;
  readonly #workerId: string;

  /** @internal */
  constructor(pools: () => Iterable<PoolRuntime>, now: () => number, workerId: string | null = null) {
    this.#pools = pools;
    const registers = [this.registry];
    this.#requests = new Counter({ name: 'lbkit_requests_total', help: 'Requests answered, by pool, member and status class', labelNames: ['pool', 'member', 'class'], registers });
    this.#duration = new Histogram({
      name: 'lbkit_request_duration_seconds',
      help: 'Time from request to the end of the response, by pool and member',
      labelNames: ['pool', 'member'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#failovers = new Counter({ name: 'lbkit_failovers_total', help: 'Requests answered by a member after at least one other member failed', labelNames: ['pool'], registers });
    this.#retries = new Counter({ name: 'lbkit_retries_total', help: 'Decisions after the first one for a request (failover attempts)', labelNames: ['pool'], registers });
    this.#breaks = new Counter({ name: 'lbkit_affinity_breaks_total', help: 'Requests that carried a route but were sent to another member', labelNames: ['pool'], registers });
    this.#failures = new Counter({ name: 'lbkit_member_failures_total', help: 'Failed requests to a member, by cause', labelNames: ['pool', 'member', 'cause'], registers });
    this.#reloads = new Counter({ name: 'lbkit_config_reloads_total', help: 'Configuration reloads, by result (ok or rejected)', labelNames: ['result'], registers, aggregator: 'max' }); // every worker reloads: count once
    this.#workerId = workerId ?? '0';
    this.#worker = workerId === null ? null : new Counter({ name: 'lbkit_worker_requests_total', help: 'Requests answered, by worker process', labelNames: ['worker'], registers });
    const self = this;
    new Gauge({
      name: 'lbkit_in_flight_requests',
      help: 'Requests (and tunnels) in flight, by pool and member',
      labelNames: ['pool', 'member'],
      registers,
      collect() {
        this.reset();
        for (const p of self.#pools()) for (const m of p.pool.members()) this.set({ pool: p.config.name, member: m.id }, m.busy);
      },
    });
    new Gauge({
      name: 'lbkit_member_state',
      help: 'Members by health state (1 when in that state; summed over workers in a cluster)',
      labelNames: ['pool', 'member', 'state'],
      registers,
      collect() {
        this.reset();
        const t = now();
        for (const p of self.#pools()) {
          for (const m of poolView(p, () => undefined, t).members) for (const h of HEALTH) this.set({ pool: p.config.name, member: m.id, state: h }, m.health === h ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'lbkit_member_weight',
      help: 'Member weight (lbfactor)',
      labelNames: ['pool', 'member'],
      registers,
      aggregator: 'max',
      collect() {
        this.reset();
        for (const p of self.#pools()) for (const m of p.pool.members()) this.set({ pool: p.config.name, member: m.id }, m.weight);
      },
    });
  }

  /**
   * A member's counters, or undefined before its first request.
   *
   * @example
   * ```ts
   * proxy.metrics?.counters('static', 'static1')?.forwarded
   * ```
   */
  counters(pool: string, member: string): MemberCounters | undefined {
    return this.#counters.get(`${pool}\u0000${member}`);
  }

  #countersOf(pool: string, member: string): MemberCounters {
    const key = `${pool}\u0000${member}`;
    let c = this.#counters.get(key);
    if (c === undefined) this.#counters.set(key, (c = { forwarded: 0, responses: 0, failures: 0, lastFailure: null }));
    return c;
  }

  /**
   * Takes in one core input (an {@link InputRecorder}).
   *
   * @internal
   */
  onEntry(e: LogEntry, pool: PoolRuntime | undefined): void {
    const name = e.pool ?? '';
    if (e.type === 'decide') {
      const d = e.decision;
      if (d.attempt > 1) this.#retries.inc({ pool: name });
      if (d.type !== 'forward') return;
      this.#countersOf(name, d.member).forwarded++;
      const sticky = pool?.config.balancer.sticky ?? null;
      if (d.attempt === 1 && !d.affinity && sticky !== null && carriedRoute(sticky, e.request.cookie, e.request.url) !== null) this.#breaks.inc({ pool: name });
    } else if (e.type === 'apply') {
      const ev = e.event;
      if (ev.type === 'responseReceived') this.#countersOf(name, ev.member).responses++;
      else if (ev.type === 'requestFailed') {
        const c = this.#countersOf(name, ev.member);
        c.failures++;
        c.lastFailure = ev.cause;
        this.#failures.inc({ pool: name, member: ev.member, cause: ev.cause });
      }
    }
  }

  /**
   * Takes in one finished request.
   *
   * @internal
   */
  onSummary(s: ExchangeSummary): void {
    const member = s.member ?? '';
    this.#requests.inc({ pool: s.pool, member, class: statusClass(s.status) });
    this.#duration.observe({ pool: s.pool, member }, s.ms / 1000);
    if (s.attempts > 1 && s.reason === null) this.#failovers.inc({ pool: s.pool });
    this.#worker?.inc({ worker: this.#workerId });
  }

  /**
   * Counts a reload.
   *
   * @internal
   */
  reloaded(ok: boolean): void {
    this.#reloads.inc({ result: ok ? 'ok' : 'rejected' });
  }
}
