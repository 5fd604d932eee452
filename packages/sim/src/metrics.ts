/**
 * Metrics gathered while a simulation runs, in bounded memory: counters per member, latency
 * histograms and fixed-width time buckets. {@link buildReport} turns them into a {@link SimReport}.
 *
 * @module
 */
import type { FailureCause, RejectReason } from '@lbkit/core';
import { Histogram } from './histogram.js';
import type { PoolRt } from './model.js';

/**
 * Counters of one member of one pool, summed over balancer instances.
 *
 * @example
 * ```ts
 * sim.metrics.pools[0]?.members[1]?.forwards
 * ```
 */
export class MemberMetrics {
  forwards = 0;
  served = 0;
  errors = 0;
  refused = 0;
  reset = 0;
  timeout = 0;
  readonly latency = new Histogram();
  /** Forwards per time bucket. */
  readonly series: number[] = [];
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
 * Everything counted during a run.
 *
 * @example
 * ```ts
 * const m = sim.metrics
 * m.served // requests answered after warm-up
 * ```
 */
export class Metrics {
  sent = 0;
  served = 0;
  errors = 0;
  failovers = 0;
  affinityBreaks = 0;
  lateReplies = 0;
  abandoned = 0;
  readonly refusedBy = new Map<RejectReason, number>();
  readonly failures = { refused: 0, reset: 0, timeout: 0, protocol: 0 };
  readonly latency = new Histogram();
  readonly pools: { readonly name: string; readonly latency: Histogram; readonly members: MemberMetrics[] }[];
  readonly servedSeries: number[] = [];
  readonly refusedSeries: number[] = [];
  readonly latencySumSeries: number[] = [];
  readonly marks: TimelineMark[] = [];
  readonly faults: FaultMark[] = [];
  droppedMarks = 0;
  /** Requests begun and not yet ended (all of them, warm-up included). */
  open = 0;

  /** @internal */
  constructor(
    pools: readonly PoolRt[],
    readonly warmupMs: number,
    readonly bucketMs: number,
  ) {
    this.pools = pools.map((p) => ({ name: p.name, latency: new Histogram(), members: p.members.map(() => new MemberMetrics()) }));
  }

  private bucket(at: number): number {
    return Math.floor(at / this.bucketMs);
  }

  private static bump(series: number[], i: number, by: number): void {
    while (series.length <= i) series.push(0);
    series[i]! += by;
  }

  /** A member got an attempt at `at`. */
  forwarded(pool: number, member: number, at: number, measured: boolean, attempt: number, broken: boolean): void {
    const m = this.pools[pool]!.members[member]!;
    Metrics.bump(m.series, this.bucket(at), 1);
    if (!measured) return;
    m.forwards++;
    if (attempt > 1) this.failovers++;
    if (broken) this.affinityBreaks++;
  }

  /** An attempt failed. */
  failed(pool: number, member: number, cause: FailureCause, measured: boolean): void {
    if (!measured) return;
    this.failures[cause]++;
    const m = this.pools[pool]!.members[member]!;
    if (cause === 'refused') m.refused++;
    else if (cause === 'reset') m.reset++;
    else if (cause === 'timeout') m.timeout++;
  }

  /** A request got its response. */
  servedBy(pool: number, member: number, status: number, latency: number, at: number, measured: boolean): void {
    this.open--;
    const t = this.bucket(at);
    Metrics.bump(this.servedSeries, t, 1);
    Metrics.bump(this.latencySumSeries, t, latency);
    if (!measured) return;
    this.served++;
    const p = this.pools[pool]!;
    const m = p.members[member]!;
    m.served++;
    if (status >= 500) {
      this.errors++;
      m.errors++;
    }
    const b = Histogram.bucketOf(latency);
    this.latency.recordIn(b, latency);
    p.latency.recordIn(b, latency);
    m.latency.recordIn(b, latency);
  }

  /** A request was refused. */
  refusedWith(reason: RejectReason, at: number, measured: boolean): void {
    this.open--;
    Metrics.bump(this.refusedSeries, this.bucket(at), 1);
    if (measured) this.refusedBy.set(reason, (this.refusedBy.get(reason) ?? 0) + 1);
  }

  /** A client gave up on a request. */
  abandonedAt(at: number, measured: boolean): void {
    this.open--;
    if (measured) this.abandoned++;
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
