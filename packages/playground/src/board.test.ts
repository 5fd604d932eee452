import { describe, expect, it } from 'vitest';
import { Board } from './board.js';
import { Driver } from './lbkit/index.js';
import { lessonOf } from './lessons.js';

function played(id: string): Board {
  const l = lessonOf(id)!;
  // shorter than the lessons (the invariants hold at any length), without decision facts
  const d = new Driver({ ...l.settings, durationMs: 25_000 }, l.actions, 'happenings');
  const b = new Board(l.settings.members.length, l.settings.balancers);
  for (let h = d.next(); h !== undefined; h = d.next()) b.take(h);
  return b;
}

describe('Board', () => {
  it('ends a run with nothing in flight and every request accounted for', () => {
    for (const id of ['sticky', 'retry-storm', 'herding']) {
      const b = played(id);
      expect(b.members.map((m) => m.inFlight)).toEqual(b.members.map(() => 0));
      expect(b.served + b.refused).toBe(b.sent);
      const tries = b.members.reduce((a, m) => a + m.forwarded, 0);
      expect(tries).toBe(b.members.reduce((a, m) => a + m.served + m.failed, 0));
    }
  });

  it('shows a dead member as dead, in error state, with no recent traffic', () => {
    const l = lessonOf('sticky')!;
    const d = new Driver(l.settings, l.actions, 'happenings');
    const b = new Board(3, 1);
    for (let h = d.take(40_000); h !== undefined; h = d.take(40_000)) b.take(h);
    b.now = 40_000;
    expect(b.members[1]!.crashed).toBe(true);
    expect(b.members[1]!.status).toEqual(['error']);
    expect(b.recentOf(1).perSec).toBe(0);
    expect(b.recentOf(0).perSec).toBeGreaterThan(10);
  });
});

describe('Board notable requests', () => {
  it('keeps the sessions that moved off a dead member, long after the recent list forgot them', () => {
    const l = lessonOf('sticky')!;
    const d = new Driver(l.settings, l.actions);
    const b = new Board(3, 1);
    for (let h = d.take(40_000); h !== undefined; h = d.take(40_000)) b.take(h);
    const moved = b.notable.filter((r) => r.attempts[0]?.why?.route === 'B' && r.attempts.every((a) => a.member !== 1));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved[0]!.sentAt).toBeLessThan(25_000);
    expect(b.requests.has(moved[0]!.id)).toBe(false);
    expect(b.request(moved[0]!.id)).toBe(moved[0]);
  });
});
