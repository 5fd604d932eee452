import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { closeAll, startProxy } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await closeAll();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
});

/** A member whose WebSocket endpoint echoes every message prefixed with its name; plain requests get 200. */
async function wsMember(name: string): Promise<{ url: string; wss: WebSocketServer; upgrades: string[] }> {
  const server = createServer((req, res) => res.end(`${name} http`));
  const wss = new WebSocketServer({ server });
  const upgrades: string[] = [];
  wss.on('connection', (ws, req) => {
    upgrades.push(`${req.url} ${req.headers['x-request-id'] ?? ''} ${req.headers.cookie ?? ''}`);
    ws.on('message', (m) => ws.send(`${name}: ${String(m)}`));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, wss, upgrades };
}

function open(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('upgrade', (res) => ws.once('open', () => resolve({ ws, headers: res.headers })));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
  });
}

const echo = (ws: WebSocket, text: string): Promise<string> =>
  new Promise((resolve) => {
    ws.once('message', (m) => resolve(String(m)));
    ws.send(text);
  });

/** Sends raw bytes and reads until the connection closes. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    s.end(text);
  });
}

describe('WebSocket and Upgrade', () => {
  it('tunnels a WebSocket to the chosen member, sticky, in flight until closed', async () => {
    const members = await Promise.all(['a', 'b'].map(wsMember));
    const { proxy, url } = await startProxy({
      mounts: [{ prefix: '/ws/', pool: 'live', rewrite: '/' }],
      pools: { live: { sticky: { cookie: 'ROUTEID' }, members: members.map((m, i) => ({ id: ['a', 'b'][i]!, url: m.url })) } },
    });
    const wsUrl = url.replace('http', 'ws') + '/ws/chat';
    const first = await open(wsUrl);
    expect(first.headers['set-cookie']).toEqual(['ROUTEID=.a; Path=/ws']);
    expect(first.headers['balancer-route']).toBe('a');
    expect(await echo(first.ws, 'hello')).toBe('a: hello');
    expect(proxy.state('live').busy).toEqual([1, 0]);
    const sticky = await open(wsUrl, { Cookie: 'ROUTEID=.a' });
    expect(await echo(sticky.ws, 'again')).toBe('a: again');
    const other = await open(wsUrl);
    expect(await echo(other.ws, 'x')).toBe('b: x');
    expect(proxy.state('live').busy).toEqual([2, 1]);
    expect(members[0]!.upgrades[0]).toMatch(/^\/chat [\w-]{36} $/); // rewritten path, a request id, no affinity cookie
    await Promise.all([first.ws, sticky.ws, other.ws].map((ws) => new Promise((r) => (ws.once('close', r), ws.close()))));
    await expect.poll(() => proxy.state('live').busy, { timeout: 5_000 }).toEqual([0, 0]);
  });

  it('fails over when the first member refuses, and answers 503 when none can take it', async () => {
    const good = await wsMember('good');
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const deadPort = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const { url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'dead', url: `http://127.0.0.1:${deadPort}` }, { id: 'good', url: good.url }] } } });
    const c = await open(url.replace('http', 'ws') + '/');
    expect(await echo(c.ws, 'hi')).toBe('good: hi');
    c.ws.close();
    const { url: none } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'dead', url: `http://127.0.0.1:${deadPort}` }] } } });
    await expect(open(none.replace('http', 'ws') + '/')).rejects.toThrow(/status 503/);
  });

  it('refuses smuggling: bodies, HTTP/1.0, Upgrade not in Connection, protocols not allowed', async () => {
    const m = await wsMember('m');
    const { proxy } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm', url: m.url }] } } });
    const port = proxy.addresses()[0]!.port;
    const ws = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const withBody = await raw(port, `GET / HTTP/1.1\r\nHost: x\r\n${ws}Content-Length: 5\r\n\r\nGET /`);
    expect(withBody).toMatch(/^HTTP\/1.1 400 [^\r]*\r\n[\s\S]*cannot carry a body/);
    const h2c = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n');
    expect(h2c).toMatch(/^HTTP\/1.1 400 [\s\S]*protocol h2c is not allowed/);
    const post = await raw(port, `POST / HTTP/1.1\r\nHost: x\r\n${ws}\r\n`);
    expect(post).toMatch(/^HTTP\/1.1 400 [\s\S]*only GET/);
    expect(m.upgrades).toEqual([]);
  });

  it('relays a member that does not switch protocols and closes, so nothing is tunnelled', async () => {
    const server = createServer((req, res) => {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('no websocket here');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { proxy } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }] } } });
    const port = proxy.addresses()[0]!.port;
    // A second request follows in the same packet: it must not reach the member through a tunnel.
    const reply = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1.1 403 [\s\S]*Connection: close\r\n[\s\S]*no websocket here$/);
    expect(reply.match(/HTTP\/1.1/g)).toHaveLength(1);
    expect(proxy.state('p').busy).toEqual([0]);
  });
});
