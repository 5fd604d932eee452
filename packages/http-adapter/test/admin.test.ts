import type { LogEntry } from '@lbkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { localControl, startAdmin, type AdminServer } from '../src/index.js';
import { closeAll, ManualClock, namedMember, refusedPort, send, startProxy } from './helpers.js';

const admins: AdminServer[] = [];
afterEach(async () => {
  await Promise.all(admins.splice(0).map((a) => a.close()));
  await closeAll();
});

async function setup(token: string | null = null) {
  const a = await namedMember('a');
  const b = await namedMember('b');
  const entries: LogEntry[] = [];
  const clock = new ManualClock();
  const { proxy, url } = await startProxy(
    { mounts: [{ prefix: '/', pool: 'web' }], pools: { web: { members: [{ id: 'a', url: a.url }, { id: 'b', url: b.url }], health: { retryMs: 30_000 } } } },
    { record: (e) => entries.push(e), metrics: true, now: clock.now },
  );
  const admin = await startAdmin(localControl(proxy), { host: '127.0.0.1', port: 0, token });
  admins.push(admin);
  return { proxy, url, admin, entries, clock };
}

const call = (admin: AdminServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  send(`${admin.url}${path}`, { method, headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('admin API', () => {
  it('shows each member with health, weight, in-flight and counters', async () => {
    const { url, admin } = await setup();
    for (let i = 0; i < 4; i++) expect((await send(url)).status).toBe(200);
    const r = await call(admin, 'GET', 'api/pools');
    expect(r.status).toBe(200);
    const view = JSON.parse(r.body);
    expect(view.workers).toBe(1);
    const members = view.pools[0].members;
    expect(members.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
    expect(members[0]).toMatchObject({ health: 'ok', why: 'healthy', weight: 1, inFlight: 0, counters: { forwarded: 2, responses: 2, failures: 0 }, error: null });
  });

  it('shows a member in error, why, and when it is tried again', async () => {
    const { proxy, admin, clock } = await setup();
    const dead = await refusedPort();
    await call(admin, 'POST', 'api/pools/web/members', { id: 'c', url: `http://127.0.0.1:${dead}` });
    proxy.command({ type: 'disable', pool: 'web', member: 'a' });
    proxy.command({ type: 'disable', pool: 'web', member: 'b' });
    const url = proxy.addresses()[0]!.url;
    expect((await send(url)).status).toBeGreaterThanOrEqual(502);
    clock.t += 10_000;
    const c = JSON.parse((await call(admin, 'GET', 'api/pools')).body).pools[0].members[2];
    expect(c.health).toBe('error');
    expect(c.why).toMatch(/failed request.*refused.*tried again in 20 s/);
    expect(c.error).toMatchObject({ failures: 1, retryInMs: 20_000 });
    expect(c.counters).toMatchObject({ forwarded: 1, failures: 1, lastFailure: 'refused' });
  });

  it('drains, reweights, disables, enables, adds and removes members through the core, each recorded', async () => {
    const { proxy, url, admin, entries } = await setup();
    expect((await call(admin, 'POST', 'api/pools/web/members/a/drain', {})).status).toBe(200);
    expect(proxy.state('web').members[0]!.draining).toBe(true);
    expect((await call(admin, 'POST', 'api/pools/web/members/b/weight', { weight: 5 })).status).toBe(200);
    expect(proxy.state('web').members[1]!.weight).toBe(5);
    expect((await call(admin, 'POST', 'api/pools/web/members/a/disable', {})).status).toBe(200);
    expect((await call(admin, 'POST', 'api/pools/web/members/a/enable', {})).status).toBe(200);
    const c = await namedMember('c');
    expect((await call(admin, 'POST', 'api/pools/web/members', { id: 'c', url: c.url, weight: 3 })).status).toBe(200);
    const del = await call(admin, 'DELETE', 'api/pools/web/members/b');
    expect(del.body).toMatch(/"ok": true/);
    const served = new Set<string>();
    for (let i = 0; i < 8; i++) served.add((await send(url)).body);
    expect([...served].sort()).toEqual(['a', 'c']);
    const applied = entries.filter((e) => e.type === 'apply' && !['responseReceived', 'requestFailed', 'requestAbandoned', 'healthChecked'].includes(e.event.type));
    expect(applied.map((e) => e.type === 'apply' && e.event.type)).toEqual(['memberDrainStarted', 'weightChanged', 'memberDisabled', 'memberEnabled', 'memberAdded', 'memberRemoved']);
    const history = JSON.parse((await call(admin, 'GET', 'api/commands')).body).commands;
    expect(history.map((h: { command: { type: string } }) => h.command.type)).toEqual(['drain', 'weight', 'disable', 'enable', 'add', 'remove']);
  });

  it('answers a bad command with the core error and changes nothing', async () => {
    const { proxy, admin } = await setup();
    const before = proxy.state('web');
    const weight = await call(admin, 'POST', 'api/pools/web/members/a/weight', { weight: 500 });
    expect(weight.status).toBe(400);
    expect(JSON.parse(weight.body).error).toMatch(/whole number from 1 to 100/);
    expect((await call(admin, 'POST', 'api/pools/web/members/zz/drain', {})).status).toBe(404);
    expect((await call(admin, 'POST', 'api/pools/nope/members/a/drain', {})).status).toBe(404);
    expect((await call(admin, 'POST', 'api/pools/web/members', { id: 'x', url: 'ftp://h' })).status).toBe(400);
    expect((await call(admin, 'POST', 'api/pools/web/members', { id: 'a', url: 'http://127.0.0.1:1' })).status).toBe(400);
    expect(proxy.state('web')).toEqual(before);
  });

  it('refuses cross-site commands: no JSON content type, a foreign Origin or Host', async () => {
    const { admin } = await setup();
    const form = await send(`${admin.url}api/pools/web/members/a/disable`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(form.status).toBe(415);
    expect((await call(admin, 'POST', 'api/pools/web/members/a/disable', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await call(admin, 'GET', 'api/pools', undefined, { Host: 'evil.example' })).status).toBe(403);
  });

  it('requires the bearer token when one is set', async () => {
    const { admin } = await setup('s3cret-token-of-some-length');
    expect((await call(admin, 'GET', 'api/pools')).status).toBe(401);
    expect((await call(admin, 'GET', 'metrics', undefined, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call(admin, 'GET', 'api/pools', undefined, { Authorization: 'Bearer s3cret-token-of-some-length' })).status).toBe(200);
    const page = await call(admin, 'GET', '');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });
});

describe('GET /metrics', () => {
  it('exposes requests by pool, member and status class, latency, in-flight, health and reloads', async () => {
    const { proxy, url, admin } = await setup();
    for (let i = 0; i < 4; i++) await send(url);
    await send(url, { headers: { Cookie: 'x=1' } });
    proxy.command({ type: 'drain', pool: 'web', member: 'b' });
    expect(proxy.reload(proxy.config).ok).toBe(true);
    const r = await call(admin, 'GET', 'metrics');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    expect(r.body).toMatch(/lbkit_requests_total\{pool="web",member="a",class="2xx"\} 3/);
    expect(r.body).toMatch(/lbkit_requests_total\{pool="web",member="b",class="2xx"\} 2/);
    expect(r.body).toMatch(/lbkit_request_duration_seconds_count\{pool="web",member="a"\} 3/);
    expect(r.body).toMatch(/lbkit_in_flight_requests\{pool="web",member="a"\} 0/);
    expect(r.body).toMatch(/lbkit_member_state\{pool="web",member="b",state="draining"\} 1/);
    expect(r.body).toMatch(/lbkit_member_state\{pool="web",member="b",state="ok"\} 0/);
    expect(r.body).toMatch(/lbkit_config_reloads_total\{result="ok"\} 1/);
  });

  it('counts failovers, retries and affinity breaks', async () => {
    const a = await namedMember('a');
    const dead = await refusedPort();
    const { url, proxy } = await startProxy(
      { mounts: [{ prefix: '/', pool: 'web' }], pools: { web: { sticky: { cookie: 'ROUTEID' }, members: [{ id: 'dead', url: `http://127.0.0.1:${dead}` }, { id: 'a', url: a.url }] } } },
      { metrics: true },
    );
    expect((await send(url)).body).toBe('a'); // dead first, then a: one failover
    expect((await send(url, { headers: { Cookie: 'ROUTEID=.dead' } })).body).toBe('a'); // dead is in error: affinity broken
    const text = await proxy.metrics!.registry.metrics();
    expect(text).toMatch(/lbkit_failovers_total\{pool="web"\} 1/);
    expect(text).toMatch(/lbkit_retries_total\{pool="web"\} 1/);
    expect(text).toMatch(/lbkit_affinity_breaks_total\{pool="web"\} 1/);
    expect(text).toMatch(/lbkit_member_failures_total\{pool="web",member="dead",cause="refused"\} 1/);
  });
});
