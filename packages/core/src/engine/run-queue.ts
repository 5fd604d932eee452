/**
 * The members of one weight class in `byrequests` order, for O(1) picks at any pool size.
 *
 * A pick drops the winner's counter by the weight of the whole rank, which puts it behind every
 * other member of its class: in round robin the winner goes to the back of the line. So the class
 * is kept as a line sorted best first (base descending, then configuration order), read from the
 * front and appended at the back, with a heap beside it for the members whose new key does not
 * belong at the back (a member back from an error with an old counter, say). A member leaving
 * the line leaves a hole that the front skips. Every operation is O(1) amortised, or O(log s) for
 * the s members in the side heap, and a pick reads memory in order.
 *
 * @module
 */
import { ClassHeap, type ClassQueue } from './class-heap.js';

/** A sorted line with a side heap; see the module comment. */
export class RunQueue implements ClassQueue {
  size = 0;
  private slots = new Int32Array(8);
  private keys = new Float64Array(8);
  /** Live entries are in [head, end); a hole is slot -1. */
  private head = 0;
  private end = 0;
  private inLine = 0;
  /** The last entry appended: anything after it in order may be appended. */
  private lastKey = 0;
  private lastSlot = -1;
  private readonly side: ClassHeap;
  private fromSide = false;

  /**
   * @param weight - every member's weight in this class.
   * @param pos - each slot's position in a side heap (shared by a pool's heaps).
   * @param at - each slot's position in a line, or -1 (shared by a pool's lines).
   */
  constructor(
    readonly weight: number,
    pos: Int32Array,
    private readonly at: Int32Array,
  ) {
    this.side = new ClassHeap(weight, false, pos);
  }

  top(): number {
    let h = this.head;
    while (h < this.end && this.slots[h]! < 0) h++;
    this.head = h;
    if (this.side.size === 0) {
      this.fromSide = false;
      return this.slots[h]!;
    }
    if (h === this.end) {
      this.fromSide = true;
      return this.side.top();
    }
    const key = this.keys[h]!;
    const sideKey = this.side.topKey();
    this.fromSide = sideKey > key || (sideKey === key && this.side.top() < this.slots[h]!);
    return this.fromSide ? this.side.top() : this.slots[h]!;
  }

  /** The base of the slot {@link top} returned. */
  topKey(): number {
    return this.fromSide ? this.side.topKey() : this.keys[this.head]!;
  }

  topBusy(): number {
    return 0;
  }

  push(slot: number, key: number): void {
    this.size++;
    if (this.inLine > 0 && !(key < this.lastKey || (key === this.lastKey && slot > this.lastSlot))) {
      this.side.push(slot, key, 0);
      return;
    }
    if (this.inLine === 0) this.head = this.end = 0;
    if (this.end === this.slots.length) this.makeRoom();
    this.slots[this.end] = slot;
    this.keys[this.end] = key;
    this.at[slot] = this.end;
    this.end++;
    this.inLine++;
    this.lastKey = key;
    this.lastSlot = slot;
  }

  remove(slot: number): void {
    this.size--;
    const p = this.at[slot]!;
    if (p < 0) return this.side.remove(slot);
    this.slots[p] = -1;
    this.at[slot] = -1;
    this.inLine--;
  }

  update(slot: number, key: number): void {
    this.remove(slot);
    this.push(slot, key);
  }

  /** Closes the holes, or doubles the line when it is mostly full. */
  private makeRoom(): void {
    let slots = this.slots;
    let keys = this.keys;
    if (this.inLine > slots.length >> 1) {
      slots = new Int32Array(slots.length * 2);
      keys = new Float64Array(slots.length);
    }
    let w = 0;
    for (let r = this.head; r < this.end; r++) {
      const slot = this.slots[r]!;
      if (slot < 0) continue;
      slots[w] = slot;
      keys[w] = this.keys[r]!;
      this.at[slot] = w;
      w++;
    }
    this.slots = slots;
    this.keys = keys;
    this.head = 0;
    this.end = w;
  }
}
