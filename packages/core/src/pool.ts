/**
 * The pool handle: one object that owns a pool's state, checks every input at the boundary,
 * records the event log when asked, and shows each member read-only. Proxies, the simulator and
 * the docs all drive the core through it, so the decide/record/apply glue exists once.
 *
 * @module
 */
import { type PoolConfig, parsePoolConfig } from './config.js';
import type { BalancerRequest, Decision } from './decisions.js';
import { applyOn } from './engine/apply.js';
import { decideOn } from './engine/decide.js';
import { Engine } from './engine/engine.js';
import { LbkitError } from './errors.js';
import { type BalancerEvent, FAILURE_CAUSES } from './events.js';
import { isUsable } from './eligibility.js';
import type { LogEntry } from './log.js';
import { type BalancerState, type MemberState, stateSchema } from './state.js';

/**
 * How a pool is created: the name used in error messages and log entries, an event-log recorder
 * and the start time.
 *
 * @example
 * ```ts
 * const lines: string[] = []
 * const pool = createPool(config, { source: 'lbkit.json', name: 'static', record: (e) => lines.push(encodeLogEntry(e)), now: 0 })
 * ```
 */
export interface PoolOptions {
  /** Names the configuration in error messages, e.g. a file name. Default `config`. */
  readonly source?: string;
  /** The pool's name in log entries (a log may hold several pools). */
  readonly name?: string;
  /** Receives every input the pool is given, in order, starting with a `start` entry: an event log. */
  readonly record?: (entry: LogEntry) => void;
  /** The time the pool starts at (ms); its clock never goes back from here. Default: the first call's time. */
  readonly now?: number;
}

/**
 * A member as a pool saw it when asked: configuration, health and counters. A copy: read-only, and later changes do not show in it.
 *
 * @remarks
 * The fields are those of Apache's balancer-manager page: `busy` (Busy), `lbstatus`, `elected`
 * (Elected), `status`/`check`/`disabled`/`draining`/`standby` (the status flags `E`, `C`, `D`, `N`, `H`).
 *
 * @example
 * ```ts
 * const m = pool.member('static1')
 * if (m) console.log(m.usable, m.busy, m.elected, m.status, m.check)
 * ```
 */
export interface MemberView extends MemberState {
  /** Requests in flight (Apache `busy`). */
  readonly busy: number;
  /** The `byrequests` counter (Apache `lbstatus`). */
  readonly lbstatus: number;
  /** Requests sent to it so far (Apache `Elected`). */
  readonly elected: number;
  /** Whether it may take requests now: not disabled, checks up, and `ok` or past its retry time. */
  readonly usable: boolean;
}

/**
 * A pool of members and its balancer: the one object a proxy needs.
 *
 * @remarks
 * One `Pool` is one Apache `<Proxy "balancer://name">`: `decide` is the balancer's choice of a
 * worker for a request, `apply` what mod_proxy learns afterwards (the member's answer, a health
 * check, a balancer-manager change). Unlike Apache, the caller passes the time to every call.
 *
 * @example
 * ```ts
 * const pool = createPool({ sticky: { cookie: 'ROUTEID' }, members: [{ id: 'a' }, { id: 'b' }] })
 * const d = pool.decide({ cookie: req.headers.cookie }, now)
 * if (d.type === 'forward') {
 *   // send to d.member; set d.setCookie (formatSetCookie) on the response when not null
 *   pool.apply({ type: 'responseReceived', member: d.member, status: 200 }, later)
 * }
 * ```
 */
export interface Pool {
  /**
   * Places one request at `now` and returns the decision. A forward counts the request in flight
   * until an outcome event names the member.
   *
   * @throws {@link LbkitError} `LBK_ERR_INVALID_TIME` when `now` is not finite or goes back;
   * `LBK_ERR_INVALID_REQUEST` when `request` is not an object or `tried` not a list;
   * `LBK_ERR_UNKNOWN_MEMBER` when `tried` names an id that was never a member of this pool.
   */
  decide(request: BalancerRequest, now: number): Decision;
  /**
   * Takes in one fact at `now`. Outcomes and health checks about a member removed meanwhile are ignored.
   *
   * @throws {@link LbkitError} `LBK_ERR_INVALID_TIME`; `LBK_ERR_INVALID_EVENT` for an unknown type or
   * a bad field; `LBK_ERR_UNKNOWN_MEMBER` or `LBK_ERR_DUPLICATE_MEMBER` for an operator event that cannot apply.
   */
  apply(event: BalancerEvent, now: number): void;
  /** The member called `id`, or undefined. */
  member(id: string): MemberView | undefined;
  /** Every member, in configuration order. */
  members(): MemberView[];
  /** How many members the pool has. */
  readonly size: number;
  /** The latest time the pool was given (ms), or -Infinity before any. */
  readonly clock: number;
  /** The whole state as plain JSON, for saving, inspecting or {@link restorePool}. */
  snapshot(): BalancerState;
}

class PoolHandle implements Pool {
  #engine: Engine;
  /** Ids of members removed from this pool: a `tried` list may still name them. */
  readonly #removed = new Set<string>();
  readonly #record: ((entry: LogEntry) => void) | null;
  readonly #name: string | undefined;

  /** A handle on `engine`, a working state no one else holds; its clock is where the pool starts. */
  constructor(engine: Engine, options: PoolOptions) {
    this.#engine = engine;
    this.#record = options.record ?? null;
    this.#name = options.name;
    if (this.#record !== null) this.#record(this.#entry({ type: 'start', at: options.now ?? 0, state: this.snapshot() }));
  }

  get size(): number {
    return this.#engine.n;
  }

  get clock(): number {
    return this.#engine.clock;
  }

  decide(request: BalancerRequest, now: number): Decision {
    checkTime(now, this.#engine.clock);
    checkRequest(request);
    const decision = decideOn(this.#engine, request, now, this.#removed);
    if (this.#record !== null) this.#record(this.#entry({ type: 'decide', at: now, request, decision }));
    return decision;
  }

  apply(event: BalancerEvent, now: number): void {
    checkTime(now, this.#engine.clock);
    checkEvent(event);
    this.#engine = applyOn(this.#engine, event, now);
    if (event.type === 'memberRemoved') this.#removed.add(event.member);
    else
      // Stryker disable next-line all: equivalent, an id is looked up among the members before the removed set, so a re-added id left in it changes nothing
      if (event.type === 'memberAdded') this.#removed.delete(event.member.id);
    if (this.#record !== null) this.#record(this.#entry({ type: 'apply', at: now, event }));
  }

  member(id: string): MemberView | undefined {
    const i = this.#engine.byId.get(id);
    return i === undefined ? undefined : this.#view(i);
  }

  members(): MemberView[] {
    const out: MemberView[] = [];
    for (let i = 0; i < this.#engine.n; i++) out.push(this.#view(i));
    return out;
  }

  snapshot(): BalancerState {
    return this.#engine.snapshot(true);
  }

  /** A copy (later changes do not show in it), as one fixed-shape literal: cheap enough to ask for on every event. */
  #view(i: number): MemberView {
    const e = this.#engine;
    const m = e.members[i]!;
    return {
      id: m.id, route: m.route, weight: m.weight, tier: m.tier, disabled: m.disabled, draining: m.draining, standby: m.standby,
      status: m.status, failures: m.failures, retryAt: m.retryAt, check: m.check, checkPasses: m.checkPasses, checkFails: m.checkFails,
      busy: e.busy[i]!, lbstatus: e.lbstatus(i), elected: e.elected[i]!, usable: isUsable(m, e.clock),
    };
  }

  #entry<E extends LogEntry>(entry: E): E {
    return this.#name === undefined ? entry : { ...entry, pool: this.#name };
  }
}

function checkTime(now: number, clock: number): void {
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new LbkitError('LBK_ERR_INVALID_TIME', `now must be a finite number of ms, got ${String(now)}`);
  }
  if (now < clock) throw new LbkitError('LBK_ERR_INVALID_TIME', `now went back from ${clock} to ${now}; fix: use a monotonic clock`);
}

function checkRequest(request: BalancerRequest): void {
  if (typeof request !== 'object' || request === null) throw new LbkitError('LBK_ERR_INVALID_REQUEST', 'a request must be an object such as {} or { cookie, url, tried }');
  if (request.tried !== undefined && !Array.isArray(request.tried)) throw new LbkitError('LBK_ERR_INVALID_REQUEST', 'request.tried must be a list of member ids');
}

const CAUSES: ReadonlySet<string> = new Set(FAILURE_CAUSES);

function badEvent(type: unknown, what: string): LbkitError {
  return new LbkitError('LBK_ERR_INVALID_EVENT', `${String(type)}: ${what}`);
}

/** The cheap checks of an outcome or health event (the hot path); operator events are checked in full later. */
function checkEvent(event: BalancerEvent): void {
  const e: { readonly type?: unknown; readonly member?: unknown; readonly status?: unknown; readonly cause?: unknown; readonly ok?: unknown } = event;
  switch (e.type) {
    case 'responseReceived':
      if (typeof e.status !== 'number' || !Number.isInteger(e.status)) throw badEvent(e.type, 'status must be a whole number');
      break;
    case 'requestFailed':
      if (typeof e.cause !== 'string' || !CAUSES.has(e.cause)) throw badEvent(e.type, `cause must be one of ${FAILURE_CAUSES.join(', ')}`);
      break;
    case 'healthChecked':
      if (typeof e.ok !== 'boolean') throw badEvent(e.type, 'ok must be true or false');
      break;
    case 'requestAbandoned':
      break;
    default:
      return; // operator events are checked against their schema; unknown types are refused there
  }
  if (typeof e.member !== 'string') throw badEvent(e.type, 'member must be a member id');
}

/**
 * Validates `config` and returns a pool handle, its members healthy and counters at zero.
 *
 * @remarks
 * Apache reads the same settings from `BalancerMember` lines and `ProxySet`. Where Apache has the
 * setting, the default is Apache's, except `health.forceRecovery` (see {@link HealthConfig}).
 *
 * @throws {@link LbkitError} `LBK_ERR_INVALID_CONFIG`, listing every problem (each prefixed by
 * `options.source`), when `config` is invalid. {@link validatePoolConfig} gives them as a value.
 *
 * @example
 * ```ts
 * const pool = createPool(
 *   { sticky: { cookie: 'ROUTEID' }, members: [{ id: 'static1' }, { id: 'static2' }] },
 *   { name: 'static', record: (e) => log.write(encodeLogEntry(e) + '\n') },
 * )
 * ```
 */
export function createPool(config: PoolConfig, options: PoolOptions = {}): Pool {
  return handleOn(initialState(config, options.source), options);
}

function handleOn(state: BalancerState, options: PoolOptions): PoolHandle {
  if (options.now !== undefined) checkTime(options.now, -Infinity);
  return new PoolHandle(new Engine(state, options.now ?? -Infinity), options);
}

/**
 * A pool handle that continues from a saved state (a {@link Pool.snapshot}, or a log's `start` entry).
 *
 * @remarks
 * Apache keeps its balancer's state across a restart only with `BalancerPersist On`; a restored
 * pool keeps all of it (counters, health, weights, members added at run time) wherever it was saved.
 *
 * @throws {@link LbkitError} `LBK_ERR_INVALID_STATE` listing what is wrong with `state`.
 *
 * @example
 * ```ts
 * const again = restorePool(JSON.parse(saved), { now })
 * ```
 */
export function restorePool(state: unknown, options: PoolOptions = {}): Pool {
  const r = stateSchema.safeParse(state);
  if (!r.success) {
    const what = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new LbkitError('LBK_ERR_INVALID_STATE', `invalid pool state: ${what}`);
  }
  return handleOn(r.data, options);
}

/** No member was removed: what a pure call's working state knows of its past. */
const NOBODY: ReadonlySet<string> = new Set();

/** {@link Pool.decide} on a working state, with the handle's checks: for the pure functions. */
export function decideWith(engine: Engine, request: BalancerRequest, now: number): Decision {
  checkTime(now, engine.clock);
  checkRequest(request);
  return decideOn(engine, request, now, NOBODY);
}

/** {@link Pool.apply} on a working state, with the handle's checks: returns the working state to use from now on. */
export function applyWith(engine: Engine, event: BalancerEvent, now: number): Engine {
  checkTime(now, engine.clock);
  checkEvent(event);
  return applyOn(engine, event, now);
}

/**
 * The state of a freshly configured pool: members healthy, counters at zero. For the pure
 * {@link decide} and {@link apply}; {@link createPool} is the handle on the same state.
 *
 * @remarks
 * The same state Apache builds at startup: every member `ok`, checks `up`, `lbstatus`, `busy` and
 * `elected` at zero.
 *
 * @throws {@link LbkitError} `LBK_ERR_INVALID_CONFIG`, listing every problem, when `config` is invalid.
 *
 * @example
 * ```ts
 * let state = initialState({ members: [{ id: 'a' }, { id: 'b' }] })
 * ```
 */
export function initialState(config: PoolConfig, source = 'config'): BalancerState {
  const { members, ...settings } = parsePoolConfig(config, source);
  const zeros = members.map(() => 0);
  return {
    version: 2,
    settings,
    members: members.map((m) => ({ ...m, status: 'ok', failures: 0, retryAt: 0, check: 'up', checkPasses: 0, checkFails: 0 })),
    lbstatus: zeros,
    busy: zeros,
    elected: zeros,
    rng: settings.seed >>> 0,
  };
}
