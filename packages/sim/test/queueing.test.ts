/**
 * The simulator (and the core's methods) against queueing theory. Each check runs R independent
 * replications (seeds 1..R, each with its own arrival, service and core PRNG streams), discards a
 * warm-up, takes each replication's mean time in system, and requires the theoretical value to lie
 * within the 99 % Student-t confidence interval of the replication means (plus, where the theory is
 * only a limit, the stated bound on its distance). It also requires the interval to be narrow, so
 * that the check has teeth.
 */
import type { LbMethod } from '@lbkit/core';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../src/scenario.js';
import { simulate } from '../src/simulate.js';
import { interval } from '../src/confidence.js';
import { enM1Sojourn, jsqSojourn, mm1Sojourn, supermarketSojourn } from '../src/queueing-theory.js';

/** n single-slot servers with exponential service of mean 1 ms, Poisson arrivals at utilisation rho. */
function farm(n: number, method: LbMethod, rho: number, requests: number): Scenario {
  const ratePerMs = n * rho;
  return {
    name: `farm-${method}-${n}`,
    durationMs: requests / ratePerMs,
    warmupMs: Math.min(2_000, requests / ratePerMs / 10),
    pools: { farm: { method, members: Array.from({ length: n }, (_, i) => ({ id: `s${i}` })) } },
    serverDefaults: { concurrency: 1, queue: 10_000_000, service: { type: 'exponential', meanMs: 1 } },
    balancers: { routes: [{ prefix: '/', pool: 'farm' }], timeoutMs: 1e12 },
    clients: [{ type: 'open', name: 'poisson', arrivals: { type: 'poisson', ratePerSec: ratePerMs * 1000 }, paths: [{ path: '/' }] }],
  };
}

function replicate(s: Scenario, r: number, theory: number): { mean: number; halfWidth: number } {
  const means: number[] = [];
  for (let seed = 1; seed <= r; seed++) {
    const { report } = simulate(s, { seed });
    expect(report.requests.lost).toBe(0);
    means.push(report.latency.mean);
  }
  const ci = interval(means, 0.99);
  console.log(`${s.name}: mean time in system ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (99 %, ${r} replications), theory ${theory.toFixed(4)}`);
  return ci;
}

describe('against queueing theory (time unit: mean service time)', () => {
  it('random over 4 servers at rho 0.7 is 4 independent M/M/1 queues: T = 1/(mu(1 - rho))', () => {
    const theory = mm1Sojourn(0.7);
    const ci = replicate(farm(4, 'random', 0.7, 120_000), 10, theory);
    expect(ci.halfWidth / theory).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - theory)).toBeLessThan(ci.halfWidth);
  });

  it('round robin (byrequests) over 3 servers at rho 0.8 is E3/M/1 (GI/M/1 root sigma)', () => {
    const theory = enM1Sojourn(3, 0.8);
    const ci = replicate(farm(3, 'byrequests', 0.8, 120_000), 10, theory);
    expect(ci.halfWidth / theory).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - theory)).toBeLessThan(ci.halfWidth);
  });

  it.each([
    [2, 0.8],
    [3, 0.8],
  ])('bybusyness over %i servers at rho %f is join-the-shortest-queue (exact Markov chain)', (n, rho) => {
    const exact = jsqSojourn(n, rho, n === 2 ? 60 : 30);
    // truncation changes the answer by far less than the simulation's interval
    expect(exact.lossProbability).toBeLessThan(1e-9);
    const ci = replicate(farm(n, 'bybusyness', rho, 120_000), 10, exact.sojourn);
    expect(ci.halfWidth / exact.sojourn).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - exact.sojourn)).toBeLessThan(ci.halfWidth);
  });

  it('p2c over 100 servers at rho 0.9 approaches the supermarket-model limit', () => {
    const limit = supermarketSojourn(0.9, 2);
    const ci = replicate(farm(100, 'p2c', 0.9, 150_000), 8, limit);
    // The limit is for n → ∞; at finite n the mean differs by O(1/n) (Graham 2000, propagation of
    // chaos). We allow 2/n = 2 % for that, on top of the sampling interval.
    const finiteN = (2 / 100) * limit;
    expect(ci.halfWidth / limit).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - limit)).toBeLessThan(ci.halfWidth + finiteN);
  });
});
