import { describe, expect, it } from 'vitest';
import { type Distribution, meanOf, samplerOf } from './distributions.js';
import { Rng } from './rng.js';

const cases: Distribution[] = [
  { type: 'constant', ms: 4 },
  { type: 'exponential', meanMs: 20 },
  { type: 'lognormal', medianMs: 10, sigma: 0.5 },
  { type: 'bimodal', slowProbability: 0.1, fast: { type: 'constant', ms: 2 }, slow: { type: 'exponential', meanMs: 40 } },
];

describe('distributions', () => {
  it.each(cases)('sample mean of %j is within 5 standard errors of meanOf', (d) => {
    const rng = Rng.stream(3, 'd');
    const draw = samplerOf(d);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = draw(rng);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    const se = Math.sqrt(Math.max(sq / n - mean * mean, 0) / n);
    expect(Math.abs(mean - meanOf(d))).toBeLessThanOrEqual(5 * se + 1e-12);
  });
});
