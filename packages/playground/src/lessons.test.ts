/**
 * Each lesson's text makes claims about the run; these check them against the real core and sim.
 */
import { describe, expect, it } from 'vitest';
import { Driver, type Happening, runToEnd } from './lbkit/index.js';
import { type Lesson, lessonOf, LESSONS } from './lessons.js';

/** The lesson's happenings up to `until` (virtual ms), with decision facts only when asked. */
function all(l: Lesson, until = Infinity, explain = false): Happening[] {
  const d = new Driver(l.settings, l.actions, explain ? 'explain' : 'happenings');
  const out: Happening[] = [];
  for (let h = d.take(until); h !== undefined; h = d.take(until)) out.push(h);
  return out;
}

const forwarded = (hs: readonly Happening[]) => hs.filter((h): h is Extract<Happening, { kind: 'forwarded' }> => h.kind === 'forwarded');
const letters = (hs: readonly Happening[], n: number) => forwarded(hs).slice(0, n).map((h) => String.fromCharCode(65 + h.member)).join(',');
const lesson = (id: string) => lessonOf(id)!;

describe('lessons', () => {
  it('have distinct ids and a text', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) expect(l.text.length).toBeGreaterThan(100);
  });

  it('round robin goes A, B, C, A, B, C', () => {
    expect(letters(all(lesson('round-robin'), 5_000), 6)).toBe('A,B,C,A,B,C');
  });

  it('weights 3, 1, 1 go A, B, A, C, A and again', () => {
    const hs = all(lesson('weights'), 5_000, true);
    expect(letters(hs, 10)).toBe('A,B,A,C,A,A,B,A,C,A');
    const first = forwarded(hs)[0]!.why!;
    expect(first.members.map((m) => m.counter)).toEqual([0, 0, 0]);
    expect(first.countersAfter).toEqual([-2, 1, 1]);
  });

  it('sticky: sessions leave the dead member B and it takes nothing while dead', () => {
    const hs = forwarded(all(lesson('sticky'), 100_000, true));
    const onB = hs.filter((h) => h.member === 1);
    expect(onB.filter((h) => h.at < 20_000).length).toBeGreaterThan(100);
    // after the crash only retry probes reach B (one per retry period), and they fail
    const probes = onB.filter((h) => h.at >= 20_000);
    expect(probes.length).toBeLessThanOrEqual(5);
    const moved = hs.filter((h) => h.at > 20_000 && h.why?.route === 'B' && h.member !== 1);
    expect(moved.length).toBeGreaterThan(10);
    expect(moved[0]!.broken).toBe(true);
  });

  it('retry period: B restarted at 12 s stays idle until about 25 s', () => {
    const onB = forwarded(all(lesson('retry-period'), 30_000)).filter((h) => h.member === 1);
    expect(onB.filter((h) => h.at > 6_000 && h.at < 24_000)).toEqual([]);
    const back = onB.find((h) => h.at >= 24_000)!;
    expect(back.at).toBeLessThan(26_000);
  });

  it('herding: bybusyness with 16 balancers loses to p2c and to itself with one balancer', () => {
    const l = lesson('herding');
    const many = runToEnd(l.settings, []);
    const one = runToEnd({ ...l.settings, balancers: 1 }, []);
    const p2c = runToEnd({ ...l.settings, method: l.compare.method }, []);
    expect(many.latency.p99).toBeGreaterThan(one.latency.p99 * 1.5);
    expect(p2c.latency.p99).toBeLessThan(many.latency.p99);
    expect(p2c.latency.p50).toBeLessThan(many.latency.p50);
  });

  it('retry storm: refusals outlive the slow-down; forced recovery multiplies the attempts', () => {
    const l = lesson('retry-storm');
    const hs = all(l);
    const late = hs.filter((h) => h.kind === 'refused' && h.at > 25_000 && h.reason === 'all-down');
    expect(late.length).toBeGreaterThan(100);
    const off = runToEnd(l.settings, l.actions);
    const on = runToEnd({ ...l.settings, forceRecovery: true }, l.actions);
    expect(on.failovers).toBeGreaterThan(off.failovers * 5);
  });
});
