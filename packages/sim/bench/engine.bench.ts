/**
 * `npm run bench` runs this with `--max-semi-space-size=32`: the engine allocates a few short-lived
 * objects per request (most of them in the core's pure `decide`/`apply`), and a larger young
 * generation makes those scavenges rarer. Run it with plain `npx tsx bench/engine.bench.ts` for the
 * default heap.
 *
 * Engine speed: simulated events per CPU-second on the seed scenario, beside a bare binary-heap
 * push/pop loop measured in the same process (the ceiling for a JavaScript event engine); the CPU
 * cost per request of 10- and 1000-server farms under each method (the core's cost per decision
 * should not grow with n); replay against simulation on the same log; then a 10-million-request
 * run with its time and peak heap. Run with `npm run bench` in packages/sim (`-- --quick` skips
 * the 10-million run).
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeLogEntry, type LbMethod } from '@lbkit/core';
import { loadScenario } from '../src/scenario-file.js';
import { Simulation } from '../src/engine.js';
import { EventQueue } from '../src/queue.js';
import { replayFile } from '../src/replay-stream.js';
import { Rng } from '../src/rng.js';
import { farm } from '../src/validate-cases.js';

/** CPU seconds (user + system) spent in `f`. */
function cpu(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1e6;
}

const RUNS = 5;
const scenario = loadScenario(new URL('../scenarios/seed-lab.json', import.meta.url).pathname);

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Hold-model loop: a queue of `size` entries; each step pops the earliest and pushes one later. Ops per CPU-second. */
function bareHeap(steps: number, size: number): number {
  const q = new EventQueue<null>();
  const rng = Rng.stream(1, 'bench');
  for (let i = 0; i < size; i++) q.push(rng.exponential(1), 0, i, 0, null);
  const secs = cpu(() => {
    for (let i = 0; i < steps; i++) {
      q.pop();
      q.push(q.at + rng.exponential(1), q.kind, q.target, q.num, null);
    }
  });
  return steps / secs;
}

/** Seed-lab events per CPU-second. */
function seedLab(): { rate: number; events: number } {
  const sim = new Simulation(scenario);
  const secs = cpu(() => sim.run());
  return { rate: sim.events / secs, events: sim.events };
}

/** CPU µs per request of an n-server farm (single-slot exponential servers at 70 %), median of 3. */
function perRequest(method: LbMethod, n: number, requests: number): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const sim = new Simulation(farm(n, 1, method, 0.7, requests), { seed: i + 1 });
    times.push((cpu(() => sim.run()) / sim.metrics.sent) * 1e6);
  }
  return median(times);
}

function scaling(): void {
  console.log('cost per request, 10 vs 1000 servers (CPU µs, median of 3; target: ratio <= 2):');
  for (const method of ['byrequests', 'bybusyness', 'random', 'p2c'] as const) {
    const small = perRequest(method, 10, 100_000);
    const large = perRequest(method, 1000, 100_000);
    console.log(`  ${method.padEnd(10)} 10: ${small.toFixed(2)} µs  1000: ${large.toFixed(2)} µs  ratio ${(large / small).toFixed(2)}`);
  }
}

/** Records seed-lab's core log, then compares replaying it with simulating it (CPU). */
function replayVsSimulate(): void {
  const dir = mkdtempSync(join(tmpdir(), 'lbkit-bench-'));
  const file = join(dir, 'events.jsonl');
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  const rec = new Simulation(scenario, {
    record: (e) => {
      buf.push(encodeLogEntry(e) + '\n');
      if (buf.length >= 8192) (writeSync(fd, buf.join('')), (buf = []));
    },
  });
  rec.run();
  writeSync(fd, buf.join(''));
  closeSync(fd);
  const sim: number[] = [];
  const rep: number[] = [];
  for (let i = 0; i < 3; i++) {
    sim.push(cpu(() => new Simulation(scenario).run()));
    rep.push(cpu(() => replayFile(file)));
  }
  console.log(`replay vs simulate (seed-lab, CPU s, median of 3): simulate ${median(sim).toFixed(2)}, replay ${median(rep).toFixed(2)}, ratio ${(median(rep) / median(sim)).toFixed(2)}`);
  rmSync(dir, { recursive: true });
}

function tenMillion(): void {
  // seed-lab sends about 493 requests per simulated second
  const s = { ...scenario, durationMs: 20_300_000, bucketMs: 60_000, faults: [] };
  const sim = new Simulation(s);
  let peak = 0;
  const t0 = performance.now();
  while (sim.runUntil(sim.now + 100_000)) peak = Math.max(peak, process.memoryUsage().heapUsed);
  const secs = (performance.now() - t0) / 1000;
  const m = sim.metrics;
  console.log(
    `10M run: ${m.sent} requests, ${sim.events} events in ${secs.toFixed(1)} s ` +
      `(${(sim.events / secs / 1e6).toFixed(2)} M events/s), peak heap ${(peak / 2 ** 20).toFixed(0)} MiB, lost ${m.open}`,
  );
}

const semi = process.execArgv.find((a) => a.startsWith('--max-semi-space-size'));
console.log(`node ${process.version}, ${semi ?? 'default young generation'}`);
// warm up the JIT on both loops
bareHeap(2_000_000, 1_000);
seedLab();
const heap: number[] = [];
const sims: number[] = [];
let events = 0;
for (let i = 0; i < RUNS; i++) {
  heap.push(bareHeap(4_000_000, 1_000));
  const r = seedLab();
  sims.push(r.rate);
  events = r.events;
}
const h = median(heap);
const s = median(sims);
console.log(`bare heap push+pop (1000 entries): median ${(h / 1e6).toFixed(2)} M ops per CPU-second over ${RUNS} runs`);
console.log(`seed-lab (${events} events per run): median ${(s / 1e6).toFixed(2)} M events per CPU-second over ${RUNS} runs`);
console.log(`engine / bare heap: ${(s / h).toFixed(2)}`);
scaling();
replayVsSimulate();
if (process.argv.includes('--quick')) process.exit(0);
tenMillion();
