import { Agent, request } from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';
import { parseProxyConfig, type PoolInput, type ProxyConfigInput } from '../src/index.js';
import { closeAll, namedMember, refusedPort, send, startProxy, type TestServer } from './helpers.js';

afterEach(closeAll);

/** Sends `total` GETs over `concurrency` keep-alive connections; counts statuses and connections opened. */
function load(url: string, total: number, concurrency: number, onEach: (i: number) => void) {
  let opened = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const create = agent.createConnection.bind(agent);
  agent.createConnection = ((...args: Parameters<typeof create>) => {
    opened++;
    return create(...args);
  }) as typeof agent.createConnection;
  const statuses = new Map<number, number>();
  let sent = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const i = sent++;
      const req = request(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          onEach(i);
          resolve();
        });
      });
      req.on('error', () => {
        statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
        resolve();
      });
      req.end();
    });
  const worker = async (): Promise<void> => {
    while (sent < total) await one();
  };
  return Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
    agent.destroy();
    return { statuses, opened };
  });
}

function config(members: readonly TestServer[], ids: readonly string[], extra: Partial<PoolInput> = {}, dead?: number): ProxyConfigInput {
  const list = ids.map((id, i) => ({ id, url: members[i]!.url }));
  if (dead !== undefined) list.push({ id: 'dead', url: `http://127.0.0.1:${dead}` });
  return { listen: [{ host: '127.0.0.1', port: 0 }], mounts: [{ prefix: '/', pool: 'web' }], pools: { web: { sticky: { cookie: 'ROUTEID' }, health: { retryMs: 600_000 }, members: list, ...extra } } };
}

describe('reload', () => {
  it('under load: no failed request, no connection closed, unchanged members keep health, counters and routes', async () => {
    const servers = await Promise.all(['a', 'b', 'c'].map((n) => namedMember(n)));
    const dead = await refusedPort();
    const { proxy, url } = await startProxy(config(servers, ['a', 'b'], {}, dead), { metrics: true });
    // Put "dead" in error (retry in 10 min) and bind a session to b.
    for (let i = 0; i < 4; i++) await send(url);
    expect(proxy.view()[0]!.members.find((m) => m.id === 'dead')!.health).toBe('error');
    const b = await send(url, { headers: { Cookie: 'ROUTEID=.b' } });
    expect(b.body).toBe('b');
    const before = proxy.view()[0]!.members.find((m) => m.id === 'b')!.counters.forwarded;

    const plan = new Map<number, () => void>([
      [200, () => expect(proxy.reload(parseProxyConfig(config(servers, ['a', 'b'], {}, dead))).ok).toBe(true)],
      [400, () => expect(proxy.reload(parseProxyConfig(config(servers, ['a', 'b', 'c'], {}, dead))).ok).toBe(true)],
      [600, () => expect(proxy.reload(parseProxyConfig({ ...config(servers, ['a', 'b', 'c'], {}, dead), listen: [{ port: 1 }] })).ok).toBe(false)],
      [800, () => expect(proxy.reload(parseProxyConfig(config([servers[1]!, servers[2]!], ['b', 'c'], {}, dead))).ok).toBe(true)],
    ]);
    const results: string[] = [];
    const { statuses, opened } = await load(url, 1200, 6, (i) => {
      const step = plan.get(i);
      if (step) results.push(String(step()));
    });
    expect(results).toHaveLength(4);
    expect(Object.fromEntries(statuses)).toEqual({ 200: 1200 });
    expect(opened).toBeLessThanOrEqual(6);

    const members = proxy.view()[0]!.members;
    expect(members.map((m) => m.id)).toEqual(['b', 'dead', 'c']);
    expect(members.find((m) => m.id === 'dead')!.health).toBe('error');
    expect(members.find((m) => m.id === 'b')!.counters.forwarded).toBeGreaterThan(before);
    expect((await send(url, { headers: { Cookie: 'ROUTEID=.b' } })).body).toBe('b');
    expect((await send(url, { headers: { Cookie: 'ROUTEID=.c' } })).body).toBe('c');
  });

  it('a configuration that cannot apply leaves the old one running and says why', async () => {
    const servers = await Promise.all(['a', 'b'].map((n) => namedMember(n)));
    const { proxy, url } = await startProxy(config(servers, ['a', 'b']));
    const r = proxy.reload(parseProxyConfig({ ...config(servers, ['a']), listen: [{ host: '127.0.0.1', port: 1 }], pools: { web: { members: [{ id: 'a', url: servers[0]!.url }], tls: { caFile: '/nonexistent/ca.pem' } } } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons.join('\n')).toMatch(/listen: .*restart/);
    expect(r.reasons.join('\n')).toMatch(/tls\.caFile: cannot read \/nonexistent\/ca\.pem/);
    expect(proxy.state('web').members.map((m) => m.id)).toEqual(['a', 'b']);
    expect((await send(url)).status).toBe(200);
  });

  it('a changed lbmethod starts the pool afresh; weight and flag changes in the file apply, runtime changes to untouched members stay', async () => {
    const servers = await Promise.all(['a', 'b'].map((n) => namedMember(n)));
    const { proxy } = await startProxy(config(servers, ['a', 'b']));
    proxy.command({ type: 'drain', pool: 'web', member: 'a' });
    const next = config(servers, ['a', 'b']);
    (next.pools['web']!.members as unknown as { weight?: number }[])[1]!.weight = 4;
    const r = proxy.reload(parseProxyConfig(next));
    expect(r.ok && r.changes).toEqual(['web: weightChanged b (weight 4)']);
    expect(proxy.state('web').members.map((m) => [m.id, m.draining, m.weight])).toEqual([['a', true, 1], ['b', false, 4]]);
    const r2 = proxy.reload(parseProxyConfig(config(servers, ['a', 'b'], { method: 'bybusyness' })));
    expect(r2.ok && r2.changes).toEqual(['web: balancing settings changed; the pool starts afresh']);
    expect(proxy.state('web').settings.method).toBe('bybusyness');
    expect(proxy.state('web').members[0]!.draining).toBe(false);
  });
});


describe('reload and health checks', () => {
  it('starts checks that the new file turns on, on members kept and added', async () => {
    const servers = await Promise.all(['a', 'b'].map((n) => namedMember(n)));
    const { proxy } = await startProxy(config(servers, ['a']), { healthChecks: true });
    expect(proxy.reload(parseProxyConfig(config(servers, ['a', 'b'], { healthCheck: { intervalMs: 60_000, path: '/hc' } }))).ok).toBe(true);
    await expect.poll(() => servers.map((s) => s.seen.map((r) => r.url).join()), { timeout: 5_000 }).toEqual(['/hc', '/hc']);
  });
});
