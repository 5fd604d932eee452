/**
 * Time-weighted levels: a quantity that steps up and down (requests in flight at a member, requests
 * queued or in service at a server), integrated over time. The integral over the measurement window
 * [warm-up, horizon] gives the time average (mean queue length, utilisation, L in Little's law);
 * the integral per time bucket gives the curve over time.
 *
 * @module
 */

/**
 * One level, integrated exactly between its changes.
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
  /** The current value. */
  value = 0;
  /** Integral of the value over [warm-up, horizon] up to the last change, in ms × units. */
  windowArea = 0;
  /** Integral of the value per time bucket (buckets up to the horizon only). */
  readonly bucketArea: number[] = [];
  private last = 0;

  constructor(
    private readonly bucketMs: number,
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {}

  /** Adds `delta` to the level at time `now` (times never go back). */
  step(now: number, delta: number): void {
    if (this.value !== 0 && now > this.last) this.integrate(this.last, now);
    this.last = now;
    this.value += delta;
  }

  /** Integrates up to `now` without changing the level (before reading the areas). */
  advance(now: number): void {
    this.step(now, 0);
  }

  private integrate(from: number, to: number): void {
    const v = this.value;
    const lo = Math.max(from, this.fromMs);
    const hi = Math.min(to, this.toMs);
    if (hi > lo) this.windowArea += v * (hi - lo);
    const end = Math.min(to, this.toMs);
    let t = from;
    while (t < end) {
      let b = Math.floor(t / this.bucketMs);
      if ((b + 1) * this.bucketMs <= t) b++; // t on a boundary, rounded down
      const bucketEnd = Math.min((b + 1) * this.bucketMs, end);
      while (this.bucketArea.length <= b) this.bucketArea.push(0);
      this.bucketArea[b]! += v * (bucketEnd - t);
      t = bucketEnd;
    }
  }
}
