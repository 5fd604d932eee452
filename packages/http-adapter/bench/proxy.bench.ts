/**
 * `npm run bench`: requests/s, p50, p99 and RSS through lbkit, against a direct connection to a
 * member and against a minimal bare node:http round-robin proxy (the floor), at 32 and 256
 * connections. Each figure is the median of BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS
 * seconds (default 5), rounds interleaved so that drift hits every scenario alike; ratios to the
 * floor are taken within each round (lbkit runs right after its floor), then the median is kept.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = [32, 256];
const TARGETS = fileURLToPath(new URL('./targets.ts', import.meta.url));

interface Role {
  child: ChildProcess;
  port: number | number[];
}

function start(args: string[]): Promise<Role> {
  const child = fork(TARGETS, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number | number[] }).port }));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

function ask(child: ChildProcess, what: 'rss' | 'cpu'): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as Record<string, number>)[what]!));
    child.send(what);
  });
}

/** A cookie jar per connection: keeps the affinity cookie the proxy sets, sends it back. */
const cookieJar: autocannon.Request = {
  setupRequest: (req, context) => {
    const cookie = context['cookie'];
    return typeof cookie === 'string' ? { ...req, headers: { ...req.headers, Cookie: cookie } } : req;
  },
  onResponse: (_status, _body, context, headers) => {
    const set = headers['Set-Cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first !== undefined) context['cookie'] = first.split(';')[0];
  },
};

interface Scenario {
  readonly name: string;
  readonly url: string;
  readonly jar: boolean;
  readonly child: ChildProcess;
  /** The scenario whose figures are the floor for this one. */
  readonly floor: string | null;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  rss: number;
  /** CPU time the serving process spent per request, in µs: robust when other work shares the CPU. */
  cpu: number;
  errors: number;
}

async function measure(s: Scenario, connections: number, seconds: number): Promise<Figures> {
  const cpu0 = await ask(s.child, 'cpu');
  const result = await autocannon({ url: s.url, connections, duration: seconds, ...(s.jar ? { requests: [cookieJar] } : {}) });
  const cpu1 = await ask(s.child, 'cpu');
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rss: (await ask(s.child, 'rss')) / 2 ** 20,
    cpu: (cpu1 - cpu0) / Math.max(1, result.requests.total),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function main(): Promise<void> {
  const upstreams = await start(['upstreams']);
  const ports = JSON.stringify(upstreams.port);
  const bare = await start(['bare', ports]);
  const lbkit = await start(['lbkit', ports]);
  const base = (r: Role) => `http://127.0.0.1:${String(r.port)}`;
  const scenarios: Scenario[] = [
    { name: 'direct to a member', url: `http://127.0.0.1:${(upstreams.port as number[])[0]}/`, jar: false, child: upstreams.child, floor: null },
    { name: 'bare proxy', url: `${base(bare)}/`, jar: false, child: bare.child, floor: null },
    { name: 'lbkit round robin', url: `${base(lbkit)}/rr/`, jar: false, child: lbkit.child, floor: 'bare proxy' },
    { name: 'bare proxy + jar', url: `${base(bare)}/`, jar: true, child: bare.child, floor: null },
    { name: 'lbkit sticky + jar', url: `${base(lbkit)}/`, jar: true, child: lbkit.child, floor: 'bare proxy + jar' },
  ];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`lbkit proxy bench: ${availableParallelism()} cores (${cpu}), Node ${process.version}, ${ROUNDS} round(s) of ${SECONDS} s, medians\n`);
  const runs = new Map<string, Figures[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const connections of CONNECTIONS) {
      for (const s of scenarios) {
        await measure(s, connections, 1); // warm-up: JIT, pooled connections
        const f = await measure(s, connections, SECONDS);
        const key = `${s.name}@${connections}`;
        runs.set(key, [...(runs.get(key) ?? []), f]);
        process.stderr.write(`round ${round + 1} ${key}: ${Math.round(f.rps)} req/s\n`);
      }
    }
  }
  const pick = (key: string): Figures => {
    const fs = runs.get(key)!;
    return { rps: median(fs.map((f) => f.rps)), p50: median(fs.map((f) => f.p50)), p99: median(fs.map((f) => f.p99)), rss: median(fs.map((f) => f.rss)), cpu: median(fs.map((f) => f.cpu)), errors: fs.reduce((a, f) => a + f.errors, 0) };
  };
  /** Median over rounds of the ratio to the floor measured in the same round: robust to drift. */
  const ratio = (key: string, floorKey: string, of: (f: Figures) => number): number => {
    const fs = runs.get(key)!;
    const floors = runs.get(floorKey)!;
    return median(fs.map((f, i) => of(f) / of(floors[i]!)));
  };
  const rows = [['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB', 'CPU µs/req', 'req/s vs floor', 'p99 vs floor', 'CPU vs floor', 'errors']];
  for (const connections of CONNECTIONS) {
    for (const s of scenarios) {
      const key = `${s.name}@${connections}`;
      const f = pick(key);
      const floorKey = s.floor === null ? null : `${s.floor}@${connections}`;
      rows.push([
        s.name,
        String(connections),
        String(Math.round(f.rps)),
        f.p50.toFixed(1),
        f.p99.toFixed(1),
        f.rss.toFixed(0),
        f.cpu.toFixed(0),
        floorKey === null ? '' : `${(ratio(key, floorKey, (x) => x.rps) * 100).toFixed(1)}%`,
        floorKey === null ? '' : `${ratio(key, floorKey, (x) => x.p99).toFixed(2)}x`,
        floorKey === null ? '' : `${ratio(key, floorKey, (x) => x.cpu).toFixed(2)}x`,
        String(f.errors),
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`);
  for (const r of [upstreams, bare, lbkit]) r.child.disconnect();
}

await main();
