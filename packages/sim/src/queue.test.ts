import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.js';

describe('EventQueue', () => {
  it('pops by time, then by insertion order for ties', () => {
    const q = new EventQueue<number>();
    const times = [5, 1, 5, 3, 1, 5];
    times.forEach((at, id) => q.push(at, 0, id, 0, id));
    const out: number[] = [];
    while (q.pop()) out.push(q.target);
    expect(out).toEqual([1, 4, 3, 0, 2, 5]);
  });

  it('carries every field of an entry through', () => {
    const q = new EventQueue<string>();
    q.push(2.5, 7, 3, -1.5, 'x');
    expect(q.peekAt()).toBe(2.5);
    expect(q.pop()).toBe(true);
    expect([q.at, q.kind, q.target, q.num, q.ref]).toEqual([2.5, 7, 3, -1.5, 'x']);
    expect(q.pop()).toBe(false);
    expect(q.peekAt()).toBe(Infinity);
  });

  it('agrees with a stable sort on any interleaving of pushes and pops (and grows past its first size)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 400 }), (ops) => {
        const q = new EventQueue<null>();
        let model: { at: number; id: number }[] = [];
        let id = 0;
        for (const op of ops) {
          if (op >= 0) {
            q.push(op, 0, id, 0, null);
            model.push({ at: op, id: id++ });
            model = model.slice().sort((a, b) => a.at - b.at || a.id - b.id);
          } else {
            const expected = model.shift();
            expect(q.pop()).toBe(expected !== undefined);
            if (expected !== undefined) expect(q.target).toBe(expected.id);
          }
        }
        expect(q.size).toBe(model.length);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with a stable sort when many entries are due at the time just popped (the lane) or earlier', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(-1), fc.constant(-2), fc.constant(-2)), { maxLength: 500 }), (ops) => {
        const q = new EventQueue<null>();
        let model: { at: number; id: number }[] = [];
        let id = 0;
        for (const op of ops) {
          if (op === -1) {
            const expected = model.shift();
            expect(q.pop()).toBe(expected !== undefined);
            if (expected !== undefined) expect([q.at, q.target]).toEqual([expected.at, expected.id]);
            continue;
          }
          const at = op === -2 ? q.at : q.at + op - 3; // due now, or around now (before it too)
          q.push(at, 0, id, 0, null);
          model.push({ at, id: id++ });
          model = model.slice().sort((a, b) => a.at - b.at || a.id - b.id);
          expect(q.peekAt()).toBe(model[0]!.at);
        }
        expect(q.size).toBe(model.length);
      }),
      { numRuns: 300 },
    );
  });
});
