/**
 * The engine: a virtual clock, one event queue ordered by (time, sequence), and a side FIFO for
 * attempt timeouts (they are all scheduled `timeoutMs` ahead, so they arrive in time order and need
 * no heap). It owns the run loop; the model's behaviour lives in `servers.ts`, `balancer-node.ts`,
 * `clients.ts` and `health-checks.ts`.
 *
 * @module
 */
import { type LogEntry, restorePool } from '@lbkit/core';
import { samplerOf, type Sampler } from './distributions.js';
import { expandFaults, type FaultAction } from './faults.js';
import { Metrics } from './metrics.js';
import { type Attempt, FAULT, type Kind, type Req, type Session } from './model.js';
import { EventQueue } from './queue.js';
import { Rng, streamRoot } from './rng.js';
import type { Scenario } from './scenario.js';
import { Tracer } from './trace.js';
import { buildWorld, type World } from './world.js';
import { handle } from './dispatch-task.js';
import { timedOut } from './balancer-node.js';
import { startClients } from './clients.js';
import { startHealthChecks } from './health-checks.js';

/**
 * Options of a run.
 *
 * @example
 * ```ts
 * const options: SimOptions = { seed: 7, keepTrace: true, record: (e) => lines.push(encodeLogEntry(e)) }
 * ```
 */
export interface SimOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Keep every {@link SimEvent} (memory grows with the run). Default false. */
  readonly keepTrace?: boolean;
  /**
   * Which independent replication of the seed to run (default 0). Each replication has its own root
   * (see `streamRoot`), and every component stream is keyed by (root, component name).
   */
  readonly replication?: number;
  /** Receives every core call as an event-log entry, for `lbkit-sim replay`. */
  readonly record?: (entry: LogEntry) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One simulation run. Build it, optionally listen to its events, then {@link Simulation.run} it
 * (or {@link Simulation.runUntil} in slices, e.g. to draw a progress bar).
 *
 * @example
 * ```ts
 * const sim = new Simulation(loadScenario('scenarios/seed-lab.json'), { seed: 1 })
 * sim.run()
 * console.log(sim.metrics.served, sim.tracer.hash.hex())
 * ```
 */
export class Simulation {
  /** Current virtual time, ms. */
  now = 0;
  /** Events taken off the queues so far. */
  events = 0;
  readonly seed: number;
  /** The replication of {@link Simulation.seed} this run is. */
  readonly replication: number;
  /** @internal */
  readonly world: World;
  /** @internal */
  readonly metrics: Metrics;
  /** @internal */
  readonly tracer: Tracer;
  /** @internal */
  readonly record: ((entry: LogEntry) => void) | undefined;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Per-attempt timeout; `Infinity` when the scenario says `"none"`. */
  readonly timeoutMs: number;
  readonly faults: readonly FaultAction[];
  /** @internal */
  readonly netRng: Rng;
  /** @internal */
  readonly healthRng: Rng;
  private readonly net: Sampler | null;
  private readonly queue = new EventQueue<Attempt | Session | Req>();
  private readonly timeouts: Attempt[] = [];
  private readonly timeoutSeq: number[] = [];
  private timeoutHead = 0;
  private started = false;
  /** @internal */
  nextRequest = 0;
  /** @internal */
  nextSession = 0;

  constructor(
    readonly scenario: Scenario,
    options: SimOptions = {},
  ) {
    this.seed = options.seed ?? scenario.seed ?? 1;
    this.replication = options.replication ?? 0;
    const root = streamRoot(this.seed, this.replication);
    this.world = buildWorld(scenario, root);
    this.durationMs = scenario.durationMs;
    this.warmupMs = scenario.warmupMs ?? 0;
    const timeout = scenario.balancers.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.timeoutMs = timeout === 'none' ? Infinity : timeout;
    this.metrics = new Metrics(this.world.pools, this.world.servers, this.warmupMs, scenario.bucketMs ?? scenario.durationMs / 100, this.durationMs);
    this.tracer = new Tracer(options.keepTrace ?? false);
    this.record = options.record;
    this.netRng = Rng.stream(root, 'network');
    this.healthRng = Rng.stream(root, 'health');
    this.net = scenario.network === undefined ? null : samplerOf(scenario.network.delay);
    this.faults = expandFaults(scenario.faults ?? [], root, this.durationMs);
  }

  /**
   * Puts an entry on the queue.
   * @internal
   */
  schedule(at: number, kind: Kind, target: number, num: number, ref: Attempt | Session | Req | null): void {
    this.queue.push(at, kind, target, num, ref);
  }

  /**
   * Arms the timeout of an attempt sent now.
   * @internal
   */
  armTimeout(attempt: Attempt): void {
    if (this.timeoutMs === Infinity) return;
    this.timeouts.push(attempt);
    this.timeoutSeq.push(this.queue.takeSeq());
  }

  /** One network crossing between a balancer and a server, ms. */
  delay(): number {
    return this.net === null ? 0 : this.net(this.netRng);
  }

  private start(): void {
    this.started = true;
    if (this.record !== undefined) {
      for (const b of this.world.balancers) {
        // handles that record: each writes its start entry now
        this.world.pools.forEach((p, i) => (b.pools[i] = restorePool(b.pools[i]!.snapshot(), { name: `b${b.index}/${p.name}`, now: 0, record: this.record! })));
      }
    }
    this.faults.forEach((f, i) => this.schedule(f.at, FAULT, i, 0, null));
    startClients(this);
    startHealthChecks(this);
  }

  /** Drops timeouts of attempts that already ended; returns the live head, if any. */
  private liveTimeout(): Attempt | undefined {
    const list = this.timeouts;
    let h = this.timeoutHead;
    if (h < list.length && !list[h]!.done) return list[h];
    while (h < list.length && list[h]!.done) h++;
    if (h > 4096 && h * 2 > list.length) {
      list.splice(0, h);
      this.timeoutSeq.splice(0, h);
      h = 0;
    }
    this.timeoutHead = h;
    return list[h];
  }

  /**
   * Processes every event due up to and including virtual time `t`, then moves the clock to `t`.
   * Returns false once nothing is left (the clock then stays at the last event).
   *
   * @example
   * ```ts
   * while (sim.runUntil(sim.now + 10_000)) bar.update(sim.now)
   * ```
   */
  runUntil(t: number): boolean {
    if (!this.started) this.start();
    const queue = this.queue;
    const timeoutMs = this.timeoutMs;
    for (;;) {
      const due = this.liveTimeout();
      if (due !== undefined) {
        const at = due.sentAt + timeoutMs;
        const topAt = queue.peekAt();
        if (at < topAt || (at === topAt && this.timeoutSeq[this.timeoutHead]! < queue.peekSeq())) {
          if (at > t) return this.pauseAt(t);
          this.timeoutHead++;
          this.now = at;
          this.events++;
          timedOut(this, due);
          continue;
        }
      }
      if (queue.size === 0) return false;
      if (queue.peekAt() > t) return this.pauseAt(t);
      queue.pop();
      this.now = queue.at;
      this.events++;
      handle(this, queue.kind, queue.target, queue.num, queue.ref);
    }
  }

  private pauseAt(t: number): true {
    this.now = t;
    return true;
  }

  /** Runs to the end: clients stop at `durationMs`, then everything in flight drains. */
  run(): void {
    this.runUntil(Infinity);
  }
}
