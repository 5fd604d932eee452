import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.js';

interface E {
  at: number;
  seq: number;
  id: number;
}

describe('EventQueue', () => {
  it('pops by time, then by insertion order for ties', () => {
    const q = new EventQueue<E>();
    const times = [5, 1, 5, 3, 1, 5];
    times.forEach((at, id) => q.push({ at, seq: 0, id }));
    const out: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.id);
    expect(out).toEqual([1, 4, 3, 0, 2, 5]);
  });

  it('agrees with a stable sort on any interleaving of pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const q = new EventQueue<E>();
        let model: E[] = [];
        let id = 0;
        for (const op of ops) {
          if (op >= 0) {
            const e = { at: op, seq: 0, id: id++ };
            q.push(e);
            model.push(e);
            model = model.slice().sort((a, b) => a.at - b.at || a.id - b.id);
          } else {
            expect(q.pop()?.id).toBe(model.shift()?.id);
          }
        }
        expect(q.size).toBe(model.length);
      }),
      { numRuns: 200 },
    );
  });
});
