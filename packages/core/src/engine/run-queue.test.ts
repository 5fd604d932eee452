import { describe, expect, it } from 'vitest';
import { RunQueue } from './run-queue.js';

/** A queue for `n` slots, with the position arrays it shares (side heap, line) open to the test. */
function queue(n: number): { q: RunQueue; side: Int32Array; line: Int32Array } {
  const side = new Int32Array(n).fill(-1);
  const line = new Int32Array(n).fill(-1);
  return { q: new RunQueue(1, side, line), side, line };
}

/** `rounds` byrequests picks of weight 1 among `count` members: the top's base drops by `count`. */
function roundRobin(q: RunQueue, count: number, rounds: number): number[] {
  const order: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = q.top();
    order.push(t);
    q.update(t, q.topKey() - count);
  }
  return order;
}

function filled(count: number): ReturnType<typeof queue> {
  const made = queue(count);
  for (let s = 0; s < count; s++) made.q.push(s, 0);
  return made;
}

describe('RunQueue: best first (base descending, then slot)', () => {
  it('a round robin visits the members in slot order', () => {
    const { q } = filled(3);
    expect(roundRobin(q, 3, 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('keeps no requests-in-flight order: topBusy is always 0', () => {
    const { q } = filled(2);
    expect(q.topBusy()).toBe(0);
  });

  it('a member back with a higher base goes first, a tie to the lower slot', () => {
    const { q } = filled(3);
    roundRobin(q, 3, 2); // bases: 0 → -3, 1 → -3, 2 → 0
    q.remove(1);
    q.push(1, 5);
    expect([q.top(), q.topKey()]).toEqual([1, 5]);
    q.update(1, 0);
    expect([q.top(), q.topKey()]).toEqual([1, 0]);
  });
});

describe('RunQueue: a pick costs O(1), in the line (the module comment)', () => {
  it('in a round robin every member goes back to the line, never to the side heap', () => {
    for (const count of [1, 2, 3, 5, 9]) {
      const { q, side } = filled(count);
      for (let r = 0; r < 40; r++) {
        roundRobin(q, count, 1);
        expect([...side]).toEqual(new Array<number>(count).fill(-1));
      }
    }
  });

  it('an emptied line starts over at its front, whatever the key', () => {
    const { q, side, line } = queue(2);
    q.push(0, 0);
    q.push(1, -1);
    q.remove(0);
    q.remove(1);
    q.push(1, 5);
    expect([line[1], side[1]]).toEqual([0, -1]);
  });

  it('appending leaves the members in the line where they are until it is full', () => {
    const { q, line } = filled(3);
    roundRobin(q, 3, 4);
    // slot 0 was appended at 3 then 6, slot 1 at 4, slot 2 at 5: nobody moved for it
    expect([...line]).toEqual([6, 4, 5]);
  });

  it('a full line at most half in use is compacted, not doubled: its positions stay below 8', () => {
    for (const count of [2, 3, 4, 5]) {
      const { q, line } = filled(count);
      for (let r = 0; r < 50; r++) {
        roundRobin(q, count, 1);
        expect(Math.max(...line)).toBeLessThan(8);
      }
    }
  });

  it('a full line more than half in use doubles', () => {
    const { q, line } = filled(6);
    expect(roundRobin(q, 6, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Math.max(...line)).toBeGreaterThanOrEqual(8);
    expect(roundRobin(q, 6, 6)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
