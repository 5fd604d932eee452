import { describe, expect, it } from 'vitest';
import { Histogram, Histograms } from './histogram.js';
import { Rng } from './rng.js';

describe('Histogram', () => {
  it('gives exact count, mean and max, and quantiles within 0.8 % of the exact ones', () => {
    const rng = Rng.stream(1, 'h');
    const h = new Histogram();
    const xs: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x = rng.exponential(10) + 0.01;
      xs.push(x);
      h.record(x);
    }
    xs.sort((a, b) => a - b);
    const s = h.summary();
    expect(s.count).toBe(50_000);
    expect(s.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 9);
    expect(s.max).toBe(xs.at(-1));
    for (const [q, v] of [[0.5, s.p50], [0.9, s.p90], [0.99, s.p99], [0.999, s.p999]] as const) {
      const exact = xs[Math.ceil(q * xs.length) - 1]!;
      expect(Math.abs(v - exact) / exact).toBeLessThan(0.008);
    }
  });

  it('is all zeros when empty', () => {
    expect(new Histogram().summary()).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });
});

describe('Histograms', () => {
  it('keeps each histogram of the set apart, and hands each out equal to a Histogram fed the same samples', () => {
    const set = new Histograms(3);
    const alone = [new Histogram(), new Histogram(), new Histogram()];
    const rng = Rng.stream(7, 'histograms');
    for (let k = 0; k < 5000; k++) {
      const i = k % 2 === 0 ? 0 : 2; // histogram 1 stays empty
      const ms = rng.exponential(3 + i);
      set.recordIn(i, Histogram.bucketOf(ms), ms);
      alone[i]!.record(ms);
    }
    for (let i = 0; i < 3; i++) {
      expect(set.histogram(i).summary()).toEqual(alone[i]!.summary());
      expect(set.histogram(i).buckets()).toEqual(alone[i]!.buckets());
    }
    expect(set.histogram(1).count).toBe(0);
  });
});
