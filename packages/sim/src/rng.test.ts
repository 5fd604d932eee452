import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

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
});
