/**
 * The differential lab: loopback members named like the seed's (static1-3, dynamic1-3), the seed's
 * Apache virtual host pointed at them, real Apache with it, and lbkit with the configuration that
 * `import-apache` makes of the same text.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type Proxy, createProxy, validateProxyConfig } from '../src/index.js';
import { importApache } from '../src/import-apache.js';
import { type TestServer, startServer } from '../test/helpers.js';
import { type ApacheHttpd, startApache } from './apache-httpd.js';

export const SEED_VHOST = readFileSync(fileURLToPath(new URL('../../../examples/seed-lab/apache-vhost.conf', import.meta.url)), 'utf8');

/** A member that answers with its name, and echoes the request headers it received. */
export interface LabMember {
  readonly name: string;
  port: number;
  server: TestServer | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function handler(name: string) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    if (req.url?.includes('redirect')) {
      // a member that redirects with its own absolute URL, for ProxyPassReverse
      const { port } = req.socket.address() as { port: number };
      res.writeHead(302, { Location: `http://127.0.0.1:${port}/moved?x=1`, 'Content-Length': '0', 'X-Served-By': name });
      res.end();
      return;
    }
    const body = JSON.stringify({ name, url: req.url, headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Served-By': name });
    res.end(body);
  };
}

export async function labMember(name: string): Promise<LabMember> {
  const m: LabMember = {
    name,
    port: 0,
    server: null,
    async start() {
      if (m.server !== null) return;
      m.server = await startServer(handler(name), m.port);
      m.port = m.server.port;
    },
    async stop() {
      const s = m.server;
      m.server = null;
      await s?.close();
    },
  };
  await m.start();
  return m;
}

/** The seed's virtual host with its members' host names replaced by the loopback members. */
export function labVhost(members: readonly LabMember[], edit: (line: string, member: string) => string = (l) => l): string {
  return SEED_VHOST.split('\n')
    .map((line) => {
      const m = /"http:\/\/(static\d|dynamic\d):\d+"/.exec(line);
      if (m === null) return line;
      const member = members.find((x) => x.name === m[1])!;
      return edit(line.replace(m[0], `"http://127.0.0.1:${member.port}"`), member.name);
    })
    .join('\n');
}

/** What a client sees of one response, compared between the two proxies. */
export interface Seen {
  readonly status: number;
  readonly member: string | null;
  readonly route: string | null;
  /** Attribute names lower-cased: `Path` and `path` mean the same to a browser. */
  readonly setCookie: string | null;
  /** The request headers the member received (when a member answered). */
  readonly upstream: Record<string, string> | null;
  readonly location: string | null;
}

function normalCookie(values: string[] | undefined): string | null {
  if (values === undefined || values.length === 0) return null;
  return values.map((v) => v.split(';').map((p, i) => (i === 0 ? p.trim() : p.trim().replace(/^[^=]+/, (n) => n.toLowerCase()))).join('; ')).join(' | ');
}

/** GET `path` (or another method, with a body) on a new connection, with optional request headers. */
export function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { agent: false, headers, method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let upstream: Record<string, string> | null = null;
        try {
          upstream = (JSON.parse(text) as { headers: Record<string, string> }).headers;
        } catch {
          upstream = null;
        }
        const served = res.headers['x-served-by'];
        const route = res.headers['balancer-route'];
        resolve({
          status: res.statusCode ?? 0,
          member: typeof served === 'string' ? served : null,
          route: typeof route === 'string' ? route : null,
          setCookie: normalCookie(res.headers['set-cookie']),
          upstream,
          location: res.headers.location ?? null,
        });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${base}${path} timed out`)));
    req.end(body);
  });
}

/** Apache and lbkit in front of the same members, from the same virtual host text. */
export interface Pair {
  readonly apache: ApacheHttpd;
  readonly lbkit: Proxy;
  readonly lbkitUrl: string;
  stop(): Promise<void>;
}

export async function startPair(vhost: string): Promise<Pair> {
  const imported = importApache(vhost);
  const valid = validateProxyConfig({ ...imported.config, listen: [{ host: '127.0.0.1', port: 0 }] });
  if (!valid.ok) throw new Error(`import-apache made an invalid configuration: ${JSON.stringify(valid.error)}`);
  const apache = await startApache(vhost);
  const lbkit = createProxy(valid.value);
  const [address] = await lbkit.listen();
  return {
    apache,
    lbkit,
    lbkitUrl: address!.url.replace(/\/$/, ''),
    async stop() {
      await Promise.all([apache.stop(), lbkit.close()]);
    },
  };
}

/** Sends the same requests, one at a time, to both proxies: what each returned, step by step. */
export async function both(pair: Pair, steps: readonly (readonly [string, Record<string, string>?])[]): Promise<{ apache: Seen[]; lbkit: Seen[] }> {
  const apache: Seen[] = [];
  const lbkit: Seen[] = [];
  for (const [path, headers] of steps) {
    apache.push(await get(pair.apache.url, path, headers));
    lbkit.push(await get(pair.lbkitUrl, path, headers));
  }
  return { apache, lbkit };
}

/** The part of {@link Seen} that must be equal between the proxies. */
export function visible(s: readonly Seen[]): Omit<Seen, 'upstream' | 'location'>[] {
  return s.map(({ status, member, route, setCookie }) => ({ status, member, route, setCookie }));
}
