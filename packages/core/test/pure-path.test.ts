/**
 * The pure functions continue the working state a returned state carries (`engine/working-copy.ts`)
 * instead of rebuilding it. That must be invisible: every answer equals the one a state read back
 * from JSON gets (JSON leaves the carried working state behind, so that path rebuilds on every call,
 * as the pure functions did before the fast path), whatever is done to the states in between.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, type BalancerEvent, type BalancerState, decide, type Decision, initialState, LbkitError } from '../src/index.js';
import { eventArb, ids, poolArb, requestArb } from './arbitraries.js';
import { runs } from './fc-settings.js';

const fresh = (s: BalancerState): BalancerState => JSON.parse(JSON.stringify(s)) as BalancerState;

/** Operator events, some of which cannot apply (an unknown or duplicate member): both paths must refuse them alike. */
const adminArb: fc.Arbitrary<BalancerEvent> = fc.oneof(
  fc.record({ type: fc.constant('memberAdded' as const), member: fc.record({ id: fc.constantFrom(...ids, 'm8', 'm9'), weight: fc.integer({ min: 1, max: 4 }) }) }),
  fc.record({ type: fc.constant('memberRemoved' as const), member: fc.constantFrom(...ids) }),
  fc.record({ type: fc.constant('weightChanged' as const), member: fc.constantFrom(...ids), weight: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ type: fc.constantFrom('memberDrainStarted' as const, 'memberDisabled' as const, 'memberEnabled' as const), member: fc.constantFrom(...ids) }),
);

/** What is done to the state before a call: nothing, a second call on the state before it, an edit in place, a clock that goes back. */
type Twist = 'none' | 'again' | 'edit' | 'back';

type Step =
  | { readonly kind: 'request'; readonly request: Parameters<typeof decide>[1]; readonly twist: Twist; readonly dt: number }
  | { readonly kind: 'event'; readonly event: BalancerEvent; readonly twist: Twist; readonly dt: number };

const twistArb = fc.constantFrom<Twist>('none', 'none', 'none', 'none', 'again', 'edit', 'back');
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('request' as const), request: requestArb, twist: twistArb, dt: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('event' as const), event: eventArb, twist: twistArb, dt: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('event' as const), event: adminArb, twist: twistArb, dt: fc.integer({ min: 0, max: 400 }) }) },
);

type Outcome = { readonly state: BalancerState; readonly decision?: Decision } | { readonly error: string };

function run(step: Step, state: BalancerState, now: number): Outcome {
  try {
    if (step.kind === 'event') return { state: apply(state, step.event, now) };
    const [next, decision] = decide(state, step.request, now);
    return { state: next, decision };
  } catch (e) {
    if (e instanceof LbkitError) return { error: e.code };
    throw e;
  }
}

const plain = (o: Outcome): unknown => ('error' in o ? o : { state: JSON.stringify(o.state), decision: o.decision });

describe('the pure functions continue a carried working state without it showing', () => {
  it('every answer equals the one a state read back from JSON gets, with states reused, edited in place and clocks going back', () => {
    fc.assert(
      fc.property(poolArb(), fc.array(stepArb, { maxLength: 120, size: 'max' }), (pool, script) => {
        let state = initialState(pool);
        let previous = state;
        let now = 0;
        for (const step of script) {
          now += step.dt;
          let at = now;
          let input = state;
          if (step.twist === 'again') input = previous; // its working state went to the call that made `state`
          if (step.twist === 'back') at = Math.max(0, now - 500);
          if (step.twist === 'edit' && input.busy.length > 0) {
            // the counters are frozen: an edit gives the state new ones
            const edited = input as { busy: readonly number[]; rng: number };
            edited.busy = [input.busy[0]! + 1, ...input.busy.slice(1)];
            if (input.busy.length > 1) edited.rng = (input.rng + 1) >>> 0;
          }
          const expected = run(step, fresh(input), at);
          const got = run(step, input, at);
          expect(plain(got)).toEqual(plain(expected));
          if ('state' in got) {
            previous = input;
            state = got.state;
          }
        }
      }),
      runs(300),
    );
  });

  it('a returned state cannot be changed in place where a working state relies on it: settings, members and counters are frozen', () => {
    const [state] = decide(initialState({ sticky: { cookie: 'ROUTEID' }, members: [{ id: 'a' }, { id: 'b' }] }), {}, 0);
    expect(Object.isFrozen(state.members)).toBe(true);
    expect(state.members.every((m) => Object.isFrozen(m))).toBe(true);
    expect(Object.isFrozen(state.settings)).toBe(true);
    expect(Object.isFrozen(state.settings.sticky)).toBe(true);
    expect(Object.isFrozen(state.settings.health.failOnStatus)).toBe(true);
    for (const counters of [state.lbstatus, state.busy, state.elected]) expect(Object.isFrozen(counters)).toBe(true);
    expect(() => {
      (state.busy as number[])[0] = 7;
    }).toThrow(TypeError);
  });

  it('states stay plain data: JSON, spreads and structured clones carry the counters and nothing else', () => {
    const [state] = decide(initialState({ members: [{ id: 'a' }, { id: 'b' }] }), {}, 0);
    expect(Object.keys(state)).toEqual(['version', 'settings', 'members', 'lbstatus', 'busy', 'elected', 'rng']);
    expect(Object.getOwnPropertySymbols(state)).toEqual([]);
    expect(Object.keys(state.members)).toEqual(['0', '1']);
    expect(structuredClone(state)).toEqual(fresh(state));
    expect({ ...state }).toEqual(fresh(state));
  });

  it('member records that did not change are shared between successive states, changed ones are new', () => {
    const s0 = initialState({ members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    const [s1, d] = decide(s0, {}, 0);
    const [s2] = decide(s1, {}, 1);
    expect(s2.members).toBe(s1.members); // a decision changes no record
    const s3 = apply(s2, { type: 'requestFailed', member: d.type === 'forward' ? d.member : '', cause: 'refused' }, 2);
    expect(s3.members).not.toBe(s2.members);
    expect(s3.members[0]).not.toBe(s2.members[0]); // a's failure count moved
    expect(s3.members[1]).toBe(s2.members[1]);
    expect(s3.members[2]).toBe(s2.members[2]);
    expect(s2.members[0]!.failures).toBe(0);
    expect(s3.members[0]!.failures).toBe(1);
  });

  describe('which calls continue the carried working state (seen by the settings: a rebuild makes a new frozen copy of them)', () => {
    const start = (): BalancerState => decide(initialState({ members: [{ id: 'a' }, { id: 'b' }] }), {}, 10)[0];
    const continues = (before: BalancerState, after: BalancerState): boolean => after.settings === before.settings;

    it.each([
      ['decide at the same time', (s: BalancerState) => decide(s, {}, 10)[0]],
      ['decide later', (s: BalancerState) => decide(s, {}, 20)[0]],
      ['apply an outcome', (s: BalancerState) => apply(s, { type: 'responseReceived', member: 'a', status: 200 }, 10)],
      ['apply a health check', (s: BalancerState) => apply(s, { type: 'healthChecked', member: 'b', ok: false }, 11)],
      ['apply a weight change', (s: BalancerState) => apply(s, { type: 'weightChanged', member: 'b', weight: 3 }, 11)],
    ])('%s continues it', (_, call) => {
      const s = start();
      expect(continues(s, call(s))).toBe(true);
    });

    it.each([
      ['a JSON copy', (s: BalancerState) => fresh(s)],
      ['a spread copy', (s: BalancerState) => ({ ...s })],
      ['new counters in the same object', (s: BalancerState) => Object.assign(s, { elected: [...s.elected] })],
      ['a generator moved', (s: BalancerState) => Object.assign(s, { rng: (s.rng + 1) >>> 0 })],
      ['new lbstatus', (s: BalancerState) => Object.assign(s, { lbstatus: [...s.lbstatus] })],
    ])('%s is rebuilt', (_, change) => {
      const s = start();
      const input = change(s);
      const [next] = decide(input, {}, 10);
      expect(continues(s, next)).toBe(false);
      expect(next.settings).toEqual(s.settings);
    });

    it('a state used a second time, and a clock that went back, are rebuilt', () => {
      const s = start();
      const [once] = decide(s, {}, 10);
      expect(continues(s, once)).toBe(true);
      const [twice] = decide(s, {}, 10);
      expect(continues(s, twice)).toBe(false);
      expect(twice).toEqual(once);
      const [back] = decide(once, {}, 9);
      expect(continues(once, back)).toBe(false);
    });

    it('a member added or removed continues with the new working state', () => {
      const s = start();
      const added = apply(s, { type: 'memberAdded', member: { id: 'c' } }, 10);
      expect(added.members.map((m) => m.id)).toEqual(['a', 'b', 'c']);
      expect(continues(s, added)).toBe(true);
      const removed = apply(added, { type: 'memberRemoved', member: 'a' }, 10);
      expect(removed.members.map((m) => m.id)).toEqual(['b', 'c']);
      expect(continues(added, decide(removed, {}, 10)[0])).toBe(true);
    });
  });
});
