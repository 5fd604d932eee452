/**
 * The method comparison of the "choosing a method" guide: a tiny queueing model driven by the real
 * core, and the consistent-hash remapping experiment.
 *
 * The model is deliberately small (one FIFO worker per server, exponential service times, Poisson
 * arrivals); the `@lbkit/sim` package is the real simulator. Randomness comes from the core's own
 * seeded PRNG, so every run gives the same numbers.
 *
 * @module
 */
import { apply, type BalancerState, decide, initialState, type LbMethod } from '@lbkit/core';
import { drawAt, hash32, nextRngState } from '@lbkit/core/internals';

/** The servers of the comparison: two fast ones and one five times slower. */
export const SERVERS = [
  { id: 'fast1', meanMs: 10 },
  { id: 'fast2', meanMs: 10 },
  { id: 'slow', meanMs: 50 },
] as const;

/** Requests per second offered to the pool: 68% of its capacity (100 + 100 + 20 = 220 req/s). */
export const ARRIVALS_PER_SECOND = 150;
export const REQUESTS = 3000;
export const CLIENTS = 40;

/** What one method did with the same stream of requests. */
export interface MethodResult {
  readonly method: LbMethod;
  /** Share of requests per server, in {@link SERVERS} order (0–1). */
  readonly share: readonly number[];
  readonly meanMs: number;
  readonly p99Ms: number;
}

/** A seeded stream of uniforms in [0, 1), from the core's PRNG. */
function uniforms(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    const u = drawAt(s);
    s = nextRngState(s);
    return u;
  };
}

interface Arrival {
  readonly at: number;
  readonly work: number; // exponential(1): multiplied by the server's mean
  readonly client: string;
}

function arrivals(): Arrival[] {
  const u = uniforms(7);
  const out: Arrival[] = [];
  let at = 0;
  for (let k = 0; k < REQUESTS; k++) {
    at += (-Math.log(1 - u()) * 1000) / ARRIVALS_PER_SECOND;
    out.push({ at, work: -Math.log(1 - u()), client: `client-${Math.floor(u() * CLIENTS)}` });
  }
  return out;
}

/** Runs the shared request stream through a pool using `method`. */
export function simulate(method: LbMethod): MethodResult {
  let state = initialState({ method, seed: 42, members: SERVERS.map((s) => ({ id: s.id })) });
  const freeAt = SERVERS.map(() => 0);
  const served = SERVERS.map(() => 0);
  const pending: { at: number; member: string }[] = []; // completions, sorted by time
  const latencies: number[] = [];
  for (const a of arrivals()) {
    while (pending.length > 0 && pending[0]!.at <= a.at) {
      const done = pending.shift()!;
      state = apply(state, { type: 'responseReceived', member: done.member, status: 200 }, done.at);
    }
    const [next, d] = decide(state, { hashKey: a.client }, a.at);
    state = next;
    if (d.type !== 'forward') continue;
    const i = SERVERS.findIndex((s) => s.id === d.member);
    const finish = Math.max(a.at, freeAt[i]!) + a.work * SERVERS[i]!.meanMs;
    freeAt[i] = finish;
    served[i]!++;
    latencies.push(finish - a.at);
    const at = pending.findIndex((p) => p.at > finish);
    pending.splice(at < 0 ? pending.length : at, 0, { at: finish, member: d.member });
  }
  latencies.sort((x, y) => x - y);
  const mean = latencies.reduce((x, y) => x + y, 0) / latencies.length;
  return {
    method,
    share: served.map((n) => n / REQUESTS),
    meanMs: Math.round(mean),
    p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)]!),
  };
}

/** The methods compared, in the order the guide discusses them. */
export const COMPARED: readonly LbMethod[] = ['byrequests', 'random', 'hash', 'bybusyness', 'p2c'];

/** {@link simulate} for every compared method. */
export function compareMethods(): MethodResult[] {
  return COMPARED.map(simulate);
}

/** Where each key lives before and after one member of a ring leaves. */
export interface Remap {
  readonly members: readonly string[];
  readonly removed: string;
  readonly keys: readonly string[];
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** The same keys placed by `hash32(key) % n`, before and after. */
  readonly moduloBefore: readonly string[];
  readonly moduloAfter: readonly string[];
}

function owners(state: BalancerState, keys: readonly string[]): string[] {
  let s = state;
  return keys.map((hashKey) => {
    const [next, d] = decide(s, { hashKey }, 0);
    s = apply(next, { type: 'requestAbandoned', member: d.type === 'forward' ? d.member : '' }, 0);
    return d.type === 'forward' ? d.member : '-';
  });
}

/** 96 user keys on a ring of four caches; cache3 is removed. */
export function hashRemap(): Remap {
  const members = ['cache1', 'cache2', 'cache3', 'cache4'];
  const removed = 'cache3';
  const left = members.filter((m) => m !== removed);
  const ring = initialState({ method: 'hash', members: members.map((id) => ({ id })) });
  const keys = Array.from({ length: 96 }, (_, k) => `user-${k}`);
  const modulo = (ms: readonly string[]): string[] => keys.map((k) => ms[hash32(k) % ms.length]!);
  return {
    members,
    removed,
    keys,
    before: owners(ring, keys),
    after: owners(apply(ring, { type: 'memberRemoved', member: removed }, 0), keys),
    moduloBefore: modulo(members),
    moduloAfter: modulo(left),
  };
}
