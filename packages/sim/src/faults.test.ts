import { describe, expect, it } from 'vitest';
import { expandFaults } from './faults.js';

describe('expandFaults', () => {
  it('turns a windowed fault into on and off', () => {
    expect(expandFaults([{ kind: 'slow', server: 's', at: 10, forMs: 5, factor: 3 }], 1, 100).map((f) => [f.at, f.fault, f.active, f.factor])).toEqual([
      [10, 'slow', true, 3],
      [15, 'slow', false, 3],
    ]);
  });

  it('flaps down and up every half period until the window ends', () => {
    const f = expandFaults([{ kind: 'flap', server: 's', at: 0, forMs: 250, periodMs: 100 }], 1, 1000);
    expect(f.map((a) => `${a.at}${a.active ? 'v' : '^'}`).join(' ')).toBe('0v 50^ 100v 150^ 200v 250^');
  });

  it('draws random faults from their own stream: same seed, same schedule; others do not disturb it', () => {
    const random = { kind: 'random' as const, fault: 'crash' as const, servers: ['a'], mtbfMs: 1000, mttrMs: 100 };
    const alone = expandFaults([random], 7, 20_000);
    expect(alone.length).toBeGreaterThan(10);
    expect(expandFaults([random], 7, 20_000)).toEqual(alone);
    expect(expandFaults([random], 8, 20_000)).not.toEqual(alone);
    // each repair follows its failure, and faults alternate on/off
    alone.forEach((a, i) => expect(a.active).toBe(i % 2 === 0));
    for (let i = 1; i < alone.length; i++) expect(alone[i]!.at).toBeGreaterThan(alone[i - 1]!.at);
  });
});
