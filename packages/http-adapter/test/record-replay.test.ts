import { type LogEntry, replayLog } from '@lbkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, CookieJar, ManualClock, namedMember, refusedPort, send, startProxy } from './helpers.js';

afterEach(closeAll);

describe('recording the core inputs', () => {
  it('gives a log that the core replays to the same decisions and states', async () => {
    const entries: LogEntry[] = [];
    const clock = new ManualClock();
    const statics = [await namedMember('static1'), await refusedPort(), await namedMember('static3')];
    const dynamics = await Promise.all([1, 2, 3].map((i) => namedMember(`dynamic${i}`)));
    const { proxy, url } = await startProxy(
      {
        mounts: [
          { prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' },
          { prefix: '/', pool: 'static' },
        ],
        pools: {
          dynamic: { members: dynamics.map((m, i) => ({ id: `dynamic${i + 1}`, url: m.url })) },
          static: {
            sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid' },
            healthCheck: {},
            members: statics.map((m, i) => ({ id: `static${i + 1}`, url: typeof m === 'number' ? `http://127.0.0.1:${m}` : m.url })),
          },
        },
      },
      { now: clock.now, record: (e) => entries.push(e) },
    );
    const jar = new CookieJar();
    for (let i = 0; i < 4; i++) {
      await send(`${url}/api/jokes/`);
      await jar.get(`${url}/page${i}`);
      await send(`${url}/`, { headers: { Cookie: 'ROUTEID=.static2' } });
      clock.advance(20_000);
    }
    await proxy.checkHealth();
    proxy.apply('dynamic', { type: 'memberDrainStarted', member: 'dynamic3' });
    await send(`${url}/api/jokes/`);

    expect(entries.filter((e) => e.type === 'start').map((e) => e.pool)).toEqual(['dynamic', 'static']);
    const failovers = entries.filter((e) => e.type === 'decide' && (e.request.tried?.length ?? 0) > 0);
    expect(failovers.length).toBeGreaterThan(0);
    // Three failing members in a row: each decide entry keeps the tried list it was given.
    const chain = await startProxy(
      {
        mounts: [{ prefix: '/', pool: 'chain' }],
        pools: { chain: { members: [await refusedPort(), await refusedPort(), await refusedPort()].map((p, i) => ({ id: `c${i + 1}`, url: `http://127.0.0.1:${p}` })) } },
      },
      { now: clock.now, record: (e) => entries.push(e) },
    );
    await send(chain.url);
    const tried = entries.filter((e) => e.type === 'decide' && e.pool === 'chain').map((e) => (e.type === 'decide' ? e.request.tried : null));
    expect(tried).toEqual([[], ['c1'], ['c1', 'c2'], ['c1', 'c2', 'c3']]);

    const replay = replayLog(JSON.parse(JSON.stringify(entries)) as LogEntry[]);
    expect(replay.ok).toBe(true);
    expect(replay.decisions).toBe(entries.filter((e) => e.type === 'decide').length);
    expect(replay.pools.get('static')?.snapshot()).toEqual(proxy.state('static'));
    expect(replay.pools.get('dynamic')?.snapshot()).toEqual(proxy.state('dynamic'));
    expect(replay.pools.get('chain')?.snapshot()).toEqual(chain.proxy.state('chain'));
  });
});
