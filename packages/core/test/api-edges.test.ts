/**
 * Edges of the public and internal entry points that mutation testing found no test noticing
 * (issue 9): config and member validation, error texts, restored states, log parsing, and the
 * affinity cookie of a decision. Each row states the expected answer outright.
 */
import { describe, expect, it } from 'vitest';
import { apply, createPool, decide, LbkitError, parseLog, restorePool, stickyFromApache, validatePoolConfig, initialState } from '../src/index.js';
import { parsePoolConfig, validateMemberConfig } from '../src/internals.js';

function thrown(f: () => unknown): LbkitError {
  try {
    f();
  } catch (e) {
    if (e instanceof LbkitError) return e;
    throw e;
  }
  throw new Error('expected an LbkitError');
}

describe('validateMemberConfig: one member, resolved or refused', () => {
  it('fills the defaults and the route from the id', () => {
    expect(validateMemberConfig({ id: 'a' })).toEqual({
      ok: true,
      value: { id: 'a', route: 'a', weight: 1, tier: 0, disabled: false, draining: false, standby: false },
    });
  });

  it('refuses a bad weight with its path and fix', () => {
    const r = validateMemberConfig({ id: 'a', weight: 0 });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.error.map((i) => [i.path, i.fix])).toEqual([[['weight'], 'use a whole number from 1 to 100 (Apache loadfactor)']]);
  });
});

describe('configuration errors name their source, count their problems, one line each', () => {
  it('parsePoolConfig without a source says config', () => {
    expect(thrown(() => parsePoolConfig({ members: [{ id: '' }] })).message).toMatch(/^invalid configuration \(1 problem\):\n {2}config: members\[0\]\.id: /);
  });

  it('two problems: plural, two lines', () => {
    const e = thrown(() => parsePoolConfig({ members: [{ id: '' }], method: 'nope' }, 'lb.json'));
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('invalid configuration (2 problems):');
    expect(lines.slice(1).map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual(['  lb.json: members[0].id', '  lb.json: method']);
  });

  it('fromIssues without a source says config', () => {
    const e = LbkitError.fromIssues([{ code: 'x', path: ['members'], message: 'm', fix: 'f' }]);
    expect(e.message).toBe('invalid configuration (1 problem):\n  config: members: m; fix: f');
    expect([e.name, e.code]).toEqual(['LbkitError', 'LBK_ERR_INVALID_CONFIG']);
  });

  it('an error that is not about configuration lists no issues', () => {
    const e = thrown(() => createPool({ members: [{ id: 'a' }] }).decide({}, Number.NaN));
    expect([e.name, e.code, e.issues]).toEqual(['LbkitError', 'LBK_ERR_INVALID_TIME', []]);
  });
});

describe('sticky settings', () => {
  it('a URL parameter alone is enough affinity', () => {
    const r = validatePoolConfig({ sticky: { urlParam: 'jsessionid' }, members: [{ id: 'a' }] });
    expect(r.ok).toBe(true);
  });

  it.each([
    ['ROUTEID|jsessionid', { cookie: 'ROUTEID', urlParam: 'jsessionid' }],
    ['|jsessionid', { cookie: '', urlParam: 'jsessionid' }],
    ['JSESSIONID', { cookie: 'JSESSIONID', urlParam: 'JSESSIONID' }],
  ])('stickyFromApache(%j)', (value, expected) => {
    expect(stickyFromApache(value)).toEqual(expected);
  });
});

describe('a forward decision carries the cookie to set, made once per member', () => {
  it('no cookie to set when the affinity is carried by a URL parameter only', () => {
    const pool = createPool({ sticky: { urlParam: 'jsessionid' }, members: [{ id: 'a' }] }, { now: 0 });
    expect(pool.decide({}, 0)).toMatchObject({ member: 'a', routeChanged: true, setCookie: null });
  });

  it('the same cookie object for every decision that sets it for a member', () => {
    const pool = createPool({ sticky: { cookie: 'ROUTEID' }, members: [{ id: 'a' }] }, { now: 0 });
    const first = pool.decide({}, 0);
    const second = pool.decide({}, 0);
    expect(first.type === 'forward' && first.setCookie).toEqual({ name: 'ROUTEID', value: '.a', attributes: expect.any(Object) });
    expect(first.type === 'forward' && second.type === 'forward' && first.setCookie === second.setCookie).toBe(true);
  });
});

describe('a restored state must be whole', () => {
  const good = initialState({ members: [{ id: 'a' }, { id: 'b' }] });
  it.each([
    ['lbstatus', { ...good, lbstatus: [0] }],
    ['busy', { ...good, busy: [0] }],
    ['elected', { ...good, elected: [0, 0, 0] }],
    ['routes', { ...good, members: [good.members[0]!, { ...good.members[1]!, route: 'a' }] }],
    ['ids', { ...good, members: [good.members[0]!, { ...good.members[1]!, id: 'a' }] }],
  ])('refuses a state whose %s do not fit', (_, state) => {
    expect(thrown(() => restorePool(state)).code).toBe('LBK_ERR_INVALID_STATE');
  });

  it('takes the good one', () => {
    expect(restorePool(good).size).toBe(2);
  });
});

describe('parseLog', () => {
  it('skips blank lines, spaces and tabs only included', () => {
    const start = JSON.stringify({ type: 'start', at: 0, state: initialState({ members: [{ id: 'a' }] }) });
    const r = parseLog(`${start}\n   \n\t\n`);
    expect(r.ok && r.value.length).toBe(1);
  });
});

describe('hash: a key goes to the first point at or after its own', () => {
  // a member's points are the hashes of `${id}#${v}`: the key `b#1` lands exactly on b's second point
  // (these keys were picked so that the next point clockwise belongs to another member)
  it.each(['a#2', 'b#1', 'b#2', 'c#4', 'c#6'])('the key %s, exactly on a point of its member, goes to that member', (key) => {
    const pool = createPool({ method: 'hash', hashPointsPerWeight: 8, members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }, { now: 0 });
    expect(pool.decide({ hashKey: key }, 0)).toMatchObject({ member: key.slice(0, 1) });
  });
});

describe('an operator event with a bad member says how to name one', () => {
  it.each([
    ['memberRemoved', { type: 'memberRemoved', member: '' }],
    ['memberDisabled', { type: 'memberDisabled', member: 5 }],
    ['memberAdded', { type: 'memberAdded', member: 'static3' }],
  ])('%s', (_, event) => {
    const pool = createPool({ members: [{ id: 'a' }] }, { now: 0 });
    const e = thrown(() => pool.apply(event as never, 0));
    expect(e.code).toBe('LBK_ERR_INVALID_EVENT');
    expect(e.message).toMatch(/: member: .*; fix: name a member of this pool by its id \(a string\), or give memberAdded a member object such as \{ "id": "static3" \}$/);
  });
});

describe('the pure functions share what did not change (engine/working-copy.ts)', () => {
  const pool = { members: [{ id: 'a' }, { id: 'b' }] };

  it('a member record an event leaves as it was is the same object in the new state', () => {
    const [s1] = decide(initialState(pool), {}, 0);
    // a 200 from a healthy member: its record is looked at, not changed
    const s2 = apply(s1, { type: 'responseReceived', member: 'a', status: 200 }, 1);
    expect([s2.members[0] === s1.members[0], s2.members[1] === s1.members[1]]).toEqual([true, true]);
    const s3 = apply(s2, { type: 'requestFailed', member: 'a', cause: 'refused' }, 2);
    expect([s3.members[0] === s2.members[0], s3.members[1] === s2.members[1]]).toEqual([false, true]);
  });

  it('a state used a second time is rebuilt, and its unchanged member list is shared', () => {
    const [s1] = decide(initialState(pool), {}, 0);
    decide(s1, {}, 1);
    const [again] = decide(s1, {}, 1);
    expect(again.members === s1.members).toBe(true);
  });
});
