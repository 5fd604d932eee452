import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, send, startProxy, startServer } from './helpers.js';

afterEach(closeAll);

describe('prefix rewriting and ProxyPassReverse', () => {
  it('replaces the mount prefix like ProxyPass "/api/jokes/" "balancer://dynamic/"', async () => {
    const m = await startServer((req, res) => res.end(req.url));
    const { url } = await startProxy({
      mounts: [
        { prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' },
        { prefix: '/v2/', pool: 'based', rewrite: '/v2/' },
      ],
      pools: {
        dynamic: { members: [{ id: 'd1', url: m.url }] },
        based: { members: [{ id: 'b1', url: `${m.url}/app` }] },
      },
    });
    expect((await send(`${url}/api/jokes/`)).body).toBe('/');
    expect((await send(`${url}/api/jokes/42?lang=fr`)).body).toBe('/42?lang=fr');
    expect((await send(`${url}/v2/x`)).body).toBe('/app/v2/x');
    expect((await send(`${url}/api/jokes/../../v2/y`)).body).toBe('/app/v2/y');
    expect((await send(`${url}/api/jokes`)).status).toBe(404);
  });

  it('maps Location and Content-Location back into the mount like ProxyPassReverse', async () => {
    const m = await startServer((req, res) => {
      const self = `http://127.0.0.1:${(req.socket.address() as { port: number }).port}`;
      const to = req.url === '/abs' ? `${self}/login?next=1` : req.url === '/rel' ? '/login' : 'https://elsewhere.example/x';
      res.writeHead(302, { Location: to, 'Content-Location': `${self}/here` }).end();
    });
    const { url } = await startProxy({ mounts: [{ prefix: '/api/jokes/', pool: 'd', rewrite: '/' }], pools: { d: { members: [{ id: 'd1', url: m.url }] } } });
    const abs = await send(`${url}/api/jokes/abs`);
    expect(abs.status).toBe(302);
    expect(abs.headers.location).toBe('/api/jokes/login?next=1');
    expect(abs.headers['content-location']).toBe('/api/jokes/here');
    expect((await send(`${url}/api/jokes/rel`)).headers.location).toBe('/api/jokes/login');
    expect((await send(`${url}/api/jokes/other`)).headers.location).toBe('https://elsewhere.example/x');
  });
});

describe('forwarded headers', () => {
  it('adds X-Forwarded-*, sets Host to the member and drops hop-by-hop headers both ways', async () => {
    const m = await startServer((req, res) => {
      res.writeHead(200, [['X-Secret-Hop', 'x'], ['Connection', 'X-Secret-Hop'], ['Keep-Alive', 'timeout=5'], ['Proxy-Authenticate', 'Basic'], ['X-Kept', 'yes']].flat());
      res.end(JSON.stringify(req.headers));
    });
    const { url } = await startProxy({ mounts: [{ prefix: '/', pool: 'd' }], pools: { d: { members: [{ id: 'd1', url: m.url }] } } });
    const r = await send(url, {
      headers: { 'X-Forwarded-For': '203.0.113.9', Connection: 'keep-alive, X-Drop-Me', 'X-Drop-Me': '1', TE: 'trailers', 'Proxy-Authorization': 'Basic abc', Upgrade: 'h2c', 'X-Keep': 'ok' },
    });
    const seen = JSON.parse(r.body) as Record<string, string>;
    expect(seen['host']).toBe(`127.0.0.1:${m.port}`);
    expect(seen['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen['x-forwarded-host']).toBe(new URL(url).host);
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-keep']).toBe('ok');
    for (const h of ['x-drop-me', 'te', 'proxy-authorization', 'upgrade']) expect(seen[h]).toBeUndefined();
    expect(r.headers['x-kept']).toBe('yes');
    expect(r.headers['x-secret-hop']).toBeUndefined();
    expect(r.headers['proxy-authenticate']).toBeUndefined();
    expect(r.headers['balancer-route']).toBe('d1');
  });
});
