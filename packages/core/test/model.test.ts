/**
 * Model-based test: a deliberately plain, mutable reference model of Apache's byrequests balancer
 * (tiers, hot standby, affinity, passive and active health, drain, disable) runs beside the core,
 * command by command, and every decision must match.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, type BalancerState, initialState, decide } from '../src/index.js';

const HEALTH = { failuresBeforeError: 2, retryMs: 500, rise: 2, fall: 2 };

class RefMember {
  disabled = false;
  draining = false;
  error = false;
  failures = 0;
  retryAt = 0;
  down = false;
  passes = 0;
  fails = 0;
  lb = 0;

  /** Back to ok: what a success after the retry period and a health-check recovery both do. */
  clearError(): void {
    this.error = false;
    this.failures = 0;
    this.retryAt = 0;
  }

  constructor(
    readonly id: string,
    readonly weight: number,
    readonly tier: number,
    readonly standby: boolean,
  ) {}
}

type RefDecision = { member: string; affinity: boolean; routeChanged: boolean } | { reject: string };

class Model {
  now = 0;
  constructor(readonly members: RefMember[]) {}

  usable(m: RefMember): boolean {
    return !m.disabled && !m.down && (!m.error || this.now >= m.retryAt);
  }

  decide(route: string | undefined): RefDecision {
    if (this.members.length === 0) return { reject: 'no-members' };
    const target = this.members.find((m) => m.id === route);
    if (target && this.usable(target)) {
      let total = 0;
      for (const m of this.members) {
        if (!this.usable(m)) continue;
        m.lb += m.weight;
        total += m.weight;
      }
      target.lb -= total;
      return { member: target.id, affinity: true, routeChanged: false };
    }
    const tiers = [...new Set(this.members.map((m) => m.tier))].sort((a, b) => a - b);
    for (const tier of tiers) {
      for (const standby of [false, true]) {
        const candidates = this.members.filter((m) => m.tier === tier && m.standby === standby && this.usable(m) && !m.draining);
        if (candidates.length === 0) continue;
        let best = candidates[0]!;
        let total = 0;
        for (const m of candidates) {
          m.lb += m.weight;
          total += m.weight;
          if (m.lb > best.lb) best = m;
        }
        best.lb -= total;
        return { member: best.id, affinity: false, routeChanged: best.id !== route };
      }
    }
    if (this.members.every((m) => m.disabled)) return { reject: 'all-disabled' };
    if (this.members.some((m) => this.usable(m))) return { reject: 'all-draining' };
    return { reject: 'all-down' };
  }

  find(id: string): RefMember | undefined {
    return this.members.find((m) => m.id === id);
  }
}

interface Real {
  state: BalancerState;
  now: number;
}

type Cmd = fc.Command<Model, Real>;
const ID = fc.constantFrom('a', 'b', 'c', 'd');

class Request implements Cmd {
  constructor(readonly route: string | undefined) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const expected = model.decide(this.route);
    const [next, d] = decide(real.state, this.route === undefined ? {} : { cookie: `ROUTEID=.${this.route}` }, real.now);
    real.state = next;
    if ('reject' in expected) expect(d).toMatchObject({ type: 'reject', reason: expected.reject });
    else expect(d).toMatchObject({ type: 'forward', ...expected });
  }
  toString = (): string => `request(${this.route === undefined ? '' : `ROUTEID=.${this.route}`})`;
}

class Outcome implements Cmd {
  constructor(
    readonly id: string,
    readonly ok: boolean,
  ) {}
  check = (m: Model): boolean => m.find(this.id) !== undefined;
  run(model: Model, real: Real): void {
    const m = model.find(this.id)!;
    if (this.ok) {
      if (!(m.error && model.now < m.retryAt)) m.clearError();
      real.state = apply(real.state, { type: 'responseReceived', member: this.id, status: 200 }, real.now);
    } else {
      m.failures++;
      if (m.failures >= HEALTH.failuresBeforeError) {
        m.error = true;
        m.retryAt = Math.max(m.retryAt, model.now + HEALTH.retryMs);
        m.passes = 0;
      }
      real.state = apply(real.state, { type: 'requestFailed', member: this.id, cause: 'refused' }, real.now);
    }
  }
  toString = (): string => (this.ok ? `respond(${this.id}, 200)` : `fail(${this.id})`);
}

class Check implements Cmd {
  constructor(
    readonly id: string,
    readonly ok: boolean,
  ) {}
  check = (m: Model): boolean => m.find(this.id) !== undefined;
  run(model: Model, real: Real): void {
    const m = model.find(this.id)!;
    if (this.ok) {
      m.passes++;
      m.fails = 0;
      if (m.passes >= HEALTH.rise && (m.down || m.error)) {
        m.down = false;
        m.clearError();
      }
    } else {
      m.fails++;
      m.passes = 0;
      if (m.fails >= HEALTH.fall) m.down = true;
    }
    real.state = apply(real.state, { type: 'healthChecked', member: this.id, ok: this.ok }, real.now);
  }
  toString = (): string => `check(${this.id}, ${this.ok ? 'pass' : 'fail'})`;
}

class Advance implements Cmd {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    model.now += this.ms;
    real.now += this.ms;
  }
  toString = (): string => `advance(${this.ms}ms)`;
}

class Admin implements Cmd {
  constructor(
    readonly id: string,
    readonly action: 'memberDrainStarted' | 'memberDisabled' | 'memberEnabled',
  ) {}
  check = (m: Model): boolean => m.find(this.id) !== undefined;
  run(model: Model, real: Real): void {
    const m = model.find(this.id)!;
    if (this.action === 'memberDrainStarted') m.draining = true;
    else if (this.action === 'memberDisabled') m.disabled = true;
    else m.disabled = m.draining = false;
    real.state = apply(real.state, { type: this.action, member: this.id }, real.now);
  }
  toString = (): string => `${this.action}(${this.id})`;
}

const commands = [
  fc.option(ID, { nil: undefined }).map((r) => new Request(r)),
  fc.option(ID, { nil: undefined }).map((r) => new Request(r)),
  fc.tuple(ID, fc.boolean()).map(([id, ok]) => new Outcome(id, ok)),
  fc.tuple(ID, fc.boolean()).map(([id, ok]) => new Check(id, ok)),
  fc.integer({ min: 1, max: 400 }).map((ms) => new Advance(ms)),
  fc.tuple(ID, fc.constantFrom('memberDrainStarted' as const, 'memberDisabled' as const, 'memberEnabled' as const)).map(([id, a]) => new Admin(id, a)),
];

const memberSpec = fc.record({ weight: fc.integer({ min: 1, max: 4 }), tier: fc.integer({ min: 0, max: 1 }), standby: fc.boolean() });

describe('core against a reference model', () => {
  it('makes the same decisions as the reference model, command by command', () => {
    fc.assert(
      fc.property(fc.array(memberSpec, { minLength: 1, maxLength: 4 }), fc.commands(commands, { maxCommands: 80 }), (specs, cmds) => {
        const ids = ['a', 'b', 'c', 'd'].slice(0, specs.length);
        const members = specs.map((s, i) => ({ id: ids[i]!, ...s }));
        const real: Real = { state: initialState({ sticky: { cookie: 'ROUTEID' }, health: HEALTH, members }), now: 0 };
        const model = new Model(members.map((m) => new RefMember(m.id, m.weight, m.tier, m.standby)));
        fc.modelRun(() => ({ model, real }), cmds);
        expect(real.state.lbstatus).toEqual(model.members.map((m) => m.lb));
      }),
      { numRuns: 400 },
    );
  });
});
