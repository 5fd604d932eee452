/**
 * The pool's O(log n) byrequests against the plain O(n) reference: mod_lbmethod_byrequests'
 * arithmetic written out member by member, as Apache does it, with its own eligibility and health
 * rules. Over random pools and long random sequences of requests (new sessions, sticky hits,
 * failovers with `tried`), outcomes, health checks, drains, weight changes, members added and
 * removed, and time, every decision and every counter must be the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPool, type Decision } from '../src/index.js';

interface RefMember {
  id: string;
  weight: number;
  tier: number;
  standby: boolean;
  disabled: boolean;
  draining: boolean;
  error: boolean;
  retryAt: number;
  down: boolean;
  lb: number;
  busy: number;
}

const RETRY = 1_000;

/** Apache's byrequests, one member at a time. */
class Reference {
  readonly members: RefMember[];
  constructor(members: { id: string; weight: number; tier: number; standby: boolean }[]) {
    this.members = members.map((m) => ({ ...m, disabled: false, draining: false, error: false, retryAt: 0, down: false, lb: 0, busy: 0 }));
  }

  usable(m: RefMember, now: number): boolean {
    return !m.disabled && !m.down && (!m.error || now >= m.retryAt);
  }

  decide(route: string | null, tried: readonly string[], now: number): string {
    const ms = this.members;
    if (ms.length === 0 || tried.length >= ms.length) return 'reject';
    const target = route === null ? undefined : ms.find((m) => m.id === route);
    if (target !== undefined && this.usable(target, now) && !tried.includes(target.id)) {
      let total = 0;
      for (const m of ms) {
        if (!this.usable(m, now)) continue;
        m.lb += m.weight;
        total += m.weight;
      }
      target.lb -= total;
      target.busy++;
      return target.id;
    }
    const open = ms.filter((m) => this.usable(m, now) && !m.draining && !tried.includes(m.id));
    if (open.length === 0) return 'reject';
    const rank = Math.min(...open.map((m) => m.tier * 2 + (m.standby ? 1 : 0)));
    let best: RefMember | undefined;
    let total = 0;
    for (const m of open) {
      if (m.tier * 2 + (m.standby ? 1 : 0) !== rank) continue;
      m.lb += m.weight;
      total += m.weight;
      if (best === undefined || m.lb > best.lb) best = m;
    }
    best!.lb -= total;
    best!.busy++;
    return best!.id;
  }

  outcome(id: string, ok: boolean, now: number): void {
    const m = this.members.find((x) => x.id === id);
    if (m === undefined) return;
    if (m.busy > 0) m.busy--;
    if (!ok) {
      m.error = true;
      m.retryAt = Math.max(m.retryAt, now + RETRY);
    } else if (!m.error || now >= m.retryAt) {
      m.error = false;
      m.retryAt = 0;
    }
  }
}

type Op =
  | { kind: 'request'; sticky: number | null; tried: number[] }
  | { kind: 'outcome'; who: number; ok: boolean }
  | { kind: 'check'; who: number; ok: boolean }
  | { kind: 'admin'; who: number; what: 'drain' | 'disable' | 'enable' | 'remove' | 'add'; weight: number }
  | { kind: 'reweight'; who: number; weight: number }
  | { kind: 'wait'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('request' as const), sticky: fc.option(fc.nat(40), { freq: 3 }), tried: fc.array(fc.nat(40), { maxLength: 2 }) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('outcome' as const), who: fc.nat(40), ok: fc.constantFrom(true, true, true, false) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('check' as const), who: fc.nat(40), ok: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('admin' as const), who: fc.nat(40), what: fc.constantFrom('drain' as const, 'disable' as const, 'enable' as const, 'remove' as const, 'add' as const), weight: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reweight' as const), who: fc.nat(40), weight: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 700 }) }) },
);

const poolArb = fc.array(fc.record({ weight: fc.integer({ min: 1, max: 4 }), tier: fc.nat(1), standby: fc.constantFrom(false, false, false, true) }), { minLength: 1, maxLength: 24 });

describe('byrequests: the pool against the plain O(n) reference', () => {
  it('makes the same decisions and keeps the same counters over any sequence', () => {
    fc.assert(
      fc.property(poolArb, fc.array(opArb, { minLength: 50, maxLength: 400 }), (spec, ops) => {
        const members = spec.map((m, i) => ({ id: `m${i}`, ...m }));
        const ref = new Reference(members);
        const pool = createPool({ sticky: { cookie: 'R' }, health: { retryMs: RETRY }, members });
        let now = 0;
        let next = members.length;
        const idOf = (k: number): string | undefined => ref.members[k % Math.max(1, ref.members.length)]?.id;
        for (const op of ops) {
          switch (op.kind) {
            case 'request': {
              const route = op.sticky === null ? null : (idOf(op.sticky) ?? null);
              const tried = [...new Set(op.tried.map(idOf).filter((x): x is string => x !== undefined))];
              const d: Decision = pool.decide({ ...(route === null ? {} : { cookie: `R=.${route}` }), tried }, now);
              expect(d.type === 'forward' ? d.member : 'reject').toBe(ref.decide(route, tried, now));
              break;
            }
            case 'outcome': {
              const id = idOf(op.who);
              if (id === undefined || ref.members.find((m) => m.id === id)!.busy === 0) break;
              pool.apply(op.ok ? { type: 'responseReceived', member: id, status: 200 } : { type: 'requestFailed', member: id, cause: 'refused' }, now);
              ref.outcome(id, op.ok, now);
              break;
            }
            case 'check': {
              const id = idOf(op.who);
              if (id === undefined) break;
              pool.apply({ type: 'healthChecked', member: id, ok: op.ok }, now);
              const m = ref.members.find((x) => x.id === id)!;
              if (!op.ok) m.down = true;
              else if (m.down || m.error) Object.assign(m, { down: false, error: false, retryAt: 0 });
              break;
            }
            case 'reweight': {
              const id = idOf(op.who);
              if (id === undefined) break;
              pool.apply({ type: 'weightChanged', member: id, weight: op.weight }, now);
              ref.members.find((x) => x.id === id)!.weight = op.weight;
              break;
            }
            case 'admin': {
              if (op.what === 'add') {
                const id = `m${next++}`;
                pool.apply({ type: 'memberAdded', member: { id, weight: op.weight } }, now);
                ref.members.push({ id, weight: op.weight, tier: 0, standby: false, disabled: false, draining: false, error: false, retryAt: 0, down: false, lb: 0, busy: 0 });
                break;
              }
              const id = idOf(op.who);
              if (id === undefined) break;
              const at = ref.members.findIndex((x) => x.id === id);
              const m = ref.members[at]!;
              if (op.what === 'remove') {
                pool.apply({ type: 'memberRemoved', member: id }, now);
                ref.members.splice(at, 1);
              } else if (op.what === 'drain') {
                pool.apply({ type: 'memberDrainStarted', member: id }, now);
                m.draining = true;
              } else if (op.what === 'disable') {
                pool.apply({ type: 'memberDisabled', member: id }, now);
                m.disabled = true;
              } else {
                pool.apply({ type: 'memberEnabled', member: id }, now);
                m.disabled = false;
                m.draining = false;
              }
              break;
            }
            case 'wait':
              now += op.ms;
              break;
          }
          const views = pool.members();
          expect(views.map((v) => v.id)).toEqual(ref.members.map((m) => m.id));
          expect(views.map((v) => v.lbstatus)).toEqual(ref.members.map((m) => m.lb));
          expect(views.map((v) => v.busy)).toEqual(ref.members.map((m) => m.busy));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a large pool in exact Apache order through errors and sticky hits', () => {
    const n = 500;
    const members = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, weight: 1 + (i % 3), tier: 0, standby: false }));
    const ref = new Reference(members);
    const pool = createPool({ sticky: { cookie: 'R' }, health: { retryMs: RETRY }, members });
    for (let r = 0; r < 5_000; r++) {
      const now = r;
      const route = r % 7 === 0 ? `m${(r * 7919) % n}` : null;
      const d = pool.decide(route === null ? {} : { cookie: `R=.${route}` }, now);
      const expected = ref.decide(route, [], now);
      expect(d.type === 'forward' ? d.member : 'reject').toBe(expected);
      const ok = r % 13 !== 0;
      pool.apply(ok ? { type: 'responseReceived', member: expected, status: 200 } : { type: 'requestFailed', member: expected, cause: 'reset' }, now);
      ref.outcome(expected, ok, now);
    }
    expect(pool.members().map((v) => v.lbstatus)).toEqual(ref.members.map((m) => m.lb));
  });
});
