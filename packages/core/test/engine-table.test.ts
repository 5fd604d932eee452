/**
 * Tables for the working state's bookkeeping that mutation testing of `src/engine/` found no test
 * noticing (issue 9): the count of enabled members behind the `all-disabled` reason, the retry queue
 * of a restored pool, and a class's line of members when it is full. Each case is observed through
 * `createPool` / `restorePool` only, against a rule stated here (Apache's reasons, round robin).
 */
import { describe, expect, it } from 'vitest';
import { type BalancerEvent, type BalancerState, createPool, initialState, type Pool, type PoolConfig, restorePool } from '../src/index.js';

const disable = (member: string): BalancerEvent => ({ type: 'memberDisabled', member });
const enable = (member: string): BalancerEvent => ({ type: 'memberEnabled', member });
const fail = (member: string): BalancerEvent => ({ type: 'requestFailed', member, cause: 'refused' });

/** The members chosen for `n` requests without a route at `now` (reject reasons as `!reason`). */
function picks(pool: Pool, n: number, now: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = pool.decide({}, now);
    out.push(d.type === 'forward' ? d.member : `!${d.reason}`);
  }
  return out;
}

describe('all-disabled counts each member once, however often it is disabled or enabled', () => {
  // Apache's reasons: every member disabled → all-disabled; some enabled but none usable → all-down
  const cases: { name: string; members: PoolConfig['members']; script: BalancerEvent[]; reason: string }[] = [
    { name: 'a disabled twice, b in error: all-down', members: [{ id: 'a' }, { id: 'b' }], script: [disable('a'), disable('a'), fail('b')], reason: 'all-down' },
    {
      name: 'b enabled while enabled, then both disabled: all-disabled',
      members: [{ id: 'a' }, { id: 'b' }],
      script: [enable('b'), enable('b'), disable('a'), disable('b')],
      reason: 'all-disabled',
    },
    { name: 'a configured disabled, enabled, then both in error: all-down', members: [{ id: 'a', disabled: true }, { id: 'b' }], script: [enable('a'), fail('a'), fail('b')], reason: 'all-down' },
    { name: 'a enabled then disabled again, b disabled: all-disabled', members: [{ id: 'a', disabled: true }, { id: 'b' }], script: [enable('a'), disable('a'), disable('b')], reason: 'all-disabled' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pool = createPool({ health: { retryMs: 1_000 }, members: c.members }, { now: 0 });
      for (const e of c.script) pool.apply(e, 0);
      expect(picks(pool, 1, 10)).toEqual([`!${c.reason}`]);
    });
  }
});

describe('a restored pool lets members back at their own retry times, whatever their order', () => {
  /** Members a..d in error, retrying at the given times (configuration order). */
  function restored(retryAt: readonly number[]): Pool {
    const ids = ['a', 'b', 'c', 'd'];
    const s: BalancerState = initialState({ health: { retryMs: 1_000 }, members: ids.map((id) => ({ id })) });
    const members = s.members.map((m, i) => ({ ...m, status: 'error' as const, failures: 1, retryAt: retryAt[i]! }));
    return restorePool({ ...s, members }, { now: 0 });
  }
  const cases: { retryAt: number[]; now: number; expected: string[] }[] = [
    { retryAt: [400, 300, 200, 100], now: 150, expected: ['d', 'd', 'd'] },
    { retryAt: [400, 300, 200, 100], now: 250, expected: ['c', 'd', 'c', 'd'] },
    { retryAt: [100, 400, 300, 200], now: 250, expected: ['a', 'd', 'a', 'd'] },
    { retryAt: [300, 100, 400, 200], now: 350, expected: ['a', 'b', 'd', 'a', 'b', 'd'] },
    { retryAt: [400, 300, 200, 100], now: 50, expected: ['!all-down'] },
  ];
  for (const c of cases) {
    it(`retry at ${c.retryAt.join(', ')}; at ${c.now}: ${c.expected.join(',')}`, () => {
      expect(picks(restored(c.retryAt), c.expected.length, c.now)).toEqual(c.expected);
    });
  }

  it('each comes back as the clock passes its time, soonest first', () => {
    const pool = restored([400, 300, 200, 100]);
    const chosen = [100, 200, 300, 400].map((now) => [...new Set(picks(pool, 8, now))].sort().join(','));
    expect(chosen).toEqual(['d', 'c,d', 'b,c,d', 'a,b,c,d']);
  });
});

describe('byrequests keeps rotating when a class of members fills its line', () => {
  // a class's line starts with room for 8: members leaving leave holes that a full line must reclaim
  const ids = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
  const cases: { name: string; disabled: string[]; expected: string }[] = [
    { name: 'five of eight disabled: the other three in turn', disabled: ['m1', 'm2', 'm3', 'm4', 'm5'], expected: 'm0,m6,m7,m0,m6,m7,m0,m6,m7' },
    { name: 'six of eight disabled: the other two in turn', disabled: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], expected: 'm0,m7,m0,m7,m0,m7' },
    { name: 'none disabled: all eight in turn', disabled: [], expected: [...ids, ...ids].join(',') },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pool = createPool({ members: ids.map((id) => ({ id })) }, { now: 0 });
      for (const id of c.disabled) pool.apply(disable(id), 0);
      expect(picks(pool, c.expected.split(',').length, 0).join(',')).toBe(c.expected);
    });
  }
});

describe('a member tried by one request is left out of that request only', () => {
  // tried without an outcome that counts against it (e.g. the proxy gave up on its answer). Apache's
  // arithmetic: only the candidates add their weight, so after `b` the counters are a 0, b -1, c 1
  const cases: { name: string; tried: string[]; expected: string }[] = [
    { name: 'a tried: b now, then c (ahead by one round), a, b in turn', tried: ['a'], expected: 'b|c,a,b,c,a' },
    { name: 'a and b tried: c now, then the others again', tried: ['a', 'b'], expected: 'c|a,b,c,a,b' },
    { name: 'a removed id and c tried: a now', tried: ['gone', 'c'], expected: 'a|b,c,a,b,c' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pool = createPool({ members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'gone' }] }, { now: 0 });
      pool.apply({ type: 'memberRemoved', member: 'gone' }, 0);
      const first = pool.decide({ tried: c.tried }, 0);
      const [now, later] = c.expected.split('|');
      expect(first).toMatchObject({ member: now, attempt: c.tried.length + 1 });
      expect(picks(pool, 5, 0).join(',')).toBe(later);
    });
  }
});

describe('forced recovery under a clock below zero: a healthy member does not count as waiting', () => {
  // b fails at -5000 and waits until -4000; a is healthy, so not every member waits: no forced recovery
  it.each([
    ['from a start time', { now: -5_000 }],
    ['from the first call', {}],
  ])('%s', (_, options) => {
    const pool = createPool({ health: { retryMs: 1_000, forceRecovery: true }, members: [{ id: 'a' }, { id: 'b' }] }, options);
    pool.apply(fail('b'), -5_000);
    expect(picks(pool, 4, -4_900)).toEqual(['a', 'a', 'a', 'a']);
    // back at -4000 with the same counter as a (0: each of a's solo picks added and took 1): a first by order
    expect(picks(pool, 2, -4_000)).toEqual(['a', 'b']);
  });
});

describe('bybusyness: a tie of requests in flight and counter across weight classes goes to configuration order', () => {
  it('weights 1, 2, 1: the twelfth request ties b and c (1 in flight, counter 4 each): b', () => {
    // Apache arithmetic by hand: each pick adds every weight and takes the total (4) from the winner;
    // fewest in flight first, then the highest counter, then configuration order
    const pool = createPool({ method: 'bybusyness', members: [{ id: 'a' }, { id: 'b', weight: 2 }, { id: 'c' }] }, { now: 0 });
    const seen: string[] = [];
    for (const step of ['?', '-b', '?', '-a', '?', '?', '?', '-a', '-b', '?', '?', '?']) {
      if (step === '?') seen.push(picks(pool, 1, 0)[0]!);
      else pool.apply({ type: 'responseReceived', member: step.slice(1), status: 200 }, 0);
    }
    expect(seen.join(',')).toBe('b,a,c,b,a,b,a,b');
  });
});
