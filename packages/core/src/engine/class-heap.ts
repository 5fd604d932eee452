/**
 * One weight class of one rank: its members in a binary heap, best first.
 *
 * Within a class every member has the same weight, so the `byrequests` increments (`coef × weight`)
 * move all their counters alike and the order of their counters is the order of their bases: a heap
 * on the base finds the highest counter in O(1) and re-places the winner in O(log n). Ties go to
 * configuration order (the slot index). For `bybusyness` the heap orders by requests in flight first.
 *
 * Keys are stored in heap order, beside the slot, so that sifting compares neighbouring numbers.
 *
 * @module
 */

/** The members of one weight class of one rank, best first: what a pick reads and updates. */
export interface ClassQueue {
  readonly weight: number;
  /** How many members it holds. */
  readonly size: number;
  /** The best slot (it must not be empty). */
  top(): number;
  /** The best slot's base. */
  topKey(): number;
  /** The best slot's requests in flight (kept only when ordered by them). */
  topBusy(): number;
  push(slot: number, key: number, busy: number): void;
  remove(slot: number): void;
  update(slot: number, key: number, busy: number): void;
}

/** A 4-ary heap (half the depth of a binary one; the four children share a cache line) of slots keyed by (busy ascending when `byBusy`, base descending, slot ascending). */
export class ClassHeap implements ClassQueue {
  size = 0;
  private keys = new Float64Array(8);
  private busy = new Int32Array(8);
  private items = new Int32Array(8);

  /**
   * @param weight - every member's weight in this class.
   * @param byBusy - order by requests in flight first (`bybusyness`).
   * @param pos - each slot's position in its heap, shared by every heap of a pool.
   */
  constructor(
    readonly weight: number,
    readonly byBusy: boolean,
    private readonly pos: Int32Array,
  ) {}

  /** The best slot (the heap must not be empty). */
  top(): number {
    return this.items[0]!;
  }

  /** The best slot's base. */
  topKey(): number {
    return this.keys[0]!;
  }

  /** The best slot's requests in flight. */
  topBusy(): number {
    return this.busy[0]!;
  }

  /** Adds a slot. */
  push(slot: number, key: number, busy: number): void {
    if (this.size === this.items.length) this.grow();
    this.place(this.size, slot, key, busy);
    this.size++;
    this.siftUp(this.size - 1);
  }

  /** Removes `slot` (it must be in this heap). */
  remove(slot: number): void {
    this.removeAt(this.pos[slot]!);
  }

  /** Changes the keys of `slot` (in this heap) and re-places it. */
  update(slot: number, key: number, busy: number): void {
    this.updateAt(this.pos[slot]!, key, busy);
  }

  private removeAt(p: number): void {
    const slot = this.items[p]!;
    this.pos[slot] = -1;
    this.size--;
    if (p === this.size) return;
    const last = this.size;
    this.place(p, this.items[last]!, this.keys[last]!, this.busy[last]!);
    this.settle(p);
  }

  private updateAt(p: number, key: number, busy: number): void {
    this.keys[p] = key;
    this.busy[p] = busy; // read only when byBusy; stored always, one branch less
    this.settle(p);
  }

  private settle(p: number): void {
    if (p > 0 && this.above(p, (p - 1) >> 2)) this.siftUp(p);
    else this.siftDown(p);
  }

  /** Whether the entry at `a` belongs above the entry at `b`. */
  private above(a: number, b: number): boolean {
    if (this.byBusy) {
      const ba = this.busy[a]!;
      const bb = this.busy[b]!;
      if (ba !== bb) return ba < bb;
    }
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka > kb || (ka === kb && this.items[a]! < this.items[b]!);
  }

  private place(p: number, slot: number, key: number, busy: number): void {
    this.items[p] = slot;
    this.keys[p] = key;
    this.busy[p] = busy; // read only when byBusy; stored always, one branch less
    this.pos[slot] = p;
  }

  /** Whether an entry (slot, key, busy) belongs above the entry at `b`. */
  private beats(slot: number, key: number, busy: number, b: number): boolean {
    if (this.byBusy) {
      const bb = this.busy[b]!;
      if (busy !== bb) return busy < bb;
    }
    const kb = this.keys[b]!;
    return key > kb || (key === kb && slot < this.items[b]!);
  }

  private siftUp(p: number): void {
    const slot = this.items[p]!;
    const key = this.keys[p]!;
    const busy = this.busy[p]!;
    while (p > 0) {
      const parent = (p - 1) >> 2;
      if (!this.beats(slot, key, busy, parent)) break;
      this.place(p, this.items[parent]!, this.keys[parent]!, this.busy[parent]!);
      p = parent;
    }
    this.place(p, slot, key, busy);
  }

  private siftDown(p: number): void {
    const n = this.size;
    const slot = this.items[p]!;
    const key = this.keys[p]!;
    const busy = this.busy[p]!;
    for (;;) {
      const first = 4 * p + 1;
      if (first >= n) break;
      const last = first + 4 < n ? first + 4 : n;
      let c = first;
      for (let k = first + 1; k < last; k++) if (this.above(k, c)) c = k;
      if (this.beats(slot, key, busy, c)) break;
      this.place(p, this.items[c]!, this.keys[c]!, this.busy[c]!);
      p = c;
    }
    this.place(p, slot, key, busy);
  }

  private grow(): void {
    const cap = this.items.length * 2;
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    const busy = new Int32Array(cap);
    busy.set(this.busy);
    const items = new Int32Array(cap);
    items.set(this.items);
    this.keys = keys;
    this.busy = busy;
    this.items = items;
  }
}
