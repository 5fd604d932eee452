/**
 * Runs an experiment's replications, in this thread or on worker threads. Each replication is
 * indexed (point × R + replication) and its figures are stored at that index, so the result is the
 * same whatever the number of workers and whatever order they finish in.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Simulation } from './engine.js';
import { type ExperimentResult, type GridPoint, grid, type Observation, observe, summarise } from './experiment.js';
import { buildReport } from './report.js';
import type { Scenario } from './scenario.js';
import { scenarioFromData } from './scenario-file.js';
import type { Setting } from './scenario-set.js';
import { predict } from './theory-match.js';

/**
 * What to run.
 *
 * @example
 * ```ts
 * const spec: ExperimentSpec = { data, file: 'mm1.json', axes: [parseSetting('clients.0.arrivals.ratePerSec=500,900')], seed: 1, replications: 10, level: 0.95 }
 * ```
 */
export interface ExperimentSpec {
  /** The scenario's raw data (before `--set`). */
  readonly data: unknown;
  /** Its file name, for messages. */
  readonly file: string;
  readonly axes: readonly Setting[];
  readonly seed: number;
  readonly replications: number;
  /** Confidence level of the intervals, e.g. 0.95. */
  readonly level: number;
}

/**
 * How to run it.
 *
 * @example
 * ```ts
 * const how: RunOptions = { workers: 2, onProgress: (done, total) => bar.update(done) }
 * ```
 */
export interface RunOptions {
  /** Worker threads; 0 or 1 runs in this thread. Default: every core. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** One replication to run, as sent to a worker. */
export interface ReplicationTask {
  readonly task: number;
  readonly point: number;
  readonly values: readonly (readonly [string, unknown])[];
  readonly seed: number;
  readonly replication: number;
}

/**
 * Runs replication `replication` of `seed` and returns its figures.
 *
 * @example
 * ```ts
 * runReplication(scenario, 1, 0)['latency.mean']
 * ```
 */
export function runReplication(scenario: Scenario, seed: number, replication: number): Observation {
  const sim = new Simulation(scenario, { seed, replication });
  sim.run();
  return observe(buildReport(sim));
}

/** A worker running `experiment-worker`: the built JavaScript, or (under tsx or vitest) the TypeScript through tsx. */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./experiment-worker.js', import.meta.url), { workerData });
  const entry = new URL('./experiment-worker.ts', import.meta.url).href;
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

function onWorkers(spec: ExperimentSpec, tasks: readonly ReplicationTask[], workers: number, done: (task: number, o: Observation) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let finished = 0;
    const pool: Worker[] = [];
    const stop = (e?: unknown) => {
      for (const w of pool) void w.terminate();
      if (e === undefined) resolve();
      else reject(e instanceof Error ? e : new Error(String(e)));
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) w.postMessage(tasks[next++]);
    };
    for (let i = 0; i < Math.min(workers, tasks.length); i++) {
      const w = startWorker({ data: spec.data, file: spec.file });
      pool.push(w);
      w.on('message', (m: { task: number; observation: Observation }) => {
        done(m.task, m.observation);
        if (++finished === tasks.length) stop();
        else feed(w);
      });
      w.on('error', stop);
      feed(w);
    }
  });
}

/**
 * Runs every replication of every point and summarises each point.
 *
 * @throws `ScenarioError` or `SettingError` (before anything runs) when a point is invalid.
 * @example
 * ```ts
 * const result = await runExperiment(spec, { workers: 2 })
 * result.points[0]?.figures['latency.mean']
 * ```
 */
export async function runExperiment(spec: ExperimentSpec, options: RunOptions = {}): Promise<ExperimentResult> {
  const points: GridPoint[] = grid(spec.axes);
  const scenarios = points.map((p) => scenarioFromData(spec.data, spec.file, p.values));
  const R = spec.replications;
  const tasks: ReplicationTask[] = points.flatMap((p) => Array.from({ length: R }, (_, r) => ({ task: p.index * R + r, point: p.index, values: p.values, seed: spec.seed, replication: r })));
  const observations: Observation[] = new Array(tasks.length);
  let count = 0;
  const done = (task: number, o: Observation) => {
    observations[task] = o;
    options.onProgress?.(++count, tasks.length);
  };
  const workers = Math.min(options.workers ?? availableParallelism(), tasks.length);
  if (workers <= 1) for (const t of tasks) done(t.task, runReplication(scenarios[t.point]!, t.seed, t.replication));
  else await onWorkers(spec, tasks, workers, done);
  return {
    scenario: scenarios[0]!.name,
    seed: spec.seed,
    replications: R,
    level: spec.level,
    axes: spec.axes,
    points: points.map((p) => {
      const t = predict(scenarios[p.index]!);
      const theory = t === null ? null : { model: t.model, label: t.label, sojournMs: t.sojournMs, exact: t.exact };
      return summarise(p, observations.slice(p.index * R, (p.index + 1) * R), spec.level, theory);
    }),
  };
}
