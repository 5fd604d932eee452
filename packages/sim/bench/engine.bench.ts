/**
 * `npm run bench` runs this with `--max-semi-space-size=32`: the engine allocates a few short-lived
 * objects per request (most of them in the core's pure `decide`/`apply`), and a larger young
 * generation makes those scavenges rarer. Run it with plain `npx tsx bench/engine.bench.ts` for the
 * default heap.
 *
 * Engine speed: simulated events per second on the seed scenario, beside a bare binary-heap
 * push/pop loop measured in the same process (the ceiling for a JavaScript event engine), then a
 * 10-million-request run with its time and peak heap. Run with `npm run bench` in packages/sim.
 */
import { loadScenario } from '../src/scenario-file.js';
import { Simulation } from '../src/engine.js';
import { EventQueue } from '../src/queue.js';
import { Rng } from '../src/rng.js';

const RUNS = 5;
const scenario = loadScenario(new URL('../scenarios/seed-lab.json', import.meta.url).pathname);

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Hold-model loop: a queue of `size` entries; each step pops the earliest and pushes one later. */
function bareHeap(steps: number, size: number): number {
  const q = new EventQueue<null>();
  const rng = Rng.stream(1, 'bench');
  for (let i = 0; i < size; i++) q.push(rng.exponential(1), 0, i, 0, null);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    q.pop();
    q.push(q.at + rng.exponential(1), q.kind, q.target, q.num, null);
  }
  return steps / ((performance.now() - t0) / 1000);
}

function seedLab(): { rate: number; events: number } {
  const sim = new Simulation(scenario);
  const t0 = performance.now();
  sim.run();
  return { rate: sim.events / ((performance.now() - t0) / 1000), events: sim.events };
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
console.log(`bare heap push+pop (1000 entries): median ${(h / 1e6).toFixed(2)} M ops/s over ${RUNS} runs`);
console.log(`seed-lab (${events} events per run): median ${(s / 1e6).toFixed(2)} M events/s over ${RUNS} runs`);
console.log(`engine / bare heap: ${(s / h).toFixed(2)}`);
if (process.argv.includes('--quick')) process.exit(0);
tenMillion();
