/**
 * Member health, one row per transition (issue 9, mutation testing of `health.ts`): a script of
 * outcomes and checks, then the member's whole health record as the pool shows it. Every field is
 * compared, so a transition that changes one counter too many or too few is seen.
 */
import { describe, expect, it } from 'vitest';
import { type BalancerEvent, createPool, initialState, LbkitError, type MemberView, type PoolConfig, restorePool } from '../src/index.js';
import { waitsOutError } from '../src/internals.js';

const fail: BalancerEvent = { type: 'requestFailed', member: 'a', cause: 'reset' };
const ok: BalancerEvent = { type: 'responseReceived', member: 'a', status: 200 };
const bad: BalancerEvent = { type: 'responseReceived', member: 'a', status: 503 };
const pass: BalancerEvent = { type: 'healthChecked', member: 'a', ok: true };
const flunk: BalancerEvent = { type: 'healthChecked', member: 'a', ok: false };

type Health = Pick<MemberView, 'status' | 'failures' | 'retryAt' | 'check' | 'checkPasses' | 'checkFails' | 'usable'>;

const config: PoolConfig = {
  health: { failuresBeforeError: 2, retryMs: 100, rise: 2, fall: 2, failOnStatus: [503] },
  members: [{ id: 'a' }, { id: 'b' }],
};

function health(m: MemberView): Health {
  const { status, failures, retryAt, check, checkPasses, checkFails, usable } = m;
  return { status, failures, retryAt, check, checkPasses, checkFails, usable };
}

const fresh: Health = { status: 'ok', failures: 0, retryAt: 0, check: 'up', checkPasses: 0, checkFails: 0, usable: true };

describe('health transitions, field by field', () => {
  const cases: [name: string, script: [BalancerEvent, number][], at: number, expected: Health][] = [
    ['one failure of two: counted, still ok', [[fail, 10]], 10, { ...fresh, failures: 1 }],
    ['a failing status counts as a failure', [[bad, 10]], 10, { ...fresh, failures: 1 }],
    ['two failures: error until failure time + retryMs', [[fail, 10], [fail, 20]], 20, { ...fresh, status: 'error', failures: 2, retryAt: 120, usable: false }],
    ['a success between failures forgives the first', [[fail, 10], [ok, 11], [fail, 12]], 12, { ...fresh, failures: 1 }],
    ['a success of an ok member changes nothing', [[ok, 10]], 10, fresh],
    ['a late success while in error changes nothing', [[fail, 10], [fail, 10], [ok, 50]], 50, { ...fresh, status: 'error', failures: 2, retryAt: 110, usable: false }],
    ['a success at exactly retryAt ends the error', [[fail, 10], [fail, 10], [ok, 110]], 110, fresh],
    ['the error is usable at retryAt, still in error', [[fail, 10], [fail, 10]], 110, { ...fresh, status: 'error', failures: 2, retryAt: 110 }],
    ['a failure after retryAt restarts the wait from its own time', [[fail, 10], [fail, 10], [fail, 150]], 150, { ...fresh, status: 'error', failures: 3, retryAt: 250, usable: false }],
    ['a failure during the wait extends it', [[fail, 10], [fail, 10], [fail, 60]], 60, { ...fresh, status: 'error', failures: 3, retryAt: 160, usable: false }],
    ['one failing check: counted, still up', [[flunk, 10]], 10, { ...fresh, checkFails: 1 }],
    ['fall failing checks: down', [[flunk, 10], [flunk, 11]], 11, { ...fresh, check: 'down', checkFails: 2, usable: false }],
    ['a pass resets the failing checks', [[flunk, 10], [pass, 11]], 11, { ...fresh, checkPasses: 1 }],
    ['a failing check resets the passes', [[pass, 10], [flunk, 11]], 11, { ...fresh, checkFails: 1 }],
    ['passes of an up member only count', [[pass, 10], [pass, 11], [pass, 12]], 12, { ...fresh, checkPasses: 3 }],
    ['rise passes do not forgive failures below the threshold', [[fail, 10], [pass, 11], [pass, 12]], 12, { ...fresh, failures: 1, checkPasses: 2 }],
    ['down, one pass of two: still down', [[flunk, 10], [flunk, 11], [pass, 12]], 12, { ...fresh, check: 'down', checkPasses: 1, usable: false }],
    ['down, rise passes: up', [[flunk, 10], [flunk, 11], [pass, 12], [pass, 13]], 13, { ...fresh, checkPasses: 2 }],
    ['rise passes end an error early', [[fail, 10], [fail, 10], [pass, 11], [pass, 12]], 12, { ...fresh, checkPasses: 2 }],
    ['passes from before an error do not count towards ending it', [[pass, 5], [fail, 10], [fail, 10], [pass, 11]], 11, {
      ...fresh, status: 'error', failures: 2, retryAt: 110, checkPasses: 1, usable: false,
    }],
    ['down and in error: rise passes end both', [[flunk, 1], [flunk, 2], [fail, 10], [fail, 10], [pass, 11], [pass, 12]], 12, { ...fresh, checkPasses: 2 }],
  ];
  for (const [name, script, at, expected] of cases) {
    it(name, () => {
      const p = createPool(config, { now: 0 });
      for (const [e, t] of script) p.apply(e, t);
      p.decide({}, at);
      expect(health(p.member('a')!)).toEqual(expected);
      expect(health(p.member('b')!)).toEqual(fresh);
    });
  }
});

describe('members restored from a saved state', () => {
  it('in error without counted failures: a success after its retry time brings it back to ok', () => {
    const s = createPool(config, { now: 0 }).snapshot();
    const saved = { ...s, members: s.members.map((m) => (m.id === 'a' ? { ...m, status: 'error' as const, failures: 0, retryAt: 50 } : m)) };
    const p = restorePool(saved, { now: 0 });
    p.apply(ok, 60);
    expect(health(p.member('a')!)).toEqual(fresh);
  });

  it('a success clears the counted failures of an ok member, whatever retryAt it was saved with', () => {
    const s = createPool(config, { now: 0 }).snapshot();
    const saved = { ...s, members: s.members.map((m) => (m.id === 'a' ? { ...m, failures: 1, retryAt: 500 } : m)) };
    const p = restorePool(saved, { now: 0 });
    p.apply(ok, 60);
    p.apply(fail, 61);
    expect(health(p.member('a')!)).toMatchObject({ status: 'ok', failures: 1, usable: true });
  });
});

describe('waitsOutError: in error and before its retry time (what forced recovery waits for)', () => {
  const m = fresh as unknown as Parameters<typeof waitsOutError>[0];
  const cases: [name: string, member: Partial<Health>, now: number, expected: boolean][] = [
    ['ok', {}, 0, false],
    ['ok with a retry time ahead', { retryAt: 100 }, 0, false],
    ['in error, before its retry time', { status: 'error', retryAt: 100 }, 99, true],
    ['in error, at its retry time', { status: 'error', retryAt: 100 }, 100, false],
    ['in error, after its retry time', { status: 'error', retryAt: 100 }, 101, false],
    ['down by checks only', { check: 'down' }, 0, false],
  ];
  for (const [name, member, now, expected] of cases) {
    it(name, () => expect(waitsOutError({ ...m, ...member }, now)).toBe(expected));
  }
});

describe('initialState names its input', () => {
  const message = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof LbkitError) return e.message;
    }
    return 'no LbkitError';
  };
  it('as config by default, or as the source given', () => {
    expect(message(() => initialState({ members: [{ id: 'a b' }] }))).toMatch(/^invalid configuration \(1 problem\):\n {2}config: members\[0\]\.id: /);
    expect(message(() => initialState({ members: [{ id: 'a b' }] }, 'pool.json'))).toMatch(/\n {2}pool\.json: members\[0\]\.id: /);
  });
});
