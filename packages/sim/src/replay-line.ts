/**
 * Cheap reading of the two line shapes that make up nearly all of a core event log, `decide` and
 * `apply` as `encodeLogEntry` writes them (keys in the order type, at, request or event, decision,
 * pool). Only the `at` of a line is new each time: everything after it (request and decision, or
 * event, and pool) is one of a few distinct texts that the log repeats (48 in the seed lab's
 * 589 000 lines; member × status, url × cookie in general). So the line is cut after `at`, and
 * its tail is looked up, without copying it, in a table of tails already seen (a hash of every
 * eighth character and the length picks a short list, and the tail is then compared whole); a tail
 * seen for the first time is cut at its keys, its small objects parsed and checked, and kept.
 * Anything that does not cut cleanly returns null, and the caller takes the strict path
 * (whole-line parse, structural check, the core's schema), so this is a shortcut for well-formed
 * lines and never a looser check.
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
/** Distinct tails kept; past this a log with endless variety is parsed line by line. */
const CACHE_LIMIT = 50_000;
/** Tails kept per hash (tails that differ only between sampled characters share one). */
const CHAIN_LIMIT = 16;

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

/** A line's tail (from the comma after `at` to the end), cut apart once. */
export interface Tail {
  /** The tail's text, to compare a new line's tail with. */
  readonly text: string;
  readonly decide: boolean;
  readonly input: BalancerRequest | BalancerEvent;
  readonly decision: Decision | null;
  readonly pool: string | undefined;
}

type Raw = Record<string, unknown>;

/** Every field a primitive: the core reads such an object and keeps nothing of it. */
function flat(v: Raw): boolean {
  for (const k in v) if (typeof v[k] === 'object' && v[k] !== null) return false;
  return true;
}

function parseObject(text: string, check: (v: Raw) => boolean): Raw | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) && check(v as Raw) ? (v as Raw) : undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Powers of ten a double holds exactly. */
const EXACT_TENS = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Largest integer below which every integer is exact in a double. */
const EXACT_INT = 2 ** 53;

/**
 * The value of `text[from, to)` if it is a JSON number, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
 * else NaN. Scanned in place (a regular expression and `Number` would each need the slice). When
 * the digits make an integer below 2^53 and the power of ten is at most 10^22, both are exact
 * doubles and one division or multiplication rounds once, so the result is the correctly rounded
 * value `Number` gives (Clinger's fast path); otherwise `Number` converts the slice.
 */
export function jsonNumber(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45; /* - */
  if (negative) i++;
  if (i >= to || !isDigit(text.charCodeAt(i))) return NaN;
  let mantissa = 0;
  let scale = 0; // the value is mantissa · 10^scale
  if (text.charCodeAt(i) === 48 /* 0 */) i++;
  else for (; i < to && isDigit(text.charCodeAt(i)); i++) mantissa = mantissa * 10 + (text.charCodeAt(i) - 48);
  if (i < to && text.charCodeAt(i) === 46 /* . */) {
    const first = ++i;
    for (; i < to && isDigit(text.charCodeAt(i)); i++) mantissa = mantissa * 10 + (text.charCodeAt(i) - 48);
    if (i === first) return NaN;
    scale = first - i;
  }
  if (i < to && (text.charCodeAt(i) | 32) === 101 /* e or E */) {
    i++;
    const sign = text.charCodeAt(i) === 45 ? -1 : 1;
    if (i < to && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    const first = i;
    let e = 0;
    for (; i < to && isDigit(text.charCodeAt(i)); i++) e = e * 10 + (text.charCodeAt(i) - 48);
    if (i === first) return NaN;
    scale += sign * e;
  }
  if (i !== to) return NaN;
  if (mantissa >= EXACT_INT || scale < -22 || scale > 22) return Number(text.slice(from, to));
  const v = scale < 0 ? mantissa / EXACT_TENS[-scale]! : mantissa * EXACT_TENS[scale]!;
  return negative ? -v : v;
}

/** Sampled hash of `text[from, to)`: the length and every eighth character. */
function tailHash(text: string, from: number, to: number): number {
  let h = to - from;
  for (let i = from; i < to; i += 8) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Cuts log lines apart, with the structural checks of the strict path (`requestOk`, `decisionOk`,
 * the event type) applied to each distinct tail.
 *
 * @example
 * ```ts
 * const cutter = new LineCutter(requestOk, decisionOk, (e) => EVENT_TYPES.has(e.type))
 * const c = cutter.cut(line) // null: take the strict path
 * ```
 */
export class LineCutter {
  /** Tails seen, by {@link tailHash}. */
  private readonly tails = new Map<number, Tail[]>();
  private kept = 0;
  /** The `at` of the line last cut by {@link LineCutter.cutAt}. */
  at = 0;

  constructor(
    private readonly requestOk: (v: Raw) => boolean,
    private readonly decisionOk: (v: Raw) => boolean,
    private readonly eventOk: (v: Raw) => boolean,
  ) {}

  /** The line's parts, or null when it is not a plain decide or apply line. */
  cut(line: string): CutLine | null {
    const t = this.cutAt(line, 0, line.length);
    return t === null ? null : { decide: t.decide, at: this.at, input: t.input, decision: t.decision, pool: t.pool };
  }

  /** The tail of the line `text[from, to)`, its `at` in {@link LineCutter.at}; null when it is not a plain decide or apply line. */
  cutAt(text: string, from: number, to: number): Tail | null {
    // (the type's first letter first, and a slice compared: cheaper than startsWith on a long text)
    const letter = text.charCodeAt(from + 9);
    const decide = letter === 100 /* d */ && text.slice(from, from + DECIDE.length) === DECIDE;
    if (!decide && !(letter === 97 /* a */ && text.slice(from, from + APPLY.length) === APPLY)) return null;
    const start = from + (decide ? DECIDE.length : APPLY.length);
    const comma = text.indexOf(',', start);
    if (comma < 0 || comma >= to) return null;
    const at = jsonNumber(text, start, comma);
    if (!Number.isFinite(at)) return null;
    this.at = at;
    const h = tailHash(text, comma, to);
    const list = this.tails.get(h);
    if (list !== undefined) {
      const len = to - comma;
      for (let k = 0; k < list.length; k++) {
        const t = list[k]!;
        if (t.text.length === len && t.text === text.slice(comma, to)) return t.decide === decide ? t : null;
      }
    }
    const t = this.cutTail(text.slice(comma, to), decide);
    if (t === null || !flat(t.input as Raw) || this.kept >= CACHE_LIMIT || (list !== undefined && list.length >= CHAIN_LIMIT)) return t;
    if (list === undefined) this.tails.set(h, [t]);
    else list.push(t);
    this.kept++;
    return t;
  }

  /** Cuts a tail seen for the first time at its keys, and checks its parts. */
  private cutTail(tail: string, decide: boolean): Tail | null {
    // the pool, if any, is last: `,"pool":"name"}` with a name free of quotes and escapes
    let end = tail.length - 1;
    let pool: string | undefined;
    if (tail.charCodeAt(end) !== 125 /* } */) return null;
    if (tail.charCodeAt(end - 1) === 34 /* " */) {
      const p = tail.lastIndexOf(POOL);
      if (p < 0) return null;
      pool = tail.slice(p + POOL.length, end - 1);
      if (pool.includes('"') || pool.includes('\\')) return null;
      end = p;
    }
    if (!decide) {
      if (!tail.startsWith(EVENT)) return null;
      const event = parseObject(tail.slice(EVENT.length, end), this.eventOk);
      return event === undefined ? null : { text: tail, decide, input: event as BalancerEvent, decision: null, pool };
    }
    if (!tail.startsWith(REQUEST)) return null;
    const d = tail.indexOf(DECISION, REQUEST.length);
    if (d < 0) return null;
    const request = parseObject(tail.slice(REQUEST.length, d), this.requestOk);
    if (request === undefined) return null;
    const decision = parseObject(tail.slice(d + DECISION.length, end), this.decisionOk);
    if (decision === undefined) return null;
    return { text: tail, decide, input: request as BalancerRequest, decision: decision as unknown as Decision, pool };
  }
}
