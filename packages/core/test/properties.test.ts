/**
 * Property tests of the core's invariants over random pools and random scripts of requests,
 * outcomes, health checks and time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apply,
  type BalancerState,
  initialState,
  type Decision,
  decide,
  encodeLogEntry,
  type LogEntry,
  parseLog,
  replayLog,
} from '../src/index.js';
import { isUsable } from '../src/internals.js';
import { deepFreeze, poolArb, requestArb, scriptArb, type Step } from './arbitraries.js';

const runs = { numRuns: 300 };

/** Runs a script from a pool's initial state, calling `onDecide` before every decision. */
function runScript(
  initial: BalancerState,
  script: readonly Step[],
  onDecide: (state: BalancerState, request: Step & { kind: 'request' }, now: number, d: Decision) => void = () => {},
): { state: BalancerState; decisions: Decision[]; log: LogEntry[] } {
  let state = initial;
  let now = 0;
  const decisions: Decision[] = [];
  const log: LogEntry[] = [{ type: 'start', at: 0, state }];
  for (const step of script) {
    if (step.kind === 'advance') now += step.ms;
    else if (step.kind === 'event') {
      state = apply(state, step.event, now);
      log.push({ type: 'apply', at: now, event: step.event });
    } else {
      const [next, d] = decide(state, step.request, now);
      onDecide(state, step, now, d);
      log.push({ type: 'decide', at: now, request: step.request, decision: d });
      decisions.push(d);
      state = next;
    }
  }
  return { state, decisions, log };
}

describe('core invariants', () => {
  it('never picks an unusable member while a usable one exists, and rejects only when none is eligible', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, (pool, script) => {
        runScript(initialState(pool), script, (state, _step, now, d) => {
          const eligible = state.members.filter((m) => isUsable(m, now) && !m.draining);
          if (d.type === 'forward') {
            const m = state.members.find((x) => x.id === d.member)!;
            expect(isUsable(m, now)).toBe(true);
            if (!d.affinity) expect(m.draining).toBe(false);
          } else {
            expect(eligible).toEqual([]);
          }
        });
      }),
      runs,
    );
  });

  it('hostile cookies and URLs never throw and never reach anything but a usable member of the pool', () => {
    const hostile = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('ROUTEID=.m1;ROUTEID=.m2', ';;;=;=', 'ROUTEID=.m1\u0000', '%00', 'jsessionid=.m1'));
    fc.assert(
      fc.property(poolArb(), hostile, hostile, (pool, cookie, tail) => {
        const state = initialState(pool);
        for (const url of [`/${tail}`, `/a;jsessionid=${tail}`, `/?jsessionid=${tail}`]) {
          const [, d] = decide(state, { cookie, url }, 0);
          if (d.type === 'reject') continue;
          const m = state.members.find((x) => x.id === d.member);
          expect(m).toBeDefined();
          expect(isUsable(m!, 0)).toBe(true);
          if (d.affinity) expect(`${cookie}${url}`).toContain(m!.route);
        }
      }),
      runs,
    );
  });

  it('byrequests serves each member exactly k times its weight over any k full rounds', () => {
    fc.assert(
      fc.property(poolArb({ flags: false, tiers: false, methods: ['byrequests'], sticky: false }), fc.integer({ min: 1, max: 5 }), (pool, k) => {
        let state = initialState(pool);
        const total = pool.members.reduce((s, m) => s + (m.weight ?? 1), 0);
        const served = new Map<string, number>();
        for (let i = 0; i < k * total; i++) {
          const [next, d] = decide(state, {}, 0);
          state = next;
          if (d.type !== 'forward') throw new Error('unexpected reject');
          served.set(d.member, (served.get(d.member) ?? 0) + 1);
        }
        for (const m of pool.members) expect(served.get(m.id) ?? 0).toBe(k * (m.weight ?? 1));
        expect(state.lbstatus.every((c) => c === 0)).toBe(true);
      }),
      runs,
    );
  });

  it('honours affinity to a usable member, whatever the method, tier, standby or drain flag', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, fc.nat(), (pool, script, pickIndex) => {
        const { state } = runScript(initialState(pool), script);
        const target = state.members[pickIndex % state.members.length]!;
        const now = 10_000;
        const [, d] = decide(state, { cookie: `a=1; ROUTEID=.${target.route}` }, now);
        if (isUsable(target, now)) expect(d).toMatchObject({ type: 'forward', member: target.id, affinity: true, routeChanged: false });
        else expect(d.type === 'forward' ? d.member : null).not.toBe(target.id);
      }),
      runs,
    );
  });

  it('gives draining members no new sessions', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, (pool, script) => {
        runScript(initialState(pool), script, (state, step, _now, d) => {
          if (d.type !== 'forward') return;
          const m = state.members.find((x) => x.id === d.member)!;
          if (m.draining) {
            expect(d.affinity).toBe(true);
            expect(step.request.cookie ?? '').toContain(m.route);
          }
        });
      }),
      runs,
    );
  });

  it('a failover never repeats a member within one request, and ends within maxAttempts', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, requestArb, fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }), (pool, script, request, maxAttempts) => {
        const cfg = maxAttempts === undefined ? pool : { ...pool, maxAttempts };
        let { state } = runScript(initialState(cfg), script);
        const tried: string[] = [];
        const limit = maxAttempts ?? state.members.length;
        for (;;) {
          const [next, d] = decide(state, { ...request, tried }, 5_000);
          state = next;
          if (d.type === 'reject') {
            expect(d.attempt).toBe(tried.length + 1);
            expect(tried.length).toBeLessThanOrEqual(limit);
            break;
          }
          expect(tried).not.toContain(d.member);
          tried.push(d.member);
          state = apply(state, { type: 'requestFailed', member: d.member, cause: 'refused' }, 5_000);
        }
        expect(new Set(tried).size).toBe(tried.length);
      }),
      runs,
    );
  });

  it('replaying a recorded log reproduces every decision', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, (pool, script) => {
        const { log, decisions } = runScript(initialState(pool), script);
        const parsed = parseLog(log.map(encodeLogEntry).join('\n'));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const report = replayLog(parsed.value);
        expect(report.ok).toBe(true);
        expect(report.decisions).toBe(decisions.length);
      }),
      runs,
    );
  });

  it('the same seed and inputs give the same outputs, also from a JSON copy of the state', () => {
    fc.assert(
      fc.property(poolArb(), scriptArb, (pool, script) => {
        const a = runScript(initialState(pool), script);
        const b = runScript(JSON.parse(JSON.stringify(initialState(pool))) as BalancerState, script);
        expect(b.decisions).toEqual(a.decisions);
        expect(JSON.stringify(b.state)).toBe(JSON.stringify(a.state));
      }),
      runs,
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
      runs,
    );
  });
});
