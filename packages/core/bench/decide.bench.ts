/**
 * Decision-path benchmark: requests per second through a pool handle, each one `decide` and then
 * `apply` of its outcome (as a proxy does: the request ends), beside a hand-written mutable smooth
 * weighted round robin over the same members (the O(n) floor of the plain algorithm), measured in
 * one process. Prints medians of several runs, the ratios, and the bytes allocated per request.
 *
 * Run with `npm run bench` in packages/core (node --expose-gc, a young generation large enough that
 * the allocation count sees no collection).
 */
import { apply, type BalancerRequest, createPool, decide, initialState, type PoolConfig } from '../src/index.js';

const RUNS = 7;
const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Calls `body(n)` and returns operations per second of CPU time; `body` must do n operations.
 * CPU time, not wall time: on a shared machine a process waiting for a core is not slower.
 */
function rate(n: number, body: (n: number) => unknown): number {
  const t0 = process.cpuUsage();
  body(n);
  const t = process.cpuUsage(t0);
  return (n / (t.user + t.system)) * 1e6;
}

function measure(n: number, body: (n: number) => unknown): number {
  rate(Math.max(1, n >> 2), body); // warm-up
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) rates.push(rate(n, body));
  return median(rates);
}

/** Bytes allocated per operation over `n` operations (after warm-up), or NaN without --expose-gc. */
function bytesPerOp(n: number, body: (n: number) => unknown): number {
  if (gc === undefined) return NaN;
  body(n);
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    body(n);
    samples.push((process.memoryUsage().heapUsed - before) / n);
  }
  return median(samples);
}

/** The floor: mutable smooth WRR over plain arrays, no decision objects, no events. */
function floorLoop(weights: number[]): (n: number) => number {
  const counters = weights.map(() => 0);
  return (n) => {
    let sink = 0;
    for (let r = 0; r < n; r++) {
      let best = 0;
      let total = 0;
      for (let i = 0; i < weights.length; i++) {
        counters[i]! += weights[i]!;
        total += weights[i]!;
        if (counters[i]! > counters[best]!) best = i;
      }
      counters[best]! -= total;
      sink += best;
    }
    return sink;
  };
}

/** One request through a pool: decide, then the member's answer ends it. */
function coreLoop(pool: PoolConfig, requests: readonly BalancerRequest[]): (n: number) => number {
  const p = createPool(pool);
  let now = 0;
  return (n) => {
    let sink = 0;
    for (let r = 0; r < n; r++) {
      now++;
      const d = p.decide(requests[r % requests.length]!, now);
      if (d.type === 'forward') {
        sink += d.attempt;
        p.apply({ type: 'responseReceived', member: d.member, status: 200 }, now);
      }
    }
    return sink;
  };
}

/** The same through the pure functions, threading the state: each call copies the per-member counters (O(n)). */
function pureLoop(pool: PoolConfig, requests: readonly BalancerRequest[]): (n: number) => number {
  let state = initialState(pool);
  let now = 0;
  return (n) => {
    let sink = 0;
    for (let r = 0; r < n; r++) {
      now++;
      const [next, d] = decide(state, requests[r % requests.length]!, now);
      state = next;
      if (d.type === 'forward') {
        sink += d.attempt;
        state = apply(state, { type: 'responseReceived', member: d.member, status: 200 }, now);
      }
    }
    return sink;
  };
}

const fmt = (x: number): string => (Number.isNaN(x) ? '-' : x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`);

interface Case {
  readonly name: string;
  readonly pool: PoolConfig;
  readonly requests?: readonly BalancerRequest[];
  readonly ops: number;
  /** Floor weights (byrequests cases only). */
  readonly floor?: number[];
  readonly target?: number;
  /** Through the pure `decide`/`apply` instead of a handle. */
  readonly pure?: boolean;
}

const members = (n: number, weight: (i: number) => number = () => 1): { id: string; weight: number }[] =>
  Array.from({ length: n }, (_, i) => ({ id: `m${i}`, weight: weight(i) }));
const ones = (n: number): number[] => Array.from({ length: n }, () => 1);
const cookies = (route: string): string => `_ga=GA1.2.1234567890.1700000000; lang=fr-CH; theme=dark; ROUTEID=.${route}; csrftoken=Zx81kQ0pLw`;

const cases: Case[] = [
  { name: 'byrequests, 3 members', pool: { members: members(3) }, ops: 2_000_000, floor: ones(3) },
  {
    name: 'sticky, 5-cookie header, 3 members',
    pool: { sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid' }, members: members(3) },
    requests: [{ cookie: cookies('m0'), url: '/index.html' }, { cookie: cookies('m1'), url: '/app.js' }, { cookie: cookies('m2'), url: '/style.css?v=3' }],
    ops: 1_000_000,
    floor: ones(3),
  },
  { name: 'byrequests, 1,000 members', pool: { members: members(1000) }, ops: 1_000_000, floor: ones(1000), target: 5_000_000 },
  { name: 'byrequests, weights 1-4, 1,000 members', pool: { members: members(1000, (i) => 1 + (i % 4)) }, ops: 1_000_000, floor: Array.from({ length: 1000 }, (_, i) => 1 + (i % 4)) },
  { name: 'byrequests, 100,000 members', pool: { members: members(100_000) }, ops: 1_000_000, floor: ones(100_000), target: 1_000_000 },
  { name: 'bybusyness, 1,000 members', pool: { method: 'bybusyness', members: members(1000) }, ops: 1_000_000 },
  { name: 'random, 1,000 members', pool: { method: 'random', members: members(1000) }, ops: 1_000_000 },
  { name: 'p2c, 1,000 members', pool: { method: 'p2c', members: members(1000) }, ops: 1_000_000 },
  { name: 'hash, 1,000 members', pool: { method: 'hash', members: members(1000) }, requests: Array.from({ length: 64 }, (_, i) => ({ hashKey: `10.0.${i}.7` })), ops: 1_000_000 },
  { name: 'p2c, 100,000 members', pool: { method: 'p2c', members: members(100_000) }, ops: 1_000_000 },
  { name: 'pure decide/apply, 3 members', pool: { members: members(3) }, ops: 1_000_000, floor: ones(3), pure: true },
  { name: 'pure decide/apply, 1,000 members', pool: { members: members(1000) }, ops: 20_000, floor: ones(1000), pure: true },
];

console.log(`@lbkit/core benchmark: decide + apply per request, node ${process.version}, median of ${RUNS} runs, per second of CPU time`);
console.log('');
console.log(`${'case'.padEnd(40)}${'core'.padStart(12)}${'floor (O(n) WRR)'.padStart(18)}${'core/floor'.padStart(12)}${'bytes/req'.padStart(11)}${'target'.padStart(12)}  met`);
let allMet = true;
for (const c of cases) {
  const body = (c.pure === true ? pureLoop : coreLoop)(c.pool, c.requests ?? [{}]);
  const core = measure(c.ops, body);
  const bytes = bytesPerOp(Math.min(c.ops, 200_000), body);
  // the floor costs n per request: fewer of them at large n
  const floor = c.floor === undefined ? NaN : measure(Math.max(20, Math.floor(2e7 / c.floor.length)), floorLoop(c.floor));
  const met = c.target === undefined ? '' : core >= c.target ? 'yes' : 'NO';
  if (met === 'NO' || (bytes > 150 && c.pure !== true)) allMet = false;
  console.log(
    `${c.name.padEnd(40)}${fmt(core).padStart(12)}${fmt(floor).padStart(18)}${(core / floor).toFixed(2).padStart(12)}${bytes.toFixed(0).padStart(11)}${(c.target === undefined ? '' : fmt(c.target)).padStart(12)}  ${met}`,
  );
}
console.log('');
console.log(`targets: >= 5 M/s at 1,000 members, >= 1 M/s at 100,000, <= 150 bytes per request through a handle (the pure rows copy the counters: O(n) by design): ${allMet ? 'all met' : 'NOT all met'}`);
