/**
 * `lbkit-sim run`: runs a scenario, shows a progress bar on long runs, writes the JSON and HTML
 * reports (and, when asked, the trace and the core event log).
 *
 * @module
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeLogEntry, type LogEntry } from '@lbkit/core';
import cliProgress from 'cli-progress';
import { Simulation } from './engine.js';
import { renderHtmlReport } from './html-report.js';
import { buildReport, type SimReport } from './report.js';
import type { Scenario } from './scenario.js';
import { traceText } from './trace.js';

/** Options of `lbkit-sim run`, parsed. */
export interface RunCommand {
  readonly scenario: Scenario;
  readonly seed: number | undefined;
  /** Replication of the seed (0 unless asked). */
  readonly replication?: number;
  readonly out: string;
  readonly trace: boolean;
  readonly record: boolean;
  readonly progress: boolean;
}

/** Buffers event-log lines and writes them in large blocks. */
function logWriter(file: string): { write: (e: LogEntry) => void; close: () => void } {
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  const flush = () => {
    if (buf.length > 0) writeSync(fd, buf.join(''));
    buf = [];
  };
  return {
    write: (e) => {
      buf.push(encodeLogEntry(e) + '\n');
      if (buf.length >= 8192) flush();
    },
    close: () => {
      flush();
      closeSync(fd);
    },
  };
}

function runWithProgress(sim: Simulation, show: boolean): void {
  const total = sim.durationMs;
  const slice = total / 200;
  const bar = show
    ? new cliProgress.SingleBar(
        { format: 'simulating [{bar}] {percentage}% | {value}/{total} s virtual | {events} events', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(Math.round(total / 1000), 0, { events: 0 });
  let more = true;
  while (more) {
    more = sim.runUntil(sim.now + slice);
    bar?.update(Math.round(Math.min(sim.now, total) / 1000), { events: sim.events });
  }
  bar?.stop();
}

/**
 * Runs the command; returns the report (the CLI prints a summary and picks the exit code).
 *
 * @example
 * ```ts
 * const report = runCommand({ scenario, seed: 1, out: 'out/lab', trace: false, record: true, progress: false })
 * ```
 */
export function runCommand(cmd: RunCommand): SimReport {
  mkdirSync(cmd.out, { recursive: true });
  const log = cmd.record ? logWriter(join(cmd.out, 'events.jsonl')) : null;
  const sim = new Simulation(cmd.scenario, {
    ...(cmd.seed === undefined ? {} : { seed: cmd.seed }),
    replication: cmd.replication ?? 0,
    keepTrace: cmd.trace,
    ...(log === null ? {} : { record: log.write }),
  });
  try {
    runWithProgress(sim, cmd.progress);
  } finally {
    log?.close();
  }
  const report = buildReport(sim);
  writeFileSync(join(cmd.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(cmd.out, 'report.html'), renderHtmlReport(report));
  if (cmd.trace) writeFileSync(join(cmd.out, 'trace.jsonl'), traceText(sim.tracer.events));
  return report;
}

/** One pool's shares: every member up to 12, else the spread, the extremes and the coefficient of variation. */
function sharesLine(pool: string, members: Readonly<Record<string, { readonly share: number }>>): string {
  const entries = Object.entries(members);
  if (entries.length <= 12) return `${pool}: ${entries.map(([id, m]) => `${id} ${(m.share * 100).toFixed(1)}%`).join('  ')}`;
  const sorted = entries.map(([id, m]) => [id, m.share] as const).sort((a, b) => a[1] - b[1]);
  const mean = 1 / sorted.length;
  const sd = Math.sqrt(sorted.reduce((a, [, v]) => a + (v - mean) ** 2, 0) / sorted.length);
  const pct = (v: number) => `${(v * 100).toFixed(3)}%`;
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  return `${pool}: ${sorted.length} members, share min ${pct(lo[1])} (${lo[0]}), median ${pct(sorted[Math.floor(sorted.length / 2)]![1])}, max ${pct(hi[1])} (${hi[0]}), CV ${(sd / mean).toFixed(3)}`;
}

/**
 * A few lines for the terminal (one per pool, whatever its size).
 *
 * @example
 * ```ts
 * console.log(summaryText(report))
 * ```
 */
export function summaryText(r: SimReport): string {
  const q = r.requests;
  const l = r.latency;
  const k = r.queueing;
  const lines = [
    `${r.scenario} (seed ${r.seed}${r.replication > 0 ? `, replication ${r.replication}` : ''}): ${q.sent} sent, ${q.succeeded} succeeded, ${q.errors} 5xx, ${q.refused} refused, ${q.timedOut} timed out, ${q.abandoned} abandoned, ${q.lost} lost; ${q.failovers} failovers, ${q.affinityBreaks} affinity breaks`,
    `latency of successes, ms: mean ${l.mean.toFixed(2)}  p50 ${l.p50.toFixed(2)}  p90 ${l.p90.toFixed(2)}  p99 ${l.p99.toFixed(2)}  p99.9 ${l.p999.toFixed(2)}`,
    `queueing: utilisation ${(k.utilisation * 100).toFixed(1)}%, mean queue length ${k.meanQueueLength.toFixed(3)}, mean wait ${k.meanWaitMs.toFixed(3)} ms, time in system ${r.sojourn.mean.toFixed(3)} ms`,
  ];
  if (r.theory !== null) lines.push(`theory (${r.theory.label}, rho ${r.theory.rho.toFixed(3)}): time in system ${r.theory.sojournMs.toFixed(3)} ms${r.theory.exact ? '' : ` (${r.theory.note})`}`);
  for (const [pool, p] of Object.entries(r.pools)) lines.push(sharesLine(pool, p.members));
  lines.push(`${r.events} events, trace ${r.traceHash}`);
  return lines.join('\n');
}
