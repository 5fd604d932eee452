/**
 * Faults: the scenario's schedule (fixed times, flapping, random failures with exponential times
 * between failures and to repair) expanded into timed on/off actions before the run starts.
 *
 * @module
 */
import { Rng } from './rng.js';
import type { FaultSpec } from './scenario.js';

/**
 * The kinds of fault a server (or a balancer–server link) can be in.
 *
 * @example
 * ```ts
 * const k: FaultKind = 'partition'
 * ```
 */
export type FaultKind = 'crash' | 'slow' | 'refuse' | 'errors' | 'partition';

/**
 * One fault switching on or off at a time.
 *
 * @example
 * ```ts
 * const a: FaultAction = { at: 120_000, server: 'static2', balancer: -1, fault: 'crash', active: true, factor: 1, probability: 0, status: 503 }
 * ```
 */
export interface FaultAction {
  readonly at: number;
  readonly server: string;
  /** The balancer cut off from the server, for `partition`; -1 otherwise. */
  readonly balancer: number;
  readonly fault: FaultKind;
  readonly active: boolean;
  /** Slow-down factor for `slow`. */
  readonly factor: number;
  /** Share of answers that are errors, for `errors`. */
  readonly probability: number;
  readonly status: number;
}

const BASE = { balancer: -1, factor: 1, probability: 0, status: 503 };

function windowed(at: number, forMs: number | undefined, on: Omit<FaultAction, 'at' | 'active'>): FaultAction[] {
  const out: FaultAction[] = [{ ...on, at, active: true }];
  if (forMs !== undefined) out.push({ ...on, at: at + forMs, active: false });
  return out;
}

function flapping(server: string, at: number, forMs: number, periodMs: number): FaultAction[] {
  const out: FaultAction[] = [];
  const half = periodMs / 2;
  for (let t = at; t < at + forMs; t += periodMs) {
    out.push({ ...BASE, server, fault: 'crash', at: t, active: true });
    out.push({ ...BASE, server, fault: 'crash', at: Math.min(t + half, at + forMs), active: false });
  }
  return out;
}

function randomFaults(f: Extract<FaultSpec, { kind: 'random' }>, index: number, seed: number | bigint, durationMs: number): FaultAction[] {
  const out: FaultAction[] = [];
  const until = f.until ?? durationMs;
  for (const server of f.servers) {
    const rng = Rng.stream(seed, `fault/${index}/${server}`);
    let t = f.from ?? 0;
    for (;;) {
      t += rng.exponential(f.mtbfMs);
      if (t >= until) break;
      const on = { ...BASE, server, fault: f.fault, factor: f.factor ?? 10 };
      out.push({ ...on, at: t, active: true });
      t += rng.exponential(f.mttrMs);
      out.push({ ...on, at: t, active: false });
    }
  }
  return out;
}

/**
 * Expands fault specs into on/off actions, in spec order (the event queue sorts them by time and
 * keeps this order for ties). Random faults draw from their own stream, `fault/<index>/<server>`.
 *
 * @example
 * ```ts
 * expandFaults([{ kind: 'crash', server: 'static2', at: 1000, forMs: 500 }], 1, 10_000)
 * // crash on at 1000, off at 1500
 * ```
 */
export function expandFaults(specs: readonly FaultSpec[], seed: number | bigint, durationMs: number): FaultAction[] {
  const out: FaultAction[] = [];
  specs.forEach((f, i) => {
    switch (f.kind) {
      case 'crash':
      case 'refuse':
        out.push(...windowed(f.at, f.forMs, { ...BASE, server: f.server, fault: f.kind }));
        break;
      case 'recover':
        out.push({ ...BASE, server: f.server, fault: 'crash', at: f.at, active: false });
        break;
      case 'slow':
        out.push(...windowed(f.at, f.forMs, { ...BASE, server: f.server, fault: 'slow', factor: f.factor }));
        break;
      case 'errors':
        out.push(...windowed(f.at, f.forMs, { ...BASE, server: f.server, fault: 'errors', probability: f.probability, status: f.status }));
        break;
      case 'partition':
        out.push(...windowed(f.at, f.forMs, { ...BASE, server: f.server, fault: 'partition', balancer: f.balancer }));
        break;
      case 'flap':
        out.push(...flapping(f.server, f.at, f.forMs, f.periodMs));
        break;
      case 'random':
        out.push(...randomFaults(f, i, seed, durationMs));
        break;
    }
  });
  return out;
}
