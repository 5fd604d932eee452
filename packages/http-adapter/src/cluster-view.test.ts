import { describe, expect, it } from 'vitest';
import { mergeViews } from './cluster-view.js';
import type { MemberView, PoolView } from './member-view.js';

const member = (id: string, more: Partial<MemberView> = {}): MemberView => ({
  id,
  url: `http://h/${id}`,
  route: id,
  weight: 1,
  tier: 0,
  standby: false,
  health: 'ok',
  why: 'healthy',
  inFlight: 1,
  lbstatus: 0,
  counters: { forwarded: 10, responses: 9, failures: 1, lastFailure: null },
  error: null,
  check: { status: 'up', passes: 0, fails: 0 },
  ...more,
});
const pool = (members: MemberView[]): PoolView => ({ name: 'web', method: 'byrequests', stickyCookie: null, members });

describe('mergeViews', () => {
  it('sums in-flight and counters over workers', () => {
    const [web] = mergeViews([[pool([member('a')])], [pool([member('a', { inFlight: 2 })])]]);
    expect(web!.members[0]).toMatchObject({ inFlight: 3, counters: { forwarded: 20, responses: 18, failures: 2 }, health: 'ok', why: 'healthy' });
  });

  it('shows a member the workers disagree on as mixed, with each worker, and the latest retry', () => {
    const error = { failures: 1, retryAt: '2026-01-01T00:00:00.000Z', retryInMs: 5_000 };
    const [web] = mergeViews([[pool([member('a')])], [pool([member('a', { health: 'error', why: 'in error', error, counters: { forwarded: 1, responses: 0, failures: 1, lastFailure: 'refused' } })])]]);
    expect(web!.members[0]).toMatchObject({ health: 'mixed', why: 'worker 1: ok (healthy); worker 2: error (in error)', error, counters: { lastFailure: 'refused' } });
  });
});
