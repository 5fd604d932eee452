import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { PoolInput } from '../src/index.js';
import { closeAll, CookieJar, namedMember, send, startProxy, type TestServer } from './helpers.js';

afterEach(closeAll);

async function seedLab(extra: Partial<PoolInput> = {}) {
  const statics = await Promise.all([1, 2, 3].map((i) => namedMember(`static${i}`)));
  const dynamics = await Promise.all([1, 2].map((i) => namedMember(`dynamic${i}`)));
  const { proxy, url } = await startProxy({
    mounts: [
      { prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' },
      { prefix: '/', pool: 'static' },
    ],
    pools: {
      dynamic: { members: dynamics.map((m, i) => ({ id: `dynamic${i + 1}`, url: m.url })) },
      static: {
        sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true },
        members: statics.map((m, i) => ({ id: `static${i + 1}`, url: m.url })),
        ...extra,
      },
    },
  });
  return { proxy, url, statics, dynamics };
}

const cookiesSeen = (servers: readonly TestServer[]): (string | undefined)[] => servers.flatMap((s) => s.seen.map((r: IncomingMessage) => r.headers.cookie));

describe('sticky sessions', () => {
  it('sets ROUTEID=.<route>; Path=/ once, then keeps the client on its member', async () => {
    const { url } = await seedLab();
    const jar = new CookieJar();
    const first = await jar.get(`${url}/index.html`);
    expect(first.body).toBe('static1');
    expect(first.headers['set-cookie']).toEqual(['ROUTEID=.static1; Path=/']);
    expect(first.headers['balancer-route']).toBe('static1');
    for (const path of ['/app.js', '/style.css', '/logo.svg']) {
      const r = await jar.get(`${url}${path}`);
      expect(r.body).toBe('static1');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    // A new client without a cookie is balanced to the next member.
    expect((await send(`${url}/`)).body).toBe('static2');
  });

  it('never sets the cookie on responses of a non-sticky pool, and strips it from requests to every pool', async () => {
    const { url, statics, dynamics } = await seedLab();
    const r = await send(`${url}/api/jokes/`, { headers: { Cookie: 'theme=dark; ROUTEID=.static2; lang=fr' } });
    expect(r.headers['set-cookie']).toBeUndefined();
    await send(`${url}/`, { headers: { Cookie: 'theme=dark; ROUTEID=.static2' } });
    await send(`${url}/`, { headers: { Cookie: 'ROUTEID=.static2' } });
    expect(cookiesSeen(dynamics)).toEqual(['theme=dark; lang=fr']);
    expect(cookiesSeen(statics)).toEqual(['theme=dark', undefined]);
    expect(statics[1]!.seen).toHaveLength(2);
  });

  it('passes the affinity cookie on when the pool asks for it', async () => {
    const { url, statics } = await seedLab({ passAffinityCookie: true });
    await send(`${url}/`, { headers: { Cookie: 'ROUTEID=.static3' } });
    expect(cookiesSeen(statics)).toEqual(['ROUTEID=.static3']);
  });

  it('scopes the cookie to the mount path and adds the configured attributes', async () => {
    const members = await Promise.all([1, 2].map((i) => namedMember(`shop${i}`)));
    const { url } = await startProxy({
      mounts: [{ prefix: '/shop/', pool: 'shop', rewrite: '/' }],
      pools: {
        shop: {
          sticky: { cookie: 'SHOPROUTE' },
          affinityCookie: { httpOnly: true, secure: true, sameSite: 'Lax', maxAgeSec: 3600 },
          members: members.map((m, i) => ({ id: `shop${i + 1}`, url: m.url })),
        },
      },
    });
    const r = await send(`${url}/shop/cart`);
    expect(r.headers['set-cookie']).toEqual(['SHOPROUTE=.shop1; Path=/shop; Max-Age=3600; HttpOnly; Secure; SameSite=Lax']);
  });

  it('follows a jsessionid route in the path (scolonpathdelim) or the query before the cookie', async () => {
    const { url } = await seedLab();
    const a = await send(`${url}/cart;jsessionid=ABC.static3?x=1`, { headers: { Cookie: 'ROUTEID=.static1' } });
    expect(a.body).toBe('static3');
    // The request carried route static3 and got it: Apache's BALANCER_ROUTE_CHANGED is not set.
    expect(a.headers['set-cookie']).toBeUndefined();
    expect((await send(`${url}/cart?jsessionid=XYZ.static2`)).body).toBe('static2');
  });

  const forged = [
    ['an unknown route', 'ROUTEID=.static9'],
    ['a route of another pool', 'ROUTEID=.dynamic1'],
    ['a value without separator', 'ROUTEID=static2'],
    ['an empty route', 'ROUTEID=.'],
    ['a path-like route', 'ROUTEID=./../static2'],
    ['a huge value', `ROUTEID=.${'x'.repeat(5000)}`],
  ];
  it.each(forged)('sends %s to a member the core chose, with a fresh cookie', async (_what, cookie) => {
    const { url, statics, dynamics } = await seedLab();
    const r = await send(`${url}/`, { headers: { Cookie: cookie! } });
    expect(r.status).toBe(200);
    expect(r.body).toBe('static1');
    expect(r.headers['set-cookie']).toEqual(['ROUTEID=.static1; Path=/']);
    expect(statics[0]!.seen).toHaveLength(1);
    expect(dynamics.every((d) => d.seen.length === 0)).toBe(true);
  });

  it('never forwards a forged jsessionid to an unknown member', async () => {
    const { url, statics } = await seedLab();
    const r = await send(`${url}/a;jsessionid=Q.static7`);
    expect(r.body).toBe('static1');
    expect(statics.map((s) => s.seen.length)).toEqual([1, 0, 0]);
  });
});
