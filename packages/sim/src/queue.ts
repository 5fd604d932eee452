/**
 * The event queue: a binary min-heap ordered by time, then by insertion sequence, so that events
 * scheduled for the same instant run in the order they were scheduled (stable ties, reproducible runs).
 *
 * The heap keeps each entry's key (time, sequence) in typed arrays in heap order, so sifting compares
 * contiguous numbers; the payload (kind, two numbers, a reference) sits in recycled slots that the
 * heap points to. Pushing and popping allocate nothing once
 * the arrays have grown to the largest queue length, which keeps the garbage collector out of the
 * hot loop.
 *
 * Entries due at the very time of the entry last popped (a hop with no network delay: a server's
 * reply, a forward to a server) skip the heap: they go to a FIFO lane, which is already in
 * (time, sequence) order, and each pop takes the earlier of the lane's head and the heap's top.
 * Without it, every such entry sifts up to the root and back down, and the heap holds one entry
 * per busy server: at a thousand servers that is ten levels each way.
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
  // heap order: the key (time, sequence) of position i and the slot that holds its payload
  private keyTime = new Float64Array(64);
  private keySeq = new Float64Array(64);
  private heap = new Int32Array(64);
  // payload slots
  private kinds = new Int32Array(64);
  private targets = new Int32Array(64);
  private nums = new Float64Array(64);
  private refs: (R | null)[] = new Array<R | null>(64).fill(null);
  private free: number[] = [];
  private slots = 0;
  private n = 0;
  private nextSeq = 0;
  // the lane: entries all due at `laneAt`, in push order, from `laneHead` to `laneEnd`
  private laneAt = 0;
  private laneHead = 0;
  private laneEnd = 0;
  private laneSeq = new Float64Array(64);
  private laneKinds = new Int32Array(64);
  private laneTargets = new Int32Array(64);
  private laneNums = new Float64Array(64);
  private laneRefs: (R | null)[] = new Array<R | null>(64).fill(null);
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
    return this.n + this.laneEnd - this.laneHead;
  }

  /** Takes a sequence number without pushing (to order a side queue against this one). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  private grow(): void {
    const cap = this.keyTime.length * 2;
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
    this.keyTime = g64(this.keyTime);
    this.keySeq = g64(this.keySeq);
    this.heap = g32(this.heap);
    this.kinds = g32(this.kinds);
    this.targets = g32(this.targets);
    this.nums = g64(this.nums);
    for (let i = this.refs.length; i < cap; i++) this.refs.push(null);
  }

  /** Adds an entry due at `at`, stamped with the next sequence number. */
  push(at: number, kind: number, target: number, num: number, ref: R | null): void {
    // due now, behind every lane entry (all due now too): in order at the lane's end
    if (at === this.at && (this.laneHead === this.laneEnd || at === this.laneAt)) return this.pushLane(at, kind, target, num, ref);
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.slots === this.keyTime.length) this.grow();
      slot = this.slots++;
    }
    if (this.n === this.keyTime.length) this.grow();
    this.kinds[slot] = kind;
    this.targets[slot] = target;
    this.nums[slot] = num;
    this.refs[slot] = ref;
    const seq = this.nextSeq++;
    const kt = this.keyTime;
    const ks = this.keySeq;
    const heap = this.heap;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = kt[parent]!;
      if (pt < at || (pt === at && ks[parent]! < seq)) break;
      kt[i] = pt;
      ks[i] = ks[parent]!;
      heap[i] = heap[parent]!;
      i = parent;
    }
    kt[i] = at;
    ks[i] = seq;
    heap[i] = slot;
  }

  private pushLane(at: number, kind: number, target: number, num: number, ref: R | null): void {
    if (this.laneHead === this.laneEnd) this.laneHead = this.laneEnd = 0;
    if (this.laneEnd === this.laneSeq.length) this.growLane();
    const i = this.laneEnd++;
    this.laneAt = at;
    this.laneSeq[i] = this.nextSeq++;
    this.laneKinds[i] = kind;
    this.laneTargets[i] = target;
    this.laneNums[i] = num;
    this.laneRefs[i] = ref;
  }

  private growLane(): void {
    const cap = this.laneSeq.length * 2;
    const seq = new Float64Array(cap);
    seq.set(this.laneSeq);
    const kinds = new Int32Array(cap);
    kinds.set(this.laneKinds);
    const targets = new Int32Array(cap);
    targets.set(this.laneTargets);
    const nums = new Float64Array(cap);
    nums.set(this.laneNums);
    this.laneSeq = seq;
    this.laneKinds = kinds;
    this.laneTargets = targets;
    this.laneNums = nums;
    for (let i = this.laneRefs.length; i < cap; i++) this.laneRefs.push(null);
  }

  /** True when the earliest entry is the lane's head (false when the lane is empty). */
  private laneFirst(): boolean {
    if (this.laneHead === this.laneEnd) return false;
    if (this.n === 0) return true;
    const t = this.keyTime[0]!;
    return this.laneAt < t || (this.laneAt === t && this.laneSeq[this.laneHead]! < this.keySeq[0]!);
  }

  /** Time of the earliest entry, or `Infinity` when empty. */
  peekAt(): number {
    if (this.laneFirst()) return this.laneAt;
    return this.n === 0 ? Infinity : this.keyTime[0]!;
  }

  /** Sequence number of the earliest entry, or `Infinity` when empty. */
  peekSeq(): number {
    if (this.laneFirst()) return this.laneSeq[this.laneHead]!;
    return this.n === 0 ? Infinity : this.keySeq[0]!;
  }

  private popLane(): true {
    const i = this.laneHead++;
    this.at = this.laneAt;
    this.seq = this.laneSeq[i]!;
    this.kind = this.laneKinds[i]!;
    this.target = this.laneTargets[i]!;
    this.num = this.laneNums[i]!;
    this.ref = this.laneRefs[i]!;
    this.laneRefs[i] = null;
    return true;
  }

  /** Removes the earliest entry into the public fields; false when the queue is empty. */
  pop(): boolean {
    if (this.laneFirst()) return this.popLane();
    if (this.n === 0) return false;
    const kt = this.keyTime;
    const ks = this.keySeq;
    const heap = this.heap;
    const top = heap[0]!;
    this.at = kt[0]!;
    this.seq = ks[0]!;
    this.kind = this.kinds[top]!;
    this.target = this.targets[top]!;
    this.num = this.nums[top]!;
    this.ref = this.refs[top]!;
    this.refs[top] = null;
    this.free.push(top);
    const n = --this.n;
    if (n === 0) return true;
    const lt = kt[n]!;
    const ls = ks[n]!;
    const lslot = heap[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (kt[r]! < kt[c]! || (kt[r] === kt[c] && ks[r]! < ks[c]!))) c = r;
      const ct = kt[c]!;
      if (lt < ct || (lt === ct && ls < ks[c]!)) break;
      kt[i] = ct;
      ks[i] = ks[c]!;
      heap[i] = heap[c]!;
      i = c;
    }
    kt[i] = lt;
    ks[i] = ls;
    heap[i] = lslot;
    return true;
  }
}
