import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, send, startProxy } from './helpers.js';

afterEach(closeAll);

async function dynamicPool(weights: number[] = [1, 1, 1]) {
  const members = await Promise.all(weights.map((_, i) => namedMember(`dynamic${i + 1}`)));
  const { proxy, url } = await startProxy({
    mounts: [{ prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' }],
    pools: { dynamic: { members: members.map((m, i) => ({ id: `dynamic${i + 1}`, url: m.url, weight: weights[i]! })) } },
  });
  return { proxy, url, members };
}

describe('round robin through the proxy', () => {
  it('serves dynamic1, dynamic2, dynamic3, dynamic1... with Balancer-Route and no cookie', async () => {
    const { url } = await dynamicPool();
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await send(`${url}/api/jokes/`);
      expect(r.status).toBe(200);
      expect(r.headers['balancer-route']).toBe(r.body);
      expect(r.headers['set-cookie']).toBeUndefined();
      seen.push(r.body);
    }
    expect(seen).toEqual(['dynamic1', 'dynamic2', 'dynamic3', 'dynamic1', 'dynamic2', 'dynamic3', 'dynamic1']);
  });

  it('follows weights like Apache byrequests (lbfactor 1:2)', async () => {
    const { url } = await dynamicPool([1, 2]);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push((await send(`${url}/api/jokes/`)).body);
    expect(seen).toEqual(['dynamic2', 'dynamic1', 'dynamic2', 'dynamic2', 'dynamic1', 'dynamic2']);
  });

  it('keeps every request in flight counted by the core until it ends', async () => {
    const { proxy, url } = await dynamicPool();
    await Promise.all(Array.from({ length: 30 }, () => send(`${url}/api/jokes/`)));
    expect(proxy.state('dynamic').busy).toEqual([0, 0, 0]);
  });

  it('answers 404 with a reason when no mount serves the path', async () => {
    const { url } = await dynamicPool();
    const r = await send(`${url}/elsewhere`);
    expect(r.status).toBe(404);
    expect(r.headers['x-lbkit-reason']).toBe('no-mount');
  });
});
