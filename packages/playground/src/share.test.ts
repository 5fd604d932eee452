import { describe, expect, it } from 'vitest';
import { decodeFragment, encodeShared, type Shared } from './share.js';
import { DEFAULT_SETTINGS } from './settings.js';

describe('share fragment', () => {
  const shared: Shared = {
    settings: { ...DEFAULT_SETTINGS, method: 'p2c', seed: 77, members: [{ weight: 3, speed: 1 }, { weight: 1, speed: 2.5 }] },
    actions: [{ at: 1500.25, member: 1, kind: 'kill' }],
    t: 2500.5,
    n: 1234,
    speed: 2,
    compare: { method: 'bybusyness', forceRecovery: true },
  };

  it('round-trips every field', () => {
    expect(decodeFragment('#' + encodeShared(shared)).shared).toEqual(shared);
  });

  it('reads a lesson link', () => {
    expect(decodeFragment('#lesson=weights')).toEqual({ lesson: 'weights' });
  });

  it('survives garbage and clamps hostile numbers', () => {
    expect(decodeFragment('#s=%%%')).toEqual({});
    const evil = btoa(JSON.stringify({ settings: { rate: 1e12, members: new Array(50).fill({ weight: 1e9 }) }, actions: [{ at: 5, member: 99, kind: 'kill' }] }));
    const s = decodeFragment(`#s=${evil}`).shared!;
    expect(s.settings.rate).toBe(5_000);
    expect(s.settings.members).toHaveLength(10);
    expect(s.settings.members[0]!.weight).toBe(100);
    expect(s.actions).toEqual([]);
    expect(s.settings.durationMs * s.settings.rate / 1000).toBeLessThanOrEqual(1_000_000);
  });
});
