/**
 * Streaming replay of a core event log: the file is read in blocks and each block's lines are
 * parsed in one `JSON.parse` and replayed at once, so memory stays bounded whatever the log's size
 * and the run costs about what the core's own decisions cost.
 *
 * Validation: every `start` entry (a whole pool state) goes through the core's schema
 * (`parseLog`). `decide` and `apply` entries, the bulk of a log, get a structural check of exactly
 * what replay reads; a line that fails it, or that the core throws on, is then parsed by the
 * core's schema to name the problem. A well-formed log is therefore checked as strictly as the
 * decisions require, and an ill-formed one is reported with the schema's own words.
 *
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { type BalancerEvent, type BalancerRequest, type Decision, EVENT_TYPES as CORE_EVENT_TYPES, parseLog, type Pool, restorePool } from '@lbkit/core';
import { sameDecision } from '@lbkit/core/internals';
import type { ReplayOutcome } from './cli-replay.js';

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

  /** Replays one entry; sets `outcome` and returns false at the first problem. */
  entry(e: Raw, lineOf: () => string, n: number): boolean {
    const fail = (exitCode: 1 | 2, message: string) => ((this.outcome = { exitCode, message }), false);
    if (e.type === 'start') {
      const line = lineOf();
      const r = parseLog(line);
      if (!r.ok) return fail(2, schemaProblem(line, this.file, n));
      const s = r.value[0]!;
      if (s.type === 'start') this.pools.set(s.pool, restorePool(s.state));
      return true;
    }
    if (!isObject(e) || !entryOk(e)) return fail(2, schemaProblem(lineOf(), this.file, n));
    const pool = e.pool as string | undefined;
    const handle = this.pools.get(pool);
    if (handle === undefined) return fail(1, `${this.file}:${n}: entry for a pool with no "start" entry before it`);
    try {
      if (e.type === 'apply') {
        handle.apply(e.event as BalancerEvent, e.at as number);
        this.events++;
        return true;
      }
      const actual = handle.decide(e.request as BalancerRequest, e.at as number);
      this.decisions++;
      if (sameDecision(e.decision as Decision, actual)) return true;
      return fail(1, `${this.file}:${n}: decision ${this.decisions} (pool ${pool ?? '(none)'}) differs\n  recorded: ${JSON.stringify(e.decision)}\n  replayed: ${JSON.stringify(actual)}`);
    } catch (err) {
      return fail(2, `${schemaProblem(lineOf(), this.file, n)}\n  (${(err as Error).message})`);
    }
  }
}

/**
 * Replays the complete lines in `text` (line `first` onwards). Fast path: the block becomes one
 * JSON array by turning newlines into commas; a blank or broken line makes that fail, and the
 * block is then taken line by line.
 */
function replayText(r: Replayer, text: string, first: number, file: string): boolean {
  if (text === '') return true;
  let entries: Raw[] | null = null;
  try {
    entries = JSON.parse(`[${text.replaceAll('\n', ',')}]`) as Raw[];
  } catch {
    entries = null;
  }
  if (entries !== null) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (!r.entry(e, () => JSON.stringify(e), first + i)) return false;
    }
    return true;
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let e: Raw;
    try {
      e = JSON.parse(line) as Raw;
    } catch {
      r.outcome = { exitCode: 2, message: schemaProblem(line, file, first + i) };
      return false;
    }
    if (!r.entry(e, () => line, first + i)) return false;
  }
  return true;
}

/**
 * Replays the log in `file` block by block.
 *
 * @example
 * ```ts
 * const { exitCode, message } = replayFile('out/seed-lab/events.jsonl')
 * ```
 */
export function replayFile(file: string): ReplayOutcome {
  const fd = openSync(file, 'r');
  const r = new Replayer(file);
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.allocUnsafe(BLOCK);
  let carry = '';
  let lineNo = 0;
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, BLOCK, null);
      const text = carry + (got > 0 ? decoder.write(buf.subarray(0, got)) : decoder.end());
      const cut = got > 0 ? text.lastIndexOf('\n') : text.length;
      carry = cut < 0 ? text : text.slice(cut + 1);
      if (cut >= 0) {
        const complete = text.slice(0, cut);
        if (!replayText(r, complete.trimEnd(), lineNo + 1, file)) return r.outcome!;
        for (let i = complete.indexOf('\n'); i >= 0; i = complete.indexOf('\n', i + 1)) lineNo++;
        lineNo++;
      }
      if (got === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return { exitCode: 0, message: `${file}: ${r.decisions} decisions and ${r.events} events replayed, every decision matches` };
}
