import { describe, expect, it } from 'vitest';
import { interval } from './confidence.js';
import { grid, pairedDifference, summarise } from './experiment.js';

describe('grid', () => {
  it('is the Cartesian product, last axis fastest', () => {
    const g = grid([{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }]);
    expect(g).toHaveLength(6);
    expect(g[1]!.values).toEqual([['a', 1], ['b', 'y']]);
    expect(g[3]!.values).toEqual([['a', 2], ['b', 'x']]);
    expect(grid([])).toEqual([{ index: 0, values: [] }]);
  });
});

describe('interval', () => {
  it('is the Student-t interval (t(0.975, 9) = 2.2622, t(0.995, 4) = 4.6041)', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const ci = interval(ten, 0.95);
    expect(ci.mean).toBe(5.5);
    expect(ci.sd).toBeCloseTo(Math.sqrt(55 / 6), 12);
    expect(ci.halfWidth).toBeCloseTo((2.2622 * Math.sqrt(55 / 6)) / Math.sqrt(10), 3);
    expect(interval([1, 2, 3, 4, 5], 0.99).halfWidth).toBeCloseTo((4.6041 * Math.sqrt(2.5)) / Math.sqrt(5), 3);
    expect(interval([3], 0.95).halfWidth).toBe(0);
    expect(() => interval(ten, 1)).toThrow(RangeError);
  });
});

describe('pairedDifference', () => {
  it('differences replication by replication: a constant shift has a zero-width interval', () => {
    const p = { index: 0, values: [] };
    const a = summarise(p, [{ x: 1 }, { x: 5 }, { x: 9 }], 0.95, null);
    const b = summarise(p, [{ x: 3 }, { x: 7 }, { x: 11 }], 0.95, null);
    const d = pairedDifference(b, a, 'x', 0.95);
    expect(d.mean).toBe(2);
    expect(d.halfWidth).toBe(0);
    // unpaired, the same data would give a wide interval
    expect(b.figures.x!.halfWidth).toBeGreaterThan(5);
  });
});
