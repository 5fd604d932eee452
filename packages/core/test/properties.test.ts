/**
 * Property tests of the core's invariants over random pools and random scripts of requests,
 * outcomes, health checks and time, at full size (scripts of up to 150 steps, 300 runs each unless
 * said otherwise), through the pool handle (the pure functions are held to the same reference in
 * the model test, and to never mutating their input here). Which members are usable is told by a shadow of the independent reference
 * balancer (test/reference.ts) fed the same events, never by the core's own health code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, type BalancerEvent, createPool, type Decision, decide, initialState, type Pool, type PoolConfig } from '../src/index.js';
import { deepFreeze, poolArb, requestArb, scriptArb, type Step } from './arbitraries.js';
import { runs } from './fc-settings.js';
import { rankOf, RefPool } from './reference.js';

/** The reference pool for `pool`, used here only for what it says about health, drain and tiers. */
function shadowOf(pool: PoolConfig): RefPool {
  const h = pool.health ?? {};
  return new RefPool(
    {
      method: pool.method ?? 'byrequests',
      separator: pool.sticky === undefined ? null : '.',
      failuresBeforeError: h.failuresBeforeError ?? 1,
      retryMs: h.retryMs ?? 60_000,
      failOnStatus: h.failOnStatus ?? [],
      rise: h.rise ?? 1,
      fall: h.fall ?? 1,
      forceRecovery: h.forceRecovery ?? false,
      maxAttempts: pool.maxAttempts ?? null,
      seed: pool.seed ?? 1,
      pointsPerWeight: pool.hashPointsPerWeight ?? 64,
    },
    pool.members,
  );
}

/** Feeds an outcome or health event to the shadow. */
function tell(shadow: RefPool, e: BalancerEvent, now: number): void {
  if (e.type === 'responseReceived') shadow.responded(e.member, e.status, now);
  else if (e.type === 'requestFailed') shadow.failed(e.member, now);
  else if (e.type === 'requestAbandoned') shadow.abandoned(e.member);
  else if (e.type === 'healthChecked') shadow.checked(e.member, e.ok);
  else throw new Error(`the scripts hold no ${e.type}`);
}

/** Runs a script on a new pool handle, calling `onDecide` with the shadow as it was at every decision. */
function runScript(
  config: PoolConfig,
  script: readonly Step[],
  onDecide: (shadow: RefPool, request: Step & { kind: 'request' }, now: number, d: Decision) => void = () => {},
): { pool: Pool; shadow: RefPool; now: number } {
  const pool = createPool(config, { now: 0 });
  const shadow = shadowOf(config);
  let now = 0;
  for (const step of script) {
    if (step.kind === 'advance') now += step.ms;
    else if (step.kind === 'event') {
      pool.apply(step.event, now);
      tell(shadow, step.event, now);
    } else {
      const d = pool.decide(step.request, now);
      shadow.recoverIfAllInError(now);
      onDecide(shadow, step, now, d);
    }
  }
  return { pool, shadow, now };
}

describe('core invariants', () => {
  it('forwards only to usable members, a new session only to the lowest eligible tier, and rejects only when none is eligible', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, (pool, script) => {
        runScript(pool, script, (shadow, step, now, d) => {
          const lowest = shadow.lowestRank(now, []);
          if (d.type === 'reject') {
            expect(lowest).toBeNull();
            return;
          }
          const m = shadow.find(d.member)!;
          expect(shadow.usable(m, now)).toBe(true);
          if (d.affinity) expect(`${step.request.cookie ?? ''}`).toContain(`.${m.route}`);
          else {
            expect(shadow.eligible(m, now, [])).toBe(true);
            expect(rankOf(m)).toBe(lowest);
          }
        });
      }),
      runs(300),
    );
  });

  it('hostile cookies and URLs never throw and never reach anything but an enabled member of the pool', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 300, size: 'max' }),
      fc.string({ unit: 'binary', maxLength: 300, size: 'max' }),
      fc.constantFrom('ROUTEID=.m1;ROUTEID=.m2', ';;;=;=', 'ROUTEID=.m1\u0000', '%00', 'jsessionid=.m1'),
    );
    fc.assert(
      fc.property(poolArb(), hostile, hostile, (pool, cookie, tail) => {
        const p = createPool(pool);
        for (const url of [`/${tail}`, `/a;jsessionid=${tail}`, `/?jsessionid=${tail}`]) {
          const d = p.decide({ cookie, url }, 0);
          if (d.type === 'reject') continue;
          const m = pool.members.find((x) => x.id === d.member);
          expect(m).toBeDefined();
          expect(m!.disabled).toBe(false);
          if (d.affinity) expect(`${cookie}${url}`).toContain(`.${m!.id}`);
        }
      }),
      runs(300),
    );
  });

  it('byrequests serves each member exactly k times its weight over any k full rounds', () => {
    fc.assert(
      fc.property(poolArb({ flags: false, tiers: false, methods: ['byrequests'], sticky: false }), fc.integer({ min: 1, max: 5 }), (pool, k) => {
        const p = createPool(pool);
        const total = pool.members.reduce((s, m) => s + (m.weight ?? 1), 0);
        const served = new Map<string, number>();
        for (let i = 0; i < k * total; i++) {
          const d = p.decide({}, 0);
          if (d.type !== 'forward') throw new Error('unexpected reject');
          served.set(d.member, (served.get(d.member) ?? 0) + 1);
        }
        for (const m of pool.members) expect(served.get(m.id) ?? 0).toBe(k * (m.weight ?? 1));
      }),
      runs(300),
    );
  });

  it('honours affinity to a usable member, whatever the method, tier, standby or drain flag', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, fc.nat(), (pool, script, pickIndex) => {
        const { pool: p, shadow, now } = runScript(pool, script);
        const target = shadow.members[pickIndex % shadow.members.length]!;
        const at = now + 1;
        const d = p.decide({ cookie: `a=1; ROUTEID=.${target.route}` }, at);
        shadow.recoverIfAllInError(at);
        if (shadow.usable(target, at)) expect(d).toMatchObject({ type: 'forward', member: target.id, affinity: true, routeChanged: false });
        else expect(d.type === 'forward' ? d.member : null).not.toBe(target.id);
      }),
      runs(300),
    );
  });

  it('gives draining members no new sessions', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, (pool, script) => {
        runScript(pool, script, (shadow, step, _now, d) => {
          if (d.type !== 'forward' || !shadow.find(d.member)!.draining) return;
          expect(d.affinity).toBe(true);
          expect(step.request.cookie ?? '').toContain(`.${d.route}`);
        });
      }),
      runs(300),
    );
  });

  it('a failover never repeats a member within one request, and ends within maxAttempts', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, requestArb, fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }), (pool, script, request, maxAttempts) => {
        const cfg = maxAttempts === undefined ? pool : { ...pool, maxAttempts };
        const { pool: p, now } = runScript(cfg, script);
        const at = now + 5_000;
        const tried: string[] = [];
        const limit = maxAttempts ?? p.size;
        for (;;) {
          const d = p.decide({ ...request, tried }, at);
          if (d.type === 'reject') {
            expect(d.attempt).toBe(tried.length + 1);
            expect(tried.length).toBeLessThanOrEqual(limit);
            break;
          }
          expect(d.attempt).toBe(tried.length + 1);
          expect(tried).not.toContain(d.member);
          tried.push(d.member);
          p.apply({ type: 'requestFailed', member: d.member, cause: 'refused' }, at);
        }
        expect(new Set(tried).size).toBe(tried.length);
      }),
      runs(300),
    );
  });

  it('never mutates its inputs', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, (pool, script) => {
        let state = deepFreeze(initialState(pool));
        let now = 0;
        for (const step of deepFreeze([...script])) {
          const input = state;
          const before = JSON.stringify(input);
          // frozen inputs: a write inside decide or apply throws in strict mode
          if (step.kind === 'advance') now += step.ms;
          else if (step.kind === 'event') state = deepFreeze(apply(input, step.event, now));
          else state = deepFreeze(decide(input, step.request, now)[0]);
          expect(JSON.stringify(input)).toBe(before);
        }
        expect(Object.isFrozen(state)).toBe(true);
      }),
      runs(100),
    );
  });

  it('scripts are long: the mean length is at least a third of the maximum', () => {
    const lengths = fc.sample(scriptArb, { numRuns: 200, seed: 42 }).map((s) => s.length);
    expect(lengths.reduce((a, n) => a + n, 0) / lengths.length).toBeGreaterThan(150 / 3);
  });
});
