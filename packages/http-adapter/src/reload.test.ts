import { describe, expect, it } from 'vitest';
import { parseProxyConfig, type MemberInput } from './config.js';
import { keepsState, memberEvents, restartOnlyChanges } from './reload.js';

const cfg = (members: MemberInput[], extra: Record<string, unknown> = {}) =>
  parseProxyConfig({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members, ...extra } } });
const pool = (members: MemberInput[], extra: Record<string, unknown> = {}) => cfg(members, extra).pools['p']!;
const m = (id: string, more: Partial<MemberInput> = {}): MemberInput => ({ id, url: `http://127.0.0.1:${1000 + id.charCodeAt(0)}`, ...more });

describe('memberEvents', () => {
  it('is empty for the same members', () => {
    expect(memberEvents(pool([m('a'), m('b')]), pool([m('a'), m('b')]))).toEqual([]);
  });

  it('removes first, then adds, and replaces a member whose url, route, tier or standby changed', () => {
    const events = memberEvents(pool([m('a'), m('b'), m('c')]), pool([m('a', { url: 'http://127.0.0.1:9' }), m('c', { tier: 1 }), m('d')]));
    expect(events.map((e) => `${e.type} ${e.type === 'memberAdded' ? e.member.id : e.member}`)).toEqual([
      'memberRemoved a',
      'memberRemoved c',
      'memberRemoved b',
      'memberAdded a',
      'memberAdded c',
      'memberAdded d',
    ]);
  });

  it('sets weight and flags only where the file changed them', () => {
    const before = pool([m('a'), m('b', { draining: true }), m('c', { disabled: true })]);
    const after = pool([m('a', { weight: 3, disabled: true }), m('b', { draining: true }), m('c')]);
    expect(memberEvents(before, after)).toEqual([
      { type: 'weightChanged', member: 'a', weight: 3 },
      { type: 'memberEnabled', member: 'a' },
      { type: 'memberDisabled', member: 'a' },
      { type: 'memberEnabled', member: 'c' },
    ]);
  });
});

describe('what a reload may change', () => {
  it('keeps the state of a pool when only members or proxy settings changed', () => {
    expect(keepsState(pool([m('a')]), pool([m('a'), m('b')], { timeouts: { connectMs: 10 } }))).toBe(true);
    expect(keepsState(pool([m('a')]), pool([m('a')], { method: 'random' }))).toBe(false);
    expect(keepsState(pool([m('a')]), pool([m('a')], { sticky: { cookie: 'R' } }))).toBe(false);
  });

  it('names what needs a restart', () => {
    const base = cfg([m('a')]);
    expect(restartOnlyChanges(base, cfg([m('b')]))).toEqual([]);
    const moved = parseProxyConfig({ listen: [{ port: 9999 }], admin: { port: 1 }, server: { maxHeaderSize: 4096 }, mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [m('a')] } } });
    expect(restartOnlyChanges(base, moved).map((r) => r.split(':')[0])).toEqual(['listen', 'server.maxHeaderSize', 'admin']);
  });
});
