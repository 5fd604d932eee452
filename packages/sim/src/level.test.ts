import { describe, expect, it } from 'vitest';
import { Level, Levels } from './level.js';

describe('Level', () => {
  it('integrates a step function over the window and per bucket, up to the horizon only', () => {
    const l = new Level(10, 5, 30); // buckets of 10 ms, window [5, 30]
    l.step(0, 2); // 2 from 0 to 12
    l.step(12, -1); // 1 from 12 to 40
    l.advance(40);
    expect(l.windowArea).toBe(2 * 7 + 1 * 18);
    expect(l.bucketArea).toEqual([20, 2 * 2 + 8, 10]); // nothing past the horizon at 30
  });

  it('handles bucket boundaries that are not exact in binary', () => {
    const l = new Level(0.1, 0, 1);
    l.step(0, 1);
    l.advance(1);
    expect(l.bucketArea).toHaveLength(10);
    expect(l.bucketArea.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('Levels', () => {
  it('integrates each level of a set on its own, as a lone Level would', () => {
    const set = new Levels(3, 10, 5, 30);
    const alone = [new Level(10, 5, 30), new Level(10, 5, 30), new Level(10, 5, 30)];
    const steps: [number, number, number][] = [[0, 0, 2], [1, 3, 1], [0, 12, -1], [2, 20, 4], [1, 25, -1], [2, 31, -4]];
    for (const [i, at, d] of steps) {
      set.step(i, at, d);
      alone[i]!.step(at, d);
    }
    set.advanceAll(40);
    for (const l of alone) l.advance(40);
    for (let i = 0; i < 3; i++) {
      expect(set.windowArea(i)).toBe(alone[i]!.windowArea);
      expect(set.bucketAreas(i)).toEqual(alone[i]!.bucketArea);
      expect(set.value(i)).toBe(alone[i]!.value);
    }
    expect(set.bucketAreas(2)).toEqual([0, 0, 4 * 10]); // 4 from 20 to the horizon at 30
  });

  it('grows past the planned horizon', () => {
    const set = new Levels(2, 1, 0, Infinity);
    set.step(1, 0, 1);
    set.advance(1, 500.5);
    expect(set.bucketAreas(1)).toHaveLength(501);
    expect(set.windowArea(1)).toBe(500.5);
    expect(set.bucketAreas(0)).toEqual([]);
  });
});
