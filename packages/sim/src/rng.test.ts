import { describe, expect, it } from 'vitest';
import { Rng, streamRoot } from './rng.js';

/** Pearson correlation of the first n uniforms of two streams. */
function correlation(a: Rng, b: Rng, n: number): number {
  let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a.next();
    const y = b.next();
    sa += x; sb += y; sab += x * y; saa += x * x; sbb += y * y;
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

describe('Rng', () => {
  it('gives the same stream for the same seed and name', () => {
    const a = Rng.stream(7, 'server/a');
    const b = Rng.stream(7, 'server/a');
    for (let i = 0; i < 100; i++) expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('gives different streams for different names or seeds', () => {
    expect(Rng.stream(7, 'server/a').next()).not.toBe(Rng.stream(7, 'server/b').next());
    expect(Rng.stream(7, 'server/a').next()).not.toBe(Rng.stream(8, 'server/a').next());
  });

  it('draws uniforms with the right mean and variance (within 5 standard errors)', () => {
    const rng = Rng.stream(1, 'test');
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      sum += u;
      sq += u * u;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    const mean = sum / n;
    // Var(U) = 1/12, so the standard error of the mean is sqrt(1/12/n)
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws exponentials with the asked mean (within 5 standard errors)', () => {
    const rng = Rng.stream(2, 'test');
    const n = 200_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rng.exponential(20);
    // an exponential's standard deviation equals its mean
    expect(Math.abs(sum / n - 20)).toBeLessThan((5 * 20) / Math.sqrt(n));
  });

  it('gives every replication its own root, and replication 0 is what a plain seed gives', () => {
    const roots = new Set<bigint>();
    for (let seed = 0; seed < 20; seed++) for (let r = 0; r < 50; r++) roots.add(streamRoot(seed, r));
    expect(roots.size).toBe(1000);
    expect(Rng.stream(streamRoot(9, 0), 'client/a').nextUint32()).toBe(Rng.stream(9, 'client/a').nextUint32());
    expect(() => streamRoot(1, -1)).toThrow(RangeError);
  });

  it('keeps the same component uncorrelated across replications and seeds, and components apart within one', () => {
    // |r| of two independent uniform streams of n draws exceeds 4/sqrt(n) with probability < 1e-4
    const n = 20_000;
    const bound = 4 / Math.sqrt(n);
    for (let r = 0; r < 10; r++) {
      expect(Math.abs(correlation(Rng.stream(streamRoot(1, r), 'client/api'), Rng.stream(streamRoot(1, r + 1), 'client/api'), n))).toBeLessThan(bound);
      expect(Math.abs(correlation(Rng.stream(r, 'server/s1'), Rng.stream(r + 1, 'server/s1'), n))).toBeLessThan(bound);
      expect(Math.abs(correlation(Rng.stream(streamRoot(3, r), 'server/s1'), Rng.stream(streamRoot(3, r), 'server/s2'), n))).toBeLessThan(bound);
    }
  });

  it('gives first draws across replications that look uniform (no shared sign of the error)', () => {
    // the old scheme gave seeds 1..10 errors of one sign; here the first-draw means of 1000
    // replications must be within 5 standard errors of 1/2, and half of them above it (binomial, ±5σ)
    const firsts: number[] = [];
    for (let r = 0; r < 1000; r++) firsts.push(Rng.stream(streamRoot(1, r), 'client/poisson').next());
    const mean = firsts.reduce((a, b) => a + b, 0) / firsts.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 1000));
    const above = firsts.filter((u) => u > 0.5).length;
    expect(Math.abs(above - 500)).toBeLessThan(5 * Math.sqrt(250));
  });
});
