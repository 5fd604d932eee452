import { describe, expect, it } from 'vitest';
import { Level } from './level.js';

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
