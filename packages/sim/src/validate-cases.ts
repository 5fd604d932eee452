/**
 * The textbook cases `lbkit-sim validate` checks the simulator (and the core's methods) against:
 * scenarios that are exactly a queueing model, with the model's value computed from its formula.
 * Time unit: the mean service time (1 ms).
 *
 * @module
 */
import type { LbMethod } from '@lbkit/core';
import { enM1Sojourn, jsqSojourn, mm1Sojourn, mmcSojourn, supermarketSojourn } from './queueing-theory.js';
import type { Scenario } from './scenario.js';

/**
 * One check: a figure of a scenario against the value theory gives.
 *
 * @example
 * ```ts
 * const c: ValidationCase = { name: 'M/M/1 ρ=0.8: W', scenario, figure: 'sojourn.mean', theory: 5, slack: 0, note: '' }
 * ```
 */
export interface ValidationCase {
  readonly name: string;
  readonly scenario: Scenario;
  /** An experiment figure (see `observe`). */
  readonly figure: string;
  readonly theory: number;
  /** Relative distance allowed on top of the interval, where the theory is only a limit. */
  readonly slack: number;
  readonly note: string;
  /** Seed of the case's replications: each scenario has its own, so that cases are independent of each other too. */
  readonly seed: number;
}

/**
 * n servers of `concurrency` slots, exponential service of mean 1 ms, Poisson arrivals at
 * utilisation `rho`, no timeout, unbounded queues: a textbook farm, run for about `requests`.
 *
 * @example
 * ```ts
 * simulate(farm(4, 1, 'random', 0.7, 100_000)).report.sojourn.mean // ≈ 3.33 ms
 * ```
 */
export function farm(n: number, concurrency: number, method: LbMethod, rho: number, requests: number): Scenario {
  const ratePerMs = n * concurrency * rho;
  const durationMs = requests / ratePerMs;
  return {
    name: `farm-${method}-${n}x${concurrency}-rho${rho}`,
    durationMs,
    warmupMs: Math.min(2_000, durationMs / 10),
    pools: { farm: { method, members: Array.from({ length: n }, (_, i) => ({ id: `s${i}` })) } },
    serverDefaults: { concurrency, queue: 'unbounded', service: { type: 'exponential', meanMs: 1 } },
    balancers: { routes: [{ prefix: '/', pool: 'farm' }], timeoutMs: 'none' },
    clients: [{ type: 'open', name: 'poisson', arrivals: { type: 'poisson', ratePerSec: ratePerMs * 1000 }, paths: [{ path: '/' }] }],
  };
}

/**
 * Every case, sized by `requests` per replication (about 120 000 for the full check, 30 000 quick).
 *
 * @example
 * ```ts
 * validationCases(30_000).map((c) => c.name)
 * ```
 */
export function validationCases(requests: number): ValidationCase[] {
  const none = { slack: 0, note: '' };
  const mm1 = farm(1, 1, 'byrequests', 0.8, requests);
  const jsq = jsqSojourn(2, 0.8, 60);
  const scenarios: Scenario[] = [];
  const seeded = (c: Omit<ValidationCase, 'seed'>): ValidationCase => {
    if (!scenarios.includes(c.scenario)) scenarios.push(c.scenario);
    return { ...c, seed: 1000 + scenarios.indexOf(c.scenario) };
  };
  return [
    { name: 'M/M/1, ρ 0.8: W = 1/(μ−λ)', scenario: mm1, figure: 'sojourn.mean', theory: mm1Sojourn(0.8), ...none },
    { name: 'M/M/1, ρ 0.8: Wq = ρ/(μ−λ)', scenario: mm1, figure: 'wait.mean', theory: 0.8 / (1 - 0.8), ...none },
    { name: 'M/M/1, ρ 0.8: Lq = ρ²/(1−ρ)', scenario: mm1, figure: 'queue.mean', theory: 0.64 / 0.2, ...none },
    { name: 'M/M/1, ρ 0.8: utilisation = ρ', scenario: mm1, figure: 'utilisation', theory: 0.8, ...none },
    { name: 'M/M/4 (one server, 4 slots), ρ 0.8: Erlang C', scenario: farm(1, 4, 'byrequests', 0.8, requests), figure: 'sojourn.mean', theory: mmcSojourn(4, 0.8), ...none },
    { name: 'random over 4, ρ 0.7: 4 × M/M/1', scenario: farm(4, 1, 'random', 0.7, requests), figure: 'sojourn.mean', theory: mm1Sojourn(0.7), ...none },
    { name: 'byrequests over 3, ρ 0.8: E3/M/1', scenario: farm(3, 1, 'byrequests', 0.8, requests), figure: 'sojourn.mean', theory: enM1Sojourn(3, 0.8), ...none },
    { name: 'bybusyness over 2, ρ 0.8: JSQ Markov chain', scenario: farm(2, 1, 'bybusyness', 0.8, requests), figure: 'sojourn.mean', theory: jsq.sojourn, ...none },
    {
      name: 'p2c over 100, ρ 0.9: supermarket limit',
      scenario: farm(100, 1, 'p2c', 0.9, Math.round(requests * 1.25)),
      figure: 'sojourn.mean',
      theory: supermarketSojourn(0.9, 2),
      slack: 2 / 100,
      note: 'a limit for n → ∞; at n = 100 the mean is O(1/n) above it: 2 % allowed',
    },
  ].map(seeded);
}
