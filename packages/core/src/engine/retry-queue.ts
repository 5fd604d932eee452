/**
 * Members waiting out an error, soonest first: a pool lets them back in as its clock passes their
 * retry time, without looking at every member on every decision.
 *
 * @module
 */

/** A binary min-heap of slots by retry time. */
export class RetryQueue {
  size = 0;
  // Stryker disable next-line ArrayDeclaration: equivalent, set writes an index before anything reads it
  private readonly at: number[] = [];
  // Stryker disable next-line ArrayDeclaration: equivalent, set writes an index before anything reads it
  private readonly items: number[] = [];

  /** @param pos - each slot's position in this heap, or -1. */
  constructor(private readonly pos: Int32Array) {}

  /** The soonest retry time, or +Infinity when nobody waits. */
  soonest(): number {
    return this.size === 0 ? Infinity : this.at[0]!;
  }

  /** The slot with the soonest retry time (the heap must not be empty). */
  first(): number {
    return this.items[0]!;
  }

  /** Adds `slot` or moves it to retry time `at`. */
  set(slot: number, at: number): void {
    let p = this.pos[slot]!;
    if (p < 0) {
      p = this.size++;
      this.items[p] = slot;
      this.pos[slot] = p;
    }
    this.at[p] = at;
    this.settle(p);
  }

  /** Removes `slot` if it waits. */
  delete(slot: number): void {
    const p = this.pos[slot]!;
    if (p < 0) return;
    this.pos[slot] = -1;
    this.size--;
    if (p === this.size) return;
    this.items[p] = this.items[this.size]!;
    this.at[p] = this.at[this.size]!;
    this.pos[this.items[p]!] = p;
    this.settle(p);
  }

  private settle(p: number): void {
    while (p > 0) {
      const parent = (p - 1) >> 1;
      if (this.at[parent]! <= this.at[p]!) break;
      this.swap(p, parent);
      p = parent;
    }
    for (;;) {
      const l = 2 * p + 1;
      if (l >= this.size) return;
      const c = l + 1 < this.size && this.at[l + 1]! < this.at[l]! ? l + 1 : l;
      if (this.at[p]! <= this.at[c]!) return;
      this.swap(p, c);
      p = c;
    }
  }

  private swap(a: number, b: number): void {
    const item = this.items[a]!;
    const at = this.at[a]!;
    this.items[a] = this.items[b]!;
    this.at[a] = this.at[b]!;
    this.items[b] = item;
    this.at[b] = at;
    this.pos[this.items[a]!] = a;
    this.pos[item] = b;
  }
}
