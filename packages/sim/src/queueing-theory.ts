/**
 * Queueing-theory results the simulator is checked against, computed from their formulas. Unless a
 * function takes μ, time is in units of the mean service time (μ = 1).
 *
 * Sources: Kleinrock, *Queueing Systems, Vol. 1* (1975): M/M/1 §3.2, M/M/c and Erlang C §3.5,
 * GI/M/1 §6.4; Gross, Shortle, Thompson and Harris, *Fundamentals of Queueing Theory*, 4th ed.
 * (2008) §2.3 (M/M/c); Mitzenmacher, "The power of two choices in randomized load balancing", IEEE
 * TPDS 12(10), 2001 and Vvedenskaya, Dobrushin and Karpelevich, Problems of Information Transmission
 * 32(1), 1996 (supermarket model).
 *
 * @module
 */

/**
 * M/M/1 mean time in system: 1 / (μ(1 − ρ)). Random assignment splits a Poisson stream into n of these.
 *
 * @example
 * ```ts
 * mm1Sojourn(0.5) // 2
 * ```
 */
export function mm1Sojourn(rho: number, mu = 1): number {
  return 1 / (mu * (1 - rho));
}

/**
 * Round robin over n exponential servers: each server sees every n-th arrival of a Poisson stream
 * of rate nλ, i.e. Erlang-n inter-arrival times with mean 1/λ: an E_n/M/1 queue. For GI/M/1 the
 * number found by an arrival is geometric with parameter σ, the root in (0, 1) of σ = A*(μ(1 − σ)),
 * A* the Laplace transform of the inter-arrival time; here A*(s) = (nλ / (nλ + s))^n. Mean time in
 * system: 1 / (μ(1 − σ)).
 *
 * @example
 * ```ts
 * enM1Sojourn(3, 0.8) // 3.4594: round robin over three servers at 80 %
 * ```
 */
export function enM1Sojourn(n: number, rho: number, mu = 1): number {
  const lambda = rho * mu;
  let sigma = rho; // the iteration σ ← A*(μ(1 − σ)) is a contraction near the root from below
  for (let i = 0; i < 10_000; i++) {
    const next = Math.pow((n * lambda) / (n * lambda + mu * (1 - sigma)), n);
    if (Math.abs(next - sigma) < 1e-15) break;
    sigma = next;
  }
  return 1 / (mu * (1 - sigma));
}

/**
 * Join-the-shortest-of-d (supermarket model), n → ∞ (Mitzenmacher 2001; Vvedenskaya et al. 1996):
 * the fraction of servers with at least i jobs is s_i = ρ^((d^i − 1)/(d − 1)). Mean jobs per server
 * is Σ_{i≥1} s_i, each server receives λ = ρμ, so by Little's law the mean time in system is
 * Σ_{i≥1} s_i / (ρμ) = Σ_{i≥1} ρ^((d^i − d)/(d − 1)) / μ.
 *
 * @example
 * ```ts
 * supermarketSojourn(0.9, 2) // 2.6141: p2c as n → ∞ at 90 %
 * ```
 */
export function supermarketSojourn(rho: number, d = 2, mu = 1): number {
  let sum = 0;
  for (let i = 1; i < 100_000; i++) {
    const term = Math.pow(rho, (Math.pow(d, i) - d) / (d - 1));
    sum += term;
    if (term < 1e-16) break;
  }
  return sum / mu;
}

/**
 * Join-the-shortest-queue over n identical exponential servers, Poisson arrivals of rate nρμ: the
 * exact continuous-time Markov chain on sorted queue lengths (which server of a tie gets the job
 * does not change the sorted chain), each queue truncated at `cap` (arrivals that would exceed it
 * are lost; the returned `lossProbability` bounds the truncation error). Solved by Gauss–Seidel on
 * the balance equations. Returns the mean time in system (Little: L / accepted rate).
 *
 * @example
 * ```ts
 * jsqSojourn(2, 0.8, 60).sojourn // 2.9557: least-busy over two servers at 80 %
 * ```
 */
export function jsqSojourn(n: number, rho: number, cap: number, mu = 1): { sojourn: number; lossProbability: number } {
  const lambda = n * rho * mu;
  const states: number[][] = [];
  const index = new Map<string, number>();
  const build = (prefix: number[], min: number): void => {
    if (prefix.length === n) {
      index.set(prefix.join(','), states.length);
      states.push(prefix);
      return;
    }
    for (let q = min; q <= cap; q++) build([...prefix, q], q);
  };
  build([], 0);
  const key = (s: number[]) => s.slice().sort((a, b) => a - b).join(',');
  // incoming transitions per state: [from, rate]
  const incoming: [number, number][][] = states.map(() => []);
  const outRate = new Float64Array(states.length);
  states.forEach((s, i) => {
    if (s[0]! < cap) {
      const t = s.slice();
      t[0]!++;
      incoming[index.get(key(t))!]!.push([i, lambda]);
      outRate[i]! += lambda;
    }
    for (let k = 0; k < n; k++) {
      if (s[k] === 0) continue;
      const t = s.slice();
      t[k]!--;
      incoming[index.get(key(t))!]!.push([i, mu]);
      outRate[i]! += mu;
    }
  });
  const pi = new Float64Array(states.length).fill(1 / states.length);
  for (let iter = 0; iter < 20_000; iter++) {
    let delta = 0;
    for (let j = 0; j < states.length; j++) {
      let inflow = 0;
      for (const [i, r] of incoming[j]!) inflow += pi[i]! * r;
      const v = inflow / outRate[j]!;
      delta = Math.max(delta, Math.abs(v - pi[j]!));
      pi[j] = v;
    }
    let total = 0;
    for (const v of pi) total += v;
    for (let j = 0; j < pi.length; j++) pi[j]! /= total;
    if (delta < 1e-13) break;
  }
  let jobs = 0;
  let blocked = 0;
  states.forEach((s, i) => {
    jobs += pi[i]! * s.reduce((a, b) => a + b, 0);
    if (s[0] === cap) blocked += pi[i]!;
  });
  return { sojourn: jobs / (lambda * (1 - blocked)), lossProbability: blocked };
}

/**
 * Erlang's C formula: the probability that an arrival to an M/M/c queue with offered load
 * a = λ/μ (a < c) has to wait. Computed through the Erlang B recursion, stable for large c.
 *
 * @example
 * ```ts
 * erlangC(2, 1.6) // 0.7111…
 * ```
 */
export function erlangC(c: number, a: number): number {
  let b = 1; // Erlang B with 0 servers
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/**
 * M/M/c mean time in system: W = C(c, a) / (cμ − λ) + 1/μ, with a = λ/μ and ρ = a/c the
 * utilisation of each of the c servers.
 *
 * @example
 * ```ts
 * mmcSojourn(2, 0.8) // 2.7778: two servers at 80 %
 * ```
 */
export function mmcSojourn(c: number, rho: number, mu = 1): number {
  const a = rho * c;
  return erlangC(c, a) / (c * mu - a * mu) + 1 / mu;
}
