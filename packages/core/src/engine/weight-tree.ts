/**
 * A Fenwick tree of weights by slot: the weighted draws of `random` and `p2c` in O(log n).
 *
 * A draw `u` lands on the first slot whose running sum of weights (in configuration order) exceeds
 * `u × total`. The tree finds it by descending from the largest power of two, comparing whole-number
 * partial sums with the target: the same answer, to the bit, as subtracting weights one by one.
 *
 * @module
 */

/** Weights by slot with O(log n) updates and prefix searches. */
export class WeightTree {
  private readonly tree: Float64Array;
  private readonly top: number;

  constructor(readonly size: number) {
    this.tree = new Float64Array(size + 1);
    let top = 1;
    // Stryker disable next-line ArithmeticOperator: equivalent, a larger top only adds steps past size, which find skips
    while (top * 2 <= size) top *= 2;
    this.top = top;
  }

  /** Adds `delta` to the weight of `slot`. */
  add(slot: number, delta: number): void {
    for (let i = slot + 1; i <= this.size; i += i & -i) this.tree[i] = this.tree[i]! + delta;
  }

  /** The first slot whose running sum of weights exceeds `target` (0 ≤ target < total), or -1. */
  find(target: number): number {
    let at = 0;
    let rest = target;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = at + step;
      if (next <= this.size && this.tree[next]! <= rest) {
        at = next;
        rest -= this.tree[next]!;
      }
    }
    // Stryker disable next-line UnaryOperator: equivalent, at reaches size only for a target at or above the total, which no draw gives
    return at < this.size ? at : -1;
  }
}
