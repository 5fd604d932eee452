/**
 * The pool handle at its boundary: every input it must refuse, with the code and the words an
 * operator reads; what it records; what its member views and snapshots show.
 */
import { describe, expect, it } from 'vitest';
import { type BalancerEvent, createPool, formatSetCookie, LbkitError, type LogEntry, type PoolConfig, restorePool, type SetCookie } from '../src/index.js';

const config: PoolConfig = { sticky: { cookie: 'ROUTEID' }, members: [{ id: 'a' }, { id: 'b', weight: 2 }] };

/** The LbkitError `f` throws, as `code: message`, or 'no error'. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LbkitError) return `${e.code}: ${e.message}`;
    return `not an LbkitError: ${String(e)}`;
  }
  return 'no error';
}

describe('time at the boundary', () => {
  const cases: [name: string, f: () => unknown, expected: RegExp][] = [
    ['decide at NaN', () => createPool(config).decide({}, NaN), /^LBK_ERR_INVALID_TIME: now must be a finite number of ms, got NaN$/],
    ['decide at Infinity', () => createPool(config).decide({}, Infinity), /^LBK_ERR_INVALID_TIME: .*got Infinity$/],
    ['decide at -Infinity', () => createPool(config).decide({}, -Infinity), /^LBK_ERR_INVALID_TIME: .*got -Infinity$/],
    ['decide at a string', () => createPool(config).decide({}, '5' as unknown as number), /^LBK_ERR_INVALID_TIME: .*got 5$/],
    ['apply at NaN', () => createPool(config).apply({ type: 'requestAbandoned', member: 'a' }, NaN), /^LBK_ERR_INVALID_TIME/],
    ['a pool created at NaN', () => createPool(config, { now: NaN }), /^LBK_ERR_INVALID_TIME/],
    ['a clock that goes back', () => {
      const p = createPool(config);
      p.decide({}, 10);
      p.decide({}, 9);
    }, /^LBK_ERR_INVALID_TIME: now went back from 10 to 9; fix: use a monotonic clock$/],
    ['an event before the last decision', () => {
      const p = createPool(config);
      p.decide({}, 10);
      p.apply({ type: 'requestAbandoned', member: 'a' }, 9.5);
    }, /went back from 10 to 9.5/],
    ['a decision before the pool start', () => createPool(config, { now: 100 }).decide({}, 99), /went back from 100 to 99/],
    ['the same instant twice', () => {
      const p = createPool(config, { now: 5 });
      p.decide({}, 5);
      p.apply({ type: 'requestAbandoned', member: 'a' }, 5);
      p.decide({}, 5);
    }, /^no error$/],
    ['a clock that starts below zero', () => createPool(config).decide({}, -1e12), /^no error$/],
  ];
  for (const [name, f, expected] of cases) it(name, () => expect(thrown(f)).toMatch(expected));

  it('the clock is the latest time given, -Infinity before any', () => {
    const p = createPool(config);
    expect(p.clock).toBe(-Infinity);
    p.decide({}, 7);
    expect(p.clock).toBe(7);
    p.apply({ type: 'requestAbandoned', member: 'a' }, 7.5);
    expect(p.clock).toBe(7.5);
    expect(createPool(config, { now: 3 }).clock).toBe(3);
  });
});

describe('events at the boundary', () => {
  const bad: [name: string, event: unknown, expected: RegExp][] = [
    ['an unknown type', { type: 'memberDraining', member: 'a' }, /^LBK_ERR_INVALID_EVENT: unknown event type "memberDraining"; fix: use one of EVENT_TYPES$/],
    ['no type at all', { member: 'a' }, /^LBK_ERR_INVALID_EVENT: unknown event type undefined/],
    ['a status that is not a number', { type: 'responseReceived', member: 'a', status: '200' }, /^LBK_ERR_INVALID_EVENT: responseReceived: status must be a whole number$/],
    ['a fractional status', { type: 'responseReceived', member: 'a', status: 200.5 }, /status must be a whole number/],
    ['an unknown cause', { type: 'requestFailed', member: 'a', cause: 'gone' }, /^LBK_ERR_INVALID_EVENT: requestFailed: cause must be one of refused, reset, timeout, protocol$/],
    ['a cause that is not a string', { type: 'requestFailed', member: 'a', cause: 1 }, /cause must be one of/],
    ['a check verdict that is not a boolean', { type: 'healthChecked', member: 'a', ok: 'yes' }, /^LBK_ERR_INVALID_EVENT: healthChecked: ok must be true or false$/],
    ['an outcome without a member', { type: 'requestAbandoned' }, /^LBK_ERR_INVALID_EVENT: requestAbandoned: member must be a member id$/],
    ['a response naming a member by number', { type: 'responseReceived', member: 1, status: 200 }, /^LBK_ERR_INVALID_EVENT: responseReceived: member must be a member id$/],
    ['a failure naming a member by number', { type: 'requestFailed', member: 1, cause: 'reset' }, /^LBK_ERR_INVALID_EVENT: requestFailed: member must be a member id$/],
    ['a check naming a member by number', { type: 'healthChecked', member: 1, ok: true }, /^LBK_ERR_INVALID_EVENT: healthChecked: member must be a member id$/],
    ['a weight of 0', { type: 'weightChanged', member: 'a', weight: 0 }, /^LBK_ERR_INVALID_EVENT: weightChanged: weight: /],
    ['a weight of 101', { type: 'weightChanged', member: 'a', weight: 101 }, /^LBK_ERR_INVALID_EVENT: weightChanged: weight: /],
    ['an added member with a bad id', { type: 'memberAdded', member: { id: 'a b' } }, /^LBK_ERR_INVALID_EVENT: memberAdded: member\.id: /],
    ['an added member that exists', { type: 'memberAdded', member: { id: 'a' } }, /^LBK_ERR_DUPLICATE_MEMBER: memberAdded: a member "a" already exists$/],
    ['an added member with a used route', { type: 'memberAdded', member: { id: 'c', route: 'b' } }, /^LBK_ERR_DUPLICATE_MEMBER: memberAdded: route "b" is already used$/],
    ['removing an unknown member', { type: 'memberRemoved', member: 'z' }, /^LBK_ERR_UNKNOWN_MEMBER: memberRemoved: no member "z" in this pool$/],
    ['reweighting an unknown member', { type: 'weightChanged', member: 'z', weight: 2 }, /^LBK_ERR_UNKNOWN_MEMBER: weightChanged: no member "z"/],
    ['draining an unknown member', { type: 'memberDrainStarted', member: 'z' }, /^LBK_ERR_UNKNOWN_MEMBER: memberDrainStarted: /],
    ['disabling an unknown member', { type: 'memberDisabled', member: 'z' }, /^LBK_ERR_UNKNOWN_MEMBER: memberDisabled: /],
    ['enabling an unknown member', { type: 'memberEnabled', member: 'z' }, /^LBK_ERR_UNKNOWN_MEMBER: memberEnabled: /],
  ];
  for (const [name, event, expected] of bad) {
    it(`refuses ${name}, and the pool is unchanged`, () => {
      const p = createPool(config, { now: 0 });
      const before = JSON.stringify(p.snapshot());
      expect(thrown(() => p.apply(event as BalancerEvent, 1))).toMatch(expected);
      expect(JSON.stringify(p.snapshot())).toBe(before);
    });
  }

  it('the issues of a bad operator event come with it', () => {
    let error: unknown;
    try {
      createPool(config).apply({ type: 'weightChanged', member: 'a', weight: 1.5 }, 0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LbkitError);
    expect((error as LbkitError).issues).toMatchObject([{ path: ['weight'], fix: expect.stringMatching(/whole number from 1 to 100/) as unknown }]);
  });

  it('outcomes and checks about members that are gone are ignored', () => {
    const p = createPool(config, { now: 0 });
    p.apply({ type: 'memberRemoved', member: 'b' }, 0);
    const before = JSON.stringify(p.snapshot());
    for (const e of [
      { type: 'responseReceived', member: 'b', status: 503 },
      { type: 'requestFailed', member: 'b', cause: 'reset' },
      { type: 'requestAbandoned', member: 'b' },
      { type: 'healthChecked', member: 'b', ok: false },
    ] as const) p.apply(e, 1);
    expect(JSON.stringify(p.snapshot())).toBe(before);
  });
});

describe('requests at the boundary', () => {
  const cases: [name: string, request: unknown, expected: string][] = [
    ['null', null, 'LBK_ERR_INVALID_REQUEST: a request must be an object such as {} or { cookie, url, tried }'],
    ['undefined', undefined, 'LBK_ERR_INVALID_REQUEST: a request must be an object such as {} or { cookie, url, tried }'],
    ['a string', 'ROUTEID=.a', 'LBK_ERR_INVALID_REQUEST: a request must be an object such as {} or { cookie, url, tried }'],
    ['tried as a string', { tried: 'a' }, 'LBK_ERR_INVALID_REQUEST: request.tried must be a list of member ids'],
    ['tried as null', { tried: null }, 'LBK_ERR_INVALID_REQUEST: request.tried must be a list of member ids'],
    ['an empty request', {}, 'no error'],
    ['an empty tried list', { tried: [] }, 'no error'],
  ];
  for (const [name, request, expected] of cases) {
    it(`${expected === 'no error' ? 'takes' : 'refuses'} ${name}, and a refused request is not counted`, () => {
      const p = createPool(config, { now: 0 });
      const before = JSON.stringify(p.snapshot());
      expect(thrown(() => p.decide(request as never, 1))).toBe(expected);
      if (expected !== 'no error') expect(JSON.stringify(p.snapshot())).toBe(before);
    });
  }
});

describe('tried ids', () => {
  it('an id that was never a member is refused', () => {
    expect(thrown(() => createPool(config).decide({ tried: ['a', 'ghost'] }, 0))).toBe('LBK_ERR_UNKNOWN_MEMBER: tried: no member "ghost" was ever in this pool');
  });

  it('a member removed since, or added later, is known: a failover may name it', () => {
    const p = createPool({ ...config, maxAttempts: 3 }, { now: 0 });
    p.apply({ type: 'memberAdded', member: { id: 'c' } }, 0);
    p.apply({ type: 'memberRemoved', member: 'a' }, 0);
    expect(p.decide({ tried: ['a', 'c'] }, 1)).toMatchObject({ type: 'forward', member: 'b', attempt: 3 });
  });

  it('a member named twice counts as one member but two attempts', () => {
    const p = createPool({ ...config, maxAttempts: 3 });
    expect(p.decide({ tried: ['b', 'b'] }, 0)).toMatchObject({ type: 'forward', member: 'a', attempt: 3 });
  });
});

describe('member views', () => {
  it('show configuration, health, counters and usability by id, as copies', () => {
    const p = createPool({ ...config, health: { retryMs: 1_000 } }, { now: 0 });
    expect(p.size).toBe(2);
    p.decide({}, 0); // b (weight 2)
    p.decide({}, 0); // a
    p.decide({ cookie: 'ROUTEID=.b' }, 0);
    p.apply({ type: 'requestFailed', member: 'a', cause: 'reset' }, 10);
    const a = p.member('a')!;
    expect(a).toMatchObject({ id: 'a', route: 'a', weight: 1, status: 'error', failures: 1, retryAt: 1_010, busy: 0, elected: 1, usable: false });
    expect(p.member('b')).toMatchObject({ busy: 2, elected: 2, usable: true, lbstatus: 0 });
    p.apply({ type: 'responseReceived', member: 'b', status: 200 }, 11);
    expect(a.busy).toBe(0); // a copy: later changes do not show in it
    expect(p.member('b')!.busy).toBe(1);
    expect(p.member('z')).toBeUndefined();
    expect(p.members().map((m) => m.id)).toEqual(['a', 'b']);
    p.decide({}, 1_010);
    expect(p.member('a')!.usable).toBe(true);
  });

  it('a snapshot is a copy: later decisions do not change it', () => {
    const p = createPool(config, { now: 0 });
    const s = p.snapshot();
    const text = JSON.stringify(s);
    p.decide({}, 0);
    p.apply({ type: 'requestFailed', member: 'b', cause: 'reset' }, 0);
    expect(JSON.stringify(s)).toBe(text);
  });
});

describe('recording', () => {
  it('writes a start entry, then every input in order, named by the pool when it has a name', () => {
    const log: LogEntry[] = [];
    const p = createPool(config, { name: 'static', now: 5, record: (e) => log.push(e) });
    const d = p.decide({ cookie: 'x=1' }, 6);
    p.apply({ type: 'responseReceived', member: 'b', status: 200 }, 7);
    expect(log.map((e) => [e.type, e.pool, e.at])).toEqual([
      ['start', 'static', 5],
      ['decide', 'static', 6],
      ['apply', 'static', 7],
    ]);
    expect(log[1]).toMatchObject({ request: { cookie: 'x=1' }, decision: d });
    expect(log[2]).toMatchObject({ event: { type: 'responseReceived', member: 'b', status: 200 } });
  });

  it('without a name the entries have no pool; without a start time the start is at 0', () => {
    const log: LogEntry[] = [];
    createPool(config, { record: (e) => log.push(e) });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ type: 'start', at: 0 });
    expect('pool' in log[0]!).toBe(false);
  });

  it('refused inputs are not recorded', () => {
    const log: LogEntry[] = [];
    const p = createPool(config, { record: (e) => log.push(e) });
    thrown(() => p.decide({}, NaN));
    thrown(() => p.apply({ type: 'nope' } as unknown as BalancerEvent, 0));
    expect(log).toHaveLength(1);
  });
});

describe('restorePool', () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(createPool(config).snapshot())) as Record<string, unknown>;
  const cases: [name: string, edit: (s: Record<string, unknown>) => void, expected: RegExp][] = [
    ['arrays shorter than the members', (s) => (s.busy = [0]), /^LBK_ERR_INVALID_STATE: invalid pool state: \(root\): lbstatus, busy and elected must have one entry per member$/],
    ['duplicate ids', (s) => ((s.members as { id: string }[])[1]!.id = 'a'), /member ids and routes must be unique/],
    ['a negative busy count', (s) => (s.busy = [0, -1]), /^LBK_ERR_INVALID_STATE: invalid pool state: busy\.1: /],
    ['another version', (s) => (s.version = 1), /version: /],
    ['two problems, both named', (s) => ((s.version = 1), (s.busy = [0, -1])), /^LBK_ERR_INVALID_STATE: invalid pool state: version: [^;]+; busy\.1: [^;]+$/],
  ];
  for (const [name, edit, expected] of cases) {
    it(`refuses ${name}`, () => {
      const s = good();
      edit(s);
      expect(thrown(() => restorePool(s))).toMatch(expected);
    });
  }

  it('continues where the snapshot left off', () => {
    const p = createPool(config, { now: 0 });
    p.decide({}, 0);
    const again = restorePool(JSON.parse(JSON.stringify(p.snapshot())), { now: 0 });
    // weights 1 and 2 from zero: b, a, b, then b again
    expect([p.decide({}, 1), again.decide({}, 1)].map((d) => d.type === 'forward' && d.member)).toEqual(['a', 'a']);
  });
});

describe('formatSetCookie', () => {
  const base: SetCookie = { name: 'ROUTEID', value: '.s1', attributes: { path: '/', domain: null, maxAgeSec: null, httpOnly: false, secure: false, sameSite: null } };
  const cases: [Partial<SetCookie['attributes']>, string][] = [
    [{}, 'ROUTEID=.s1; Path=/'],
    [{ path: '/app' }, 'ROUTEID=.s1; Path=/app'],
    [{ domain: 'example.com' }, 'ROUTEID=.s1; Path=/; Domain=example.com'],
    [{ maxAgeSec: 0 }, 'ROUTEID=.s1; Path=/; Max-Age=0'],
    [{ maxAgeSec: 3600 }, 'ROUTEID=.s1; Path=/; Max-Age=3600'],
    [{ httpOnly: true }, 'ROUTEID=.s1; Path=/; HttpOnly'],
    [{ secure: true }, 'ROUTEID=.s1; Path=/; Secure'],
    [{ sameSite: 'Lax' }, 'ROUTEID=.s1; Path=/; SameSite=Lax'],
    [{ sameSite: 'None' }, 'ROUTEID=.s1; Path=/; Secure; SameSite=None'],
    [{ sameSite: 'None', secure: true }, 'ROUTEID=.s1; Path=/; Secure; SameSite=None'],
    [
      { domain: 'a.example', maxAgeSec: 60, httpOnly: true, secure: true, sameSite: 'Strict' },
      'ROUTEID=.s1; Path=/; Domain=a.example; Max-Age=60; HttpOnly; Secure; SameSite=Strict',
    ],
  ];
  for (const [attributes, expected] of cases) {
    it(expected, () => expect(formatSetCookie({ ...base, attributes: { ...base.attributes, ...attributes } })).toBe(expected));
  }
});
