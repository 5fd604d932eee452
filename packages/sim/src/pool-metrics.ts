/**
 * What is counted per member of a pool, in flat typed arrays indexed by member, and a read-only
 * view of one member's figures.
 *
 * @module
 */
import { BucketRows } from './bucket-rows.js';
import { Histogram, Histograms } from './histogram.js';
import { Level, Levels } from './level.js';

/** Columns of a member's counter row. */
export const FORWARDS = 0;
export const SUCCEEDED = 1;
export const ERRORS = 2;
export const REFUSED = 3;
export const RESET = 4;
export const TIMEOUT = 5;
/** The time bucket being counted in `series` (-1: none) and its forwards so far. */
const OPEN_BUCKET = 6;
const OPEN_FORWARDS = 7;
export const COUNTERS = 8;

/**
 * What is counted per member of one pool, in flat typed arrays indexed by member (at a thousand
 * members, an object per member and per level misses the cache on every request).
 *
 * @example
 * ```ts
 * sim.metrics.pools[0]?.inFlight.value(1) // attempts in flight at member 1 now
 * ```
 */
export class PoolMetrics {
  /** Latency of the pool's successful answers. */
  readonly latency = new Histogram();
  /** Counter rows (forwards, succeeded, errors, refused, reset, timeout), summed over instances. */
  readonly counts: Float64Array;
  /** Latency of successful answers per member. */
  readonly memberLatency: Histograms;
  /** Forwards per member and time bucket, up to the bucket each member is in ({@link PoolMetrics.forwardSeries}). */
  readonly series: BucketRows;
  /** Attempts sent to each member and not ended yet (what bybusyness and p2c count). */
  readonly inFlight: Levels;
  /** A view of each member. */
  readonly members: readonly MemberMetrics[];

  constructor(
    readonly name: string,
    size: number,
    bucketMs: number,
    fromMs: number,
    toMs: number,
  ) {
    this.counts = new Float64Array(size * COUNTERS);
    for (let i = 0; i < size; i++) this.counts[i * COUNTERS + OPEN_BUCKET] = -1;
    this.memberLatency = new Histograms(size);
    this.series = new BucketRows(size, toMs / bucketMs + 1);
    this.inFlight = new Levels(size, bucketMs, fromMs, toMs);
    this.members = Array.from({ length: size }, (_, i) => new MemberMetrics(this, i));
  }

  /**
   * Counts a forward to member `i` in bucket `b`: in the member's own row while the bucket lasts
   * (one cache line per forward), written out to `series` when a later bucket begins.
   */
  forwardIn(i: number, b: number): void {
    const c = this.counts;
    const k = i * COUNTERS;
    if (b !== c[k + OPEN_BUCKET]) {
      if (c[k + OPEN_BUCKET]! >= 0) this.series.add(i, c[k + OPEN_BUCKET]!, c[k + OPEN_FORWARDS]!);
      c[k + OPEN_BUCKET] = b;
      c[k + OPEN_FORWARDS] = 0;
    }
    c[k + OPEN_FORWARDS]!++;
  }

  /** Forwards per time bucket of member `i`. */
  forwardSeries(i: number): number[] {
    const out = this.series.row(i);
    const b = this.counts[i * COUNTERS + OPEN_BUCKET]!;
    if (b < 0) return out;
    while (out.length <= b) out.push(0);
    out[b]! += this.counts[i * COUNTERS + OPEN_FORWARDS]!;
    return out;
  }
}

/**
 * Counters of one member of one pool, summed over balancer instances: a read-only view of its
 * {@link PoolMetrics} row.
 *
 * @example
 * ```ts
 * sim.metrics.pools[0]?.members[1]?.forwards
 * ```
 */
export class MemberMetrics {
  /** Attempts sent to this member and not ended yet (what bybusyness and p2c count). */
  readonly inFlight: Level;

  constructor(
    private readonly pool: PoolMetrics,
    private readonly index: number,
  ) {
    this.inFlight = new Level(0, 0, 0, pool.inFlight, index);
  }

  private count(column: number): number {
    return this.pool.counts[this.index * COUNTERS + column]!;
  }

  /** Attempts sent to this member (after the warm-up). */
  get forwards(): number {
    return this.count(FORWARDS);
  }
  /** Answers below 500. */
  get succeeded(): number {
    return this.count(SUCCEEDED);
  }
  /** 5xx answers. */
  get errors(): number {
    return this.count(ERRORS);
  }
  /** Attempts whose connection this member refused. */
  get refused(): number {
    return this.count(REFUSED);
  }
  /** Attempts whose connection was reset (a crash while they were in service or queued). */
  get reset(): number {
    return this.count(RESET);
  }
  /** Attempts that timed out at this member. */
  get timeout(): number {
    return this.count(TIMEOUT);
  }
  /** Latency of successful answers (a copy). */
  get latency(): Histogram {
    return this.pool.memberLatency.histogram(this.index);
  }
  /** Forwards per time bucket. */
  get series(): number[] {
    return this.pool.forwardSeries(this.index);
  }
}
