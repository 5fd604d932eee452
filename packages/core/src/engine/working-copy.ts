/**
 * The pure functions' fast path. Building a working state from a {@link BalancerState} costs O(n)
 * and the heaps; so the state that `decide` or `apply` returns carries, out of sight, the working
 * state it was read from, and the next call on that very state continues it instead of building
 * it again. The carried working state is used at most once, and only while the state still says
 * exactly what it does: otherwise (a state made by hand, read from JSON, copied, changed in place,
 * used a second time, or a clock that went back) the call builds it afresh, as if nothing were
 * carried. So the functions stay pure: the answer depends on the state's contents only, and the
 * contents of an input are never changed.
 *
 * The working state hangs, non-enumerable, on the state's frozen member list, which successive
 * states share while no member record changes: JSON, spreads, structured clones and equality
 * checks do not see it, and publishing a state costs no property definition.
 *
 * @module
 */
import type { BalancerState, MemberState } from '../state.js';
import { ALL, Engine, memberRecord } from './engine.js';

/** The key of the carried working state. */
const WORKING = Symbol('lbkit.working');

/** What a published member list carries: the newest state published with it and its working state. */
interface Working {
  state: BalancerState | null;
  engine: Engine | null;
  /** The frozen counters published with `state`: a state whose fields were reassigned shows it here. */
  lbstatus: readonly number[] | null;
  busy: readonly number[] | null;
  elected: readonly number[] | null;
}

type Carrier = readonly MemberState[] & { readonly [WORKING]?: Working };

/** The working state for a call on `state` at `now`: the carried one when it may be continued, else a new one. */
export function takeEngine(state: BalancerState, now: number): Engine {
  const w = (state.members as Carrier)[WORKING];
  if (w !== undefined && w.state === state) {
    const e = w.engine!;
    const same = saysTheSame(state, e, w);
    w.state = w.engine = w.lbstatus = w.busy = w.elected = null;
    if (e.clock <= now && same) return e;
  }
  return new Engine({ ...state, settings: frozenCopy(state.settings) }, now);
}

/**
 * Whether `state` still holds what was published with `e`: the frozen settings, member list and
 * counters themselves (frozen, so they cannot have changed in place), and the generator.
 */
function saysTheSame(state: BalancerState, e: Engine, w: Working): boolean {
  return state.settings === e.settings && state.rng === e.rng && state.lbstatus === w.lbstatus && state.busy === w.busy && state.elected === w.elected;
}

/** The state `e` is in, carrying `e` for the next call; member records unchanged since `prev` are shared with it. */
export function publish(e: Engine, prev: BalancerState): BalancerState {
  const members = publishedMembers(e, prev.members);
  const lbstatus = counters(e.n);
  const busy = counters(e.n);
  const elected = counters(e.n);
  for (let i = 0; i < e.n; i++) {
    lbstatus[i] = e.lbstatus(i);
    busy[i] = e.busy[i]!;
    elected[i] = e.elected[i]!;
  }
  const state: BalancerState = { version: 2, settings: e.settings, members, lbstatus: Object.freeze(lbstatus), busy: Object.freeze(busy), elected: Object.freeze(elected), rng: e.rng };
  const w = members[WORKING]!;
  w.state = state;
  w.engine = e;
  w.lbstatus = state.lbstatus;
  w.busy = state.busy;
  w.elected = state.elected;
  return state;
}

/** An array for `n` counters: a literal grows fastest when short, a sized one when long. */
function counters(n: number): number[] {
  // Stryker disable next-line all: equivalent, both arrays end up holding the same numbers
  return n <= 16 ? [] : new Array<number>(n);
}

/**
 * The frozen member list of `e`, able to carry it. When `prev` was published with `e`, only the
 * records `e` says it touched are compared; otherwise every frozen record of `prev` that says the
 * same is reused.
 */
function publishedMembers(e: Engine, prev: Carrier): Carrier {
  const touched = e.touched;
  e.touched = [];
  if (touched !== ALL) {
    let out: MemberState[] | null = null;
    for (const i of touched) {
      if (sameRecord(e.members[i]!, prev[i]!)) continue;
      out ??= prev.slice();
      out[i] = Object.freeze(memberRecord(e.members[i]!));
    }
    return out === null ? prev : carrier(out);
  }
  const same = prev.length === e.n;
  const out: MemberState[] = [];
  let reused = same;
  for (let i = 0; i < e.n; i++) {
    const p = same ? prev[i]! : undefined;
    const keep = p !== undefined && Object.isFrozen(p) && sameRecord(e.members[i]!, p);
    if (!keep) reused = false;
    out.push(keep ? p : Object.freeze(memberRecord(e.members[i]!)));
  }
  return reused && prev[WORKING] !== undefined ? prev : carrier(out);
}

/** `list`, frozen, with room for a working state. */
function carrier(list: MemberState[]): Carrier {
  Object.defineProperty(list, WORKING, { value: { state: null, engine: null, lbstatus: null, busy: null, elected: null } satisfies Working });
  return Object.freeze(list);
}

/**
 * Whether two records of one slot say the same. Only what can change while a member stays is
 * compared: its id, route, tier and standby flag are fixed for its life, and the compared lists
 * always hold the same members slot by slot (a member added or removed changes their length).
 */
function sameRecord(a: MemberState, b: MemberState): boolean {
  return (
    a.status === b.status && a.failures === b.failures && a.retryAt === b.retryAt && a.check === b.check &&
    a.checkPasses === b.checkPasses && a.checkFails === b.checkFails && a.weight === b.weight && a.disabled === b.disabled &&
    a.draining === b.draining
  );
}

/** A deep, frozen copy of plain data: settings a caller cannot change under a carried working state. */
function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? value.map(frozenCopy) : {};
  if (!Array.isArray(value)) for (const [k, v] of Object.entries(value)) (copy as Record<string, unknown>)[k] = frozenCopy(v);
  return Object.freeze(copy) as T;
}
