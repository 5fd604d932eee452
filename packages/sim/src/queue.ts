/**
 * The event queue: a binary min-heap ordered by time, then by insertion sequence, so that events
 * scheduled for the same instant run in the order they were scheduled (stable ties, reproducible runs).
 *
 * @module
 */

/** What the queue needs of an entry: when it is due and its insertion sequence number. */
export interface Scheduled {
  readonly at: number;
  /** Set by {@link EventQueue.push}. */
  seq: number;
}

function before(x: Scheduled, y: Scheduled): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

/**
 * A binary heap of scheduled entries. `push` and `pop` are O(log n); ties in time pop in push order.
 *
 * @example
 * ```ts
 * const q = new EventQueue<{ at: number; seq: number; name: string }>()
 * q.push({ at: 5, seq: 0, name: 'b' })
 * q.push({ at: 1, seq: 0, name: 'a' })
 * q.pop()?.name // 'a'
 * ```
 */
export class EventQueue<T extends Scheduled> {
  private readonly heap: T[] = [];
  private nextSeq = 0;

  /** Number of entries waiting. */
  get size(): number {
    return this.heap.length;
  }

  /** The sequence number the next push will get (also used to order side queues against this one). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Adds an entry, stamping its sequence number. */
  push(entry: T): void {
    entry.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** The earliest entry without removing it. */
  peek(): T | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      const child = heap[c]!;
      if (!before(child, last)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}
