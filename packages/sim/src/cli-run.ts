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

/**
 * A few lines for the terminal.
 *
 * @example
 * ```ts
 * console.log(summaryText(report))
 * ```
 */
export function summaryText(r: SimReport): string {
  const q = r.requests;
  const l = r.latency;
  const lines = [
    `${r.scenario} (seed ${r.seed}): ${q.sent} sent, ${q.served} served, ${q.errors} 5xx, ${q.refused} refused, ${q.failovers} failovers, ${q.abandoned} abandoned, ${q.affinityBreaks} affinity breaks, ${q.lost} lost`,
    `latency ms: mean ${l.mean.toFixed(2)}  p50 ${l.p50.toFixed(2)}  p90 ${l.p90.toFixed(2)}  p99 ${l.p99.toFixed(2)}  p99.9 ${l.p999.toFixed(2)}`,
  ];
  for (const [pool, p] of Object.entries(r.pools)) {
    const shares = Object.entries(p.members).map(([id, m]) => `${id} ${(m.share * 100).toFixed(1)}%`);
    lines.push(`${pool}: ${shares.join('  ')}`);
  }
  lines.push(`${r.events} events, trace ${r.traceHash}`);
  return lines.join('\n');
}
