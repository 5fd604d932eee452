/**
 * The event queue: a binary min-heap ordered by time, then by insertion sequence, so that events
 * scheduled for the same instant run in the order they were scheduled (stable ties, reproducible runs).
 *
 * Entries live in slots of parallel typed arrays (time, sequence, kind, two numbers) plus one array of
 * references; the heap itself is an array of slot numbers. Pushing and popping allocate nothing once
 * the arrays have grown to the largest queue length, which keeps the garbage collector out of the
 * hot loop.
 *
 * @module
 */

/**
 * A binary heap of events. `push` and `pop` are O(log n); ties in time pop in push order. A popped
 * entry's fields are read from `at`, `kind`, `target`, `num` and `ref` until the next `pop`.
 *
 * @example
 * ```ts
 * const q = new EventQueue<string>()
 * q.push(5, 0, 0, 0, 'b')
 * q.push(1, 0, 0, 0, 'a')
 * q.pop() && q.ref // 'a'
 * ```
 */
export class EventQueue<R> {
  private heap = new Int32Array(64);
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private kinds = new Int32Array(64);
  private targets = new Int32Array(64);
  private nums = new Float64Array(64);
  private refs: (R | null)[] = new Array<R | null>(64).fill(null);
  private free: number[] = [];
  private slots = 0;
  private n = 0;
  private nextSeq = 0;
  /** Time of the entry last popped. */
  at = 0;
  /** Sequence number of the entry last popped. */
  seq = 0;
  /** Kind of the entry last popped. */
  kind = 0;
  /** First integer of the entry last popped. */
  target = 0;
  /** Second number of the entry last popped. */
  num = 0;
  /** Reference of the entry last popped. */
  ref: R | null = null;

  /** Number of entries waiting. */
  get size(): number {
    return this.n;
  }

  /** Takes a sequence number without pushing (to order a side queue against this one). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.heap = g32(this.heap);
    this.times = g64(this.times);
    this.seqs = g64(this.seqs);
    this.kinds = g32(this.kinds);
    this.targets = g32(this.targets);
    this.nums = g64(this.nums);
    for (let i = this.refs.length; i < cap; i++) this.refs.push(null);
  }

  private before(x: number, y: number): boolean {
    const tx = this.times[x]!;
    const ty = this.times[y]!;
    return tx < ty || (tx === ty && this.seqs[x]! < this.seqs[y]!);
  }

  /** Adds an entry due at `at`, stamped with the next sequence number. */
  push(at: number, kind: number, target: number, num: number, ref: R | null): void {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.slots === this.times.length) this.grow();
      slot = this.slots++;
    }
    this.times[slot] = at;
    this.seqs[slot] = this.nextSeq++;
    this.kinds[slot] = kind;
    this.targets[slot] = target;
    this.nums[slot] = num;
    this.refs[slot] = ref;
    const heap = this.heap;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!this.before(slot, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Time of the earliest entry, or `Infinity` when empty. */
  peekAt(): number {
    return this.n === 0 ? Infinity : this.times[this.heap[0]!]!;
  }

  /** Sequence number of the earliest entry, or `Infinity` when empty. */
  peekSeq(): number {
    return this.n === 0 ? Infinity : this.seqs[this.heap[0]!]!;
  }

  /** Removes the earliest entry into the public fields; false when the queue is empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const heap = this.heap;
    const top = heap[0]!;
    this.at = this.times[top]!;
    this.seq = this.seqs[top]!;
    this.kind = this.kinds[top]!;
    this.target = this.targets[top]!;
    this.num = this.nums[top]!;
    this.ref = this.refs[top]!;
    this.refs[top] = null;
    this.free.push(top);
    const n = --this.n;
    if (n === 0) return true;
    const last = heap[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(heap[r]!, heap[l]!) ? r : l;
      const child = heap[c]!;
      if (!this.before(child, last)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return true;
  }
}
