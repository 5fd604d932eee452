import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apacheWords, parseApacheConf } from './apache-conf.js';
import { readProxyConfigText } from './config-file.js';
import { validateProxyConfig } from './config.js';
import { importApache } from './import-apache.js';
import { runCli } from './run-cli.js';

/** The seed lab's virtual host, as Apache runs it. */
const SEED_VHOST = readFileSync(fileURLToPath(new URL('../../../examples/seed-lab/apache-vhost.conf', import.meta.url)), 'utf8');
/** Its first line, after the comment at the top of the file. */
const L = SEED_VHOST.split('\n').findIndex((l) => l.startsWith('<VirtualHost'));

function lines(findings: readonly { line: number; reason: string }[]): number[] {
  return findings.map((f) => f.line);
}

describe('apacheWords and parseApacheConf', () => {
  it('splits words like httpd: quotes group, escaped quotes stay, quotes are removed', () => {
    expect(apacheWords(`Header add X "a \\"b\\" c" 'd e' f=g`)).toEqual(['Header', 'add', 'X', 'a "b" c', 'd e', 'f=g']);
    expect(apacheWords('ProxyPass "/x')).toBeNull();
  });

  it('joins continuation lines, skips comments, and keeps the first line number and the sections', () => {
    const conf = parseApacheConf('# c\n<Proxy "balancer://b">\n  BalancerMember \\\n   http://a:80 route=a\n</Proxy>\nProxyPass / balancer://b/\n');
    expect(conf.directives.map((d) => [d.key, d.line, d.sections.map((s) => s.name)])).toEqual([
      ['balancermember', 3, ['proxy']],
      ['proxypass', 6, []],
    ]);
    expect(conf.directives[0]!.args).toEqual(['http://a:80', 'route=a']);
    expect(conf.issues).toEqual([]);
  });

  it('reports unclosed and mismatched sections', () => {
    expect(parseApacheConf('<Proxy balancer://b>\n</Location>\n').issues.map((i) => i.line)).toEqual([2, 1]);
  });
});

describe('importApache', () => {
  it('translates the seed virtual host into the lab configuration, listing only ServerName', () => {
    const r = importApache(SEED_VHOST);
    expect(r.untranslated.map((u) => [u.line, u.directive])).toEqual([[L + 2, 'ServerName lab.example']]);
    expect(r.untranslated[0]!.reason).toMatch(/X-Forwarded-Server/);
    expect(r.config.mounts).toEqual([
      { prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' },
      { prefix: '/', pool: 'static', rewrite: '/' },
    ]);
    expect(r.config.listen).toEqual([{ host: '0.0.0.0', port: 80 }]);
    const { dynamic, static: st } = r.config.pools;
    expect(dynamic!.sticky).toBeUndefined();
    expect(dynamic!.members.map((m) => [m.id, m.url, m.route])).toEqual([
      ['dynamic1', 'http://dynamic1:3000', 'dynamic1'],
      ['dynamic2', 'http://dynamic2:3000', 'dynamic2'],
      ['dynamic3', 'http://dynamic3:3000', 'dynamic3'],
    ]);
    // ProxyPass's stickysession (read later) replaces ProxySet's, as in Apache
    expect(st!.sticky).toEqual({ cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true });
    expect(st!.affinityCookie).toEqual({ httpOnly: false, path: '/' });
    expect(st!.passAffinityCookie).toBe(true);
    expect(st!.health).toEqual({ retryMs: 60_000, forceRecovery: true });
    expect(validateProxyConfig(r.config).ok).toBe(true);
  });

  it('translates member parameters and lists what it cannot keep, by line', () => {
    const r = importApache(`<Proxy balancer://b>
BalancerMember http://127.0.0.1:1 route=a loadfactor=3 lbset=1 retry=5 timeout=7 connectiontimeout=2
BalancerMember http://127.0.0.1:2 route=b loadfactor=2.5 status=+H smax=4 retry=9
BalancerMember http://127.0.0.1:3 route=c status=+D+I
BalancerMember http://127.0.0.1:4 route=d status=N
BalancerMember ajp://127.0.0.1:5 route=e
</Proxy>
ProxyPass /app/ balancer://b/app/
`);
    const m = r.config.pools.b!.members;
    expect(m.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(m[0]).toMatchObject({ weight: 3, tier: 1 });
    expect(m[1]).toMatchObject({ weight: 3, standby: true });
    expect(m[2]).toMatchObject({ disabled: true });
    expect(m[3]).toMatchObject({ draining: true });
    expect(r.config.mounts).toEqual([{ prefix: '/app/', pool: 'b', rewrite: '/app/' }]);
    expect(r.config.pools.b!.health!.retryMs).toBe(60_000);
    expect(r.config.pools.b!.timeouts).toEqual({ connectMs: 2000, responseMs: 7000, idleMs: 7000 });
    expect(r.untranslated.map((u) => [u.line, u.directive.replace(/.* \.\.\. /, '')])).toEqual([
      [3, 'loadfactor=2.5'],
      [3, 'smax=4'],
      [4, 'status=+D+I'],
      [6, 'BalancerMember ajp://127.0.0.1:5'],
    ]);
    expect(r.notes.some((n) => /different retry/.test(n.reason))).toBe(true);
    expect(validateProxyConfig(r.config).ok).toBe(true);
  });

  it('translates balancer parameters from ProxySet and ProxyPass', () => {
    const r = importApache(`<Proxy balancer://b>
BalancerMember http://127.0.0.1:1 route=a hcmethod=GET hcinterval=5 hcuri=/health hcpasses=2 hcfails=3
BalancerMember http://127.0.0.1:2 route=b hcmethod=GET
ProxySet lbmethod=bybusyness maxattempts=1 forcerecovery=Off failonstatus=502,503 stickysessionsep=_ nofailover=On
</Proxy>
ProxySet balancer://b lbmethod=bytraffic
ProxyPass / balancer://b/ stickysession=JSESSIONID
`);
    const p = r.config.pools.b!;
    expect(p.method).toBe('bybusyness');
    expect(p.maxAttempts).toBe(2);
    expect(p.health).toEqual({ retryMs: 60_000, forceRecovery: false, failOnStatus: [502, 503], rise: 2, fall: 3 });
    expect(p.sticky).toEqual({ cookie: 'JSESSIONID', urlParam: 'JSESSIONID', separator: '_' });
    expect(p.healthCheck).toEqual({ intervalMs: 30_000, path: '/health' });
    expect(lines(r.untranslated)).toEqual([4, 6]);
    // no Header sets JSESSIONID: lbkit would, so the user is warned
    expect(r.notes.some((n) => n.line === 7 && /JSESSIONID itself/.test(n.reason))).toBe(true);
    expect(r.notes.some((n) => /different hcinterval/.test(n.reason))).toBe(true);
    expect(validateProxyConfig(r.config).ok).toBe(true);
  });

  it('lists every directive it cannot translate, with its line', () => {
    const r = importApache(`LoadModule proxy_module modules/mod_proxy.so
RewriteEngine On
<Proxy balancer://b>
  BalancerMember http://127.0.0.1:1
</Proxy>
<Directory /var/www>
  Require all granted
</Directory>
ProxyPass /private !
ProxyPass / balancer://b/
ProxyPass /deeper/ balancer://b/
ProxyPassReverse /other/ http://elsewhere/
Header set X-Frame-Options DENY
Header add Set-Cookie "SESS=.%{BALANCER_WORKER_ROUTE}e"
ProxyPreserveHost On
<Proxy balancer://unused>
  BalancerMember http://127.0.0.1:9
</Proxy>
`);
    expect(lines(r.untranslated)).toEqual([2, 6, 7, 9, 12, 13, 14, 15, 16]);
    expect(r.notes.some((n) => n.line === 11 && /never uses this ProxyPass/.test(n.reason))).toBe(true);
    expect(r.config.pools.b!.members).toEqual([{ id: 'b-1', url: 'http://127.0.0.1:1' }]);
    expect(validateProxyConfig(r.config).ok).toBe(true);
  });

  it('mounts a ProxyPass without trailing slashes under the slash, and notes slash mismatches', () => {
    const r = importApache(`<Proxy balancer://b>
BalancerMember http://127.0.0.1:1
</Proxy>
ProxyPass /app balancer://b
ProxyPass /old/ balancer://b/new
ProxyPass /keep balancer://b/keep
`);
    expect(r.config.mounts).toEqual([
      { prefix: '/app/', pool: 'b', rewrite: '/' },
      { prefix: '/old/', pool: 'b', rewrite: '/new' },
      { prefix: '/keep', pool: 'b', rewrite: '/keep' },
    ]);
    expect(r.notes.filter((n) => n.line === 4 || n.line === 5).map((n) => n.line)).toEqual([4, 5]);
    expect(r.notes.some((n) => n.line === 6)).toBe(false);
  });

  it('keeps https members, verifying them unless told otherwise, with SSLProxyCACertificateFile', () => {
    const r = importApache(`SSLProxyEngine On
SSLProxyCACertificateFile /etc/ssl/members-ca.pem
<Proxy balancer://b>
BalancerMember https://10.0.0.5:8443 route=a
</Proxy>
ProxyPass / balancer://b/
`);
    expect(r.untranslated).toEqual([]);
    expect(r.config.pools.b!.members).toEqual([{ id: 'a', url: 'https://10.0.0.5:8443', route: 'a' }]);
    expect(r.config.pools.b!.tls).toEqual({ caFile: '/etc/ssl/members-ca.pem' });
    expect(r.notes.some((n) => /SSLProxyVerify require/.test(n.reason))).toBe(true);
    expect(validateProxyConfig(r.config).ok).toBe(true);
  });

  it('reads cookie attributes and ProxyPass inside <Location>', () => {
    const r = importApache(`<Proxy balancer://b>
BalancerMember http://127.0.0.1:1 route=a
</Proxy>
Header always set Set-Cookie "RID=.%{BALANCER_WORKER_ROUTE}e; Path=/shop; HttpOnly; Secure; SameSite=Lax; Max-Age=600; Domain=x.org" env=BALANCER_ROUTE_CHANGED
<Location "/shop/">
  ProxyPass "balancer://b/" stickysession=RID
  ProxyPassReverse "balancer://b/"
</Location>
Listen 127.0.0.1:8443
ProxyTimeout 30
`);
    expect(r.config.mounts).toEqual([{ prefix: '/shop/', pool: 'b', rewrite: '/' }]);
    expect(r.config.pools.b!.affinityCookie).toEqual({ httpOnly: true, path: '/shop', secure: true, sameSite: 'Lax', maxAgeSec: 600 });
    expect(r.config.listen).toEqual([{ host: '127.0.0.1', port: 8443 }]);
    expect(r.config.pools.b!.timeouts).toEqual({ responseMs: 30_000, idleMs: 30_000 });
    expect(r.untranslated.map((u) => u.line)).toEqual([4]); // Domain=
    expect(r.notes.some((n) => /Balancer-Route/.test(n.reason))).toBe(true);
  });
});

describe('lbkit import-apache', () => {
  async function run(argv: string[]) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runCli(argv, { stdout, stderr });
    return { code, out, err };
  }

  it('writes a configuration that lbkit check accepts, and lists untranslated lines on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lbkit-import-'));
    const vhost = join(dir, 'vhost.conf');
    const out = join(dir, 'lbkit.yaml');
    await writeFile(vhost, SEED_VHOST);
    const r = await run(['import-apache', vhost, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${vhost}:${L + 2}: ServerName lab.example`);
    const text = await readFile(out, 'utf8');
    expect(text).toMatch(/^# lbkit configuration imported from/);
    expect(readProxyConfigText(text).ok).toBe(true);
    expect((await run(['check', out])).code).toBe(0);
  });

  it('exits 2 without a usable ProxyPass, or when the file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lbkit-import-'));
    const vhost = join(dir, 'empty.conf');
    await writeFile(vhost, 'ServerName x\n');
    expect((await run(['import-apache', vhost])).code).toBe(2);
    expect((await run(['import-apache', join(dir, 'nope.conf')])).code).toBe(2);
    expect((await run(['import-apache'])).code).toBe(2);
    expect((await run(['import-apache', '--help'])).out).toMatch(/Usage: lbkit import-apache/);
  });
});
