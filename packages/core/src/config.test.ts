import { describe, expect, it } from 'vitest';
import { initialState, formatPath, LbkitError, stickyFromApache, validatePoolConfig } from './index.js';

describe('validatePoolConfig', () => {
  it('fills in Apache defaults', () => {
    const r = validatePoolConfig({ members: [{ id: 'a' }] });
    expect(r).toEqual({
      ok: true,
      value: {
        members: [{ id: 'a', route: 'a', weight: 1, tier: 0, disabled: false, draining: false, standby: false }],
        method: 'byrequests',
        sticky: null,
        health: { failuresBeforeError: 1, retryMs: 60_000, failOnStatus: [], rise: 1, fall: 1, forceRecovery: false },
        maxAttempts: null,
        seed: 1,
        hashPointsPerWeight: 64,
      },
    });
  });

  it('returns every problem at once, each with its path and a fix', () => {
    const r = validatePoolConfig({
      method: 'roundrobin',
      members: [{ id: 'a', weight: 0 }, { id: 'b', tier: 1.5 }, { id: 'c', wieght: 2 }],
      health: { retryMs: -1 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const where = r.error.map((i) => formatPath(i.path)).sort();
    expect(where).toEqual(['health.retryMs', 'members[0].weight', 'members[1].tier', 'members[2]', 'method']);
    for (const issue of r.error) {
      expect(issue.message.length).toBeGreaterThan(0);
      expect(issue.fix.length).toBeGreaterThan(0);
    }
    expect(r.error.find((i) => formatPath(i.path) === 'members[0].weight')?.fix).toMatch(/1 to 100/);
    expect(r.error.find((i) => formatPath(i.path) === 'members[2]')?.fix).toMatch(/remove the key/);
  });

  it('finds duplicate ids and routes and a sticky setting with no carrier', () => {
    const r = validatePoolConfig({ sticky: {}, members: [{ id: 'a' }, { id: 'a' }, { id: 'b', route: 'x' }, { id: 'c', route: 'x' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((i) => i.code).sort()).toEqual(['duplicate_id', 'duplicate_route', 'duplicate_route', 'sticky_without_carrier']);
  });

  it('rejects what is not an object', () => {
    for (const input of [null, 42, 'pool', [], { members: 'a' }]) expect(validatePoolConfig(input).ok).toBe(false);
  });
});

describe('initialState', () => {
  it('throws one LbkitError naming the source, every path and its fix', () => {
    let error: unknown;
    try {
      initialState({ members: [{ id: 'a', weight: 500 }, { id: '' }] }, 'lbkit.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LbkitError);
    const e = error as LbkitError;
    expect(e.code).toBe('LBK_ERR_INVALID_CONFIG');
    expect(e.issues).toHaveLength(2);
    expect(e.message).toContain('lbkit.yaml: members[0].weight');
    expect(e.message).toContain('lbkit.yaml: members[1].id');
    expect(e.message).toContain('fix: use a whole number from 1 to 100');
  });
});

describe('stickyFromApache', () => {
  it('splits cookie|urlparam and uses a single name for both', () => {
    expect(stickyFromApache('ROUTEID|jsessionid')).toEqual({ cookie: 'ROUTEID', urlParam: 'jsessionid' });
    expect(stickyFromApache('JSESSIONID')).toEqual({ cookie: 'JSESSIONID', urlParam: 'JSESSIONID' });
  });
});
