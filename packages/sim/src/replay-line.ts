/**
 * Cheap reading of the two line shapes that make up nearly all of a core event log, `decide` and
 * `apply` as `encodeLogEntry` writes them (keys in the order type, at, request or event, decision,
 * pool). Instead of one `JSON.parse` of the whole line, the line is cut at its keys and only the
 * small request, event and decision objects are parsed — and each distinct one only once, since a
 * log repeats the same few thousand of them (member × status, url × cookie). Anything that does not
 * cut cleanly returns null, and the caller takes the strict path (whole-line parse, structural
 * check, the core's schema), so this is a shortcut for well-formed lines and never a looser check.
 *
 * @module
 */
import type { BalancerEvent, BalancerRequest, Decision } from '@lbkit/core';

const DECIDE = '{"type":"decide","at":';
const APPLY = '{"type":"apply","at":';
const REQUEST = ',"request":';
const DECISION = ',"decision":';
const EVENT = ',"event":';
const POOL = ',"pool":"';
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Distinct objects kept per kind; past this a log with endless variety is parsed line by line. */
const CACHE_LIMIT = 50_000;

/** A `decide` or `apply` line, cut apart. */
export interface CutLine {
  decide: boolean;
  at: number;
  /** The request (decide) or event (apply), shared between equal lines: read-only. */
  input: BalancerRequest | BalancerEvent;
  /** The recorded decision (decide only), shared between equal lines: read-only. */
  decision: Decision | null;
  pool: string | undefined;
}

type Raw = Record<string, unknown>;

/** Parses `text` once per distinct text; `keep` says whether the parsed value may be shared. */
class ParseCache {
  private readonly map = new Map<string, unknown>();

  get(text: string, check: (v: Raw) => boolean, keep: (v: Raw) => boolean): unknown {
    const hit = this.map.get(text);
    if (hit !== undefined) return hit;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !check(v as Raw)) return undefined;
    if (this.map.size < CACHE_LIMIT && keep(v as Raw)) this.map.set(text, v);
    return v;
  }
}

/** Every field a primitive: the core reads such an object and keeps nothing of it. */
function flat(v: Raw): boolean {
  for (const k in v) if (typeof v[k] === 'object' && v[k] !== null) return false;
  return true;
}

/**
 * Cuts log lines apart, with the structural checks of the strict path (`requestOk`, `decisionOk`,
 * the event type) applied to each distinct object.
 *
 * @example
 * ```ts
 * const cutter = new LineCutter(requestOk, decisionOk, (e) => EVENT_TYPES.has(e.type))
 * const c = cutter.cut(line) // null: take the strict path
 * ```
 */
export class LineCutter {
  private readonly requests = new ParseCache();
  private readonly decisions = new ParseCache();
  private readonly events = new ParseCache();

  constructor(
    private readonly requestOk: (v: Raw) => boolean,
    private readonly decisionOk: (v: Raw) => boolean,
    private readonly eventOk: (v: Raw) => boolean,
  ) {}

  /** The line's parts, or null when it is not a plain decide or apply line. */
  cut(line: string): CutLine | null {
    const decide = line.startsWith(DECIDE);
    if (!decide && !line.startsWith(APPLY)) return null;
    const from = decide ? DECIDE.length : APPLY.length;
    const comma = line.indexOf(',', from);
    if (comma < 0) return null;
    const atText = line.slice(from, comma);
    if (!JSON_NUMBER.test(atText)) return null;
    const at = Number(atText);
    if (!Number.isFinite(at)) return null;
    // the pool, if any, is last: `,"pool":"name"}` with a name free of quotes and escapes
    let end = line.length - 1;
    let pool: string | undefined;
    if (line.charCodeAt(end) !== 125 /* } */) return null;
    if (line.charCodeAt(end - 1) === 34 /* " */) {
      const p = line.lastIndexOf(POOL);
      if (p < 0) return null;
      pool = line.slice(p + POOL.length, end - 1);
      if (pool.includes('"') || pool.includes('\\')) return null;
      end = p;
    }
    if (!decide) {
      if (!line.startsWith(EVENT, comma)) return null;
      const event = this.events.get(line.slice(comma + EVENT.length, end), this.eventOk, flat);
      return event === undefined ? null : { decide, at, input: event as BalancerEvent, decision: null, pool };
    }
    if (!line.startsWith(REQUEST, comma)) return null;
    const d = line.indexOf(DECISION, comma + REQUEST.length);
    if (d < 0) return null;
    const request = this.requests.get(line.slice(comma + REQUEST.length, d), this.requestOk, flat);
    if (request === undefined) return null;
    const decision = this.decisions.get(line.slice(d + DECISION.length, end), this.decisionOk, () => true);
    if (decision === undefined) return null;
    return { decide, at, input: request as BalancerRequest, decision: decision as Decision, pool };
  }
}
