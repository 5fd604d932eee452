/**
 * Model-based test: the independent reference balancer (test/reference.ts) runs beside the core,
 * command by command, for every method, and every decision must match field by field. Commands
 * cover requests and failovers, every outcome (including abandoned requests), health checks that
 * take a member down and bring it back with or without a passive error, forced recovery, weight
 * changes, drains, members added and removed, and restarts from a JSON snapshot. The run is also
 * written as an event log carrying the reference's decisions, and replaying it must agree with all.
 * Each command prints as a line of a script, so a failure reads as the story that led to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apply,
  type BalancerEvent,
  type BalancerRequest,
  type BalancerState,
  createPool,
  decide,
  type Decision,
  encodeLogEntry,
  initialState,
  type LogEntry,
  parseLog,
  type Pool,
  type PoolConfig,
  type RejectReason,
  replayLog,
  restorePool,
} from '../src/index.js';
import { runs } from './fc-settings.js';
import { type RefDecision, RefPool, type RefSettings } from './reference.js';

/** The core under test, driven through the pool handle or through the pure functions. */
interface Driver {
  decide(request: BalancerRequest, now: number): Decision;
  apply(event: BalancerEvent, now: number): void;
  /** Saves the state as JSON and carries on from the copy, as a restarted proxy would. */
  restart(now: number): void;
}

class HandleDriver implements Driver {
  private pool: Pool;
  constructor(config: PoolConfig) {
    this.pool = createPool(config, { now: 0 });
  }
  decide = (request: BalancerRequest, now: number): Decision => this.pool.decide(request, now);
  apply = (event: BalancerEvent, now: number): void => this.pool.apply(event, now);
  restart(now: number): void {
    this.pool = restorePool(JSON.parse(JSON.stringify(this.pool.snapshot())), { now });
  }
}

class PureDriver implements Driver {
  private state: BalancerState;
  constructor(config: PoolConfig) {
    this.state = initialState(config);
  }
  decide(request: BalancerRequest, now: number): Decision {
    const [next, d] = decide(this.state, request, now);
    this.state = next;
    return d;
  }
  apply(event: BalancerEvent, now: number): void {
    this.state = apply(this.state, event, now);
  }
  restart(): void {
    this.state = JSON.parse(JSON.stringify(this.state)) as BalancerState;
  }
}

interface Real {
  core: Driver;
  now: number;
  /** The run as an event log whose decisions are the reference's, not the core's. */
  log: LogEntry[];
}

interface Model {
  pool: RefPool;
  now: number;
}

type Cmd = fc.Command<Model, Real>;

const IDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
const ID = fc.constantFrom(...IDS);

/** What the core said, in the reference's terms (the fields both compute). */
function comparable(d: Decision): RefDecision {
  return d.type === 'reject'
    ? { type: 'reject', reason: d.reason, attempt: d.attempt }
    : { type: 'forward', member: d.member, attempt: d.attempt, affinity: d.affinity, routeChanged: d.routeChanged, setCookie: d.setCookie === null ? null : `${d.setCookie.name}=${d.setCookie.value}` };
}

function send(real: Real, event: BalancerEvent): void {
  real.core.apply(event, real.now);
  real.log.push({ type: 'apply', at: real.now, event });
}

/** The reference's decision as the core would write it (routes are the member ids here). */
function asDecision(d: RefDecision): Decision {
  if (d.type === 'reject') return { ...d, reason: d.reason as RejectReason };
  const setCookie = d.setCookie === null ? null : { name: 'ROUTEID', value: d.setCookie, attributes: ATTRIBUTES };
  return { type: 'forward', member: d.member, route: d.member, attempt: d.attempt, affinity: d.affinity, routeChanged: d.routeChanged, setCookie };
}

/** The cookie attributes every model pool sets, to see that decisions carry the pool's own. */
const ATTRIBUTES = { path: '/app', domain: null, maxAgeSec: 3600, httpOnly: true, secure: false, sameSite: 'Lax' } as const;

class Request implements Cmd {
  constructor(
    readonly route: string | undefined,
    readonly hashKey: string | undefined,
    readonly tried: readonly string[],
  ) {}
  check = (m: Model): boolean => this.tried.every((id) => m.pool.find(id) !== undefined);
  run(model: Model, real: Real): void {
    const expected = model.pool.decide({ route: this.route, hashKey: this.hashKey, tried: this.tried }, model.now);
    const sep = model.pool.settings.separator ?? '.';
    const request = {
      ...(this.route === undefined ? {} : { cookie: `lang=en; ROUTEID=x${sep}${this.route}` }),
      ...(this.hashKey === undefined ? {} : { hashKey: this.hashKey }),
      ...(this.tried.length === 0 ? {} : { tried: this.tried }),
    };
    const d = real.core.decide(request, real.now);
    real.log.push({ type: 'decide', at: real.now, request, decision: asDecision(expected) });
    expect(comparable(d)).toEqual({ ...expected, ...(expected.type === 'forward' && expected.setCookie !== null ? { setCookie: `ROUTEID=${expected.setCookie}` } : {}) });
    if (d.type === 'forward' && d.setCookie !== null) expect(d.setCookie.attributes).toEqual(ATTRIBUTES);
  }
  toString = (): string => {
    const parts = [this.route === undefined ? 'no route' : `route ${this.route}`];
    if (this.hashKey !== undefined) parts.push(`key "${this.hashKey}"`);
    if (this.tried.length > 0) parts.push(`after trying ${this.tried.join(', ')}`);
    return `request (${parts.join(', ')})`;
  };
}

class Respond implements Cmd {
  constructor(
    readonly id: string,
    readonly status: number,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    model.pool.responded(this.id, this.status, model.now);
    send(real, { type: 'responseReceived', member: this.id, status: this.status });
  }
  toString = (): string => `${this.id} answers ${this.status}`;
}

class Fail implements Cmd {
  constructor(readonly id: string) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    model.pool.failed(this.id, model.now);
    send(real, { type: 'requestFailed', member: this.id, cause: 'refused' });
  }
  toString = (): string => `${this.id} refuses a request`;
}

/** Every member fails a request at once: the way to an all-in-error pool and a forced recovery. */
class Outage implements Cmd {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    for (const m of [...model.pool.members]) {
      model.pool.failed(m.id, model.now);
      send(real, { type: 'requestFailed', member: m.id, cause: 'timeout' });
    }
  }
  toString = (): string => 'every member times out';
}

class Abandon implements Cmd {
  constructor(readonly id: string) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    model.pool.abandoned(this.id);
    send(real, { type: 'requestAbandoned', member: this.id });
  }
  toString = (): string => `a client abandons its request to ${this.id}`;
}

/** `times` health checks in a row with the same verdict: enough of them take a member down or bring it up. */
class Checks implements Cmd {
  constructor(
    readonly id: string,
    readonly ok: boolean,
    readonly times: number,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    for (let i = 0; i < this.times; i++) {
      model.pool.checked(this.id, this.ok);
      send(real, { type: 'healthChecked', member: this.id, ok: this.ok });
    }
  }
  toString = (): string => `${this.id} ${this.ok ? 'passes' : 'fails'} ${this.times} health check${this.times === 1 ? '' : 's'}`;
}

class Wait implements Cmd {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    model.now += this.ms;
    real.now += this.ms;
  }
  toString = (): string => `wait ${this.ms} ms`;
}

/** Time moves to the exact instant a member in error may be tried again (or `early` ms before it). */
class WaitForRetry implements Cmd {
  constructor(
    readonly id: string,
    readonly early: 0 | 1,
  ) {}
  check = (m: Model): boolean => {
    const member = m.pool.find(this.id);
    return member !== undefined && member.inError && member.retryAt - this.early > m.now;
  };
  run(model: Model, real: Real): void {
    const to = model.pool.find(this.id)!.retryAt - this.early;
    model.now = to;
    real.now = to;
  }
  toString = (): string => (this.early === 0 ? `wait until ${this.id} may be retried` : `wait until 1 ms before ${this.id} may be retried`);
}

class Flag implements Cmd {
  constructor(
    readonly id: string,
    readonly action: 'memberDrainStarted' | 'memberDisabled' | 'memberEnabled',
  ) {}
  check = (m: Model): boolean => m.pool.find(this.id) !== undefined;
  run(model: Model, real: Real): void {
    const m = model.pool.find(this.id)!;
    if (this.action === 'memberDrainStarted') m.draining = true;
    else if (this.action === 'memberDisabled') m.disabled = true;
    else m.disabled = m.draining = false;
    send(real, { type: this.action, member: this.id });
  }
  toString = (): string => `${{ memberDrainStarted: 'drain', memberDisabled: 'disable', memberEnabled: 'enable' }[this.action]} ${this.id}`;
}

class Reweight implements Cmd {
  constructor(
    readonly id: string,
    readonly weight: number,
  ) {}
  check = (m: Model): boolean => m.pool.find(this.id) !== undefined;
  run(model: Model, real: Real): void {
    model.pool.find(this.id)!.weight = this.weight;
    send(real, { type: 'weightChanged', member: this.id, weight: this.weight });
  }
  toString = (): string => `set the weight of ${this.id} to ${this.weight}`;
}

class Add implements Cmd {
  constructor(
    readonly id: string,
    readonly weight: number,
    readonly tier: number,
    readonly standby: boolean,
  ) {}
  check = (m: Model): boolean => m.pool.find(this.id) === undefined;
  run(model: Model, real: Real): void {
    const spec = { id: this.id, weight: this.weight, tier: this.tier, standby: this.standby };
    model.pool.added(spec);
    send(real, { type: 'memberAdded', member: spec });
  }
  toString = (): string => `add member ${this.id} (weight ${this.weight}, tier ${this.tier}${this.standby ? ', hot standby' : ''})`;
}

class Remove implements Cmd {
  constructor(readonly id: string) {}
  check = (m: Model): boolean => m.pool.find(this.id) !== undefined;
  run(model: Model, real: Real): void {
    model.pool.removed(this.id);
    send(real, { type: 'memberRemoved', member: this.id });
  }
  toString = (): string => `remove member ${this.id}`;
}

/** The state saved as JSON and loaded again, as a proxy that restarts from a snapshot would. */
class Restart implements Cmd {
  check = (): boolean => true;
  run(_model: Model, real: Real): void {
    real.core.restart(real.now);
  }
  toString = (): string => 'save the state as JSON and load it again';
}

const triedArb = fc.uniqueArray(ID, { maxLength: 3 });
const commands = [
  fc.tuple(fc.option(ID, { nil: undefined }), fc.option(fc.string({ maxLength: 6 }), { nil: undefined })).map(([r, k]) => new Request(r, k, [])),
  fc.tuple(fc.option(ID, { nil: undefined }), fc.option(fc.string({ maxLength: 6 }), { nil: undefined })).map(([r, k]) => new Request(r, k, [])),
  fc.tuple(fc.option(ID, { nil: undefined }), triedArb).map(([r, tried]) => new Request(r, 'key', tried)),
  fc.tuple(ID, fc.constantFrom(200, 404, 503)).map(([id, status]) => new Respond(id, status)),
  ID.map((id) => new Fail(id)),
  ID.map((id) => new Abandon(id)),
  fc.constant(new Outage()),
  fc.tuple(ID, fc.boolean(), fc.integer({ min: 1, max: 3 })).map(([id, ok, n]) => new Checks(id, ok, n)),
  fc.integer({ min: 1, max: 600 }).map((ms) => new Wait(ms)),
  fc.tuple(ID, fc.constantFrom(0 as const, 1 as const)).map(([id, early]) => new WaitForRetry(id, early)),
  fc.tuple(ID, fc.constantFrom('memberDrainStarted' as const, 'memberDisabled' as const, 'memberEnabled' as const)).map(([id, a]) => new Flag(id, a)),
  fc.tuple(ID, fc.integer({ min: 1, max: 6 })).map(([id, w]) => new Reweight(id, w)),
  fc.tuple(ID, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1 }), fc.boolean()).map(([id, w, t, s]) => new Add(id, w, t, s)),
  ID.map((id) => new Remove(id)),
  fc.constant(new Restart()),
];

const memberSpec = fc.record({ weight: fc.integer({ min: 1, max: 4 }), tier: fc.integer({ min: 0, max: 1 }), standby: fc.boolean() });

const settingsArb: fc.Arbitrary<RefSettings> = fc.record({
  method: fc.constantFrom('byrequests' as const, 'bybusyness' as const, 'random' as const, 'p2c' as const, 'hash' as const),
  separator: fc.constantFrom('.', '~', '!'),
  failuresBeforeError: fc.integer({ min: 1, max: 2 }),
  retryMs: fc.integer({ min: 0, max: 1000 }),
  failOnStatus: fc.constant([503]),
  rise: fc.integer({ min: 1, max: 2 }),
  fall: fc.integer({ min: 1, max: 2 }),
  forceRecovery: fc.boolean(),
  maxAttempts: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  pointsPerWeight: fc.integer({ min: 1, max: 8 }),
});

function poolConfig(s: RefSettings, members: { id: string; weight: number; tier: number; standby: boolean }[]): PoolConfig {
  return {
    method: s.method,
    sticky: { cookie: 'ROUTEID', separator: s.separator!, cookieAttributes: { path: '/app', maxAgeSec: 3600, httpOnly: true, sameSite: 'Lax' } },
    health: { failuresBeforeError: s.failuresBeforeError, retryMs: s.retryMs, failOnStatus: s.failOnStatus, rise: s.rise, fall: s.fall, forceRecovery: s.forceRecovery },
    ...(s.maxAttempts === null ? {} : { maxAttempts: s.maxAttempts }),
    seed: s.seed,
    hashPointsPerWeight: s.pointsPerWeight,
    members,
  };
}

/** Scripts at full size: `size: 'max'` lets fast-check use the whole 0..200 range of lengths. */
const scriptArb = fc.commands(commands, { maxCommands: 200, size: 'max' });

describe('core against the reference balancer', () => {
  for (const via of ['pool handle', 'pure functions'] as const) {
    it(`makes the same decisions as the reference, command by command, for every method, through the ${via} (300 scripts of up to 200 commands)`, () => {
      fc.assert(
        fc.property(settingsArb, fc.array(memberSpec, { minLength: 1, maxLength: 4 }), scriptArb, (settings, specs, cmds) => {
          const members = specs.map((s, i) => ({ id: IDS[i]!, ...s }));
          const config = poolConfig(settings, members);
          const core = via === 'pool handle' ? new HandleDriver(config) : new PureDriver(config);
          const real: Real = { core, now: 0, log: [{ type: 'start', at: 0, state: initialState(config) }] };
          const model: Model = { pool: new RefPool(settings, members), now: 0 };
          fc.modelRun(() => ({ model, real }), cmds);
          // the log's decisions are the reference's: a replay that agrees with them all is right, not just consistent
          const parsed = parseLog(real.log.map(encodeLogEntry).join('\n'));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const report = replayLog(parsed.value);
          expect(report).toMatchObject({ ok: true, mismatch: null, missingStart: null });
          expect(report.decisions).toBe(real.log.filter((e) => e.type === 'decide').length);
          expect(report.events).toBe(real.log.filter((e) => e.type === 'apply').length);
        }),
        runs(300),
      );
    });
  }

  it('generates long scripts: the mean length is at least a third of the maximum', () => {
    const lengths = fc.sample(scriptArb, { numRuns: 200, seed: 42 }).map((c) => [...c].length);
    expect(lengths.reduce((s, n) => s + n, 0) / lengths.length).toBeGreaterThan(200 / 3);
  });
});

describe('core against the reference balancer, large pools', () => {
  type Step =
    | { kind: 'request'; route: number | null }
    | { kind: 'fail' | 'ok' | 'abandon' | 'drain' | 'enable'; member: number }
    | { kind: 'check'; member: number; ok: boolean }
    | { kind: 'reweight'; member: number; weight: number }
    | { kind: 'wait'; ms: number };
  const member = fc.nat(99);
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.option(member, { nil: null }).map((route) => ({ kind: 'request' as const, route })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('fail' as const, 'ok' as const, 'abandon' as const, 'drain' as const, 'enable' as const), member }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const), member, ok: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reweight' as const), member, weight: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 300 }) }) },
  );

  it('keeps every weight class heap, weight tree and retry queue right with up to 60 members (100 runs of up to 300 steps)', () => {
    fc.assert(
      fc.property(
        settingsArb,
        // few weight classes per rank, so that classes outgrow a heap's first 8 slots
        fc.array(fc.record({ weight: fc.integer({ min: 1, max: 2 }), tier: fc.integer({ min: 0, max: 1 }), standby: fc.integer({ min: 0, max: 9 }).map((x) => x === 0) }), {
          minLength: 9,
          maxLength: 60,
          size: 'max',
        }),
        fc.array(stepArb, { maxLength: 300, size: 'max' }),
        (settings, specs, steps) => {
          const members = specs.map((s, i) => ({ id: `m${i}`, ...s }));
          const pool = createPool(poolConfig({ ...settings, pointsPerWeight: Math.min(settings.pointsPerWeight, 2) }, members), { now: 0 });
          const ref = new RefPool({ ...settings, pointsPerWeight: Math.min(settings.pointsPerWeight, 2) }, members);
          let now = 0;
          for (const step of steps) {
            if (step.kind === 'wait') {
              now += step.ms;
              continue;
            }
            if (step.kind === 'request') {
              const route = step.route === null ? undefined : `m${step.route % members.length}`;
              const expected = ref.decide({ route }, now);
              const d = pool.decide(route === undefined ? {} : { cookie: `ROUTEID=x${settings.separator}${route}` }, now);
              expect(comparable(d)).toEqual({ ...expected, ...(expected.type === 'forward' && expected.setCookie !== null ? { setCookie: `ROUTEID=${expected.setCookie}` } : {}) });
              continue;
            }
            const id = `m${step.member % members.length}`;
            const m = ref.find(id)!;
            let event: BalancerEvent;
            if (step.kind === 'fail') (event = { type: 'requestFailed', member: id, cause: 'reset' }), ref.failed(id, now);
            else if (step.kind === 'ok') (event = { type: 'responseReceived', member: id, status: 200 }), ref.responded(id, 200, now);
            else if (step.kind === 'abandon') (event = { type: 'requestAbandoned', member: id }), ref.abandoned(id);
            else if (step.kind === 'check') (event = { type: 'healthChecked', member: id, ok: step.ok }), ref.checked(id, step.ok);
            else if (step.kind === 'drain') (event = { type: 'memberDrainStarted', member: id }), (m.draining = true);
            else if (step.kind === 'enable') (event = { type: 'memberEnabled', member: id }), (m.draining = m.disabled = false);
            else if (step.kind === 'reweight') (event = { type: 'weightChanged', member: id, weight: step.weight }), (m.weight = step.weight);
            else throw new Error('unreachable');
            pool.apply(event, now);
          }
        },
      ),
      runs(100),
    );
  });
});
