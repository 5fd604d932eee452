import { describe, expect, it } from 'vitest';
import { Driver, type Happening } from './lbkit/index.js';
import { lessonOf } from './lessons.js';
import { ruleOf, verdicts } from './explain.js';

const runs = new Map<string, Extract<Happening, { kind: 'forwarded' }>[]>();

function forwards(id: string): Extract<Happening, { kind: 'forwarded' }>[] {
  const known = runs.get(id);
  if (known !== undefined) return known;
  const l = lessonOf(id)!;
  const d = new Driver(l.settings, l.actions);
  const out: Extract<Happening, { kind: 'forwarded' }>[] = [];
  // the first 40 s hold every story these tests read (B dies at 20 s in the sticky lesson)
  for (let h = d.take(40_000); h !== undefined; h = d.take(40_000)) if (h.kind === 'forwarded') out.push(h);
  runs.set(id, out);
  return out;
}

describe('explain', () => {
  it('names the chosen member and the candidates of a plain pick', () => {
    const f = forwards('weights')[1]!.why!;
    const v = verdicts(f);
    expect(v.map((m) => m.chosen)).toEqual([false, true, false]);
    expect(v.every((m) => m.candidate)).toBe(true);
    expect(ruleOf(f)).toContain('byrequests');
  });

  it('says a dead member was skipped in error state and that the carried route could not be used', () => {
    const moved = forwards('sticky').find((h) => h.at > 20_000 && h.why?.route === 'B' && h.member !== 1 && h.attempt === 1)!;
    const v = verdicts(moved.why!);
    expect(v[1]!.note).toMatch(/^skipped: error state, retry at \d/);
    expect(ruleOf(moved.why!)).toContain('route it carried (B) could not be used');
  });

  it('says a failover skipped the member already tried', () => {
    const failover = forwards('sticky').find((h) => h.attempt === 2)!;
    const v = verdicts(failover.why!);
    expect(v.some((m) => m.note === 'skipped: already tried by this request')).toBe(true);
  });
});

describe('explain p2c', () => {
  it('names the two members p2c drew, and the winner is the less busy of them', () => {
    const l = lessonOf('herding')!;
    const d = new Driver({ ...l.settings, method: 'p2c', durationMs: 2_000 });
    let checked = 0;
    for (let h = d.next(); h !== undefined; h = d.next()) {
      if (h.kind !== 'forwarded') continue;
      const f = h.why!;
      expect(f.drawn).not.toBeNull();
      const [a, b] = f.drawn!.map((id) => f.members.find((m) => m.id === id)!);
      const winner = b === undefined || b.busy * a!.weight >= a!.busy * b.weight ? a! : b;
      expect(String.fromCharCode(65 + h.member)).toBe(winner.id);
      checked++;
    }
    expect(checked).toBeGreaterThan(1_500);
  });

  it('explains a forced recovery', () => {
    const l = lessonOf('retry-storm')!;
    const d = new Driver({ ...l.settings, forceRecovery: true }, l.actions);
    for (let h = d.next(); h !== undefined; h = d.next()) {
      if (h.kind !== 'forwarded' || h.why?.recovered !== true) continue;
      expect(ruleOf(h.why)).toContain('forced recovery put them all back');
      expect(verdicts(h.why).filter((v) => v.candidate).length).toBeGreaterThan(1);
      return;
    }
    throw new Error('no forced recovery in the retry storm');
  });
});
