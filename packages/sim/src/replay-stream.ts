/**
 * Streaming replay of a core event log: the file is read in blocks of bytes, each cut after its
 * last newline, decoded once and replayed line by line, so memory stays bounded whatever the log's
 * size. Plain `decide` and `apply` lines are cut at their keys rather than parsed whole
 * (`replay-line.ts`), so the run costs little more than the core's own decisions.
 *
 * Validation: every `start` entry (a whole pool state) goes through the core's schema
 * (`parseLog`). `decide` and `apply` entries, the bulk of a log, get a structural check of exactly
 * what replay reads; a line that fails it, or that the core throws on, is then parsed by the
 * core's schema to name the problem. A well-formed log is therefore checked as strictly as the
 * decisions require, and an ill-formed one is reported with the schema's own words.
 *
 * @module
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { type BalancerEvent, type BalancerRequest, type Decision, EVENT_TYPES as CORE_EVENT_TYPES, parseLog, type Pool, restorePool } from '@lbkit/core';
import { sameDecision } from '@lbkit/core/internals';
import type { ReplayOutcome } from './cli-replay.js';
import { LineCutter } from './replay-line.js';

const BLOCK = 4 << 20;
const EVENT_TYPES: ReadonlySet<unknown> = new Set<unknown>(CORE_EVENT_TYPES);
const REQUEST_KEYS = new Set(['cookie', 'url', 'hashKey', 'tried']);

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requestOk(r: unknown): r is BalancerRequest {
  if (!isObject(r)) return false;
  for (const [k, v] of Object.entries(r)) {
    if (!REQUEST_KEYS.has(k)) return false;
    if (k === 'tried' ? !(Array.isArray(v) && v.every((x) => typeof x === 'string')) : typeof v !== 'string') return false;
  }
  return true;
}

function decisionOk(d: unknown): d is Decision {
  if (!isObject(d) || !Number.isInteger(d.attempt)) return false;
  if (d.type === 'reject') return typeof d.reason === 'string';
  return d.type === 'forward' && typeof d.member === 'string' && typeof d.route === 'string' && typeof d.affinity === 'boolean' && typeof d.routeChanged === 'boolean' && (d.setCookie === null || isObject(d.setCookie));
}

/** The structural check of a `decide` or `apply` entry (see the module comment). */
function entryOk(e: Raw): boolean {
  if (typeof e.at !== 'number' || !Number.isFinite(e.at) || (e.pool !== undefined && typeof e.pool !== 'string')) return false;
  if (e.type === 'decide') return requestOk(e.request) && decisionOk(e.decision);
  return e.type === 'apply' && isObject(e.event) && EVENT_TYPES.has(e.event.type);
}

/** The schema's words for one bad line. */
function schemaProblem(line: string, file: string, n: number): string {
  const r = parseLog(line);
  if (r.ok) return `${file}:${n}: the core could not replay this entry`;
  return r.error.flatMap((b) => b.issues.map((i) => `${file}:${n}: ${i.path.join('.') || '(entry)'}: ${i.message}`)).join('\n');
}

class Replayer {
  /** Each pool's core handle, restored from its `start` entry. */
  readonly pools = new Map<string | undefined, Pool>();
  decisions = 0;
  events = 0;
  outcome: ReplayOutcome | null = null;

  constructor(private readonly file: string) {}

  private fail(exitCode: 1 | 2, message: string): false {
    this.outcome = { exitCode, message };
    return false;
  }

  /** Replays one entry; sets `outcome` and returns false at the first problem. */
  entry(e: Raw, line: string, n: number): boolean {
    if (e.type === 'start') {
      const r = parseLog(line);
      if (!r.ok) return this.fail(2, schemaProblem(line, this.file, n));
      const s = r.value[0]!;
      if (s.type === 'start') this.pools.set(s.pool, restorePool(s.state));
      return true;
    }
    if (!isObject(e) || !entryOk(e)) return this.fail(2, schemaProblem(line, this.file, n));
    const decide = e.type === 'decide';
    const input = (decide ? e.request : e.event) as BalancerRequest | BalancerEvent;
    return this.run(decide, e.pool as string | undefined, e.at as number, input, (e.decision ?? null) as Decision | null, line, 0, line.length, n);
  }

  /**
   * Replays one checked `decide` or `apply` entry (`decision` is the recorded one, decide only);
   * the entry's line is `text[from, to)`, cut out only to report a problem.
   */
  run(decide: boolean, pool: string | undefined, at: number, input: BalancerRequest | BalancerEvent, decision: Decision | null, text: string, from: number, to: number, n: number): boolean {
    const handle = this.pools.get(pool);
    if (handle === undefined) return this.fail(1, `${this.file}:${n}: entry for a pool with no "start" entry before it`);
    try {
      if (!decide) {
        handle.apply(input as BalancerEvent, at);
        this.events++;
        return true;
      }
      const actual = handle.decide(input as BalancerRequest, at);
      this.decisions++;
      if (sameDecision(decision!, actual)) return true;
      return this.fail(1, `${this.file}:${n}: decision ${this.decisions} (pool ${pool ?? '(none)'}) differs\n  recorded: ${JSON.stringify(decision)}\n  replayed: ${JSON.stringify(actual)}`);
    } catch (err) {
      return this.fail(2, `${schemaProblem(text.slice(from, to), this.file, n)}\n  (${(err as Error).message})`);
    }
  }
}

/**
 * Replays the lines of `text` before `end` (line `first` onwards) and returns the number of the
 * next line, or -1 at the first problem. A plain decide or apply line is cut apart without parsing
 * it whole (see `replay-line.ts`); any other line is parsed and checked whole.
 */
function replayText(r: Replayer, cutter: LineCutter, text: string, end: number, first: number, file: string): number {
  let n = first;
  for (let from = 0; from <= end; n++) {
    let to = text.indexOf('\n', from);
    if (to < 0 || to > end) to = end;
    const at = from;
    from = to + 1;
    const c = cutter.cutAt(text, at, to);
    if (c !== null) {
      if (!r.run(c.decide, c.pool, cutter.at, c.input, c.decision, text, at, to, n)) return -1;
      continue;
    }
    const line = text.slice(at, to).trim();
    if (line === '') continue;
    let e: Raw;
    try {
      e = JSON.parse(line) as Raw;
    } catch {
      r.outcome = { exitCode: 2, message: schemaProblem(line, file, n) };
      return -1;
    }
    if (!r.entry(e, line, n)) return -1;
  }
  return n;
}

/**
 * Replays the log in `file` block by block (`blockBytes` each, 4 MiB by default; a longer line
 * grows the block).
 *
 * @example
 * ```ts
 * const { exitCode, message } = replayFile('out/seed-lab/events.jsonl')
 * ```
 */
export function replayFile(file: string, blockBytes = BLOCK): ReplayOutcome {
  const fd = openSync(file, 'r');
  const r = new Replayer(file);
  const cutter = new LineCutter(requestOk, decisionOk, (e) => EVENT_TYPES.has(e.type));
  let buf = Buffer.allocUnsafe(Math.max(1, blockBytes));
  let kept = 0; // bytes of an unfinished line at the start of buf
  let next = 1;
  try {
    for (;;) {
      if (kept === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]); // a line longer than a block
      const got = readSync(fd, buf, kept, buf.length - kept, null);
      const filled = kept + got;
      // cut after the last newline: a UTF-8 sequence never holds the newline byte, so no character is split
      const nl = got === 0 ? filled : buf.lastIndexOf(10, filled - 1);
      if (nl >= 0) {
        // latin1 decodes ASCII (the usual log) as a plain copy; UTF-8 is the general case
        const text = buf.toString(isAscii(buf.subarray(0, nl)) ? 'latin1' : 'utf8', 0, nl);
        next = replayText(r, cutter, text, text.length, next, file);
        if (next < 0) return r.outcome!;
        buf.copy(buf, 0, nl + 1, filled);
        kept = Math.max(0, filled - nl - 1);
      } else kept = filled;
      if (got === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return { exitCode: 0, message: `${file}: ${r.decisions} decisions and ${r.events} events replayed, every decision matches` };
}
