import { describe, expect, it } from 'vitest';
import { apply, initialState, decide, LbkitError, restorePool } from './index.js';
import type { BalancerRequest, BalancerState, Decision, ForwardDecision, Pool, PoolConfig } from './index.js';

const seedStatic: PoolConfig = {
  sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true },
  members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }],
};

function pick(state: BalancerState, request: BalancerRequest = {}, now = 0): [BalancerState, Decision] {
  return decide(state, request, now);
}

function forward(d: Decision): ForwardDecision {
  if (d.type !== 'forward') throw new Error(`expected a forward, got reject:${d.reason}`);
  return d;
}

describe('decisions', () => {
  it('a new session gets a route change and the value to set', () => {
    const [, d] = pick(initialState(seedStatic));
    expect(d).toEqual({ type: 'forward', member: 'static1', route: 'static1', attempt: 1, affinity: false, routeChanged: true, setCookie: { name: 'ROUTEID', value: '.static1', attributes: { path: '/', domain: null, maxAgeSec: null, httpOnly: false, secure: false, sameSite: null } } });
  });

  it('a request carrying a usable route keeps it, with no route change', () => {
    const [, d] = pick(initialState(seedStatic), { cookie: 'ROUTEID=.static3' });
    expect(d).toMatchObject({ member: 'static3', affinity: true, routeChanged: false });
  });

  it('unknown, empty, malformed, oversized and other-pool routes read as none', () => {
    for (const cookie of ['ROUTEID=.static9', 'ROUTEID=', 'ROUTEID=static2', `ROUTEID=.${'s'.repeat(400)}`, 'ROUTEID=.dynamic1', 'ROUTEID=.STATIC2']) {
      const [, d] = pick(initialState(seedStatic), { cookie });
      expect(forward(d)).toMatchObject({ member: 'static1', affinity: false, routeChanged: true });
    }
  });

  it('the jsessionid path parameter wins over the cookie', () => {
    const [, d] = pick(initialState(seedStatic), { cookie: 'ROUTEID=.static1', url: '/shop;jsessionid=ABC.static2' });
    expect(d).toMatchObject({ member: 'static2', affinity: true, routeChanged: false });
  });

  it('a pool without affinity ignores routes and asks for no cookie', () => {
    const [, d] = pick(initialState({ members: [{ id: 'dynamic1' }, { id: 'dynamic2' }] }), { cookie: 'ROUTEID=.dynamic2' });
    expect(d).toMatchObject({ member: 'dynamic1', affinity: false, routeChanged: false, setCookie: null });
  });

  it('counts requests in flight until their outcome', () => {
    let s = initialState(seedStatic);
    [s] = pick(s);
    [s] = pick(s, { cookie: 'ROUTEID=.static1' });
    expect(s.busy).toEqual([2, 0, 0]);
    s = apply(s, { type: 'responseReceived', member: 'static1', status: 200 }, 1);
    s = apply(s, { type: 'requestAbandoned', member: 'static1' }, 1);
    s = apply(s, { type: 'requestAbandoned', member: 'static1' }, 1);
    expect(s.busy).toEqual([0, 0, 0]);
  });
});

describe('health and failover', () => {
  const pool: PoolConfig = { members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], health: { retryMs: 60_000 } };

  it('pick, fail, pick around, retry after the retry period, recover', () => {
    let s = initialState(pool);
    let d: Decision;
    [s, d] = pick(s, {}, 0);
    expect(forward(d).member).toBe('a');
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 10);
    expect(s.members[0]).toMatchObject({ status: 'error', retryAt: 60_010 });
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      [s, d] = pick(s, {}, 1_000 + i);
      seen.add(forward(d).member);
    }
    expect([...seen].sort()).toEqual(['b', 'c']);
    // back in the rotation once the retry period is over: within one round of three
    const next: string[] = [];
    for (let i = 0; i < 3; i++) {
      [s, d] = pick(s, {}, 60_010);
      next.push(forward(d).member);
    }
    expect(next).toContain('a');
    s = apply(s, { type: 'responseReceived', member: 'a', status: 200 }, 60_020);
    expect(s.members[0]).toMatchObject({ status: 'ok', failures: 0 });
  });

  it('a failed retry restarts the wait', () => {
    let s = initialState(pool);
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'timeout' }, 0);
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'timeout' }, 60_000);
    expect(s.members[0]).toMatchObject({ status: 'error', retryAt: 120_000 });
  });

  it('a late success from before the failure does not end the error early', () => {
    let s = initialState(pool);
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'reset' }, 0);
    s = apply(s, { type: 'responseReceived', member: 'a', status: 200 }, 5);
    expect(s.members[0]!.status).toBe('error');
  });

  it('passing checks from before a passive error do not clear it: rise fresh passes do', () => {
    let s = initialState({ ...pool, health: { rise: 2 } });
    s = apply(s, { type: 'healthChecked', member: 'a', ok: true }, 0);
    s = apply(s, { type: 'healthChecked', member: 'a', ok: true }, 1);
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'reset' }, 2);
    s = apply(s, { type: 'healthChecked', member: 'a', ok: true }, 3);
    expect(s.members[0]!.status).toBe('error');
    s = apply(s, { type: 'healthChecked', member: 'a', ok: true }, 4);
    expect(s.members[0]!.status).toBe('ok');
  });

  it('forceRecovery puts every member back when all are in error, as Apache forcerecovery does', () => {
    const down = (cfg: PoolConfig): BalancerState => {
      let s = initialState(cfg);
      for (const id of ['a', 'b', 'c']) s = apply(s, { type: 'requestFailed', member: id, cause: 'refused' }, 0);
      return s;
    };
    expect(decide(down(pool), {}, 10)[1]).toMatchObject({ type: 'reject', reason: 'all-down' });
    const [next, d] = decide(down({ ...pool, health: { forceRecovery: true } }), {}, 10);
    expect(d).toMatchObject({ type: 'forward', member: 'a' });
    expect(next.members.map((m) => m.status)).toEqual(['ok', 'ok', 'ok']);
    // a disabled member is not in error: no forced recovery, as in Apache
    let s = initialState({ ...pool, members: [...pool.members, { id: 'd', disabled: true }], health: { forceRecovery: true } });
    for (const id of ['a', 'b', 'c']) s = apply(s, { type: 'requestFailed', member: id, cause: 'refused' }, 0);
    expect(decide(s, {}, 10)[1]).toMatchObject({ type: 'reject', reason: 'all-down' });
  });

  it('needs N consecutive failures when configured', () => {
    let s = initialState({ ...pool, health: { failuresBeforeError: 3 } });
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 0);
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 0);
    s = apply(s, { type: 'responseReceived', member: 'a', status: 200 }, 0);
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 0);
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 0);
    expect(s.members[0]!.status).toBe('ok');
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 0);
    expect(s.members[0]!.status).toBe('error');
  });

  it('failonstatus statuses count as failures, others as successes', () => {
    let s = initialState({ ...pool, health: { failOnStatus: [503] } });
    s = apply(s, { type: 'responseReceived', member: 'a', status: 500 }, 0);
    expect(s.members[0]!.status).toBe('ok');
    s = apply(s, { type: 'responseReceived', member: 'a', status: 503 }, 0);
    expect(s.members[0]!.status).toBe('error');
  });

  it('health checks take a member out after fall failures and back after rise passes, clearing a passive error', () => {
    let s = initialState({ ...pool, health: { rise: 2, fall: 2 } });
    s = apply(s, { type: 'healthChecked', member: 'b', ok: false }, 0);
    expect(s.members[1]!.check).toBe('up');
    s = apply(s, { type: 'healthChecked', member: 'b', ok: false }, 1);
    expect(s.members[1]!.check).toBe('down');
    s = apply(s, { type: 'requestFailed', member: 'b', cause: 'refused' }, 2);
    s = apply(s, { type: 'healthChecked', member: 'b', ok: true }, 3);
    expect(s.members[1]!.check).toBe('down');
    s = apply(s, { type: 'healthChecked', member: 'b', ok: true }, 4);
    expect(s.members[1]).toMatchObject({ check: 'up', status: 'ok' });
  });

  it('failover excludes members already tried and stops at max attempts', () => {
    let s = initialState({ ...pool, maxAttempts: 2 });
    let d: Decision;
    [s, d] = pick(s, { tried: ['a'] });
    expect(forward(d)).toMatchObject({ member: 'b', attempt: 2 });
    [s, d] = pick(s, { tried: ['a', 'b'] });
    expect(d).toEqual({ type: 'reject', reason: 'attempts-exhausted', attempt: 3 });
  });

  it('a sticky route to a tried member is not honoured on failover', () => {
    const [, d] = pick(initialState(seedStatic), { cookie: 'ROUTEID=.static2', tried: ['static2'] });
    expect(forward(d)).toMatchObject({ affinity: false, routeChanged: true });
    expect(forward(d).member).not.toBe('static2');
  });

  it('a route to a member in error is not honoured; the session moves with a new route', () => {
    let s = initialState(seedStatic);
    s = apply(s, { type: 'requestFailed', member: 'static2', cause: 'refused' }, 0);
    const [, d] = pick(s, { cookie: 'ROUTEID=.static2' }, 1);
    expect(forward(d)).toMatchObject({ member: 'static1', routeChanged: true, setCookie: { value: '.static1' } });
  });

  it('a higher tier takes over when the lower one is down', () => {
    let s = initialState({ members: [{ id: 'a' }, { id: 'backup', tier: 1 }] });
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 0);
    const [, d] = pick(s, {}, 1);
    expect(forward(d).member).toBe('backup');
  });

  it('a hot standby takes over when the rest of its tier is down', () => {
    let s = initialState({ members: [{ id: 'a' }, { id: 'hs', standby: true }, { id: 'z', tier: 1 }] });
    s = apply(s, { type: 'requestFailed', member: 'a', cause: 'refused' }, 0);
    const [, d] = pick(s, {}, 1);
    expect(forward(d).member).toBe('hs');
  });
});

describe('reject reasons', () => {
  const cases: { name: string; pool: PoolConfig; down?: string[]; request?: BalancerRequest; reason: string }[] = [
    { name: 'no members', pool: { members: [] }, reason: 'no-members' },
    { name: 'all disabled', pool: { members: [{ id: 'a', disabled: true }] }, reason: 'all-disabled' },
    { name: 'all down', pool: { members: [{ id: 'a' }, { id: 'b', disabled: true }] }, down: ['a'], reason: 'all-down' },
    { name: 'all draining', pool: { members: [{ id: 'a', draining: true }, { id: 'b' }] }, down: ['b'], reason: 'all-draining' },
    { name: 'the only member failed: all down, not attempts exhausted', pool: { members: [{ id: 'a' }] }, down: ['a'], request: { tried: ['a'] }, reason: 'all-down' },
    { name: 'every usable member tried', pool: { members: [{ id: 'a' }, { id: 'b' }] }, down: ['b'], request: { tried: ['a'] }, reason: 'attempts-exhausted' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      let s = initialState(c.pool);
      for (const id of c.down ?? []) s = apply(s, { type: 'requestFailed', member: id, cause: 'refused' }, 0);
      const [next, d] = pick(s, c.request ?? {}, 1);
      expect(d).toMatchObject({ type: 'reject', reason: c.reason });
      expect(next).toEqual(s);
    });
  }

  it('a draining member still serves its sessions', () => {
    const s = initialState({ ...seedStatic, members: [{ id: 'static1', draining: true }, { id: 'static2' }] });
    const [, d] = pick(s, { cookie: 'ROUTEID=.static1' });
    expect(d).toMatchObject({ member: 'static1', affinity: true });
  });
});

describe('admin events', () => {
  it('add, reweight, drain, disable, enable and remove take effect on the next decision', () => {
    let s = initialState({ members: [{ id: 'a' }] });
    s = apply(s, { type: 'memberAdded', member: { id: 'b', weight: 2 } }, 0);
    expect(s.members.map((m) => m.id)).toEqual(['a', 'b']);
    let d: Decision;
    [s, d] = pick(s);
    expect(forward(d).member).toBe('b');
    s = apply(s, { type: 'memberDisabled', member: 'b' }, 0);
    [s, d] = pick(s);
    expect(forward(d).member).toBe('a');
    s = apply(s, { type: 'memberEnabled', member: 'b' }, 0);
    s = apply(s, { type: 'memberDrainStarted', member: 'a' }, 0);
    [s, d] = pick(s);
    expect(forward(d).member).toBe('b');
    s = apply(s, { type: 'weightChanged', member: 'a', weight: 9 }, 0);
    expect(s.members[0]!.weight).toBe(9);
    s = apply(s, { type: 'memberRemoved', member: 'b' }, 0);
    expect(s.members.map((m) => m.id)).toEqual(['a']);
    expect(s.lbstatus).toHaveLength(1);
    expect(s.busy).toHaveLength(1);
  });

  it('refuses admin events that cannot apply, with a stable code', () => {
    const s = initialState({ members: [{ id: 'a' }] });
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof LbkitError ? e.code : 'not-lbkit';
      }
      return undefined;
    };
    expect(code(() => apply(s, { type: 'memberDisabled', member: 'nope' }, 0))).toBe('LBK_ERR_UNKNOWN_MEMBER');
    expect(code(() => apply(s, { type: 'memberAdded', member: { id: 'a' } }, 0))).toBe('LBK_ERR_DUPLICATE_MEMBER');
    expect(code(() => apply(s, { type: 'memberAdded', member: { id: 'b', weight: 0 } }, 0))).toBe('LBK_ERR_INVALID_EVENT');
    expect(code(() => apply(s, { type: 'weightChanged', member: 'a', weight: 101 }, 0))).toBe('LBK_ERR_INVALID_EVENT');
  });

  it('ignores outcomes about members that were removed while the request was in flight', () => {
    let s = initialState({ members: [{ id: 'a' }, { id: 'b' }] });
    s = apply(s, { type: 'memberRemoved', member: 'b' }, 0);
    expect(apply(s, { type: 'requestFailed', member: 'b', cause: 'reset' }, 0)).toEqual(s);
  });
});

describe('other methods', () => {
  const members = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('bybusyness picks the member with fewest requests in flight, ties by byrequests', () => {
    let s = initialState({ method: 'bybusyness', members });
    const picks: string[] = [];
    for (let i = 0; i < 3; i++) {
      let d: Decision;
      [s, d] = pick(s);
      picks.push(forward(d).member);
    }
    expect(picks).toEqual(['a', 'b', 'c']);
    s = apply(s, { type: 'responseReceived', member: 'b', status: 200 }, 0);
    const [, d] = pick(s);
    expect(forward(d).member).toBe('b');
  });

  it('random spreads by weight and is reproducible from the seed', () => {
    const run = (seed: number): string[] => {
      let s = initialState({ method: 'random', seed, members: [{ id: 'a', weight: 3 }, { id: 'b' }] });
      const out: string[] = [];
      for (let i = 0; i < 4000; i++) {
        let d: Decision;
        [s, d] = pick(s);
        out.push(forward(d).member);
      }
      return out;
    };
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
    const share = first.filter((m) => m === 'a').length / first.length;
    // binomial sd for p = 0.75, n = 4000 is 0.0068; 5 sd
    expect(Math.abs(share - 0.75)).toBeLessThan(0.035);
  });

  it('p2c sends the request to the less busy of two members', () => {
    let s = initialState({ method: 'p2c', members: [{ id: 'a' }, { id: 'b' }] });
    for (let i = 0; i < 5; i++) [s] = decide(s, { tried: ['b'] }, 0); // load a with 5 in flight
    expect(s.busy).toEqual([5, 0]);
    for (let i = 0; i < 20; i++) {
      const [, d] = pick(s);
      expect(forward(d).member).toBe('b');
    }
  });

  it('hash keeps a key on its member and moves about 1/n of keys when one of n is removed', () => {
    const n = 10;
    const pool: PoolConfig = { method: 'hash', members: Array.from({ length: n }, (_, i) => ({ id: `m${i}` })) };
    const s = initialState(pool);
    const keys = Array.from({ length: 5000 }, (_, i) => `client-${i}`);
    // one pool handle per state: a pure decide would rebuild the ring for each of the 10,000 keys
    const pools = new Map<BalancerState, Pool>();
    const owner = (state: BalancerState, key: string): string => {
      if (!pools.has(state)) pools.set(state, restorePool(state, { now: 0 }));
      return forward(pools.get(state)!.decide({ hashKey: key }, 0)).member;
    };
    const before = keys.map((k) => owner(s, k));
    expect(keys.map((k) => owner(s, k))).toEqual(before);
    const after = apply(s, { type: 'memberRemoved', member: 'm3' }, 0);
    let moved = 0;
    keys.forEach((k, i) => {
      const now = owner(after, k);
      if (now !== before[i]) {
        moved++;
        expect(before[i]).toBe('m3'); // only keys of the removed member move
      }
    });
    expect(moved / keys.length).toBeGreaterThan(0.05);
    expect(moved / keys.length).toBeLessThan(0.15);
  });

  it('hash walks past a member in error to the next one on the ring', () => {
    let s = initialState({ method: 'hash', members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    const [, d0] = decide(s, { hashKey: 'k' }, 0);
    const first = forward(d0).member;
    s = apply(s, { type: 'requestFailed', member: first, cause: 'refused' }, 0);
    const [, d1] = decide(s, { hashKey: 'k' }, 1);
    expect(forward(d1).member).not.toBe(first);
  });
});

describe('state is plain data', () => {
  it('survives a JSON round trip and then decides the same', () => {
    let s = initialState({ ...seedStatic, method: 'p2c' });
    for (let i = 0; i < 5; i++) [s] = pick(s);
    s = apply(s, { type: 'requestFailed', member: 'static2', cause: 'reset' }, 3);
    let copy = JSON.parse(JSON.stringify(s)) as BalancerState;
    expect(copy).toEqual(s);
    for (let i = 0; i < 20; i++) {
      const [a, da] = pick(s, {}, 10 + i);
      const [b, db] = pick(copy, {}, 10 + i);
      expect(db).toEqual(da);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      s = a;
      copy = b;
    }
  });
});
