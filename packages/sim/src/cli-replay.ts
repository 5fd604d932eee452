/**
 * `lbkit-sim replay`: re-runs a recorded core event log and checks every decision, naming the line
 * of the first one that differs.
 *
 * @module
 */
import { parseLog, replayLog } from '@lbkit/core';

/**
 * What a replay found, ready for the terminal.
 *
 * @example
 * ```ts
 * const { exitCode, message }: ReplayOutcome = replayFile('events.jsonl')
 * ```
 */
export interface ReplayOutcome {
  /** 0 every decision matched, 1 a decision differs or a pool has no start, 2 the log cannot be read. */
  readonly exitCode: 0 | 1 | 2;
  readonly message: string;
}

/**
 * Replays the text of an `events.jsonl` log.
 *
 * @example
 * ```ts
 * const { exitCode, message } = replayText(readFileSync('out/seed-lab/events.jsonl', 'utf8'), 'events.jsonl')
 * ```
 */
export function replayText(text: string, file: string): ReplayOutcome {
  const parsed = parseLog(text);
  if (!parsed.ok) {
    const lines = parsed.error.slice(0, 10).flatMap((b) => b.issues.map((i) => `${file}:${b.line}: ${i.path.join('.') || '(entry)'}: ${i.message}`));
    return { exitCode: 2, message: lines.join('\n') };
  }
  // entries skip blank lines: map each back to its line number
  const lineOf: number[] = [];
  text.split('\n').forEach((l, n) => {
    if (l.trim() !== '') lineOf.push(n + 1);
  });
  const r = replayLog(parsed.value);
  if (r.missingStart !== null) {
    return { exitCode: 1, message: `${file}:${lineOf[r.missingStart]}: entry for a pool with no "start" entry before it` };
  }
  if (r.mismatch !== null) {
    const m = r.mismatch;
    return {
      exitCode: 1,
      message: `${file}:${lineOf[m.index]}: decision ${r.decisions} (pool ${m.pool ?? '(none)'}) differs\n  recorded: ${JSON.stringify(m.expected)}\n  replayed: ${JSON.stringify(m.actual)}`,
    };
  }
  return { exitCode: 0, message: `${file}: ${r.decisions} decisions and ${r.events} events replayed, every decision matches` };
}
