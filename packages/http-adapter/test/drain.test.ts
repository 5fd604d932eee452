/**
 * Graceful shutdown (issue 8, item 8): requests a client already sent are answered, never reset.
 * Node's own `server.close()` destroys a keep-alive connection whose next request sits unread in
 * the kernel; these tests put a request in exactly that spot.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, startProxy, startServer } from './helpers.js';
import { recordingMember, statusesOf } from './raw.js';

afterEach(closeAll);

const GET = 'GET /x HTTP/1.1\r\nHost: lab\r\n\r\n';

/** A keep-alive client on a raw socket: collects every byte, resolves `closed` with the end state. */
function client(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.setEncoding('latin1');
  let text = '';
  let waiter: { n: number; resolve: () => void } | null = null;
  socket.on('data', (d: string) => {
    text += d;
    if (waiter !== null && statusesOf(text).length >= waiter.n && text.endsWith('m1')) waiter.resolve();
  });
  const closed = new Promise<{ error: string | null }>((resolve) => {
    let error: string | null = null;
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ error }));
  });
  return {
    socket,
    text: () => text,
    closed,
    responses: (n: number) => new Promise<void>((resolve) => (waiter = { n, resolve })),
  };
}

async function setup() {
  const m = await recordingMember('m1');
  const { proxy, url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: m.url }] } } });
  return { proxy, port: Number(new URL(url).port), member: m };
}

describe('closing with a grace period', () => {
  it('answers a request already sent on an idle keep-alive connection, with Connection: close', async () => {
    const { proxy, port } = await setup();
    const c = client(port);
    const first = c.responses(1);
    c.socket.write(GET);
    await first;
    // The second request reaches the kernel now; the proxy's event loop has not read it yet.
    const second = c.responses(2);
    c.socket.write(GET);
    const closing = proxy.close({ graceMs: 20_000 });
    await Promise.race([second, c.closed]);
    expect(statusesOf(c.text())).toEqual([200, 200]);
    expect(c.text().split('HTTP/1.1')[2]).toMatch(/\r\nConnection: close\r\n/i);
    expect((await c.closed).error).toBeNull();
    await closing;
  });

  it('lets a request in flight finish, tells its client to close, and resolves once it is done', async () => {
    let release: () => void = () => {};
    const slow = await startServer((req, res) => {
      req.resume();
      release = () => res.end('m1');
    });
    const { proxy, url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: slow.url }] } } });
    const c = client(Number(new URL(url).port));
    const answered = c.responses(1);
    c.socket.write(GET);
    await new Promise<void>((resolve) => slow.server.once('request', () => setImmediate(resolve)));
    const closing = proxy.close({ graceMs: 20_000 });
    release();
    await answered;
    expect(c.text()).toMatch(/^HTTP\/1\.1 200 [^]*\r\nConnection: close\r\n/i);
    expect((await c.closed).error).toBeNull();
    await closing;
  });

  it('closes a connection that stays quiet, long before the grace period ends', async () => {
    const { proxy, port } = await setup();
    const c = client(port);
    const first = c.responses(1);
    c.socket.write(GET);
    await first;
    // Far past the test's own timeout: only the quiet-connection sweep can end this in time.
    await proxy.close({ graceMs: 600_000 });
    expect((await c.closed).error).toBeNull();
  });
});
