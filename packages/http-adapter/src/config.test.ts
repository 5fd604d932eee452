import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPath, LbkitError } from '@lbkit/core';
import { describe, expect, it } from 'vitest';
import { validateProxyConfig } from './config.js';
import { loadProxyConfig, readProxyConfigText } from './config-file.js';

const minimal = {
  mounts: [{ prefix: '/', pool: 'web' }],
  pools: { web: { members: [{ id: 'web1', url: 'http://127.0.0.1:8081' }] } },
};

describe('validateProxyConfig', () => {
  it('fills in every default', () => {
    const r = validateProxyConfig(minimal);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.listen).toEqual([{ host: '127.0.0.1', port: 8080 }]);
    expect(r.value.mounts).toEqual([{ prefix: '/', pool: 'web', rewrite: '/' }]);
    const web = r.value.pools['web']!;
    expect(web.targets).toEqual([{ id: 'web1', url: 'http://127.0.0.1:8081', host: '127.0.0.1', port: 8081, origin: 'http://127.0.0.1:8081', basePath: '/', tls: false }]);
    expect(web.timeouts).toEqual({ connectMs: 5_000, responseMs: 60_000, idleMs: 60_000 });
    expect(web.healthCheck).toBeNull();
    expect(web.balancer.method).toBe('byrequests');
    expect(web.passAffinityCookie).toBe(false);
  });

  it('accepts https members, verified by default, and an admin listener on loopback without a token', () => {
    const r = validateProxyConfig({ ...minimal, admin: { port: 0 }, pools: { web: { members: [{ id: 'a', url: 'https://example.test' }], tls: { caFile: '/x/ca.pem' } } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.pools['web']!.targets[0]).toMatchObject({ tls: true, port: 443, origin: 'https://example.test' });
    expect(r.value.pools['web']!.tls).toEqual({ verify: true, caFile: '/x/ca.pem', servername: null });
    expect(r.value.admin).toEqual({ host: '127.0.0.1', port: 0, token: null, tokenFile: null });
    expect(r.value.server.upgradeProtocols).toEqual(['websocket']);
  });

  it('sorts mounts longest prefix first', () => {
    const r = validateProxyConfig({ ...minimal, mounts: [{ prefix: '/', pool: 'web' }, { prefix: '/api/jokes/', pool: 'web', rewrite: '/' }] });
    expect(r.ok && r.value.mounts.map((m) => m.prefix)).toEqual(['/api/jokes/', '/']);
  });

  it('reports core pool issues under the pool path, each with a fix', () => {
    const r = validateProxyConfig({
      mounts: [{ prefix: '/', pool: 'web' }],
      pools: { web: { method: 'roundrobin', members: [{ id: 'web1', url: 'http://127.0.0.1:1', weight: 0 }] } },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const where = r.error.map((i) => formatPath(i.path)).sort();
    expect(where).toEqual(['pools.web.members[0].weight', 'pools.web.method']);
    for (const i of r.error) expect(i.fix.length).toBeGreaterThan(0);
  });

  const cases: [string, unknown, string, RegExp][] = [
    ['a mount naming no pool', { ...minimal, mounts: [{ prefix: '/', pool: 'nope' }] }, 'mounts[0].pool', /name one of the pools \(web\)/],
    ['a prefix without a slash', { ...minimal, mounts: [{ prefix: 'api', pool: 'web' }] }, 'mounts[0].prefix', /starts with "\/"/],
    ['a prefix with a space', { ...minimal, mounts: [{ prefix: '/my files/', pool: 'web' }] }, 'mounts[0].prefix', /no spaces/],
    ['a duplicate prefix', { ...minimal, mounts: [{ prefix: '/', pool: 'web' }, { prefix: '/', pool: 'web' }] }, 'mounts[1].prefix', /each prefix once/],
    ['a member without url', { ...minimal, pools: { web: { members: [{ id: 'a' }] } } }, 'pools.web.members[0].url', /http:\/\//],
    ['an ftp member', { ...minimal, pools: { web: { members: [{ id: 'a', url: 'ftp://x' }] } } }, 'pools.web.members[0].url', /https:\/\//],
    ['an admin listener on a public address without a token', { ...minimal, admin: { host: '0.0.0.0', port: 8090 } }, 'admin.host', /tokenFile/],
    ['an Upgrade protocol that is not a token', { ...minimal, server: { upgradeProtocols: ['web socket'] } }, 'server.upgradeProtocols[0]', /Upgrade protocol/],
    ['a bad timeout', { ...minimal, pools: { web: { members: [{ id: 'a', url: 'http://x' }], timeouts: { connectMs: -5 } } } }, 'pools.web.timeouts.connectMs', /milliseconds/],
    ['a misspelt pool key', { ...minimal, pools: { web: { members: [{ id: 'a', url: 'http://x' }], helthCheck: {} } } }, 'pools.web', /remove the key/],
    ['a bad sameSite', { ...minimal, pools: { web: { members: [{ id: 'a', url: 'http://x' }], affinityCookie: { sameSite: 'lax' } } } }, 'pools.web.affinityCookie.sameSite', /Strict, Lax or None/],
    ['a headers timeout longer than the request timeout', { ...minimal, server: { headersTimeoutMs: 20_000, requestTimeoutMs: 5_000 } }, 'server.headersTimeoutMs', /at most requestTimeoutMs/],
    ['no mounts', { pools: {} }, 'mounts', /list of mounts/],
  ];
  it.each(cases)('names the path and the fix for %s', (_what, input, path, fix) => {
    const r = validateProxyConfig(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.error.find((i) => formatPath(i.path) === path);
    expect(issue, JSON.stringify(r.error)).toBeDefined();
    expect(issue!.fix).toMatch(fix);
  });
});

describe('readProxyConfigText and loadProxyConfig', () => {
  it('reads YAML and JSON alike', () => {
    const yaml = 'mounts:\n  - { prefix: /, pool: web }\npools:\n  web:\n    members:\n      - { id: web1, url: "http://127.0.0.1:8081" }\n';
    const a = readProxyConfigText(yaml);
    const b = readProxyConfigText(JSON.stringify(minimal));
    expect(a.ok && b.ok && a.value).toEqual(b.ok && b.value);
  });

  it('reports a syntax error with its position', () => {
    const r = readProxyConfigText('mounts: [\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]!.message).toMatch(/line \d+, column \d+/);
  });

  it('throws an error naming the file, the path and the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lbkit-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'mounts:\n  - { prefix: /, pool: web }\npools:\n  web:\n    members:\n      - { id: web1, url: "http://127.0.0.1:1", weight: 500 }\n');
    const err = await loadProxyConfig(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LbkitError);
    expect((err as LbkitError).message).toContain(`${file}: pools.web.members[0].weight:`);
    expect((err as LbkitError).message).toMatch(/fix: use a whole number from 1 to 100/);
  });
});
