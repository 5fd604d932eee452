/**
 * The event log: every input the core was given, one JSON object per line, so that any run can be
 * recorded and replayed to reproduce every decision.
 *
 * Line kinds, each with `at` (the `now` it was given, ms) and an optional `pool` name for logs that
 * hold several pools:
 *
 * - `{"type":"start","pool":"static","at":0,"state":{...}}`: a pool's state when recording began.
 * - `{"type":"decide","pool":"static","at":5,"request":{...},"decision":{...}}`: a call of
 *   {@link decide} and the decision it returned.
 * - `{"type":"apply","pool":"static","at":9,"event":{...}}`: a call of {@link apply}.
 *
 * @module
 */
import { z } from 'zod';
import { requestSchema, decisionSchema } from './decisions.js';
import { type ConfigIssue, type Result } from './errors.js';
import { eventSchema } from './events.js';
import { type Pool, restorePool } from './pool.js';
import { type DeepReadonly, stateSchema } from './state.js';

const time = z.number().refine(Number.isFinite, 'must be a finite number');
const pool = z.string().min(1).max(256).optional();

/**
 * One line of an event log, as one schema: the request, decision, event and state schemas are the core's own.
 *
 * @example
 * ```ts
 * const entry = logEntrySchema.parse(JSON.parse(line))
 * ```
 */
export const logEntrySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), pool, at: time, state: stateSchema }),
  z.strictObject({ type: z.literal('decide'), pool, at: time, request: requestSchema, decision: decisionSchema }),
  z.strictObject({ type: z.literal('apply'), pool, at: time, event: eventSchema }),
]);

type Entry = DeepReadonly<z.input<typeof logEntrySchema>>;

/**
 * The state of a pool when recording began.
 *
 * @example
 * ```ts
 * { type: 'start', pool: 'static', at: 0, state: pool.snapshot() }
 * ```
 */
export interface StartEntry extends Extract<Entry, { type: 'start' }> {}
/**
 * One call of `decide` and what it returned.
 *
 * @example
 * ```ts
 * { type: 'decide', pool: 'static', at: 5, request: { cookie: 'ROUTEID=.static1' }, decision }
 * ```
 */
export interface DecideEntry extends Extract<Entry, { type: 'decide' }> {}
/**
 * One call of `apply`.
 *
 * @example
 * ```ts
 * { type: 'apply', pool: 'static', at: 9, event: { type: 'responseReceived', member: 'static1', status: 200 } }
 * ```
 */
export interface ApplyEntry extends Extract<Entry, { type: 'apply' }> {}
/**
 * One line of an event log.
 *
 * @remarks
 * Apache has no equivalent: its access log records what happened, not the inputs that decided it.
 *
 * @example
 * ```ts
 * const entries: LogEntry[] = []
 * const pool = createPool(config, { name: 'static', record: (e) => entries.push(e) })
 * ```
 */
export type LogEntry = StartEntry | DecideEntry | ApplyEntry;

/**
 * A log line that could not be read: its 1-based line number and every problem with it.
 *
 * @example
 * ```ts
 * const r = parseLog(text)
 * if (!r.ok) for (const bad of r.error) console.error(`line ${bad.line}: ${bad.issues.map((i) => i.message).join('; ')}`)
 * ```
 */
export interface LogIssue {
  readonly line: number;
  readonly issues: readonly ConfigIssue[];
}

/**
 * One log entry as a line of JSON (no trailing newline).
 *
 * @example
 * ```ts
 * out.write(encodeLogEntry({ type: 'apply', pool: 'static', at: 9, event }) + '\n')
 * ```
 *
 * @remarks
 * One JSON object per line (JSON Lines), so a log can be appended to, streamed and read with `jq`.
 */
export function encodeLogEntry(e: LogEntry): string {
  return JSON.stringify(e);
}

/**
 * Reads a JSON-lines log. Blank lines are skipped. Returns every bad line, each with its problems.
 *
 * @example
 * ```ts
 * const r = parseLog(text)
 * if (r.ok) console.log(replayLog(r.value))
 * ```
 */
export function parseLog(text: string): Result<LogEntry[], LogIssue[]> {
  const entries: LogEntry[] = [];
  const bad: LogIssue[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      bad.push({ line: n + 1, issues: [{ code: 'invalid_json', path: [], message: (e as Error).message, fix: 'write one JSON object per line' }] });
      continue;
    }
    const r = logEntrySchema.safeParse(json);
    if (r.success) entries.push(r.data);
    else {
      bad.push({
        line: n + 1,
        issues: r.error.issues.map((i) => ({
          code: i.code,
          path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
          message: i.message,
          fix: 'write the entry as documented in the @lbkit/core README (event log)',
        })),
      });
    }
  }
  return bad.length === 0 ? { ok: true, value: entries } : { ok: false, error: bad };
}

/**
 * Where a replay first disagreed with the log.
 *
 * @example
 * ```ts
 * const { mismatch } = replayLog(entries)
 * if (mismatch) console.error(`entry ${mismatch.index}: logged ${JSON.stringify(mismatch.expected)}, now ${JSON.stringify(mismatch.actual)}`)
 * ```
 */
export interface ReplayMismatch {
  /** Index of the entry in the log (0-based). */
  readonly index: number;
  readonly pool: string | undefined;
  readonly expected: DecideEntry['decision'];
  readonly actual: DecideEntry['decision'];
}

/**
 * What replaying a log found.
 *
 * @example
 * ```ts
 * const report = replayLog(entries)
 * console.log(report.ok, report.decisions, report.events, report.pools.get('static')?.member('static1')?.elected)
 * ```
 */
export interface ReplayReport {
  readonly ok: boolean;
  /** Decisions compared (up to and including a mismatch). */
  readonly decisions: number;
  readonly events: number;
  /** The first decision that differs, if any. */
  readonly mismatch: ReplayMismatch | null;
  /** An entry for a pool that has no `start` entry before it, if any (index into the log). */
  readonly missingStart: number | null;
  /** Each pool after the replay. */
  readonly pools: ReadonlyMap<string | undefined, Pool>;
}

/**
 * Whether two decisions are the same, field by field.
 *
 * @example
 * ```ts
 * sameDecision(entry.decision, pool.decide(entry.request, entry.at)) // what replayLog checks
 * ```
 */
export function sameDecision(a: DecideEntry['decision'], b: DecideEntry['decision']): boolean {
  if (a.type === 'reject') return b.type === 'reject' && a.reason === b.reason && a.attempt === b.attempt;
  // Stryker disable next-line StringLiteral: equivalent, a forward compared with a reject falls through to comparing members, and a reject has none: false either way
  if (b.type === 'reject') return false;
  return (
    a.member === b.member &&
    a.route === b.route &&
    a.attempt === b.attempt &&
    a.affinity === b.affinity &&
    a.routeChanged === b.routeChanged &&
    JSON.stringify(a.setCookie) === JSON.stringify(b.setCookie)
  );
}

/**
 * Re-runs every input of a log through a pool restored from each `start` entry and checks each
 * decision against the recorded one, stopping at the first that differs.
 *
 * @throws {@link LbkitError} when a `start` state is invalid, or an input is one a pool refuses.
 *
 * @example
 * ```ts
 * const report = replayLog(entries)
 * if (!report.ok && report.mismatch) console.error(`entry ${report.mismatch.index} differs`)
 * ```
 */
export function replayLog(entries: readonly LogEntry[]): ReplayReport {
  const pools = new Map<string | undefined, Pool>();
  let decisions = 0;
  let events = 0;
  for (let index = 0; index < entries.length; index++) {
    const e = entries[index]!;
    if (e.type === 'start') {
      pools.set(e.pool, restorePool(e.state));
      continue;
    }
    const current = pools.get(e.pool);
    if (current === undefined) return { ok: false, decisions, events, mismatch: null, missingStart: index, pools };
    if (e.type === 'apply') {
      current.apply(e.event, e.at);
      events++;
      continue;
    }
    const actual = current.decide(e.request, e.at);
    decisions++;
    if (!sameDecision(e.decision, actual)) {
      return { ok: false, decisions, events, mismatch: { index, pool: e.pool, expected: e.decision, actual }, missingStart: null, pools };
    }
  }
  return { ok: true, decisions, events, mismatch: null, missingStart: null, pools };
}
