/**
 * Virtual time. The simulator never reads the wall clock: time only moves when the engine takes
 * the next event off its queue, so a run is a pure function of its scenario and seed.
 *
 * @module
 */

/**
 * A clock that only the engine moves, in milliseconds since the start of the run.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock()
 * clock.advanceTo(250)
 * clock.now // 250
 * ```
 */
export class VirtualClock {
  /** Current virtual time, ms. */
  now = 0;

  /**
   * Moves the clock forward to `t`.
   *
   * @throws RangeError when `t` is earlier than {@link VirtualClock.now}: time never runs backwards.
   */
  advanceTo(t: number): void {
    if (t < this.now) throw new RangeError(`virtual time cannot go back from ${this.now} to ${t}`);
    this.now = t;
  }
}
