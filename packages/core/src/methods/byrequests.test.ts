import { describe, expect, it } from 'vitest';
import { initialState, decide } from '../index.js';
import type { BalancerRequest, BalancerState, PoolConfig } from '../index.js';

/** Runs `requests` through the balancer and returns the member ids chosen (or the reject reasons). */
function run(state: BalancerState, requests: readonly BalancerRequest[], now = 0): [BalancerState, string[]] {
  const picks: string[] = [];
  let s = state;
  for (const r of requests) {
    const [next, d] = decide(s, r, now);
    s = next;
    picks.push(d.type === 'forward' ? d.member : `reject:${d.reason}`);
  }
  return [s, picks];
}

const times = (n: number, r: BalancerRequest = {}): BalancerRequest[] => Array.from({ length: n }, () => r);

// Golden sequences of Apache's byrequests (mod_lbmethod_byrequests.c arithmetic). The weights 3,1,1 sequence and
// the sticky catch-up sequence below were confirmed against Apache httpd 2.4.71 (Debian) with the same members.
const cases: { name: string; pool: PoolConfig; expected: string }[] = [
  { name: 'equal weights rotate in configuration order', pool: { members: [{ id: '1' }, { id: '2' }, { id: '3' }] }, expected: '1,2,3,1,2,3,1,2,3' },
  {
    name: 'weights 3,1,1 give A,B,A,C,A',
    pool: { members: [{ id: 'A', weight: 3 }, { id: 'B' }, { id: 'C' }] },
    expected: 'A,B,A,C,A,A,B,A,C,A',
  },
  {
    name: 'weights 1,2 interleave',
    pool: { members: [{ id: 'A' }, { id: 'B', weight: 2 }] },
    expected: 'B,A,B,B,A,B',
  },
  {
    name: 'weights 5,1 spread the light member',
    pool: { members: [{ id: 'A', weight: 5 }, { id: 'B' }] },
    expected: 'A,A,A,B,A,A,A,A,A,B,A,A',
  },
  {
    name: 'a higher tier is idle while the lower one is usable',
    pool: { members: [{ id: 'x', tier: 1 }, { id: 'a' }, { id: 'b' }] },
    expected: 'a,b,a,b',
  },
  {
    name: 'a hot standby is idle while its tier has another usable member',
    pool: { members: [{ id: 'hs', standby: true }, { id: 'a' }] },
    expected: 'a,a,a',
  },
  {
    name: 'disabled and draining members get no new requests',
    pool: { members: [{ id: 'a', disabled: true }, { id: 'b', draining: true }, { id: 'c' }, { id: 'd' }] },
    expected: 'c,d,c,d',
  },
  {
    name: 'only standby members left in the tier: they share the load',
    pool: { members: [{ id: 'a', standby: true }, { id: 'b', standby: true }, { id: 'z', tier: 1 }] },
    expected: 'a,b,a,b',
  },
];

describe('byrequests golden sequences', () => {
  for (const c of cases) {
    it(c.name, () => {
      const n = c.expected.split(',').length;
      const [, picks] = run(initialState(c.pool), times(n));
      expect(picks.join(',')).toBe(c.expected);
    });
  }

  it('affinity requests count too: after five sticky requests to 1, new sessions go 2,3 until 1 catches up', () => {
    const pool: PoolConfig = { sticky: { cookie: 'ROUTEID' }, members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }] };
    let s = initialState(pool);
    let picks: string[];
    [s, picks] = run(s, times(6));
    expect(picks.join(',')).toBe('static1,static2,static3,static1,static2,static3');
    [s, picks] = run(s, times(5, { cookie: 'ROUTEID=.static1' }));
    expect(picks.join(',')).toBe('static1,static1,static1,static1,static1');
    expect(s.lbstatus).toEqual([-10, 5, 5]);
    [s, picks] = run(s, times(15));
    expect(picks.join(',')).toBe(
      ['static2,static3,static2,static3,static2,static3,static2,static3,static2', 'static3,static1,static2,static3,static1,static2'].join(','),
    );
  });

  it('counters sum to zero over the usable members after any byrequests pick', () => {
    const [s] = run(initialState({ members: [{ id: 'a', weight: 7 }, { id: 'b', weight: 2 }, { id: 'c', weight: 5 }] }), times(11));
    expect(s.lbstatus.reduce((x, y) => x + y, 0)).toBe(0);
  });
});
