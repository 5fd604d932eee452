/**
 * `npm run bench` runs this with `--max-semi-space-size=32`: the engine allocates a few short-lived
 * objects per request (most of them in the core's pure `decide`/`apply`), and a larger young
 * generation makes those scavenges rarer; and with `--expose-gc`, so that a full GC between farm
 * runs keeps one run's garbage out of the next one's figures. Run it with plain
 * `npx tsx bench/engine.bench.ts` for the default heap (and no GC between runs).
 *
 * Engine speed, all in CPU time (`process.cpuUsage`: user + system, so other processes on a shared
 * machine count less than in wall time), as medians of interleaved rounds:
 * - simulated events per CPU-second on the seed scenario, beside a bare binary-heap push/pop loop
 *   measured in the same process (the ceiling for a JavaScript event engine), and their ratio;
 * - the CPU cost per request of 10- and 1000-server farms under each method, and 1000 ÷ 10
 *   (target: at most 2, now that the core's cost per decision does not grow with n), judged on a
 *   timed window of a farm already at its steady state; whole runs are printed beside it;
 * - replay ÷ simulate of the seed scenario's recorded log (target: at most 1);
 * - then a 10-million-request run with its time and peak heap (`-- --quick` skips it).
 * Each target line ends in PASS or FAIL, and a summary closes the run.
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

const ROUNDS = 5;
const METHODS: readonly LbMethod[] = ['byrequests', 'bybusyness', 'random', 'p2c'];
const SCALING_TARGET = 2;
const REPLAY_TARGET = 1;
const scenario = loadScenario(new URL('../scenarios/seed-lab.json', import.meta.url).pathname);
const verdicts: { name: string; ok: boolean }[] = [];

/** CPU seconds (user + system) spent in `f`. */
function cpu(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1e6;
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function verdict(name: string, value: number, target: number): string {
  const ok = value <= target;
  verdicts.push({ name, ok });
  return `${value.toFixed(2)} (target <= ${target}) ${ok ? 'PASS' : 'FAIL'}`;
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

function engineRate(): void {
  bareHeap(2_000_000, 1_000); // warm up the JIT on both loops
  seedLab();
  const heap: number[] = [];
  const sims: number[] = [];
  let events = 0;
  for (let i = 0; i < ROUNDS; i++) {
    heap.push(bareHeap(4_000_000, 1_000));
    const r = seedLab();
    sims.push(r.rate);
    events = r.events;
  }
  const h = median(heap);
  const s = median(sims);
  console.log(`bare heap push+pop (1000 entries): ${(h / 1e6).toFixed(2)} M ops per CPU-second`);
  console.log(`seed-lab (${events} events per run): ${(s / 1e6).toFixed(2)} M events per CPU-second`);
  console.log(`engine / bare heap: ${(s / h).toFixed(2)}`);
}

const FARM_REQUESTS = 200_000;
/** Requests sent before the timed window: the farm fills up to its steady state (≈ 2 300 in flight at 1000 servers). */
const WARM_REQUESTS = 60_000;
/** Requests sent during the timed window. */
const WINDOW_REQUESTS = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * CPU µs per request of an n-server farm (single-slot exponential servers at 70 %), two ways:
 * `steady` is the marginal cost of a running farm (the CPU of a window of {@link WINDOW_REQUESTS}
 * sent after {@link WARM_REQUESTS}, divided by the requests sent in it: what the target judges);
 * `whole` is the whole run over its requests (construction, ramp-up and drain included).
 * The previous run's garbage is collected first when `--expose-gc` is on, so it is nobody's cost.
 */
function perRequest(method: LbMethod, n: number, seed: number): { steady: number; whole: number } {
  gc?.();
  const t0 = process.cpuUsage();
  const sim = new Simulation(farm(n, 1, method, 0.7, FARM_REQUESTS), { seed });
  const perMs = n * 0.7; // arrivals per virtual ms
  sim.runUntil(WARM_REQUESTS / perMs);
  const sent0 = sim.nextRequest;
  const secs = cpu(() => sim.runUntil((WARM_REQUESTS + WINDOW_REQUESTS) / perMs));
  const steady = (secs / (sim.nextRequest - sent0)) * 1e6;
  sim.run();
  const u = process.cpuUsage(t0);
  return { steady, whole: (u.user + u.system) / sim.nextRequest }; // cpuUsage counts µs
}

type Figures = Map<LbMethod, number[]>;

function scalingLine(title: string, small: Figures, large: Figures, ratio: Figures, judged: boolean): void {
  console.log(title);
  for (const method of METHODS) {
    const r = median(ratio.get(method)!);
    const line = `  ${method.padEnd(10)} 10: ${median(small.get(method)!).toFixed(2)} µs  1000: ${median(large.get(method)!).toFixed(2)} µs  1000 ÷ 10: `;
    console.log(line + (judged ? verdict(`1000 ÷ 10 servers, ${method}`, r, SCALING_TARGET) : `${r.toFixed(2)} (not judged)`));
  }
}

function scaling(): void {
  const figures = (): Figures => new Map(METHODS.map((m) => [m, [] as number[]]));
  const [small, large, ratio, wSmall, wLarge, wRatio] = [figures(), figures(), figures(), figures(), figures(), figures()];
  for (const method of METHODS) (perRequest(method, 10, 99), perRequest(method, 1000, 99)); // warm-up
  for (let round = 1; round <= ROUNDS; round++) {
    for (const method of METHODS) {
      const s = perRequest(method, 10, round);
      const l = perRequest(method, 1000, round);
      small.get(method)!.push(s.steady);
      large.get(method)!.push(l.steady);
      ratio.get(method)!.push(l.steady / s.steady);
      wSmall.get(method)!.push(s.whole);
      wLarge.get(method)!.push(l.whole);
      wRatio.get(method)!.push(l.whole / s.whole);
    }
  }
  const how = `CPU µs, medians of ${ROUNDS} interleaved rounds; 1000 ÷ 10 is the median of the rounds' ratios; ${gc === undefined ? 'no --expose-gc: the previous run\'s garbage is not collected first' : 'a full GC before each run'}`;
  scalingLine(
    `cost per request of a running farm, 10 vs 1000 servers (${WINDOW_REQUESTS} requests timed after ${WARM_REQUESTS} to reach steady state; ${how}):`,
    small, large, ratio, true,
  );
  scalingLine(`  whole runs of ${FARM_REQUESTS} requests (construction, ramp-up and drain included), for reference:`, wSmall, wLarge, wRatio, false);
}

/** Records seed-lab's core log into `file`; returns its line count. */
function record(file: string): number {
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  let lines = 0;
  const rec = new Simulation(scenario, {
    record: (e) => {
      buf.push(encodeLogEntry(e) + '\n');
      lines++;
      if (buf.length >= 8192) (writeSync(fd, buf.join('')), (buf = []));
    },
  });
  rec.run();
  writeSync(fd, buf.join(''));
  closeSync(fd);
  return lines;
}

/** Replaying seed-lab's recorded log against simulating it (CPU), in interleaved rounds. */
function replayVsSimulate(): void {
  const dir = mkdtempSync(join(tmpdir(), 'lbkit-bench-'));
  const file = join(dir, 'events.jsonl');
  const lines = record(file);
  const sim: number[] = [];
  const rep: number[] = [];
  const ratio: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const s = cpu(() => new Simulation(scenario).run());
    let outcome = 0;
    const r = cpu(() => (outcome = replayFile(file).exitCode));
    if (outcome !== 0) throw new Error(`replay of ${file} failed (exit ${outcome})`);
    sim.push(s);
    rep.push(r);
    ratio.push(r / s);
  }
  rmSync(dir, { recursive: true });
  console.log(`replay vs simulate (seed-lab, ${lines} log lines; CPU s, medians of ${ROUNDS} interleaved rounds): simulate ${median(sim).toFixed(2)}, replay ${median(rep).toFixed(2)}`);
  console.log(`  replay ÷ simulate: ${verdict('replay ÷ simulate', median(ratio), REPLAY_TARGET)}`);
}

function tenMillion(): void {
  // seed-lab sends about 493 requests per simulated second
  const s = { ...scenario, durationMs: 20_300_000, bucketMs: 60_000, faults: [] };
  const sim = new Simulation(s);
  let peak = 0;
  const t0 = process.cpuUsage();
  while (sim.runUntil(sim.now + 100_000)) peak = Math.max(peak, process.memoryUsage().heapUsed);
  const u = process.cpuUsage(t0);
  const secs = (u.user + u.system) / 1e6;
  const m = sim.metrics;
  console.log(
    `10M run: ${m.sent} requests, ${sim.events} events in ${secs.toFixed(1)} CPU s ` +
      `(${(sim.events / secs / 1e6).toFixed(2)} M events/s), peak heap ${(peak / 2 ** 20).toFixed(0)} MiB, lost ${m.open}`,
  );
}

const semi = process.execArgv.find((a) => a.startsWith('--max-semi-space-size'));
console.log(`node ${process.version}, ${semi ?? 'default young generation'}`);
const only = process.argv.includes('--scaling'); // the scaling lines alone, while working on them
if (!only) engineRate();
scaling();
if (!only) replayVsSimulate();
const failed = verdicts.filter((v) => !v.ok);
console.log(failed.length === 0 ? `targets: all ${verdicts.length} PASS` : `targets: ${failed.length} of ${verdicts.length} FAIL (${failed.map((v) => v.name).join('; ')})`);
if (!process.argv.includes('--quick') && !only) tenMillion();
