/**
 * One table per behaviour that mutation testing found no test noticing (issue 9): each case states
 * what the core must do, observed through `initialState`, `createPool`, `decide`, `apply` and the event log
 * only, and each fails on the mutants that survived before it.
 */
import { describe, expect, it } from 'vitest';
import {
  apply,
  type BalancerEvent,
  type BalancerState,
  createPool,
  type Decision,
  decide,
  initialState,
  encodeLogEntry,
  type LbMethod,
  parseLog,
  type Pool,
  type PoolConfig,
  replayLog,
} from '../src/index.js';
import { Mulberry32 } from './reference.js';

function events(state: BalancerState, list: readonly (readonly [BalancerEvent, number])[]): BalancerState {
  return list.reduce((s, [e, at]) => apply(s, e, at), state);
}

const fail = (member: string): BalancerEvent => ({ type: 'requestFailed', member, cause: 'refused' });
const ok = (member: string, status = 200): BalancerEvent => ({ type: 'responseReceived', member, status });
const check = (member: string, pass: boolean): BalancerEvent => ({ type: 'healthChecked', member, ok: pass });
const abandon = (member: string): BalancerEvent => ({ type: 'requestAbandoned', member });

/** Whether a request carrying `route` in its cookie is served by that member through affinity at `now`. */
function honoured(state: BalancerState, route: string, now: number, separator = '.'): boolean {
  const [, d] = decide(state, { cookie: `ROUTEID=${separator}${route}` }, now);
  return d.type === 'forward' && d.affinity && d.member === route;
}

/** The members chosen for `n` requests without a route at `now` (reject reasons as `!reason`). */
function picks(state: BalancerState, n: number, now: number, key?: (i: number) => string): string[] {
  const out: string[] = [];
  let s = state;
  for (let i = 0; i < n; i++) {
    const [next, d] = decide(s, key === undefined ? {} : { hashKey: key(i) }, now);
    s = next;
    out.push(d.type === 'forward' ? d.member : `!${d.reason}`);
  }
  return out;
}

const sticky = { cookie: 'ROUTEID' };
const DEFAULT_ATTRIBUTES = { path: '/', domain: null, maxAgeSec: null, httpOnly: false, secure: false, sameSite: null };
const cookieA = { name: 'ROUTEID', value: '~a', attributes: DEFAULT_ATTRIBUTES };

describe('health checks alone take a member down and bring it back', () => {
  const pool: PoolConfig = { sticky, health: { rise: 2, fall: 2, failuresBeforeError: 2 }, members: [{ id: 'a' }, { id: 'b' }] };
  const cases: { name: string; script: (readonly [BalancerEvent, number])[]; usableAt10: boolean }[] = [
    { name: 'one failing check of two: still up', script: [[check('a', false), 0]], usableAt10: true },
    { name: 'fall failing checks: down', script: [[check('a', false), 0], [check('a', false), 1]], usableAt10: false },
    { name: 'a pass between failing checks restarts the count', script: [[check('a', false), 0], [check('a', true), 1], [check('a', false), 2]], usableAt10: true },
    { name: 'down, then one pass of rise 2: still down', script: [[check('a', false), 0], [check('a', false), 1], [check('a', true), 2]], usableAt10: false },
    {
      name: 'down without any passive error, then rise passes: up again',
      script: [[check('a', false), 0], [check('a', false), 1], [check('a', true), 2], [check('a', true), 3]],
      usableAt10: true,
    },
    {
      name: 'a pass does not forgive request failures below the error threshold',
      script: [[fail('a'), 0], [check('a', true), 1], [check('a', true), 2], [fail('a'), 3]],
      usableAt10: false,
    },
    {
      name: 'rise passes clear a passive error before its retry time',
      script: [[fail('a'), 0], [fail('a'), 0], [check('a', true), 1], [check('a', true), 2]],
      usableAt10: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = events(initialState(pool), c.script);
      expect(honoured(s, 'a', 10)).toBe(c.usableAt10);
      expect(picks(s, 4, 10)).toEqual(c.usableAt10 ? ['a', 'b', 'a', 'b'] : ['b', 'b', 'b', 'b']);
    });
  }
});

describe('an abandoned request is no verdict on its member', () => {
  const pool: PoolConfig = { sticky, method: 'bybusyness', health: { failuresBeforeError: 2, retryMs: 1_000 }, members: [{ id: 'a' }, { id: 'b' }] };

  it('does not reset the count of consecutive failures', () => {
    const s = events(initialState(pool), [[fail('a'), 0], [abandon('a'), 1], [fail('a'), 2]]);
    expect(honoured(s, 'a', 3)).toBe(false);
  });

  it('does not end an error whose retry time has passed: the next failure restarts the wait', () => {
    const s = events(initialState(pool), [[fail('a'), 0], [fail('a'), 0], [abandon('a'), 1_500], [fail('a'), 1_600]]);
    expect(honoured(s, 'a', 2_000)).toBe(false);
    expect(honoured(s, 'a', 2_600)).toBe(true);
  });

  it('a success at the same point does end it, so one failure later is not enough', () => {
    const s = events(initialState(pool), [[fail('a'), 0], [fail('a'), 0], [ok('a'), 1_500], [fail('a'), 1_600]]);
    expect(honoured(s, 'a', 2_000)).toBe(true);
  });

  it('ends one request in flight, as bybusyness sees', () => {
    let s = initialState(pool);
    [s] = decide(s, {}, 0); // a busy
    [s] = decide(s, {}, 0); // b busy
    [s] = decide(s, { cookie: 'ROUTEID=.a' }, 0); // a has 2
    s = apply(s, abandon('a'), 1);
    s = apply(s, abandon('b'), 1);
    expect(picks(s, 1, 2)).toEqual(['b']);
    s = apply(s, abandon('a'), 1);
    s = apply(s, abandon('a'), 1); // nothing left in flight: no negative count
    const [, d] = decide(s, {}, 2);
    // both idle: b wins the byrequests tie-break (a took the sticky request); a count below zero would pick a
    expect(d).toMatchObject({ member: 'b' });
  });
});

describe('every method keeps to the lowest usable tier, and within it to non-standby members', () => {
  const methods: LbMethod[] = ['byrequests', 'bybusyness', 'random', 'p2c', 'hash'];
  const members = [{ id: 'far', tier: 1, weight: 100 }, { id: 'hs', standby: true, weight: 100 }, { id: 'a' }, { id: 'b' }];
  for (const method of methods) {
    it(`${method}: tier 0 first, then its hot standby, then tier 1`, () => {
      let s = initialState({ method, seed: 7, hashPointsPerWeight: 4, members });
      const key = (i: number): string => `client-${i}`;
      expect(new Set(picks(s, 200, 0, key))).toEqual(new Set(['a', 'b']));
      s = events(s, [[fail('a'), 0], [fail('b'), 0]]);
      expect(new Set(picks(s, 50, 1, key))).toEqual(new Set(['hs']));
      s = apply(s, fail('hs'), 1);
      expect(new Set(picks(s, 50, 2, key))).toEqual(new Set(['far']));
    });
  }
});

describe('p2c: two weighted draws from the pool PRNG, the less busy per unit of weight wins', () => {
  it('matches an independent mulberry32 and weighted draw, decision by decision, and never takes the busier', () => {
    const weights = [3, 1, 2];
    let s = initialState({ method: 'p2c', seed: 12345, members: weights.map((w, i) => ({ id: `m${i}`, weight: w })) });
    const rng = new Mulberry32(12345);
    const busy = [0, 0, 0];
    const draw = (u: number, skip: number): number => {
      const total = weights.reduce((t, w, i) => (i === skip ? t : t + w), 0);
      let upTo = 0;
      for (let i = 0; i < weights.length; i++) {
        if (i === skip) continue;
        upTo += weights[i]!;
        if (u * total < upTo) return i;
      }
      throw new Error('unreachable');
    };
    for (let n = 0; n < 300; n++) {
      const a = draw(rng.next(), -1);
      const b = draw(rng.next(), a);
      const expected = busy[b]! / weights[b]! < busy[a]! / weights[a]! ? b : a;
      let d: Decision;
      [s, d] = decide(s, {}, n);
      expect(d).toMatchObject({ type: 'forward', member: `m${expected}` });
      busy[expected]!++;
      // finish some requests so that loads differ and ties happen
      if (n % 3 === 0) {
        const done = n % 2;
        if (busy[done]! > 0) {
          busy[done]!--;
          s = apply(s, ok(`m${done}`), n);
        }
      }
    }
  });

  it('the first draws of seed 1 are mulberry32(1)', () => {
    // independently known value of the published algorithm: the first output for seed 1
    expect(new Mulberry32(1).next()).toBeCloseTo(0.6270739405881613, 15);
  });
});

describe('a configured separator', () => {
  const pool: PoolConfig = { sticky: { cookie: 'ROUTEID', urlParam: 'sid', separator: '~' }, members: [{ id: 'a' }, { id: 'b' }] };
  const cases: { request: { cookie?: string; url?: string }; member: string; affinity: boolean }[] = [
    { request: { cookie: 'ROUTEID=xyz~b' }, member: 'b', affinity: true },
    { request: { cookie: 'ROUTEID=~b' }, member: 'b', affinity: true },
    { request: { url: '/p?sid=42~b' }, member: 'b', affinity: true },
    { request: { cookie: 'ROUTEID=.b' }, member: 'a', affinity: false },
    { request: { cookie: 'ROUTEID=x.b' }, member: 'a', affinity: false },
    { request: { url: '/p?sid=42.b' }, member: 'a', affinity: false },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.request)} → ${c.member}${c.affinity ? ' by affinity' : ''}`, () => {
      const [, d] = decide(initialState(pool), c.request, 0);
      expect(d).toMatchObject({ member: c.member, affinity: c.affinity, routeChanged: !c.affinity });
      expect(d.type === 'forward' && d.setCookie).toEqual(c.affinity ? null : { name: 'ROUTEID', value: `~${c.member}`, attributes: DEFAULT_ATTRIBUTES });
    });
  }
});

describe('the retry period ends at exactly retryAt = failure time + retryMs', () => {
  const pool: PoolConfig = { sticky, health: { retryMs: 1_000, failuresBeforeError: 2 }, members: [{ id: 'a' }, { id: 'b' }] };
  const failedAt10 = (): BalancerState => events(initialState(pool), [[fail('a'), 10], [fail('a'), 10]]);

  const table: [now: number, usable: boolean][] = [
    [10, false],
    [1_009, false],
    [1_009.999, false],
    [1_010, true],
    [1_011, true],
  ];
  for (const [now, usable] of table) {
    it(`at ${now}: ${usable ? 'tried again' : 'still waiting'}`, () => {
      expect(honoured(failedAt10(), 'a', now)).toBe(usable);
      expect(picks(failedAt10(), 2, now)).toEqual(usable ? ['a', 'b'] : ['b', 'b']);
    });
  }

  it('a success 1 ms before retryAt is a late answer; at retryAt it ends the error', () => {
    const late = events(failedAt10(), [[ok('a'), 1_009], [fail('a'), 1_011]]);
    expect(honoured(late, 'a', 1_012)).toBe(false); // still in error: one more failure restarted the wait
    const onTime = events(failedAt10(), [[ok('a'), 1_010], [fail('a'), 1_011]]);
    expect(honoured(onTime, 'a', 1_012)).toBe(true); // ok again: one failure of two is not enough
  });

  it('a failure while in error never shortens the wait', () => {
    const s = events(initialState({ ...pool, health: { retryMs: 1_000 } }), [[fail('a'), 500], [fail('a'), 0]]);
    expect(honoured(s, 'a', 1_499)).toBe(false);
    expect(honoured(s, 'a', 1_500)).toBe(true);
  });

  it('a clock that starts below zero: healthy members are usable at any time', () => {
    const s = initialState(pool);
    expect(honoured(s, 'b', -5_000)).toBe(true);
    expect(picks(s, 2, -5_000)).toEqual(['a', 'b']);
  });
});

describe('forced recovery', () => {
  const pool: PoolConfig = { sticky, health: { retryMs: 1_000, forceRecovery: true }, members: [{ id: 'a' }, { id: 'b' }] };
  const aAt0bAt500 = (): BalancerState => events(initialState(pool), [[fail('a'), 0], [fail('b'), 500]]);

  it('while every member waits out its retry period, all come back at once', () => {
    expect(honoured(aAt0bAt500(), 'b', 600)).toBe(true);
    expect(picks(aAt0bAt500(), 2, 600)).toEqual(['a', 'b']);
  });

  it('not once one retry period has elapsed: that member is tried, the others keep waiting', () => {
    expect(honoured(aAt0bAt500(), 'b', 1_200)).toBe(false);
    expect(picks(aAt0bAt500(), 3, 1_200)).toEqual(['a', 'a', 'a']);
  });

  it('not while a member is healthy, disabled or only failing health checks', () => {
    for (const extra of [{ id: 'c' }, { id: 'c', disabled: true }]) {
      const s = events(initialState({ ...pool, members: [...pool.members, extra] }), [[fail('a'), 0], [fail('b'), 0]]);
      expect(honoured(s, 'b', 10)).toBe(false);
    }
    const s = events(initialState(pool), [[check('a', false), 0], [fail('b'), 0]]);
    expect(picks(s, 1, 10)).toEqual(['!all-down']);
  });

  it('recovered members start over: one new failure puts one back in error', () => {
    let s = aAt0bAt500();
    [s] = decide(s, {}, 600);
    s = apply(s, fail('a'), 601);
    expect(picks(s, 2, 602)).toEqual(['b', 'b']);
  });

  it('an empty pool is simply rejected, state unchanged', () => {
    const s = initialState({ ...pool, members: [] });
    const [next, d] = decide(s, {}, 0);
    expect(d).toMatchObject({ type: 'reject', reason: 'no-members' });
    expect(next).toEqual(s);
  });
});

describe('hash follows weight and membership changes', () => {
  const keys = Array.from({ length: 3_000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
  const share = (p: Pool, id: string): number => keys.filter((hashKey) => (p.decide({ hashKey }, 0) as { member?: string }).member === id).length / keys.length;
  const base = (): Pool => createPool({ method: 'hash', hashPointsPerWeight: 64, members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }, { now: 0 });

  it('three equal members: about a third each', () => {
    expect(share(base(), 'a')).toBeGreaterThan(0.25);
    expect(share(base(), 'a')).toBeLessThan(0.42);
  });

  it('weight 1 → 10 takes a to about 10/12 of the keys', () => {
    const p = base();
    p.apply({ type: 'weightChanged', member: 'a', weight: 10 }, 0);
    expect(share(p, 'a')).toBeGreaterThan(0.75);
    expect(share(p, 'a')).toBeLessThan(0.92);
  });

  it('an added member gets about a quarter of the keys', () => {
    const p = base();
    p.apply({ type: 'memberAdded', member: { id: 'd' } }, 0);
    expect(share(p, 'd')).toBeGreaterThan(0.18);
    expect(share(p, 'd')).toBeLessThan(0.33);
  });
});

describe('replay checks every field of a decision', () => {
  const pool: PoolConfig = { sticky: { cookie: 'ROUTEID', separator: '~' }, maxAttempts: 2, members: [{ id: 'a' }, { id: 'b' }] };
  const recorded = (): string[] => {
    const s = initialState(pool);
    return [
      encodeLogEntry({ type: 'start', at: 0, state: s }),
      // what the rules in the README give, written out by hand
      encodeLogEntry({ type: 'decide', at: 1, request: {}, decision: { type: 'forward', member: 'a', route: 'a', attempt: 1, affinity: false, routeChanged: true, setCookie: cookieA } }),
      encodeLogEntry({ type: 'decide', at: 2, request: { cookie: 'ROUTEID=~a' }, decision: { type: 'forward', member: 'a', route: 'a', attempt: 1, affinity: true, routeChanged: false, setCookie: null } }),
      encodeLogEntry({ type: 'decide', at: 3, request: { tried: ['a', 'b'] }, decision: { type: 'reject', reason: 'attempts-exhausted', attempt: 3 } }),
    ];
  };

  it('a faithful log replays', () => {
    const r = parseLog(recorded().join('\n'));
    expect(r.ok && replayLog(r.value)).toMatchObject({ ok: true, decisions: 3, mismatch: null });
  });

  const edits: [line: number, field: string, value: unknown][] = [
    [1, 'member', 'b'],
    [1, 'route', 'b'],
    [1, 'attempt', 2],
    [1, 'affinity', true],
    [2, 'routeChanged', true],
    [1, 'setCookie', null],
    [1, 'setCookie', { ...cookieA, value: '.a' }],
    [1, 'setCookie', { ...cookieA, name: 'SESSION' }],
    [1, 'setCookie', { ...cookieA, attributes: { ...DEFAULT_ATTRIBUTES, httpOnly: true } }],
    [2, 'setCookie', cookieA],
    [3, 'reason', 'all-down'],
    [3, 'attempt', 2],
  ];
  for (const [line, field, value] of edits) {
    it(`a log whose decision ${line} has another ${field} (${JSON.stringify(value)}) is reported at entry ${line}`, () => {
      const lines = recorded();
      const entry = JSON.parse(lines[line]!) as { decision: Record<string, unknown> };
      entry.decision[field] = value;
      lines[line] = JSON.stringify(entry);
      const r = parseLog(lines.join('\n'));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const report = replayLog(r.value);
      expect(report).toMatchObject({ ok: false, decisions: line, mismatch: { index: line } });
    });
  }

  it('a forward recorded where the core rejects, and the reverse, are mismatches', () => {
    const lines = recorded();
    lines[3] = encodeLogEntry({ type: 'decide', at: 3, request: { tried: ['a', 'b'] }, decision: { type: 'forward', member: 'a', route: 'a', attempt: 3, affinity: false, routeChanged: true, setCookie: cookieA } });
    let r = parseLog(lines.join('\n'));
    expect(r.ok && replayLog(r.value).mismatch?.index).toBe(3);
    lines[3] = encodeLogEntry({ type: 'decide', at: 1, request: {}, decision: { type: 'reject', reason: 'attempts-exhausted', attempt: 1 } });
    lines.splice(1, 2);
    r = parseLog(lines.join('\n'));
    expect(r.ok && replayLog(r.value).mismatch?.index).toBe(1);
  });
});

describe('random: a draw landing exactly on a running sum of weights goes to the next member', () => {
  it('seed 20215534 draws 805306368 / 2^32 = 192 / 1024: of 1024 members of weight 1, m192 (not m191)', () => {
    // the seed was found by searching mulberry32 for a draw whose low 22 bits are zero
    const members = Array.from({ length: 1024 }, (_, i) => ({ id: `m${i}` }));
    const u = new Mulberry32(20215534).next();
    expect(u * 1024).toBe(192);
    const [, d] = decide(initialState({ method: 'random', seed: 20215534, members }), {}, 0);
    expect(d).toMatchObject({ type: 'forward', member: 'm192' });
  });
});
