import { describe, expect, it } from 'vitest';
import { type BalancerEvent, createPool, decide, initialState, LbkitError, type LogEntry, replayLog, restorePool } from './index.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof LbkitError) return e.code;
    return `not an LbkitError: ${String(e)}`;
  }
  return 'no error';
};

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe('pool handle: inputs are checked at the boundary', () => {
  const pool = () => createPool({ members: [{ id: 'a' }, { id: 'b' }] });

  it('refuses a time that is not finite or goes back', () => {
    const p = pool();
    expect(code(() => p.decide({}, Number.NaN))).toBe('LBK_ERR_INVALID_TIME');
    expect(code(() => p.decide({}, Number.POSITIVE_INFINITY))).toBe('LBK_ERR_INVALID_TIME');
    p.decide({}, 10);
    expect(code(() => p.decide({}, 9))).toBe('LBK_ERR_INVALID_TIME');
    expect(code(() => p.apply({ type: 'requestAbandoned', member: 'a' }, 9))).toBe('LBK_ERR_INVALID_TIME');
    expect(code(() => decide(initialState({ members: [{ id: 'a' }] }), {}, Number.NaN))).toBe('LBK_ERR_INVALID_TIME');
  });

  it('refuses unknown event types and bad fields with LBK_ERR_INVALID_EVENT', () => {
    const p = pool();
    const bad = (e: unknown): BalancerEvent => e as BalancerEvent;
    expect(code(() => p.apply(bad({ type: 'memberExploded', member: 'a' }), 0))).toBe('LBK_ERR_INVALID_EVENT');
    expect(code(() => p.apply(bad({ type: 'responseReceived', member: 'a', status: 'ok' }), 0))).toBe('LBK_ERR_INVALID_EVENT');
    expect(code(() => p.apply(bad({ type: 'requestFailed', member: 'a', cause: 'gremlins' }), 0))).toBe('LBK_ERR_INVALID_EVENT');
    expect(code(() => p.apply({ type: 'weightChanged', member: 'a', weight: 0 }, 0))).toBe('LBK_ERR_INVALID_EVENT');
    expect(code(() => p.apply({ type: 'memberDrainStarted', member: 'zz' }, 0))).toBe('LBK_ERR_UNKNOWN_MEMBER');
  });

  it('refuses a tried id that was never a member, but counts one removed since', () => {
    const p = createPool({ maxAttempts: 2, members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(code(() => p.decide({ tried: ['nope'] }, 0))).toBe('LBK_ERR_UNKNOWN_MEMBER');
    p.apply({ type: 'memberRemoved', member: 'a' }, 0);
    expect(p.decide({ tried: ['a'] }, 0)).toMatchObject({ type: 'forward', attempt: 2 });
    expect(p.decide({ tried: ['a', 'b'] }, 0)).toMatchObject({ type: 'reject', reason: 'attempts-exhausted', attempt: 3 });
  });
});

describe('pool handle: decisions and views', () => {
  it('a sticky pool hands over the cookie to set; a pool without affinity none', () => {
    const sticky = createPool({ sticky: { cookie: 'ROUTEID', cookieAttributes: { httpOnly: true, sameSite: 'Lax' } }, members: [{ id: 's1' }] });
    expect(sticky.decide({}, 0)).toMatchObject({
      routeChanged: true,
      setCookie: { name: 'ROUTEID', value: '.s1', attributes: { path: '/', httpOnly: true, sameSite: 'Lax' } },
    });
    expect(sticky.decide({ cookie: 'ROUTEID=.s1' }, 0)).toMatchObject({ affinity: true, routeChanged: false, setCookie: null });
    const plain = createPool({ members: [{ id: 'p1' }] });
    expect(plain.decide({ cookie: 'ROUTEID=.p1' }, 0)).toMatchObject({ routeChanged: false, setCookie: null });
  });

  it('shows each member read-only by id: health, in flight, weight, counters', () => {
    const p = createPool({ health: { retryMs: 1_000 }, members: [{ id: 'a', weight: 2 }, { id: 'b' }] });
    p.decide({}, 0);
    expect(p.member('a')).toMatchObject({ id: 'a', weight: 2, busy: 1, elected: 1, lbstatus: -1, status: 'ok', usable: true });
    p.apply({ type: 'requestFailed', member: 'a', cause: 'refused' }, 5);
    expect(p.member('a')).toMatchObject({ busy: 0, status: 'error', retryAt: 1_005, usable: false });
    expect(p.member('zz')).toBeUndefined();
    expect(p.members().map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('records every input, and the log replays to the same decisions and state', () => {
    const log: LogEntry[] = [];
    const p = createPool({ sticky: { cookie: 'R' }, members: [{ id: 'a' }, { id: 'b' }] }, { name: 'web', now: 1, record: (e) => log.push(e) });
    const d = p.decide({}, 2);
    if (d.type === 'forward') p.apply({ type: 'responseReceived', member: d.member, status: 200 }, 3);
    p.decide({ cookie: 'R=.b' }, 4);
    p.apply({ type: 'memberAdded', member: { id: 'c' } }, 5);
    p.decide({ tried: ['a'] }, 6);
    expect(log.map((e) => e.type)).toEqual(['start', 'decide', 'apply', 'decide', 'apply', 'decide']);
    expect(log.every((e) => e.pool === 'web')).toBe(true);
    const report = replayLog(JSON.parse(JSON.stringify(log)) as LogEntry[]);
    expect(report.ok).toBe(true);
    expect(report.pools.get('web')!.snapshot()).toEqual(p.snapshot());
  });

  it('never changes its inputs: a frozen config, a frozen state, frozen requests and events', () => {
    const config = deepFreeze({ sticky: { cookie: 'R' }, members: [{ id: 'a' }, { id: 'b', weight: 3 }] });
    const p = createPool(config);
    const request = deepFreeze({ cookie: 'R=.a', tried: ['b'] });
    p.decide(request, 0);
    p.apply(deepFreeze({ type: 'memberAdded', member: { id: 'c' } }), 0);
    const state = deepFreeze(p.snapshot());
    const copy = JSON.parse(JSON.stringify(state));
    const q = restorePool(state);
    q.decide({}, 1);
    q.apply({ type: 'requestFailed', member: 'a', cause: 'reset' }, 2);
    decide(state, {}, 3);
    expect(state).toEqual(copy);
  });

  it('restores from a snapshot and decides as the original would', () => {
    const p = createPool({ members: [{ id: 'a', weight: 3 }, { id: 'b' }, { id: 'c' }] });
    for (let t = 0; t < 7; t++) p.decide({}, t);
    const q = restorePool(JSON.parse(JSON.stringify(p.snapshot())));
    const next = (x: typeof p) => Array.from({ length: 10 }, (_, t) => x.decide({}, 10 + t)).map((d) => (d.type === 'forward' ? d.member : d.reason));
    expect(next(q)).toEqual(next(p));
    expect(code(() => restorePool({ version: 2 }))).toBe('LBK_ERR_INVALID_STATE');
  });
});
