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
import { apply, decide } from './balancer.js';
import { LB_METHODS } from './config.js';
import type { BalancerRequest, Decision } from './decisions.js';
import { type ConfigIssue, type Result } from './errors.js';
import type { BalancerEvent } from './events.js';
import { type BalancerState, columnsOf } from './state.js';

/** The state of a pool when recording began. */
export interface StartEntry {
  readonly type: 'start';
  readonly pool?: string;
  readonly at: number;
  readonly state: BalancerState;
}

/** One call of {@link decide} and what it returned. */
export interface DecideEntry {
  readonly type: 'decide';
  readonly pool?: string;
  readonly at: number;
  readonly request: BalancerRequest;
  readonly decision: Decision;
}

/** One call of {@link apply}. */
export interface ApplyEntry {
  readonly type: 'apply';
  readonly pool?: string;
  readonly at: number;
  readonly event: BalancerEvent;
}

/** One line of an event log. */
export type LogEntry = StartEntry | DecideEntry | ApplyEntry;

const name = z.string().min(1).max(256);
const time = z.number().finite();

const memberConfig = z.strictObject({
  id: name,
  route: name.optional(),
  weight: z.number().optional(),
  tier: z.number().optional(),
  disabled: z.boolean().optional(),
  draining: z.boolean().optional(),
  standby: z.boolean().optional(),
});

const event = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('responseReceived'), member: name, status: z.int().min(100).max(999) }),
  z.strictObject({ type: z.literal('requestFailed'), member: name, cause: z.enum(['refused', 'reset', 'timeout', 'protocol']) }),
  z.strictObject({ type: z.literal('requestAbandoned'), member: name }),
  z.strictObject({ type: z.literal('healthChecked'), member: name, ok: z.boolean() }),
  z.strictObject({ type: z.literal('memberAdded'), member: memberConfig }),
  z.strictObject({ type: z.literal('memberRemoved'), member: name }),
  z.strictObject({ type: z.literal('weightChanged'), member: name, weight: z.number() }),
  z.strictObject({ type: z.literal('memberDraining'), member: name }),
  z.strictObject({ type: z.literal('memberDisabled'), member: name }),
  z.strictObject({ type: z.literal('memberEnabled'), member: name }),
]);

const request = z.strictObject({
  cookie: z.string().optional(),
  url: z.string().optional(),
  hashKey: z.string().optional(),
  tried: z.array(name).optional(),
});

const decision = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('forward'),
    member: name,
    route: name,
    attempt: z.int().min(1),
    affinity: z.boolean(),
    routeChanged: z.boolean(),
    stickyValue: z.string(),
  }),
  z.strictObject({
    type: z.literal('reject'),
    reason: z.enum(['no-members', 'all-disabled', 'all-down', 'all-draining', 'attempts-exhausted']),
    attempt: z.int().min(1),
  }),
]);

const memberState = z.strictObject({
  id: name,
  route: name,
  weight: z.int().min(1).max(100),
  tier: z.int().min(0).max(99),
  disabled: z.boolean(),
  draining: z.boolean(),
  standby: z.boolean(),
  status: z.enum(['ok', 'error']),
  failures: z.int().min(0),
  retryAt: time,
  check: z.enum(['up', 'down']),
  checkPasses: z.int().min(0),
  checkFails: z.int().min(0),
});

const state = z
  .strictObject({
    version: z.literal(1),
    settings: z.strictObject({
      method: z.enum(LB_METHODS),
      sticky: z
        .strictObject({
          cookie: name.nullable(),
          urlParam: name.nullable(),
          separator: z.string().min(1),
          scolonPathDelim: z.boolean(),
          maxValueLength: z.int().min(1),
        })
        .nullable(),
      health: z.strictObject({
        failuresBeforeError: z.int().min(1),
        retryMs: z.number().min(0),
        failOnStatus: z.array(z.int()),
        rise: z.int().min(1),
        fall: z.int().min(1),
        forceRecovery: z.boolean(),
      }),
      maxAttempts: z.int().min(1).nullable(),
      seed: z.int().min(0),
      hashPointsPerWeight: z.int().min(1),
    }),
    members: z.array(memberState),
    lbstatus: z.array(z.number()),
    busy: z.array(z.int().min(0)),
    rng: z.int().min(0).max(0xffffffff),
    ring: z.strictObject({ hashes: z.array(z.number()), owners: z.array(z.int().min(0)) }).nullable(),
    columns: z.strictObject({ weights: z.array(z.number()), ranks: z.array(z.number()), openAt: z.array(z.number()) }),
  })
  .refine((s) => s.lbstatus.length === s.members.length && s.busy.length === s.members.length, {
    message: 'lbstatus and busy must have one entry per member',
  })
  .refine((s) => s.ring === null || s.ring.owners.every((o) => o < s.members.length), { message: 'ring owners must index members' })
  .refine((s) => JSON.stringify(s.columns) === JSON.stringify(columnsOf(s.members)), { message: 'columns must be derived from members' });

const pool = z.string().min(1).max(256).optional();
const entry = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), pool, at: time, state }),
  z.strictObject({ type: z.literal('decide'), pool, at: time, request, decision }),
  z.strictObject({ type: z.literal('apply'), pool, at: time, event }),
]);

/** A log line that could not be read: its 1-based line number and every problem with it. */
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
    const r = entry.safeParse(json);
    if (r.success) entries.push(r.data as LogEntry);
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

/** Where a replay first disagreed with the log. */
export interface ReplayMismatch {
  /** Index of the entry in the log (0-based). */
  readonly index: number;
  readonly pool: string | undefined;
  readonly expected: Decision;
  readonly actual: Decision;
}

/** What replaying a log found. */
export interface ReplayReport {
  readonly ok: boolean;
  /** Decisions compared (up to and including a mismatch). */
  readonly decisions: number;
  readonly events: number;
  /** The first decision that differs, if any. */
  readonly mismatch: ReplayMismatch | null;
  /** An entry for a pool that has no `start` entry before it, if any (index into the log). */
  readonly missingStart: number | null;
  /** Each pool's state after the replay. */
  readonly states: ReadonlyMap<string | undefined, BalancerState>;
}

/** Whether two decisions are the same, field by field. */
export function sameDecision(a: Decision, b: Decision): boolean {
  if (a.type === 'reject') return b.type === 'reject' && a.reason === b.reason && a.attempt === b.attempt;
  if (b.type === 'reject') return false;
  return (
    a.member === b.member &&
    a.route === b.route &&
    a.attempt === b.attempt &&
    a.affinity === b.affinity &&
    a.routeChanged === b.routeChanged &&
    a.stickyValue === b.stickyValue
  );
}

/**
 * Re-runs every input of a log through {@link decide} and {@link apply} and checks each decision
 * against the recorded one, stopping at the first that differs.
 *
 * @example
 * ```ts
 * const report = replayLog(entries)
 * if (!report.ok && report.mismatch) console.error(`entry ${report.mismatch.index} differs`)
 * ```
 */
export function replayLog(entries: readonly LogEntry[]): ReplayReport {
  const states = new Map<string | undefined, BalancerState>();
  let decisions = 0;
  let events = 0;
  for (let index = 0; index < entries.length; index++) {
    const e = entries[index]!;
    if (e.type === 'start') {
      states.set(e.pool, e.state);
      continue;
    }
    const current = states.get(e.pool);
    if (current === undefined) return { ok: false, decisions, events, mismatch: null, missingStart: index, states };
    if (e.type === 'apply') {
      states.set(e.pool, apply(current, e.event, e.at));
      events++;
      continue;
    }
    const [next, actual] = decide(current, e.request, e.at);
    states.set(e.pool, next);
    decisions++;
    if (!sameDecision(e.decision, actual)) {
      return { ok: false, decisions, events, mismatch: { index, pool: e.pool, expected: e.decision, actual }, missingStart: null, states };
    }
  }
  return { ok: true, decisions, events, mismatch: null, missingStart: null, states };
}
