import { request } from 'node:http';
import type { LogEntry, RequestOutcome } from '@lbkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, refusedPort, send, sendLoose, startProxy, startServer } from './helpers.js';

afterEach(closeAll);

/** A recorder that resolves when an outcome event arrives. */
function outcomes() {
  const seen: RequestOutcome[] = [];
  const waiting: ((e: RequestOutcome) => void)[] = [];
  const record = (e: LogEntry): void => {
    if (e.type !== 'apply' || !['responseReceived', 'requestFailed', 'requestAbandoned'].includes(e.event.type)) return;
    seen.push(e.event as RequestOutcome);
    waiting.shift()?.(e.event as RequestOutcome);
  };
  const next = (): Promise<RequestOutcome> => new Promise((resolve) => waiting.push(resolve));
  return { seen, record, next };
}

describe('one outcome per forward', () => {
  it('reports requestAbandoned when the client leaves before the member answered', async () => {
    let arrived: () => void = () => {};
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const slow = await startServer(() => arrived());
    const o = outcomes();
    const { proxy, url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: slow.url }] } } }, { record: o.record });
    const client = request(url, { agent: false });
    client.on('error', () => {});
    client.end();
    await reached;
    const abandoned = o.next();
    client.destroy();
    expect(await abandoned).toEqual({ type: 'requestAbandoned', member: 'm1' });
    expect(proxy.state('p').busy).toEqual([0]);
    expect(proxy.state('p').members[0]!.status).toBe('ok');
  });

  it('reports each failed attempt and the final response, in order', async () => {
    const o = outcomes();
    const { proxy, url } = await startProxy(
      { mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: `http://127.0.0.1:${await refusedPort()}` }, { id: 'm2', url: (await namedMember('m2')).url }] } } },
      { record: o.record },
    );
    await send(url);
    expect(o.seen).toEqual([
      { type: 'requestFailed', member: 'm1', cause: 'refused' },
      { type: 'responseReceived', member: 'm2', status: 200 },
    ]);
    expect(proxy.state('p').busy).toEqual([0, 0]);
  });

  it('reports responseReceived only once the body ended, with the status', async () => {
    const o = outcomes();
    const m = await startServer((_req, res) => res.writeHead(503, { 'Content-Length': '4' }).end('busy'));
    const { proxy, url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { health: { failOnStatus: [503] }, members: [{ id: 'm1', url: m.url }] } } }, { record: o.record });
    const r = await sendLoose(url);
    expect(r).toMatchObject({ status: 503, body: 'busy', complete: true });
    expect(o.seen).toEqual([{ type: 'responseReceived', member: 'm1', status: 503 }]);
    expect(proxy.state('p').members[0]!.status).toBe('error'); // failOnStatus
  });
});

describe('closing', () => {
  it('lets a request in flight finish within the grace period, then resolves', async () => {
    let arrived: () => void = () => {};
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    let answer: () => void = () => {};
    const m = await startServer((_req, res) => {
      answer = () => res.end('late but whole');
      arrived();
    });
    const { proxy, url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: m.url }] } } });
    const reply = send(url);
    await reached;
    const closed = proxy.close({ graceMs: 10_000 });
    answer();
    expect((await reply).body).toBe('late but whole');
    await closed;
    await expect(send(url)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('member connections', () => {
  it('keeps the connection after a HEAD (undici would close it) and relays the HEAD answer without a body', async () => {
    const m = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '5' });
      res.end('hello'); // Node leaves the body out for HEAD
    });
    const { url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: m.url }] } } });
    const head = await send(`${url}/a`, { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '5', '']);
    expect((await send(`${url}/b`, { method: 'HEAD' })).status).toBe(200);
    expect((await send(`${url}/c`)).body).toBe('hello');
    // one member connection served all three requests, one after the other
    expect(new Set(m.seen.map((r) => r.socket)).size).toBe(1);
  });
});
