/**
 * Recognises scenarios that are textbook queueing models, so that reports can draw the theory
 * beside the simulation: one pool of identical exponential servers behind one balancer instance,
 * fed by one Poisson client, with no timeout, unbounded queues, no faults, health checks, network
 * delay or impatience. Which model then depends on the method (see `queueing-theory.ts`).
 *
 * @module
 */
import type { PoolConfig } from '@lbkit/core';
import { enM1Sojourn, jsqSojourn, mm1Sojourn, mmcSojourn, supermarketSojourn } from './queueing-theory.js';
import type { Scenario } from './scenario.js';

/**
 * What theory predicts for a scenario.
 *
 * @example
 * ```ts
 * const p: TheoryPrediction = { model: 'M/M/1', label: 'random over 4: 4 × M/M/1', rho: 0.7, sojournMs: 3.333, exact: true, note: '' }
 * ```
 */
export interface TheoryPrediction {
  /** Short name: `M/M/1`, `M/M/4`, `E_3/M/1`, `JSQ`, `supermarket`. */
  readonly model: string;
  /** The model in words, for plots and tables. */
  readonly label: string;
  /** Utilisation of each server. */
  readonly rho: number;
  /** Mean time in system (= mean latency here: nothing fails), ms. */
  readonly sojournMs: number;
  /** False when the theory is a limit (the supermarket model is for n → ∞). */
  readonly exact: boolean;
  readonly note: string;
}

interface Farm {
  readonly n: number;
  readonly c: number;
  readonly meanMs: number;
  readonly rho: number;
  readonly method: string;
}

/** The farm a scenario is, when it is one: identical exponential servers, Poisson arrivals, nothing else. */
function farmOf(s: Scenario): Farm | null {
  const pools = Object.values(s.pools);
  if (pools.length !== 1 || s.clients.length !== 1) return null;
  const pool: PoolConfig = pools[0]!;
  const client = s.clients[0]!;
  if (client.type !== 'open' || client.arrivals.type !== 'poisson' || client.giveUpMs !== undefined) return null;
  if ((s.faults ?? []).length > 0 || s.network !== undefined || s.balancers.healthCheck !== undefined || (s.balancers.count ?? 1) !== 1) return null;
  if (s.balancers.timeoutMs !== 'none') return null;
  const weights = new Set(pool.members.map((m) => m.weight ?? 1));
  if (weights.size !== 1 || pool.members.some((m) => m.disabled === true || m.standby === true || m.draining === true)) return null;
  const d = s.serverDefaults;
  const specs = pool.members.map((m) => {
    const o = s.servers?.[m.id] ?? {};
    return { concurrency: o.concurrency ?? d.concurrency, queue: o.queue ?? d.queue, service: o.service ?? d.service };
  });
  const first = specs[0]!;
  if (first.service.type !== 'exponential' || first.queue !== 'unbounded') return null;
  const meanMs = first.service.meanMs;
  const same = specs.every((x) => x.service.type === 'exponential' && x.service.meanMs === meanMs && x.concurrency === first.concurrency && x.queue === 'unbounded');
  if (!same) return null;
  const n = pool.members.length;
  const rho = (client.arrivals.ratePerSec / 1000) * meanMs / (n * first.concurrency);
  if (!(rho > 0 && rho < 1)) return null;
  return { n, c: first.concurrency, meanMs, rho, method: pool.method ?? 'byrequests' };
}

/** The JSQ chain's truncation: the tail of the queue length decays at least like ρ^n per level. */
function jsqPrediction(f: Farm): TheoryPrediction | null {
  if (f.n > 2 || f.rho > 0.92) return null; // the chain grows as cap^n: keep it cheap in reports
  const cap = Math.min(400, Math.ceil(Math.log(1e-10) / (f.n * Math.log(f.rho))) + 10);
  const r = jsqSojourn(f.n, f.rho, cap);
  return { model: 'JSQ', label: `bybusyness over ${f.n}: join the shortest queue (Markov chain)`, rho: f.rho, sojournMs: r.sojourn * f.meanMs, exact: true, note: '' };
}

/**
 * The queueing model `s` is, and its mean time in system; null when it matches none.
 *
 * @example
 * ```ts
 * predict(loadScenario('scenarios/mm1.json'))?.sojournMs // 1/(μ − λ) in ms
 * ```
 */
export function predict(s: Scenario): TheoryPrediction | null {
  const f = farmOf(s);
  if (f === null) return null;
  const at = (w: number) => w * f.meanMs;
  if (f.n === 1 || f.method === 'random') {
    const label = f.n === 1 ? `M/M/${f.c}` : `random over ${f.n}: ${f.n} × M/M/${f.c} (Poisson splitting)`;
    return { model: `M/M/${f.c}`, label, rho: f.rho, sojournMs: at(f.c === 1 ? mm1Sojourn(f.rho) : mmcSojourn(f.c, f.rho)), exact: true, note: '' };
  }
  if (f.c !== 1) return null;
  if (f.method === 'byrequests') {
    return { model: `E_${f.n}/M/1`, label: `round robin over ${f.n}: E_${f.n}/M/1`, rho: f.rho, sojournMs: at(enM1Sojourn(f.n, f.rho)), exact: true, note: '' };
  }
  if (f.method === 'bybusyness') {
    return jsqPrediction(f);
  }
  if (f.method === 'p2c' && f.n >= 10) {
    return {
      model: 'supermarket',
      label: `p2c over ${f.n}: supermarket limit (n → ∞)`,
      rho: f.rho,
      sojournMs: at(supermarketSojourn(f.rho, 2)),
      exact: false,
      note: `a limit for n → ∞; at n = ${f.n} the mean is larger by O(1/n)`,
    };
  }
  return null;
}
