/**
 * Time-weighted levels: a quantity that steps up and down (requests in flight at a member, requests
 * queued or in service at a server), integrated over time. The integral over the measurement window
 * [warm-up, horizon] gives the time average (mean queue length, utilisation, L in Little's law);
 * the integral per time bucket gives the curve over time.
 *
 * A simulation keeps one level per member and two per server, and steps them on every request. At
 * a thousand servers separate objects no longer stay in cache (and each double field of an object
 * is a box of its own), so {@link Levels} keeps them all in two typed arrays: one row of numbers
 * per level, and one row of bucket areas per level. The bucket a level is in is summed in its own
 * row and written out when the level moves on to a later bucket (about a hundred times a run), so
 * a step touches one row; the sum is the same, term by term, as adding each piece to the bucket.
 *
 * @module
 */

import { BucketRows } from './bucket-rows.js';

/**
 * Numbers per level in `state`: value, time of the last change, window area, and the bucket being
 * filled with its area so far (-1: none), padded to 64 bytes.
 */
const STRIDE = 8;
const VALUE = 0;
const LAST = 1;
const AREA = 2;
const OPEN_BUCKET = 3;
const OPEN_AREA = 4;

/**
 * A set of levels, addressed by index, integrated exactly between their changes.
 *
 * @example
 * ```ts
 * const inFlight = new Levels(3, 1000, 0, 60_000) // three members
 * inFlight.step(1, 10, +1)
 * inFlight.step(1, 30, -1)
 * inFlight.windowArea(1) // 20 (ms × requests)
 * ```
 */
export class Levels {
  private readonly state: Float64Array;
  private readonly areas: BucketRows;

  constructor(
    readonly size: number,
    private readonly bucketMs: number,
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {
    this.state = new Float64Array(size * STRIDE);
    for (let i = 0; i < size; i++) this.state[i * STRIDE + OPEN_BUCKET] = -1;
    this.areas = new BucketRows(size, toMs / bucketMs + 1);
  }

  /** The current value of level `i`. */
  value(i: number): number {
    return this.state[i * STRIDE + VALUE]!;
  }

  /** Integral of level `i` over [warm-up, horizon] up to its last change, in ms × units. */
  windowArea(i: number): number {
    return this.state[i * STRIDE + AREA]!;
  }

  /** Integral of level `i` per time bucket, up to the last bucket it was ever integrated into. */
  bucketAreas(i: number): number[] {
    const out = this.areas.row(i);
    const b = this.state[i * STRIDE + OPEN_BUCKET]!;
    if (b < 0) return out;
    while (out.length <= b) out.push(0);
    out[b]! += this.state[i * STRIDE + OPEN_AREA]!;
    return out;
  }

  /** Adds `delta` to level `i` at time `now` (times never go back). */
  step(i: number, now: number, delta: number): void {
    const s = this.state;
    const k = i * STRIDE;
    const last = s[k + LAST]!;
    if (s[k + VALUE] !== 0 && now > last) this.integrate(i, last, now);
    s[k + LAST] = now;
    s[k + VALUE]! += delta;
  }

  /** Integrates level `i` up to `now` without changing it (before reading the areas). */
  advance(i: number, now: number): void {
    this.step(i, now, 0);
  }

  /** Integrates every level up to `now`. */
  advanceAll(now: number): void {
    for (let i = 0; i < this.size; i++) this.step(i, now, 0);
  }

  private integrate(i: number, from: number, to: number): void {
    const s = this.state;
    const k = i * STRIDE;
    const v = s[k + VALUE]!;
    const lo = Math.max(from, this.fromMs);
    const hi = Math.min(to, this.toMs);
    if (hi > lo) s[k + AREA]! += v * (hi - lo);
    const end = Math.min(to, this.toMs);
    let t = from;
    while (t < end) {
      let b = Math.floor(t / this.bucketMs);
      if ((b + 1) * this.bucketMs <= t) b++; // t on a boundary, rounded down
      const bucketEnd = Math.min((b + 1) * this.bucketMs, end);
      if (b !== s[k + OPEN_BUCKET]) {
        const open = s[k + OPEN_BUCKET]!;
        if (open >= 0) this.areas.add(i, open, s[k + OPEN_AREA]!);
        s[k + OPEN_BUCKET] = b;
        s[k + OPEN_AREA] = 0;
      }
      s[k + OPEN_AREA]! += v * (bucketEnd - t);
      t = bucketEnd;
    }
  }
}

/**
 * One level (a {@link Levels} of one), integrated exactly between its changes.
 *
 * @example
 * ```ts
 * const queued = new Level(1000, 0, 60_000)
 * queued.step(10, +1)
 * queued.step(30, -1)
 * queued.windowArea // 20 (ms × requests)
 * ```
 */
export class Level {
  private readonly levels: Levels;

  /** A level alone; or, with `levels` and `index`, a view of one level of a set. */
  constructor(bucketMs: number, fromMs: number, toMs: number, levels?: Levels, private readonly index = 0) {
    this.levels = levels ?? new Levels(1, bucketMs, fromMs, toMs);
  }

  /** The current value. */
  get value(): number {
    return this.levels.value(this.index);
  }

  /** Integral of the value over [warm-up, horizon] up to the last change, in ms × units. */
  get windowArea(): number {
    return this.levels.windowArea(this.index);
  }

  /** Integral of the value per time bucket (buckets up to the horizon only). */
  get bucketArea(): number[] {
    return this.levels.bucketAreas(this.index);
  }

  /** Adds `delta` to the level at time `now` (times never go back). */
  step(now: number, delta: number): void {
    this.levels.step(this.index, now, delta);
  }

  /** Integrates up to `now` without changing the level (before reading the areas). */
  advance(now: number): void {
    this.levels.advance(this.index, now);
  }
}
