import { describe, expect, it } from 'vitest';
import { enM1Sojourn, jsqSojourn, mm1Sojourn, supermarketSojourn } from '../src/queueing-theory.js';

// The numerical solutions themselves, against closed forms.
describe('queueing formulas', () => {
  it('E_1/M/1 is M/M/1', () => {
    expect(enM1Sojourn(1, 0.7)).toBeCloseTo(mm1Sojourn(0.7), 10);
  });

  it('E_n/M/1 tends to D/M/1 and beats M/M/1', () => {
    expect(enM1Sojourn(3, 0.8)).toBeLessThan(mm1Sojourn(0.8));
    expect(enM1Sojourn(200, 0.8)).toBeLessThan(enM1Sojourn(3, 0.8));
  });

  it('supermarket with d = 1 is M/M/1', () => {
    // d → 1: exponent (d^i − d)/(d − 1) → i − 1, so the sum is Σ ρ^(i−1) = 1/(1 − ρ)
    expect(supermarketSojourn(0.9, 1.000001)).toBeCloseTo(mm1Sojourn(0.9), 3);
  });

  it('JSQ with one server is M/M/1, and with two is better than two M/M/1', () => {
    expect(jsqSojourn(1, 0.6, 80).sojourn).toBeCloseTo(mm1Sojourn(0.6), 6);
    const two = jsqSojourn(2, 0.8, 60);
    expect(two.lossProbability).toBeLessThan(1e-9);
    expect(two.sojourn).toBeLessThan(mm1Sojourn(0.8));
    // and worse than a shared queue (M/M/2): W = 1/μ + C(2, a)/(2μ − λ), C = 2ρ²/(1 + ρ)
    expect(two.sojourn).toBeGreaterThan(1 + (2 * 0.8 ** 2) / (1 + 0.8) / (2 - 1.6));
  });
});
