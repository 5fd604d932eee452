/**
 * Metrics gathered while a simulation runs, in bounded memory: counters per member, latency
 * histograms and fixed-width time buckets. {@link buildReport} turns them into a {@link SimReport}.
 *
 * @module
 */
import type { FailureCause, RejectReason } from '@lbkit/core';
import { Histogram } from './histogram.js';
import { Level, Levels } from './level.js';
import { COUNTERS, ERRORS, FORWARDS, PoolMetrics, REFUSED, RESET, SUCCEEDED, TIMEOUT } from './pool-metrics.js';
import type { PoolRt, ServerRt } from './model.js';

/**
 * Time-weighted occupancy of one server and the waiting times of the requests it served: a
 * read-only view of the {@link Metrics}' server rows.
 *
 * @example
 * ```ts
 * sim.metrics.servers[0]?.queued.windowArea
 * ```
 */
export class ServerMetrics {
  /** Requests in service. */
  readonly busy: Level;
  /** Requests waiting for a slot. */
  readonly queued: Level;

  constructor(
    readonly id: string,
    readonly concurrency: number,
    private readonly metrics: Metrics,
    private readonly index: number,
  ) {
    this.busy = new Level(0, 0, 0, metrics.busy, index);
    this.queued = new Level(0, 0, 0, metrics.queued, index);
  }

  /** Sum of waiting times (arrival at the server to start of service), measured requests only. */
  get waitSum(): number {
    return this.metrics.waits[this.index * 2]!;
  }
  /** Number of measured requests that started service. */
  get waitCount(): number {
    return this.metrics.waits[this.index * 2 + 1]!;
  }
}

/**
 * A member's view changing, or a fault changing, for the health timeline.
 *
 * @example
 * ```ts
 * const m: TimelineMark = { at: 120_000, balancer: 0, pool: 'static', member: 'static2', status: 'error' }
 * ```
 */
export interface TimelineMark {
  readonly at: number;
  readonly balancer: number;
  readonly pool: string;
  readonly member: string;
  readonly status: 'ok' | 'error' | 'down';
}

/**
 * Fault intervals per server, for the health timeline.
 *
 * @example
 * ```ts
 * const m: FaultMark = { at: 120_000, server: 'static2', fault: 'crash', active: true, balancer: -1 }
 * ```
 */
export interface FaultMark {
  readonly at: number;
  readonly server: string;
  readonly fault: string;
  readonly active: boolean;
  readonly balancer: number;
}

const MAX_MARKS = 20_000;

/**
 * Everything counted during a run. Every request ends in exactly one outcome: succeeded (a member
 * answered below 500), errors (a member answered 5xx), refused (the balancer answered: no usable
 * member), timedOut (its last attempt timed out: a proxy answers 504) or abandoned (its client gave
 * up). Latency is measured on successes only; sojourn time on every answered request.
 *
 * @example
 * ```ts
 * const m = sim.metrics
 * m.succeeded // requests answered below 500 after warm-up
 * ```
 */
export class Metrics {
  sent = 0;
  succeeded = 0;
  errors = 0;
  timedOut = 0;
  failovers = 0;
  affinityBreaks = 0;
  lateReplies = 0;
  abandoned = 0;
  readonly refusedBy = new Map<RejectReason, number>();
  readonly failures = { refused: 0, reset: 0, timeout: 0, protocol: 0 };
  /** Latency of successful answers. */
  readonly latency = new Histogram();
  /** Time from sending to the end, of every answered request (success, 5xx, refusal, timeout). */
  readonly sojourn = new Histogram();
  readonly pools: PoolMetrics[];
  /** Requests in service per server. */
  readonly busy: Levels;
  /** Requests waiting for a slot per server. */
  readonly queued: Levels;
  /** Per server: sum and count of waiting times of measured requests. */
  readonly waits: Float64Array;
  /** A view of each server. */
  readonly servers: readonly ServerMetrics[];
  /** Outcomes per time bucket, by the time they ended (up to the horizon). */
  readonly outcomeSeries = { succeeded: [] as number[], errors: [] as number[], refused: [] as number[], timedOut: [] as number[], abandoned: [] as number[] };
  readonly latencySumSeries: number[] = [];
  readonly marks: TimelineMark[] = [];
  readonly faults: FaultMark[] = [];
  droppedMarks = 0;
  /** Requests begun and not yet ended (all of them, warm-up included). */
  open = 0;
  /** Cause of the attempt failure just reported, until the failover's decision consumes it. */
  private pendingCause: FailureCause | null = null;

  /** @internal */
  constructor(
    pools: readonly PoolRt[],
    servers: readonly ServerRt[],
    readonly warmupMs: number,
    readonly bucketMs: number,
    readonly horizonMs: number,
  ) {
    this.pools = pools.map((p) => new PoolMetrics(p.name, p.members.length, bucketMs, warmupMs, horizonMs));
    this.busy = new Levels(servers.length, bucketMs, warmupMs, horizonMs);
    this.queued = new Levels(servers.length, bucketMs, warmupMs, horizonMs);
    this.waits = new Float64Array(servers.length * 2);
    this.servers = servers.map((s, i) => new ServerMetrics(s.id, s.concurrency, this, i));
  }

  private bump(series: number[], at: number, by: number): void {
    if (at >= this.horizonMs) return; // the drain after the horizon is in the totals, not the curves
    const i = Math.floor(at / this.bucketMs);
    while (series.length <= i) series.push(0);
    series[i]! += by;
  }

  /** A member got an attempt at `at`. */
  forwarded(pool: number, member: number, at: number, measured: boolean, attempt: number, broken: boolean): void {
    this.pendingCause = null;
    const p = this.pools[pool]!;
    p.inFlight.step(member, at, 1);
    if (at < this.horizonMs) p.forwardIn(member, Math.floor(at / this.bucketMs));
    if (!measured) return;
    p.counts[member * COUNTERS + FORWARDS]!++;
    if (attempt > 1) this.failovers++;
    if (broken) this.affinityBreaks++;
  }

  /** An attempt failed (the balancer then asks the core again: {@link forwarded} or {@link refusedWith} follows). */
  failed(pool: number, member: number, cause: FailureCause, measured: boolean, at: number): void {
    const p = this.pools[pool]!;
    p.inFlight.step(member, at, -1);
    this.pendingCause = cause;
    if (!measured) return;
    this.failures[cause]++;
    const column = cause === 'refused' ? REFUSED : cause === 'reset' ? RESET : cause === 'timeout' ? TIMEOUT : -1;
    if (column >= 0) p.counts[member * COUNTERS + column]!++;
  }

  /** A request got its response. */
  servedBy(pool: number, member: number, status: number, latency: number, at: number, measured: boolean): void {
    this.open--;
    const p = this.pools[pool]!;
    p.inFlight.step(member, at, -1);
    const ok = status < 500;
    this.bump(ok ? this.outcomeSeries.succeeded : this.outcomeSeries.errors, at, 1);
    if (ok) this.bump(this.latencySumSeries, at, latency);
    if (!measured) return;
    this.sojourn.record(latency);
    if (!ok) {
      this.errors++;
      p.counts[member * COUNTERS + ERRORS]!++;
      return;
    }
    this.succeeded++;
    p.counts[member * COUNTERS + SUCCEEDED]!++;
    const b = Histogram.bucketOf(latency);
    this.latency.recordIn(b, latency);
    p.latency.recordIn(b, latency);
    p.memberLatency.recordIn(member, b, latency);
  }

  /** A request was refused by the balancer (a timeout when its last attempt timed out). */
  refusedWith(reason: RejectReason, at: number, measured: boolean, sentAt: number): void {
    this.open--;
    const timeout = this.pendingCause === 'timeout';
    this.pendingCause = null;
    this.bump(timeout ? this.outcomeSeries.timedOut : this.outcomeSeries.refused, at, 1);
    if (!measured) return;
    if (timeout) this.timedOut++;
    this.refusedBy.set(reason, (this.refusedBy.get(reason) ?? 0) + 1);
    this.sojourn.record(at - sentAt);
  }

  /** A client gave up on a request (its attempt in flight, if any, at `member` of `pool`). */
  abandonedAt(at: number, measured: boolean, pool: number, member: number): void {
    this.open--;
    if (member >= 0) this.pools[pool]!.inFlight.step(member, at, -1);
    this.bump(this.outcomeSeries.abandoned, at, 1);
    if (measured) this.abandoned++;
  }

  /** Integrates every level up to `now` (before a report reads them). */
  settle(now: number): void {
    for (const p of this.pools) p.inFlight.advanceAll(now);
    this.busy.advanceAll(now);
    this.queued.advanceAll(now);
  }
  /** Adds a health-timeline mark, up to a bound. */
  mark(m: TimelineMark): void {
    if (this.marks.length < MAX_MARKS) this.marks.push(m);
    else this.droppedMarks++;
  }

  /** Adds a fault mark, up to a bound. */
  fault(m: FaultMark): void {
    if (this.faults.length < MAX_MARKS) this.faults.push(m);
    else this.droppedMarks++;
  }
}
