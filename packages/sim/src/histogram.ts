/**
 * A latency histogram with logarithmic buckets: fixed memory whatever the number of samples, exact
 * count, mean and maximum, percentiles within half a bucket (±0.8 %).
 *
 * @module
 */

const MIN = 1e-3; // 1 µs, in ms
const GROWTH = 1 + 1 / 64;
const INV_LOG_GROWTH = 1 / Math.log(GROWTH);
const BUCKETS = 1800; // up to MIN · GROWTH^1800 ≈ 1.2e9 ms

/**
 * Summary of a set of latencies, in ms.
 *
 * @example
 * ```ts
 * const s: LatencySummary = { count: 3, mean: 2, p50: 2, p90: 3, p99: 3, p999: 3, max: 3 }
 * ```
 */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/**
 * Log-bucketed histogram of durations in ms.
 *
 * @example
 * ```ts
 * const h = new Histogram()
 * h.record(12.5)
 * h.summary().p50 // ≈ 12.5
 * ```
 */
export class Histogram {
  count = 0;
  sum = 0;
  max = 0;
  min = Infinity;

  /** An empty histogram; `counts` (one count per bucket) is used as given, for {@link Histograms.histogram}. */
  constructor(private readonly counts = new Uint32Array(BUCKETS)) {}

  /** The bucket a sample falls in (to record one sample in several histograms with one logarithm). */
  static bucketOf(ms: number): number {
    const i = ms <= MIN ? 0 : Math.floor(Math.log(ms / MIN) * INV_LOG_GROWTH) + 1;
    return i >= BUCKETS ? BUCKETS - 1 : i;
  }

  /** Adds one sample (ms, ≥ 0). */
  record(ms: number): void {
    this.recordIn(Histogram.bucketOf(ms), ms);
  }

  /** Adds one sample whose bucket ({@link Histogram.bucketOf}) is known. */
  recordIn(i: number, ms: number): void {
    this.counts[i]!++;
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
  }

  /** The q-quantile (0 < q ≤ 1): the middle of the bucket holding the sample of rank ⌈q·count⌉. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const mid = i === 0 ? MIN : MIN * Math.pow(GROWTH, i - 0.5);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  /** Count, mean, p50, p90, p99, p99.9 and max. */
  summary(): LatencySummary {
    return {
      count: this.count,
      mean: this.count === 0 ? 0 : this.sum / this.count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: this.max,
    };
  }

  /** Non-empty buckets as `[lowerMs, upperMs, count]`, for plotting. */
  buckets(): [number, number, number][] {
    const out: [number, number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!;
      if (c === 0) continue;
      out.push([i === 0 ? 0 : MIN * Math.pow(GROWTH, i - 1), MIN * Math.pow(GROWTH, i), c]);
    }
    return out;
  }
}

/** Numbers per histogram in `stats`: count, sum, max, min. */
const STATS = 4;
/** Bucket increments held back before they are applied together. */
const PENDING = 4096;

/**
 * A set of histograms addressed by index (one per member of a pool), recorded into two flat typed
 * arrays: at a thousand members, separate objects (each with its boxed sum, max and min) would
 * cost several cache misses per sample. {@link Histograms.histogram} hands one out as a
 * {@link Histogram} for reading. The bucket counts (n × 1 800 of them, megabytes at a thousand
 * members) are incremented in batches: a loop of independent increments lets the processor wait
 * for many cache misses at once, where one increment per request waits for each alone.
 *
 * @example
 * ```ts
 * const h = new Histograms(3)
 * h.recordIn(1, Histogram.bucketOf(12.5), 12.5)
 * h.histogram(1).summary().p50 // ≈ 12.5
 * ```
 */
export class Histograms {
  private readonly counts: Uint32Array;
  private readonly stats: Float64Array;
  /** Indices in `counts` to increment. */
  private readonly pending = new Int32Array(PENDING);
  private held = 0;

  constructor(readonly size: number) {
    this.counts = new Uint32Array(size * BUCKETS);
    this.stats = new Float64Array(size * STATS);
    for (let i = 0; i < size; i++) this.stats[i * STATS + 3] = Infinity;
  }

  /** Adds one sample to histogram `i`, in bucket `b` ({@link Histogram.bucketOf}). */
  recordIn(i: number, b: number, ms: number): void {
    this.pending[this.held++] = i * BUCKETS + b;
    if (this.held === PENDING) this.apply();
    const s = this.stats;
    const k = i * STATS;
    s[k]!++;
    s[k + 1]! += ms;
    if (ms > s[k + 2]!) s[k + 2] = ms;
    if (ms < s[k + 3]!) s[k + 3] = ms;
  }

  private apply(): void {
    const counts = this.counts;
    const pending = this.pending;
    for (let j = 0; j < this.held; j++) counts[pending[j]!]!++;
    this.held = 0;
  }

  /** A copy of histogram `i`. */
  histogram(i: number): Histogram {
    this.apply();
    const h = new Histogram(this.counts.slice(i * BUCKETS, (i + 1) * BUCKETS));
    const k = i * STATS;
    h.count = this.stats[k]!;
    h.sum = this.stats[k + 1]!;
    h.max = this.stats[k + 2]!;
    h.min = this.stats[k + 3]!;
    return h;
  }
}
