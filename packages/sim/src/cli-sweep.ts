/**
 * `lbkit-sim sweep` and `lbkit-sim compare --replications`: experiments with replications and
 * confidence intervals, run on worker threads, written as CSV, JSON and HTML.
 *
 * @module
 */
import cliProgress from 'cli-progress';
import type { ExperimentResult } from './experiment.js';
import { writeExperiment } from './experiment-files.js';
import { type ExperimentSpec, runExperiment } from './experiment-run.js';

/** How to run and where to write, parsed from the command line. */
export interface ExperimentCommand {
  readonly spec: ExperimentSpec;
  readonly out: string;
  readonly workers: number | undefined;
  readonly progress: boolean;
  /** `Sweep` or `Comparison`: the report's title. */
  readonly title: string;
}

/**
 * Runs the experiment with a progress bar (stderr, when asked) and writes its files.
 *
 * @example
 * ```ts
 * const { result, files } = await experimentCommand({ spec, out: 'out/sweep', workers: 2, progress: false, title: 'Sweep' })
 * ```
 */
export async function experimentCommand(cmd: ExperimentCommand): Promise<{ result: ExperimentResult; files: string[] }> {
  const bar = cmd.progress
    ? new cliProgress.SingleBar(
        { format: `${cmd.title.toLowerCase()} [{bar}] {percentage}% | {value}/{total} replications | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  const result = await runExperiment(cmd.spec, {
    ...(cmd.workers === undefined ? {} : { workers: cmd.workers }),
    onProgress: (done, total) => {
      if (bar === null) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  bar?.stop();
  return { result, files: writeExperiment(result, cmd.out, cmd.title) };
}

function pm(ci: { mean: number; halfWidth: number } | undefined, digits = 3): string {
  return ci === undefined ? '-' : `${ci.mean.toFixed(digits)} ± ${ci.halfWidth.toFixed(digits)}`;
}

function pct(ci: { mean: number; halfWidth: number } | undefined): string {
  return ci === undefined ? '-' : `${(ci.mean * 100).toFixed(2)}%`;
}

/**
 * The experiment as an aligned text table: one row per point.
 *
 * @example
 * ```ts
 * console.log(experimentTable(result))
 * ```
 */
export function experimentTable(r: ExperimentResult): string {
  const head = [...r.axes.map((a) => a.path.split('.').slice(-2).join('.')), 'latency mean ms', 'p99 ms', 'theory ms', 'throughput/s', 'ok', '5xx', 'refused', 'timeout', 'abandoned'];
  const body = r.points.map((p) => [
    ...p.values.map(([, v]) => (typeof v === 'string' ? v : JSON.stringify(v))),
    pm(p.figures['latency.mean']),
    pm(p.figures['latency.p99'], 2),
    p.theory === null ? '-' : p.theory.sojournMs.toFixed(3),
    pm(p.figures.throughputPerSec, 1),
    pct(p.figures['rate.succeeded']),
    pct(p.figures['rate.errors']),
    pct(p.figures['rate.refused']),
    pct(p.figures['rate.timedOut']),
    pct(p.figures['rate.abandoned']),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < r.axes.length ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line), `(${r.replications} replications per point, ${(r.level * 100).toFixed(0)} % Student-t intervals)`].join('\n');
}
