/**
 * Decision-path benchmark: decisions per second of `decide` beside a hand-written, mutable smooth
 * weighted round robin over the same members (the floor of the algorithm), measured in one process.
 * Prints medians of several runs and the ratios. Run with `npm run bench` in packages/core.
 */
import { type BalancerRequest, type BalancerState, createBalancer, decide, type PoolConfig } from '../src/index.js';

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Calls `body(n)` and returns operations per second; `body` must do n operations. */
function rate(n: number, body: (n: number) => unknown): number {
  const t0 = process.hrtime.bigint();
  body(n);
  const ns = Number(process.hrtime.bigint() - t0);
  return (n / ns) * 1e9;
}

function measure(n: number, body: (n: number) => unknown): number {
  rate(Math.max(1, n >> 2), body); // warm-up
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) rates.push(rate(n, body));
  return median(rates);
}

/** The floor: mutable smooth WRR over plain arrays, no state copies, no decision objects. */
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

function coreLoop(pool: PoolConfig, requests: readonly BalancerRequest[]): (n: number) => number {
  let state: BalancerState = createBalancer(pool);
  // decisions end: keep busy counters from growing without bound, as a proxy would
  return (n) => {
    let sink = 0;
    for (let r = 0; r < n; r++) {
      const [next, d] = decide(state, requests[r % requests.length]!, r);
      state = next;
      if (d.type === 'forward') sink += d.attempt;
    }
    return sink;
  };
}

const fmt = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`);

interface Row {
  name: string;
  core: number;
  floor: number;
  target: number;
}

const members = (n: number): { id: string }[] => Array.from({ length: n }, (_, i) => ({ id: `m${i}` }));
const cookies = (route: string): string => `_ga=GA1.2.1234567890.1700000000; lang=fr-CH; theme=dark; ROUTEID=.${route}; csrftoken=Zx81kQ0pLw`;

const rows: Row[] = [
  {
    name: 'byrequests, 3 members',
    core: measure(2_000_000, coreLoop({ members: members(3) }, [{}])),
    floor: measure(2_000_000, floorLoop([1, 1, 1])),
    target: 10_000_000,
  },
  {
    name: 'sticky, 5-cookie header, 3 members',
    core: measure(
      1_000_000,
      coreLoop({ sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid' }, members: members(3) }, [{ cookie: cookies('m0'), url: '/index.html' }, { cookie: cookies('m1'), url: '/app.js' }, { cookie: cookies('m2'), url: '/style.css?v=3' }]),
    ),
    floor: measure(2_000_000, floorLoop([1, 1, 1])),
    target: 3_000_000,
  },
  {
    name: 'byrequests, 1000 members',
    core: measure(50_000, coreLoop({ members: members(1000) }, [{}])),
    floor: measure(50_000, floorLoop(Array.from({ length: 1000 }, () => 1))),
    target: 200_000,
  },
];

console.log(`@lbkit/core decide() benchmark — node ${process.version}, median of ${RUNS} runs`);
console.log('');
console.log(`${'case'.padEnd(38)}${'core'.padStart(12)}${'floor (mutable WRR)'.padStart(22)}${'core/floor'.padStart(12)}${'target'.padStart(12)}  met`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(38)}${fmt(r.core).padStart(12)}${fmt(r.floor).padStart(22)}${(r.core / r.floor).toFixed(2).padStart(12)}${fmt(r.target).padStart(12)}  ${r.core >= r.target ? 'yes' : 'NO'}`,
  );
}
