/**
 * The trace: every {@link SimEvent} of a run, in order. Its hash is always computed (cheaply, from
 * numbers the engine already has); the events themselves are built only when someone listens or
 * the full trace is kept.
 *
 * @module
 */
import type { SimEvent } from './sim-events.js';

const f64 = new Float64Array(1);
const words = new Uint32Array(f64.buffer);

/**
 * A 64-bit running hash of the trace: two FNV-1a lanes (different offset bases) over 32-bit words.
 *
 * @example
 * ```ts
 * const h = new TraceHash()
 * h.mix(1, 2.5, 7, 0)
 * h.hex() // 16 hex digits
 * ```
 */
export class TraceHash {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  /** Mixes one event: a kind code, its exact time (all 64 bits of the double) and two integers. */
  mix(kind: number, at: number, x: number, y: number): void {
    f64[0] = at;
    // written out (not a loop over a helper) because it runs for every event
    let a = this.a;
    let b = this.b;
    a = Math.imul(a ^ kind, 0x01000193);
    b = Math.imul(b ^ kind ^ 0x9e3779b9, 0x01000193);
    a = Math.imul(a ^ words[0]!, 0x01000193);
    b = Math.imul(b ^ words[0]! ^ 0x9e3779b9, 0x01000193);
    a = Math.imul(a ^ words[1]!, 0x01000193);
    b = Math.imul(b ^ words[1]! ^ 0x9e3779b9, 0x01000193);
    a = Math.imul(a ^ (x | 0), 0x01000193);
    b = Math.imul(b ^ (x | 0) ^ 0x9e3779b9, 0x01000193);
    a = Math.imul(a ^ (y | 0), 0x01000193);
    b = Math.imul(b ^ (y | 0) ^ 0x9e3779b9, 0x01000193);
    this.a = a;
    this.b = b;
  }

  /** The hash as 16 hex digits. */
  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

/**
 * Receives each event as it happens.
 *
 * @example
 * ```ts
 * const log: SimEventListener = (e) => console.log(e.at, e.type)
 * sim.tracer.listen(log)
 * ```
 */
export type SimEventListener = (event: SimEvent) => void;

/**
 * Fans events out to listeners and, when asked, keeps them all.
 *
 * @example
 * ```ts
 * const t = new Tracer(true)
 * t.listen((e) => console.log(e.type))
 * ```
 */
export class Tracer {
  readonly hash = new TraceHash();
  private readonly listeners: SimEventListener[] = [];
  /** Kept events when the tracer was made with `keep`, else empty. */
  readonly events: SimEvent[] = [];
  /** True when events must be built (someone listens or the trace is kept). */
  active: boolean;

  constructor(private readonly keep: boolean) {
    this.active = keep;
  }

  /** Adds a listener; events are built from now on. */
  listen(fn: SimEventListener): void {
    this.listeners.push(fn);
    this.active = true;
  }

  /** Delivers one event. Call only when {@link Tracer.active}. */
  emit(e: SimEvent): void {
    if (this.keep) this.events.push(e);
    for (const fn of this.listeners) fn(e);
  }
}

/**
 * The trace as JSON lines: the byte-exact form compared across runs.
 *
 * @example
 * ```ts
 * writeFileSync('trace.jsonl', traceText(result.trace))
 * ```
 */
export function traceText(events: readonly SimEvent[]): string {
  let out = '';
  for (const e of events) out += JSON.stringify(e) + '\n';
  return out;
}
