/**
 * bybusyness, random and p2c in the pool (heaps and Fenwick trees) against plain O(n) references
 * that scan the members in configuration order, as nginx and Apache do: over random pools and
 * random sequences of requests (sticky or not, with `tried`), outcomes, errors, health checks,
 * weight changes and time, the same member every time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPool, type LbMethod } from '../src/index.js';
import { drawAt, nextRngState } from '../src/internals.js';

interface M {
  id: string;
  weight: number;
  tier: number;
  error: boolean;
  retryAt: number;
  down: boolean;
  lb: number;
  busy: number;
}

const RETRY = 500;

class Reference {
  rng = 1;
  constructor(
    readonly method: LbMethod,
    readonly ms: M[],
  ) {}

  usable(m: M, now: number): boolean {
    return !m.down && (!m.error || now >= m.retryAt);
  }

  draw(): number {
    const u = drawAt(this.rng);
    this.rng = nextRngState(this.rng);
    return u;
  }

  weighted(cands: M[], u: number, skip: M | null): M | null {
    const pool = cands.filter((m) => m !== skip);
    let target = u * pool.reduce((s, m) => s + m.weight, 0);
    for (const m of pool) {
      target -= m.weight;
      if (target < 0) return m;
    }
    return pool.at(-1) ?? null;
  }

  decide(route: string | null, tried: string[], now: number): string {
    if (tried.length >= this.ms.length) return 'reject';
    const target = this.ms.find((m) => m.id === route);
    if (target !== undefined && this.usable(target, now) && !tried.includes(target.id)) {
      let total = 0;
      for (const m of this.ms) if (this.usable(m, now)) (m.lb += m.weight), (total += m.weight);
      target.lb -= total;
      target.busy++;
      return target.id;
    }
    const open = this.ms.filter((m) => this.usable(m, now) && !tried.includes(m.id));
    if (open.length === 0) return 'reject';
    const tier = Math.min(...open.map((m) => m.tier));
    const cands = open.filter((m) => m.tier === tier);
    let chosen: M;
    if (this.method === 'bybusyness') {
      let best: M | null = null;
      let total = 0;
      for (const m of cands) {
        m.lb += m.weight;
        total += m.weight;
        if (best === null || m.busy < best.busy || (m.busy === best.busy && m.lb > best.lb)) best = m;
      }
      best!.lb -= total;
      chosen = best!;
    } else if (this.method === 'random') {
      chosen = this.weighted(cands, this.draw(), null)!;
    } else {
      const u1 = this.draw();
      const u2 = this.draw();
      const a = this.weighted(cands, u1, null)!;
      const b = this.weighted(cands, u2, a);
      chosen = b === null || !(b.busy * a.weight < a.busy * b.weight) ? a : b;
    }
    chosen.busy++;
    return chosen.id;
  }
}

type Op =
  | { kind: 'request'; sticky: number | null; tried: number[] }
  | { kind: 'end'; who: number; ok: boolean }
  | { kind: 'check'; who: number; ok: boolean }
  | { kind: 'reweight'; who: number; weight: number }
  | { kind: 'wait'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('request' as const), sticky: fc.option(fc.nat(30), { freq: 4 }), tried: fc.array(fc.nat(30), { maxLength: 2 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('end' as const), who: fc.nat(30), ok: fc.constantFrom(true, true, true, false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const), who: fc.nat(30), ok: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reweight' as const), who: fc.nat(30), weight: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 400 }) }) },
);

describe.each(['bybusyness', 'random', 'p2c'] as const)('%s: the pool against the plain O(n) reference', (method) => {
  it('picks the same member after any sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: fc.integer({ min: 1, max: 6 }), tier: fc.constantFrom(0, 0, 0, 1) }), { minLength: 1, maxLength: 30 }),
        fc.array(opArb, { minLength: 50, maxLength: 300 }),
        (spec, ops) => {
          const members = spec.map((m, i) => ({ id: `m${i}`, ...m }));
          const ref = new Reference(method, members.map((m) => ({ ...m, error: false, retryAt: 0, down: false, lb: 0, busy: 0 })));
          const pool = createPool({ method, seed: 1, sticky: { cookie: 'R' }, health: { retryMs: RETRY }, members });
          let now = 0;
          const at = (k: number): M => ref.ms[k % ref.ms.length]!;
          for (const op of ops) {
            if (op.kind === 'request') {
              const route = op.sticky === null ? null : at(op.sticky).id;
              const tried = [...new Set(op.tried.map((k) => at(k).id))];
              const d = pool.decide({ ...(route === null ? {} : { cookie: `R=.${route}` }), tried }, now);
              expect(d.type === 'forward' ? d.member : 'reject').toBe(ref.decide(route, tried, now));
            } else if (op.kind === 'end') {
              const m = at(op.who);
              if (m.busy === 0) continue;
              pool.apply(op.ok ? { type: 'responseReceived', member: m.id, status: 200 } : { type: 'requestFailed', member: m.id, cause: 'timeout' }, now);
              m.busy--;
              if (!op.ok) Object.assign(m, { error: true, retryAt: Math.max(m.retryAt, now + RETRY) });
              else if (!m.error || now >= m.retryAt) Object.assign(m, { error: false, retryAt: 0 });
            } else if (op.kind === 'check') {
              const m = at(op.who);
              pool.apply({ type: 'healthChecked', member: m.id, ok: op.ok }, now);
              if (!op.ok) m.down = true;
              else if (m.down || m.error) Object.assign(m, { down: false, error: false, retryAt: 0 });
            } else if (op.kind === 'reweight') {
              const m = at(op.who);
              pool.apply({ type: 'weightChanged', member: m.id, weight: op.weight }, now);
              m.weight = op.weight;
            } else now += op.ms;
          }
          expect(pool.members().map((v) => [v.busy, v.lbstatus])).toEqual(ref.ms.map((m) => [m.busy, m.lb]));
        },
      ),
      { numRuns: 100 },
    );
  });
});
