import { afterEach, describe, expect, it } from 'vitest';
import type { PoolInput } from '../src/index.js';
import { blackHole, closeAll, ManualClock, namedMember, refusedPort, send, sendLoose, startProxy, startServer, type TestServer } from './helpers.js';

afterEach(closeAll);

type Member = TestServer | number;
const urlOf = (m: Member): string => (typeof m === 'number' ? `http://127.0.0.1:${m}` : m.url);

async function pool(members: Member[], extra: Partial<PoolInput> = {}, clock = new ManualClock()) {
  const { proxy, url } = await startProxy(
    {
      mounts: [{ prefix: '/', pool: 'p' }],
      pools: { p: { members: members.map((m, i) => ({ id: `m${i + 1}`, url: urlOf(m) })), ...extra } },
    },
    { now: clock.now },
  );
  return { proxy, url, clock };
}

/** A member that reads the request, then hangs up without answering. */
const hangUp = () => startServer((req, res) => {
  req.resume();
  req.on('end', () => res.socket?.destroy());
});

/** A member that never answers. */
const silent = () => startServer((req) => req.resume());

const status = (proxy: { state(p: string): { members: readonly { status: string }[] } }) => proxy.state('p').members.map((m) => m.status);

describe('failover', () => {
  it('fails over transparently when a member refuses connections, and marks it in error', async () => {
    const { proxy, url } = await pool([await refusedPort(), await namedMember('m2'), await namedMember('m3')]);
    const r = await send(url);
    expect(r.status).toBe(200);
    expect(r.body).toBe('m2');
    expect(status(proxy)).toEqual(['error', 'ok', 'ok']);
    const next = [(await send(url)).body, (await send(url)).body, (await send(url)).body];
    expect(next).not.toContain('m1');
    expect(proxy.state('p').busy).toEqual([0, 0, 0]);
  });

  it('fails over when a member does not accept the connection within connectMs, even a streamed POST', async () => {
    const { proxy, url } = await pool([await blackHole(), await namedMember('m2')], { timeouts: { connectMs: 500 }, holdBodyBytes: 0 });
    const r = await send(url, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(r.body).toBe('m2');
    expect(status(proxy)).toEqual(['error', 'ok']);
  });

  it('fails over a streamed POST when the member refused it: no byte of the body was sent', async () => {
    const echo = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(`got ${Buffer.concat(chunks).length}`));
    });
    const { url } = await pool([await refusedPort(), echo], { holdBodyBytes: 0 });
    const r = await send(url, { method: 'POST', body: Buffer.alloc(200_000, 7) });
    expect(r.body).toBe('got 200000');
  });

  it('moves a sticky session to a live member with a new cookie when its member is down', async () => {
    const { url } = await pool([await namedMember('m1'), await refusedPort(), await namedMember('m3')], { sticky: { cookie: 'ROUTEID' } });
    const r = await send(url, { headers: { Cookie: 'ROUTEID=.m2' } });
    expect(r.status).toBe(200);
    expect(r.headers['set-cookie']).toEqual([`ROUTEID=.${r.body}; Path=/`]);
    expect(r.body).not.toBe('m2');
  });

  it('answers 503 with the core reason when every member is down', async () => {
    const { url } = await pool([await refusedPort()]);
    const first = await send(url);
    expect(first.status).toBe(503);
    // The one allowed attempt failed and nobody is left to try: the core says why.
    expect(first.headers['x-lbkit-reason']).toBe('all-down');
    expect(first.body).toMatch(/^503 /);
    expect((await send(url)).headers['x-lbkit-reason']).toBe('all-down');
  });

  it('retries an idempotent request when the member hangs up before answering', async () => {
    const { proxy, url } = await pool([await hangUp(), await namedMember('m2')]);
    const r = await send(url, { method: 'PUT', body: 'small held body' });
    expect(r.body).toBe('m2');
    expect(status(proxy)).toEqual(['error', 'ok']);
  });

  it('answers 502 to a streamed POST whose member hung up: it is not retried', async () => {
    const other = await namedMember('m2');
    const { url } = await pool([await hangUp(), other]);
    const r = await send(url, { method: 'POST', body: 'x'.repeat(1000) });
    expect(r.status).toBe(502);
    expect(r.headers['x-lbkit-reason']).toBe('upstream-reset');
    expect(other.seen).toHaveLength(0);
  });

  it('cuts the client response when a member crashes mid-response, and takes the member out', async () => {
    const crashing = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('partial', () => res.socket?.destroy());
    });
    const { proxy, url } = await pool([crashing, await namedMember('m2')]);
    const r = await sendLoose(url);
    expect(r.status).toBe(200);
    expect(r.complete).toBe(false);
    expect(status(proxy)).toEqual(['error', 'ok']);
    expect((await send(url)).body).toBe('m2');
    expect(proxy.state('p').busy).toEqual([0, 0]);
  });

  it('fails a GET over to another member when one hangs past the response timeout', async () => {
    const { proxy, url } = await pool([await silent(), await namedMember('m2')], { timeouts: { responseMs: 500 } });
    const r = await send(url);
    expect(r.body).toBe('m2');
    expect(status(proxy)).toEqual(['error', 'ok']);
  });

  it('answers 504 to a streamed POST when the member hangs past the response timeout', async () => {
    const { url } = await pool([await silent(), await namedMember('m2')], { timeouts: { responseMs: 500 }, holdBodyBytes: 0 });
    const r = await send(url, { method: 'POST', body: 'data' });
    expect(r.status).toBe(504);
    expect(r.headers['x-lbkit-reason']).toBe('upstream-timeout');
  });

  it('cuts a response whose body stalls past the idle timeout', async () => {
    const stalling = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '10' });
      res.write('abc');
    });
    const { proxy, url } = await pool([stalling], { timeouts: { idleMs: 150 } });
    const r = await sendLoose(url);
    expect(r.complete).toBe(false);
    expect(status(proxy)).toEqual(['error']);
  });

  it('retries on a fresh connection when a pooled one was closed by the member, without blaming it', async () => {
    // The member answers the first request of each connection and hangs up on the second: the
    // keep-alive race, made certain.
    const perSocket = new WeakMap<object, number>();
    const m1 = await startServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n > 1) return void req.socket.destroy();
      res.end('m1');
    });
    const { proxy, url } = await pool([m1]);
    expect((await send(url)).body).toBe('m1');
    expect((await send(url)).body).toBe('m1');
    expect(status(proxy)).toEqual(['ok']);
    expect(m1.seen).toHaveLength(3);
  });

  it('tries a member in error again once retry has elapsed, and it recovers', async () => {
    const port = await refusedPort();
    const clock = new ManualClock();
    const { proxy, url } = await pool([port, await namedMember('m2')], { health: { retryMs: 60_000 } }, clock);
    expect((await send(url)).body).toBe('m2');
    expect(status(proxy)).toEqual(['error', 'ok']);
    await namedMember('m1', port);
    clock.advance(59_999);
    expect([(await send(url)).body, (await send(url)).body]).toEqual(['m2', 'm2']);
    clock.advance(1);
    const after = [(await send(url)).body, (await send(url)).body];
    expect(after).toContain('m1');
    expect(status(proxy)).toEqual(['ok', 'ok']);
  });
});
