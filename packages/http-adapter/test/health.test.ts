import type { LogEntry } from '@lbkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, send, startProxy, startServer } from './helpers.js';

afterEach(closeAll);

describe('active health checks', () => {
  it('take a failing member out before clients see it, and bring it back after rise passes', async () => {
    let healthy = true;
    const flaky = await startServer((req, res) => {
      if (req.url === '/health') res.writeHead(healthy ? 200 : 500).end();
      else res.end('m1');
    });
    const m2 = await namedMember('m2');
    const { proxy, url } = await startProxy({
      mounts: [{ prefix: '/', pool: 'p' }],
      pools: {
        p: {
          health: { rise: 2, fall: 1 },
          healthCheck: { path: '/health', expectStatus: [200] },
          members: [{ id: 'm1', url: flaky.url }, { id: 'm2', url: m2.url }],
        },
      },
    });
    healthy = false;
    await proxy.checkHealth();
    expect(proxy.state('p').members.map((m) => m.check)).toEqual(['down', 'up']);
    expect([(await send(url)).body, (await send(url)).body, (await send(url)).body]).toEqual(['m2', 'm2', 'm2']);

    healthy = true;
    await proxy.checkHealth();
    expect(proxy.state('p').members[0]!.check).toBe('down'); // rise is 2
    await proxy.checkHealth('p');
    expect(proxy.state('p').members[0]!.check).toBe('up');
    const bodies = [(await send(url)).body, (await send(url)).body];
    expect(bodies.sort()).toEqual(['m1', 'm2']);
  });

  it('count a member that refuses connections as failing', async () => {
    const m1 = await namedMember('m1');
    const { proxy } = await startProxy({
      mounts: [{ prefix: '/', pool: 'p' }],
      pools: { p: { healthCheck: {}, members: [{ id: 'm1', url: m1.url }] } },
    });
    await m1.close();
    await proxy.checkHealth();
    expect(proxy.state('p').members[0]!.check).toBe('down');
  });

  it('run on their interval once listening and report to the core', async () => {
    const m1 = await namedMember('m1');
    let resolveChecked: (e: LogEntry) => void = () => {};
    const checked = new Promise<LogEntry>((resolve) => (resolveChecked = resolve));
    const record = (e: LogEntry): void => {
      if (e.type === 'apply' && e.event.type === 'healthChecked') resolveChecked(e);
    };
    await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { healthCheck: { intervalMs: 50 }, members: [{ id: 'm1', url: m1.url }] } } }, { healthChecks: true, record });
    const entry = await checked;
    expect(entry).toMatchObject({ type: 'apply', pool: 'p', event: { type: 'healthChecked', member: 'm1', ok: true } });
    expect(m1.seen[0]!.headers['user-agent']).toBe('lbkit-health-check');
  });
});
