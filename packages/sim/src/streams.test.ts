import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from './scenario.js';
import { ofType, simulate$ } from './streams.js';

const tiny: Scenario = {
  name: 'tiny',
  durationMs: 100,
  pools: { web: { members: [{ id: 'a' }, { id: 'b' }] } },
  serverDefaults: { concurrency: 1, queue: 10, service: { type: 'constant', ms: 5 } },
  balancers: { routes: [{ prefix: '/', pool: 'web' }] },
  clients: [{ type: 'open', name: 'c', arrivals: { type: 'fixed', ratePerSec: 100 }, paths: [{ path: '/' }] }],
};

describe('simulate$', () => {
  it('emits a timeline like a marble diagram: sent at 0, 10, 20 …, served 5 ms later, alternating a, b', async () => {
    const served = await firstValueFrom(simulate$(tiny).pipe(ofType('requestServed'), toArray()));
    expect(served.map((e) => `${e.at}:${e.member}`)).toEqual([
      '5:a', '15:b', '25:a', '35:b', '45:a', '55:b', '65:a', '75:b', '85:a', '95:b',
    ]);
  });

  it('delivers the report when the run has drained, and events in time order', async () => {
    let lost = -1;
    const all = await firstValueFrom(simulate$(tiny, { onReport: (r) => (lost = r.requests.lost) }).pipe(toArray()));
    expect(lost).toBe(0);
    for (let i = 1; i < all.length; i++) expect(all[i]!.at).toBeGreaterThanOrEqual(all[i - 1]!.at);
  });
});
