/**
 * lbkit against real Apache httpd 2.4 (event MPM, mod_proxy_balancer), both in front of the same
 * loopback members, from the same virtual host text (the seed lab's). Every step sends one request
 * to each and compares what a client sees: status, the member that answered, Balancer-Route and
 * Set-Cookie. Differences kept on purpose are asserted as such and explained in
 * docs/migrating-from-apache.md.
 *
 * `npm run test:apache` (installs apache2 when missing). APACHE_ROUNDS=n repeats the round-robin
 * checks n times (default 2, the quick mode CI runs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { both, get, labMember, labVhost, type LabMember, type Pair, startPair, visible } from './lab.js';

const ROUNDS = Number(process.env.APACHE_ROUNDS ?? 2);

let members: LabMember[] = [];
let pair: Pair | null = null;

beforeEach(async () => {
  members = await Promise.all(['static1', 'static2', 'static3', 'dynamic1', 'dynamic2', 'dynamic3'].map(labMember));
});

afterEach(async () => {
  await pair?.stop();
  pair = null;
  await Promise.all(members.map((m) => m.stop()));
});

const member = (name: string): LabMember => members.find((m) => m.name === name)!;
const times = <T>(n: number, step: T): T[] => Array.from({ length: n }, () => step);

async function seedPair(edit?: (line: string, member: string) => string): Promise<Pair> {
  pair = await startPair(labVhost(members, edit));
  return pair;
}

describe('lbkit and Apache httpd on the seed virtual host', () => {
  it('balance /api/jokes/ round robin in the same order, without a cookie', async () => {
    const p = await seedPair();
    const r = await both(p, times(3 * ROUNDS + 1, ['/api/jokes/'] as const));
    expect(visible(r.lbkit)).toEqual(visible(r.apache));
    expect(r.apache.map((s) => s.member)).toEqual(times(ROUNDS + 1, ['dynamic1', 'dynamic2', 'dynamic3']).flat().slice(0, 3 * ROUNDS + 1));
    expect(r.apache.every((s) => s.setCookie === null && s.route === s.member)).toBe(true);
  });

  it('set the same affinity cookie and keep the same sessions, counting sticky requests alike', async () => {
    const p = await seedPair();
    const r = await both(p, [
      ['/'],
      ['/'],
      ['/'],
      ['/', { Cookie: 'ROUTEID=.static2' }],
      ['/style.css', { Cookie: 'lang=fr; ROUTEID=.static2' }],
      ['/'],
      ['/'],
      ['/'],
      ['/', { Cookie: 'ROUTEID=.static3' }],
      ['/'],
    ]);
    expect(visible(r.lbkit)).toEqual(visible(r.apache));
    expect(r.apache[0]!.setCookie).toBe('ROUTEID=.static1; path=/');
    expect(r.apache[3]).toMatchObject({ member: 'static2', setCookie: null });
  });

  it('ignore forged and foreign routes alike, and set a new cookie', async () => {
    const p = await seedPair();
    const forged = ['ROUTEID=.evil', 'ROUTEID=.dynamic1', 'ROUTEID=static1', 'ROUTEID=.', 'ROUTEID=.static1.x', 'XROUTEID=.static3', `ROUTEID=.${'s'.repeat(300)}`];
    const r = await both(p, forged.map((c) => ['/', { Cookie: c }] as const));
    expect(visible(r.lbkit)).toEqual(visible(r.apache));
    expect(r.apache.every((s) => s.status === 200 && s.setCookie !== null)).toBe(true);
  });

  it('read routes from the URL first, with scolonpathdelim, as Apache does', async () => {
    const p = await seedPair();
    const r = await both(p, [
      ['/index.html;jsessionid=ABC.static3'],
      ['/?jsessionid=ABC.static2', { Cookie: 'ROUTEID=.static1' }],
      ['/;jsessionid=x.static1?a=1', { Cookie: 'ROUTEID=.static3' }],
      // a URL value without a route: Apache does not read the cookie then
      ['/?jsessionid=static3', { Cookie: 'ROUTEID=.static1' }],
      ['/?jsessionid=', { Cookie: 'ROUTEID=.static2' }],
      ['/?jsessionid=ABC.nobody', { Cookie: 'ROUTEID=.static2' }],
    ]);
    expect(visible(r.lbkit)).toEqual(visible(r.apache));
    expect(r.apache.slice(0, 3).map((s) => s.member)).toEqual(['static3', 'static2', 'static1']);
  });

  it('differ on purpose where Apache finds "jsessionid=" inside another name (a substring search)', async () => {
    const p = await seedPair();
    const r = await both(p, [['/?xjsessionid=a.static3'], ['/?xjsessionid=a.static3']]);
    // Apache strstr()s the whole URL, so a parameter that merely ends in the name picks static3;
    // lbkit reads only the parameter itself and balances
    expect(r.apache.map((s) => s.member)).toEqual(['static3', 'static3']);
    expect(r.lbkit.map((s) => s.member)).toEqual(['static1', 'static2']);
  });

  it('send the members the same request headers, except X-Forwarded-Server and -Proto (deliberate)', async () => {
    const p = await seedPair();
    const headers = { Cookie: 'ROUTEID=.static2; a=1', 'X-Forwarded-For': '10.0.0.9', Host: 'lab.example' };
    const r = await both(p, [['/page?x=1', headers]]);
    const a = r.apache[0]!.upstream!;
    const l = r.lbkit[0]!.upstream!;
    for (const name of ['host', 'cookie', 'x-forwarded-for', 'x-forwarded-host']) expect([name, l[name]]).toEqual([name, a[name]]);
    expect(a['x-forwarded-server']).toBe('lab.example'); // Apache's ServerName
    expect(l['x-forwarded-server']).toBeUndefined();
    // lbkit also says which scheme the client used; Apache leaves that to mod_headers
    expect([a['x-forwarded-proto'], l['x-forwarded-proto']]).toEqual([undefined, 'http']);
  });

  it('rewrite a member\'s redirect with ProxyPassReverse to the same place', async () => {
    const p = await seedPair();
    const r = await both(p, [['/api/jokes/redirect'], ['/redirect', { Host: 'lab.example' }]]);
    expect(r.lbkit.map((s) => s.status)).toEqual([302, 302]);
    expect(r.apache.map((s) => s.status)).toEqual([302, 302]);
    // Apache writes an absolute URL on the client's Host, lbkit a path on the same host (RFC 9110
    // allows either). Apache also doubles the slash under /api/jokes/: its ProxyPassReverse
    // appends the member's path (/moved) to the mount's prefix (/api/jokes/) when BalancerMember
    // URLs have no trailing slash, as in the seed; lbkit does not copy that
    const apacheHost = new URL(p.apache.url).host;
    expect(r.apache.map((s) => s.location)).toEqual([`http://${apacheHost}/api/jokes//moved?x=1`, 'http://lab.example/moved?x=1']);
    expect(r.lbkit.map((s) => s.location)).toEqual(['/api/jokes/moved?x=1', '/moved?x=1']);
  });

  it('fail over from a dead member alike, and move its sessions with a new cookie', async () => {
    const p = await seedPair();
    const warm = await both(p, [['/']]);
    expect(visible(warm.lbkit)).toEqual(visible(warm.apache));
    await member('static2').stop();
    const r = await both(p, [['/'], ['/'], ['/'], ['/', { Cookie: 'ROUTEID=.static2' }], ['/'], ['/api/jokes/']]);
    expect(visible(r.lbkit)).toEqual(visible(r.apache));
    expect(r.apache.every((s) => s.status === 200 && s.member !== 'static2')).toBe(true);
    expect(r.apache[3]!.setCookie).toMatch(/^ROUTEID=\.static[13]; path=\/$/);
  });

  it('fail a POST over from a refused member alike, and send it to one member only', async () => {
    const p = await seedPair();
    await member('static2').stop();
    const posts = (): number => members.reduce((n, m) => n + (m.server?.server === undefined ? 0 : (m.server.seen.filter((r) => r.method === 'POST').length)), 0);
    const run = async (base: string): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await get(base, '/form', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'POST', 'a=1');
        out.push(`${r.status} ${r.member}`);
      }
      return out;
    };
    const apache = await run(p.apache.url);
    const afterApache = posts();
    const lbkit = await run(p.lbkitUrl);
    expect(lbkit).toEqual(apache);
    expect(apache.every((s) => s.startsWith('200 '))).toBe(true);
    // each POST reached exactly one member, through either proxy
    expect([afterApache, posts() - afterApache]).toEqual([3, 3]);
  });

  it('answer 503 alike when every member of a balancer is down, and keep serving the others', async () => {
    const p = await seedPair();
    await Promise.all(['static1', 'static2', 'static3'].map((n) => member(n).stop()));
    const r = await both(p, [['/'], ['/', { Cookie: 'ROUTEID=.static1' }], ['/api/jokes/']]);
    expect(r.lbkit.map((s) => s.status)).toEqual(r.apache.map((s) => s.status));
    expect(r.apache.map((s) => s.status)).toEqual([503, 503, 200]);
    // neither names a route or sets a cookie on its own 503
    expect(visible(r.lbkit.slice(0, 2))).toEqual(visible(r.apache.slice(0, 2)));
    expect(r.lbkit[2]!.member).toBe(r.apache[2]!.member);
    // forcerecovery (On in Apache, so imported as forceRecovery: true): with every member in
    // error, the next request tries them all again at once instead of waiting for retry (60 s)
    await member('static2').start();
    const back = await both(p, [['/'], ['/']]);
    expect(visible(back.lbkit)).toEqual(visible(back.apache));
    expect(back.apache.map((s) => s.member)).toEqual(['static2', 'static2']);
  });
});

describe('lbkit and Apache httpd with weights, lbset and a short retry', () => {
  const weights: Record<string, string> = { static1: ' loadfactor=1', static2: ' loadfactor=2', static3: ' loadfactor=3', dynamic1: '', dynamic2: '', dynamic3: ' lbset=1' };
  const edit = (line: string, name: string): string => `${line}${weights[name]} retry=1`;

  it('pick weighted members in the same order, and use lbset 1 only when lbset 0 is gone', async () => {
    const p = await seedPair(edit);
    const r = await both(p, times(6 * ROUNDS, ['/'] as const));
    expect(visible(r.lbkit)).toEqual(visible(r.apache));
    const counts = r.apache.reduce<Record<string, number>>((c, s) => ((c[s.member!] = (c[s.member!] ?? 0) + 1), c), {});
    expect(counts).toEqual({ static1: ROUNDS, static2: 2 * ROUNDS, static3: 3 * ROUNDS });
    const jokes = await both(p, times(4, ['/api/jokes/'] as const));
    expect(visible(jokes.lbkit)).toEqual(visible(jokes.apache));
    expect(new Set(jokes.apache.map((s) => s.member))).toEqual(new Set(['dynamic1', 'dynamic2']));
    await Promise.all([member('dynamic1').stop(), member('dynamic2').stop()]);
    const tier1 = await both(p, times(3, ['/api/jokes/'] as const));
    expect(visible(tier1.lbkit)).toEqual(visible(tier1.apache));
    expect(tier1.apache.map((s) => s.member)).toEqual(['dynamic3', 'dynamic3', 'dynamic3']);
  });

  it('take a restarted member back after retry, both of them', async () => {
    const p = await seedPair(edit);
    await member('static3').stop();
    const down = await both(p, times(4, ['/'] as const));
    expect(visible(down.lbkit)).toEqual(visible(down.apache));
    expect(down.apache.every((s) => s.status === 200 && s.member !== 'static3')).toBe(true);
    await member('static3').start();
    // retry=1: within a few seconds each proxy must send static3 requests again
    const back = async (base: string): Promise<number> => {
      const started = Date.now();
      while (Date.now() - started < 8_000) {
        if ((await get(base, '/')).member === 'static3') return Date.now() - started;
        await new Promise((r) => setTimeout(r, 50));
      }
      return Infinity;
    };
    const [apacheMs, lbkitMs] = await Promise.all([back(p.apache.url), back(p.lbkitUrl)]);
    expect(apacheMs).toBeLessThan(8_000);
    expect(lbkitMs).toBeLessThan(8_000);
  });
});
