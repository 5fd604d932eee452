import { describe, expect, it } from 'vitest';
import { Driver, type Happening } from './lbkit.js';
import { lessonOf } from './lessons.js';
import { ruleOf, verdicts } from './explain.js';

function forwards(id: string): Extract<Happening, { kind: 'forwarded' }>[] {
  const l = lessonOf(id)!;
  const d = new Driver(l.settings, l.actions);
  const out: Extract<Happening, { kind: 'forwarded' }>[] = [];
  for (let h = d.next(); h !== undefined; h = d.next()) if (h.kind === 'forwarded') out.push(h);
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
