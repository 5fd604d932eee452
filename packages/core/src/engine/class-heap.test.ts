import { describe, expect, it } from 'vitest';
import { ClassHeap } from './class-heap.js';

interface Entry {
  slot: number;
  key: number;
  busy: number;
}

/** The oracle: the best entry by a plain sort (busy ascending when `byBusy`, base descending, slot ascending). */
function best(entries: readonly Entry[], byBusy: boolean): Entry {
  return [...entries].sort((a, b) => (byBusy ? a.busy - b.busy : 0) || b.key - a.key || a.slot - b.slot)[0]!;
}

/** A small deterministic generator (an LCG): the table's inputs, not the code under test. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('ClassHeap: the best slot after any sequence of pushes, updates and removals', () => {
  for (const byBusy of [false, true]) {
    for (const seed of [1, 2, 3]) {
      it(`${byBusy ? 'by busyness' : 'by base'}, seed ${seed}: top, its key and busy agree with a sort`, () => {
        const n = 40;
        const pos = new Int32Array(n).fill(-1);
        const heap = new ClassHeap(1, byBusy, pos);
        const live = new Map<number, Entry>();
        const rnd = lcg(seed);
        const wrong: string[] = [];
        for (let step = 0; step < 600; step++) {
          const slot = Math.floor(rnd() * n);
          // few distinct keys and busy counts: ties are common
          const key = Math.floor(rnd() * 6) - 3;
          const busy = Math.floor(rnd() * 3);
          const op = rnd();
          if (!live.has(slot)) {
            heap.push(slot, key, busy);
            live.set(slot, { slot, key, busy });
          } else if (op < 0.5) {
            heap.update(slot, key, busy);
            live.set(slot, { slot, key, busy });
          } else {
            heap.remove(slot);
            live.delete(slot);
          }
          // one assertion at the end: the suite runs once per mutant, and thousands of expects are slow
          const b = live.size === 0 ? null : best([...live.values()], byBusy);
          const seen = [heap.size, [...pos].map((p) => p >= 0).join(), b === null ? null : [heap.top(), heap.topKey(), byBusy ? heap.topBusy() : 0]];
          const want = [live.size, [...pos].map((_, s) => live.has(s)).join(), b === null ? null : [b.slot, b.key, byBusy ? b.busy : 0]];
          if (JSON.stringify(seen) !== JSON.stringify(want)) wrong.push(`step ${step}: ${JSON.stringify(seen)} ≠ ${JSON.stringify(want)}`);
        }
        expect(wrong.slice(0, 3)).toEqual([]);
      });
    }
  }

  it('an entry lowered below its children sinks, even when it still beats its sibling', () => {
    // pushed best-first where needed, each key lands at its own index: a heap already
    const keys = [100, 10, 50, 60, 55, 9, 8, 7, 6, 5, 4, 3, 2, 58, 57, 56, 54];
    const pos = new Int32Array(keys.length).fill(-1);
    const heap = new ClassHeap(1, false, pos);
    keys.forEach((k, slot) => heap.push(slot, k, 0));
    heap.update(3, 20, 0); // at index 3: below its children (58…), above index 1 (10)
    const order: number[] = [];
    while (heap.size > 0) {
      order.push(heap.topKey());
      heap.remove(heap.top());
    }
    expect(order).toEqual(keys.map((k, slot) => (slot === 3 ? 20 : k)).sort((a, b) => b - a));
  });

  it('a removed slot, the last one included, has no position left', () => {
    const pos = new Int32Array(3).fill(-1);
    const heap = new ClassHeap(1, false, pos);
    heap.push(0, 5, 0);
    heap.push(1, 4, 0);
    heap.push(2, 3, 0);
    heap.remove(2);
    heap.remove(0);
    expect([...pos]).toEqual([-1, 0, -1]);
    expect(heap.top()).toBe(1);
  });
});
