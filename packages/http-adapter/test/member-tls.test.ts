import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, send, startProxy } from './helpers.js';

let dir = '';
let caFile = '';
let server: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  // A throw-away self-signed certificate for localhost, made now: nothing secret is committed.
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
  });
  dir = await mkdtemp(join(tmpdir(), 'lbkit-tls-'));
  caFile = join(dir, 'member-ca.pem');
  await writeFile(caFile, pems.cert);
  server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.host}`);
    res.end('secure member');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await closeAll();
  seen.length = 0;
});

const pool = (tls?: object) => ({ mounts: [{ prefix: '/', pool: 'secure' }], pools: { secure: { members: [{ id: 's1', url: `https://localhost:${port}/` }], ...(tls ? { tls } : {}) } } });

describe('https members', () => {
  it('verifies the member certificate by default: an unknown CA is refused before any request reaches it', async () => {
    const { proxy, url } = await startProxy(pool());
    const r = await send(`${url}/x`);
    expect(r.status).toBe(503); // the only member failed: none left
    expect(proxy.state('secure').members[0]!.status).toBe('error');
    expect(seen).toEqual([]);
  });

  it('trusts the CA given in tls.caFile, with Host and SNI for the member', async () => {
    const { url } = await startProxy(pool({ caFile }));
    const r = await send(`${url}/x?y=1`);
    expect(r.status).toBe(200);
    expect(r.body).toBe('secure member');
    expect(seen).toEqual([`GET /x?y=1 localhost:${port}`]);
    expect((await send(`${url}/again`)).status).toBe(200); // over the pooled TLS connection
  });

  it('checks health over TLS, and can turn verification off', async () => {
    const { proxy } = await startProxy({ ...pool({ caFile }), pools: { secure: { ...pool({ caFile }).pools.secure, healthCheck: { path: '/health' } } } });
    await proxy.checkHealth();
    expect(seen).toEqual([`GET /health localhost:${port}`]);
    expect(proxy.state('secure').members[0]!.check).toBe('up');
    const { url } = await startProxy(pool({ verify: false }));
    expect((await send(url)).status).toBe(200);
  });

  it('verifies against tls.servername when one is set, whatever the member URL names', async () => {
    const byAddress = (tls: object) => ({ mounts: [{ prefix: '/', pool: 'secure' }], pools: { secure: { members: [{ id: 's1', url: `https://127.0.0.1:${port}/` }], tls } } });
    // the certificate names localhost, not 127.0.0.1: refused before any request reaches the member
    expect((await send(`${(await startProxy(byAddress({ caFile }))).url}/a`)).status).toBe(503);
    const { url } = await startProxy(byAddress({ caFile, servername: 'localhost' }));
    const r = await send(`${url}/b`);
    expect(r.status).toBe(200);
    expect(seen).toEqual([`GET /b 127.0.0.1:${port}`]);
    // and a member named by host name is checked against the configured name, not its own
    const named = await startProxy(pool({ caFile, servername: 'elsewhere.test' }));
    expect((await send(`${named.url}/c`)).status).toBe(503);
    expect(seen).toHaveLength(1);
  });
});
