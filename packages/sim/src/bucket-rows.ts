/**
 * Per-bucket sums of many series (one row per member or server), in one typed array that grows
 * when a run outlasts the planned horizon.
 *
 * Stored bucket by bucket (the sums of every series for bucket 0, then for bucket 1, …): series
 * move on from a bucket at about the same time, so their writes land in one small region instead
 * of one cache line per series, which at a thousand series and a hundred buckets is most of them.
 *
 * @module
 */

/**
 * `size` rows of sums per time bucket. A row reads as long as the last bucket ever added to.
 *
 * @example
 * ```ts
 * const forwards = new BucketRows(3, 60) // three members, 60 buckets planned
 * forwards.add(2, 5, 1)
 * forwards.row(2) // [0, 0, 0, 0, 0, 1]
 * ```
 */
export class BucketRows {
  private data: Float64Array;
  private cap: number;
  /** Buckets used per row. */
  private readonly used: Int32Array;

  /** `planned` buckets per row to start with (it grows as needed). */
  constructor(
    readonly size: number,
    planned: number,
  ) {
    this.cap = Number.isFinite(planned) ? Math.max(1, Math.min(Math.ceil(planned), 1 << 16)) : 64;
    this.data = new Float64Array(size * this.cap);
    this.used = new Int32Array(size);
  }

  /** Adds `x` to bucket `b` of row `i`. */
  add(i: number, b: number, x: number): void {
    if (b >= this.cap) this.grow(b + 1);
    if (b >= this.used[i]!) this.used[i] = b + 1;
    this.data[b * this.size + i]! += x;
  }

  /** Row `i`, as a plain array. */
  row(i: number): number[] {
    const out = new Array<number>(this.used[i]!);
    for (let b = 0; b < out.length; b++) out[b] = this.data[b * this.size + i]!;
    return out;
  }

  private grow(buckets: number): void {
    const cap = Math.max(buckets, this.cap * 2);
    const data = new Float64Array(this.size * cap);
    data.set(this.data);
    this.data = data;
    this.cap = cap;
  }
}
