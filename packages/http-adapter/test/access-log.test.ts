import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { accessLogger } from '../src/index.js';
import { closeAll, namedMember, refusedPort, send, startProxy } from './helpers.js';

afterEach(closeAll);

function collect(out: PassThrough): () => Record<string, unknown>[] {
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return () => text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('access log and X-Request-Id', () => {
  it('writes one JSON line per request with member, attempts, decision, timings, status and request id', async () => {
    const a = await namedMember('a');
    const dead = await refusedPort();
    const out = new PassThrough();
    const lines = collect(out);
    const { url } = await startProxy(
      { mounts: [{ prefix: '/', pool: 'web' }], pools: { web: { sticky: { cookie: 'ROUTEID' }, members: [{ id: 'dead', url: `http://127.0.0.1:${dead}` }, { id: 'a', url: a.url }] } } },
      { onRequest: accessLogger(out) },
    );
    const first = await send(`${url}/one`, { headers: { 'X-Request-Id': 'client-id-42' } });
    const second = await send(`${url}/two`, { headers: { Cookie: 'ROUTEID=.a' } });
    await expect.poll(() => lines().length).toBe(2);
    const [l1, l2] = lines();
    expect(l1).toMatchObject({ msg: 'request', requestId: 'client-id-42', method: 'GET', url: '/one', status: 200, pool: 'web', member: 'a', attempts: 2, decision: 'failover', completed: true });
    expect(l2).toMatchObject({ requestId: second.headers['x-request-id'], member: 'a', attempts: 1, decision: 'affinity', status: 200 });
    expect(typeof l1!['ms']).toBe('number');
    expect(l1!['headersMs']).toBeLessThanOrEqual(l1!['ms'] as number);
    expect(typeof l1!['time']).toBe('string');
    // the member saw the same ids the client got back
    expect(first.headers['x-request-id']).toBe('client-id-42');
    expect(a.seen.map((r) => r.headers['x-request-id'])).toEqual(['client-id-42', second.headers['x-request-id']]);
    expect(second.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces an id that is not a sane token, or sent twice', async () => {
    const a = await namedMember('a');
    const { url } = await startProxy({ mounts: [{ prefix: '/', pool: 'web' }], pools: { web: { members: [{ id: 'a', url: a.url }] } } });
    const r = await send(url, { headers: { 'X-Request-Id': 'has space' } });
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.seen[0]!.rawHeaders.filter((h) => h.toLowerCase() === 'x-request-id')).toHaveLength(1);
    expect(a.seen[0]!.headers['x-request-id']).toBe(r.headers['x-request-id']);
  });

  it("echoes the id on the proxy's own answers too", async () => {
    const { url } = await startProxy({ mounts: [{ prefix: '/api/', pool: 'web' }], pools: { web: { members: [{ id: 'a', url: `http://127.0.0.1:${await refusedPort()}` }] } } });
    const r = await send(`${url}/elsewhere`, { headers: { 'X-Request-Id': 'lost-42' } });
    expect(r.status).toBe(404);
    expect(r.headers['x-request-id']).toBe('lost-42');
  });
});
