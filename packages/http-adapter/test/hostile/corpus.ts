/**
 * The hostile corpus: raw requests that have broken proxies (request smuggling, hop-by-hop abuse,
 * Host and path tricks, header floods, odd cookies), each with what a member may receive from it.
 *
 * The proxy under test mounts `/app/` on pool `app` (rewritten to `/`, sticky on `ROUTEID`) and `/`
 * on pool `root`. A case lists the requests a member may see (pool, method, path, body): seeing
 * anything else, a body that differs by one byte, or anything carrying the `SMUGGLED` marker is a
 * violation. `lbkit` says what lbkit itself must answer.
 */

/** A request a member may receive for a case. */
export interface Allowed {
  readonly pool: 'app' | 'root';
  readonly method: string;
  readonly path: string;
  /** The exact body; omitted: the body is not checked beyond the marker (e.g. chunked reading left to the peer). */
  readonly body?: string;
}

/** Facts the runner hands to a case's own check. */
export interface SeenRequest {
  readonly pool: 'app' | 'root';
  readonly method: string;
  readonly path: string;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

export interface HostileCase {
  readonly group: string;
  readonly name: string;
  /** Bytes written to the proxy (latin1). */
  readonly bytes: string;
  /** Requests a member may see, each at most once. Empty: none. */
  readonly allowed: readonly Allowed[];
  /** What lbkit must do: the statuses it answers, in order. */
  readonly lbkit: readonly number[];
  /** Further byte-level facts about what lbkit's member received; returns a problem or null. */
  readonly check?: (seen: readonly SeenRequest[]) => string | null;
}

/** A complete request that must never reach a member: it hides in another request's body. */
export const SMUGGLED = 'POST /SMUGGLED HTTP/1.1\r\nHost: lab\r\nContent-Length: 0\r\n\r\n';
const S = SMUGGLED;
const H = 'Host: lab\r\n';
const CLOSE = 'Connection: close\r\n';

const chunk = (s: string): string => `${s.length.toString(16)}\r\n${s}\r\n`;
const header = (raw: readonly string[], name: string): string[] => {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
  return out;
};
const expectHeader = (name: string, values: string[]) => (seen: readonly SeenRequest[]) => {
  const got = seen.length === 0 ? [] : header(seen[0]!.rawHeaders, name);
  return JSON.stringify(got) === JSON.stringify(values) ? null : `${name}: ${JSON.stringify(got)}, want ${JSON.stringify(values)}`;
};
const all = (...checks: ((seen: readonly SeenRequest[]) => string | null)[]) => (seen: readonly SeenRequest[]) => {
  for (const c of checks) {
    const p = c(seen);
    if (p !== null) return p;
  }
  return null;
};

const post = (path: string, body?: string): Allowed => (body === undefined ? { pool: 'app', method: 'POST', path } : { pool: 'app', method: 'POST', path, body });
const get = (path: string, pool: 'app' | 'root' = 'app', body = ''): Allowed => ({ pool, method: 'GET', path, body });

function framing(): HostileCase[] {
  const cl = (n: number | string) => `Content-Length: ${n}\r\n`;
  const te = 'Transfer-Encoding: chunked\r\n';
  const obfuscated: [string, string][] = [
    ['xchunked', 'Transfer-Encoding: xchunked\r\n'],
    ['space before colon', 'Transfer-Encoding : chunked\r\n'],
    ['tab value', 'Transfer-Encoding:\tchunked\r\n'],
    ['chunked then identity', 'Transfer-Encoding: chunked, identity\r\n'],
    ['two TE lines, second bogus', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n'],
    ['mixed case', 'tRaNsFeR-eNcOdInG: cHuNkEd\r\n'],
    ['obs-fold', 'X-A: a\r\n Transfer-Encoding: chunked\r\n'],
    ['bare LF', 'X-A: a\nTransfer-Encoding: chunked\r\n'],
    ['quoted', 'Transfer-Encoding: "chunked"\r\n'],
    ['vertical tab', 'Transfer-Encoding:\x0bchunked\r\n'],
  ];
  const body = `0\r\n\r\n${S}`;
  return [
    { group: 'framing', name: 'CL.TE', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl(body.length)}${te}${CLOSE}\r\n${body}`, allowed: [post('/a', '')], lbkit: [400] },
    {
      group: 'framing',
      name: 'TE.CL',
      bytes: `POST /app/a HTTP/1.1\r\n${H}${cl(4)}${te}${CLOSE}\r\n${chunk(S)}0\r\n\r\n`,
      allowed: [post('/a', S)],
      lbkit: [400],
    },
    ...obfuscated.map(([name, line]): HostileCase => ({ group: 'framing', name: `TE.TE ${name}`, bytes: `POST /app/a HTTP/1.1\r\n${H}${cl(body.length)}${line}${CLOSE}\r\n${body}`, allowed: [post('/a')], lbkit: [400] })),
    { group: 'framing', name: 'duplicate CL, different', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl(5)}${cl(S.length)}${CLOSE}\r\n${S}`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'duplicate CL, same', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl(5)}${cl(5)}${CLOSE}\r\nhello`, allowed: [post('/a', 'hello')], lbkit: [400] },
    { group: 'framing', name: 'CL list "5, 5"', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl('5, 5')}${CLOSE}\r\nhello`, allowed: [post('/a', 'hello')], lbkit: [400] },
    { group: 'framing', name: 'signed CL +5', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl('+5')}${CLOSE}\r\nhello`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'negative CL', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl(-1)}${CLOSE}\r\nhello`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'hex CL 0x5', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl('0x5')}${CLOSE}\r\nhello`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'CL with leading zeros', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl('0005')}${CLOSE}\r\nhello`, allowed: [post('/a', 'hello')], lbkit: [200] },
    { group: 'framing', name: 'CL overflow', bytes: `POST /app/a HTTP/1.1\r\n${H}${cl('99999999999999999999')}${CLOSE}\r\nhello`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'chunk extension', bytes: `POST /app/a HTTP/1.1\r\n${H}${te}${CLOSE}\r\n5;ext="v";x=1\r\nhello\r\n0\r\n\r\n`, allowed: [post('/a', 'hello')], lbkit: [200] },
    { group: 'framing', name: 'chunk extension with bare CR', bytes: `POST /app/a HTTP/1.1\r\n${H}${te}${CLOSE}\r\n5;x\ry\r\nhello\r\n0\r\n\r\n`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'chunk size 0x5', bytes: `POST /app/a HTTP/1.1\r\n${H}${te}${CLOSE}\r\n0x5\r\nhello\r\n0\r\n\r\n`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'chunk size with spaces', bytes: `POST /app/a HTTP/1.1\r\n${H}${te}${CLOSE}\r\n 5 \r\nhello\r\n0\r\n\r\n`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'chunk size overflow', bytes: `POST /app/a HTTP/1.1\r\n${H}${te}${CLOSE}\r\n10000000000000005\r\nhello\r\n0\r\n\r\n`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'chunked with trailer', bytes: `POST /app/a HTTP/1.1\r\n${H}${te}${CLOSE}\r\n${chunk('hello')}0\r\nX-Trailer: 1\r\n\r\n`, allowed: [post('/a', 'hello')], lbkit: [200] },
    { group: 'framing', name: 'bare LF line ends', bytes: `GET /app/a HTTP/1.1\nHost: lab\nConnection: close\n\n`, allowed: [get('/a')], lbkit: [400] },
    { group: 'framing', name: 'NUL in a header value', bytes: `GET /app/a HTTP/1.1\r\n${H}X-A: a\x00b\r\n${CLOSE}\r\n`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'CR in a header value', bytes: `GET /app/a HTTP/1.1\r\n${H}X-A: a\rb\r\n${CLOSE}\r\n`, allowed: [], lbkit: [400] },
    { group: 'framing', name: 'GET with a body', bytes: `GET /app/a HTTP/1.1\r\n${H}${cl(S.length)}${CLOSE}\r\n${S}`, allowed: [get('/a', 'app', S)], lbkit: [200] },
    {
      group: 'framing',
      name: 'pipelined pair',
      bytes: `GET /app/one HTTP/1.1\r\n${H}\r\nGET /app/two HTTP/1.1\r\n${H}${CLOSE}\r\n`,
      allowed: [get('/one'), get('/two')],
      lbkit: [200, 200],
    },
    { group: 'framing', name: 'Expect: 100-continue', bytes: `POST /app/a HTTP/1.1\r\n${H}Expect: 100-continue\r\n${cl(5)}${CLOSE}\r\nhello`, allowed: [post('/a', 'hello')], lbkit: [100, 200] },
  ];
}

function hopByHop(): HostileCase[] {
  const own = (name: string, lbkit: readonly number[], extra = '', check?: HostileCase['check']): HostileCase => ({
    group: 'hop-by-hop',
    name: `Connection: ${name}`,
    bytes: `POST /app/a HTTP/1.1\r\n${H}Connection: ${name}, close\r\n${extra}Content-Length: ${S.length}\r\n\r\n${S}`,
    allowed: [post('/a', S)],
    lbkit,
    ...(check ? { check } : {}),
  });
  const member = (seen: readonly SeenRequest[]) => (seen[0] !== undefined && /^127\.0\.0\.1:\d+$/.test(header(seen[0].rawHeaders, 'host')[0] ?? '') ? null : 'Host is not the member');
  return [
    own('Content-Length', [200], '', expectHeader('content-length', [String(S.length)])),
    { group: 'hop-by-hop', name: 'Connection: Content-Length on GET', bytes: `GET /app/a HTTP/1.1\r\n${H}Connection: Content-Length\r\nContent-Length: ${S.length}\r\n${CLOSE}\r\n${S}`, allowed: [get('/a', 'app', S)], lbkit: [200], check: expectHeader('content-length', [String(S.length)]) },
    { group: 'hop-by-hop', name: 'Connection: Transfer-Encoding', bytes: `POST /app/a HTTP/1.1\r\n${H}Connection: Transfer-Encoding, close\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(S)}0\r\n\r\n`, allowed: [post('/a', S)], lbkit: [200] },
    own('Host', [200], '', member),
    own('X-Forwarded-For', [200], 'X-Forwarded-For: 6.6.6.6\r\n', expectHeader('x-forwarded-for', ['127.0.0.1'])),
    own('X-Forwarded-Host', [200], 'X-Forwarded-Host: evil\r\n', expectHeader('x-forwarded-host', ['lab'])),
    own('X-Forwarded-Proto', [200], 'X-Forwarded-Proto: https\r\n', expectHeader('x-forwarded-proto', ['http'])),
    own('Cookie', [200], 'Cookie: ROUTEID=.a1; session=1\r\n', expectHeader('cookie', [])),
    own('Keep-Alive, TE, Upgrade', [200], 'Keep-Alive: 5\r\nTE: trailers\r\n', all(expectHeader('te', []), expectHeader('keep-alive', []))),
    own('X-Private', [200], 'X-Private: secret\r\n', expectHeader('x-private', [])),
    { group: 'hop-by-hop', name: 'Proxy-Authorization', bytes: `GET /app/a HTTP/1.1\r\n${H}Proxy-Authorization: Basic eDp5\r\n${CLOSE}\r\n`, allowed: [get('/a')], lbkit: [200], check: expectHeader('proxy-authorization', []) },
  ];
}

function targets(): HostileCase[] {
  const req = (target: string, extra = H) => `GET ${target} HTTP/1.1\r\n${extra}${CLOSE}\r\n`;
  return [
    { group: 'target', name: 'absolute-form', bytes: req('http://evil.example/app/a'), allowed: [get('/a')], lbkit: [200], check: expectHeader('x-forwarded-host', ['evil.example']) },
    { group: 'target', name: 'absolute-form at a member', bytes: req('http://127.0.0.1:1/app/a'), allowed: [get('/a')], lbkit: [200] },
    { group: 'target', name: 'absolute-form with userinfo', bytes: req('http://user@evil/app/a'), allowed: [get('/a')], lbkit: [400] },
    { group: 'target', name: 'absolute-form, other scheme', bytes: req('ftp://evil/app/a'), allowed: [], lbkit: [400] },
    { group: 'target', name: 'CONNECT to a member', bytes: 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n', allowed: [], lbkit: [405] },
    { group: 'target', name: 'CONNECT with a path', bytes: `CONNECT /app/a HTTP/1.1\r\n${H}\r\n`, allowed: [], lbkit: [405] },
    { group: 'target', name: 'asterisk', bytes: req('*'), allowed: [], lbkit: [400] },
    { group: 'host', name: 'two Host lines', bytes: `GET /app/a HTTP/1.1\r\n${H}Host: evil\r\n${CLOSE}\r\n`, allowed: [], lbkit: [400] },
    { group: 'host', name: 'no Host (HTTP/1.1)', bytes: `GET /app/a HTTP/1.1\r\n${CLOSE}\r\n`, allowed: [], lbkit: [400] },
    { group: 'host', name: 'no Host (HTTP/1.0)', bytes: 'GET /app/a HTTP/1.0\r\n\r\n', allowed: [get('/a')], lbkit: [200] },
    { group: 'host', name: 'Host with a space', bytes: req('/app/a', 'Host: lab evil\r\n'), allowed: [], lbkit: [400] },
    { group: 'host', name: 'Host with userinfo', bytes: req('/app/a', 'Host: evil@lab\r\n'), allowed: [], lbkit: [400] },
    { group: 'host', name: 'Host with a path', bytes: req('/app/a', 'Host: lab/app\r\n'), allowed: [], lbkit: [400] },
    { group: 'host', name: 'Host list', bytes: req('/app/a', 'Host: lab, evil\r\n'), allowed: [get('/a')], lbkit: [400] },
    { group: 'host', name: 'IPv6 literal Host', bytes: req('/app/a', 'Host: [::1]:80\r\n'), allowed: [get('/a')], lbkit: [200] },
    { group: 'host', name: '8 KB Host', bytes: req('/app/a', `Host: ${'h'.repeat(8_000)}\r\n`), allowed: [get('/a')], lbkit: [200] },
    { group: 'path', name: '.. out of the mount', bytes: req('/app/../secret'), allowed: [get('/secret', 'root')], lbkit: [200] },
    { group: 'path', name: '%2e%2e out of the mount', bytes: req('/app/%2e%2e/secret'), allowed: [get('/secret', 'root')], lbkit: [200] },
    { group: 'path', name: '.. above the root', bytes: req('/../../etc/passwd'), allowed: [get('/etc/passwd', 'root')], lbkit: [200] },
    { group: 'path', name: 'encoded slash ..%2f', bytes: req('/app/..%2fsecret'), allowed: [get('/..%2fsecret')], lbkit: [200] },
    { group: 'path', name: 'encoded slash in the prefix', bytes: req('/app%2fa'), allowed: [get('/app%2fa', 'root')], lbkit: [200] },
    { group: 'path', name: 'dot segment', bytes: req('/app/./a'), allowed: [get('/a')], lbkit: [200] },
    { group: 'path', name: 'double slash', bytes: req('//app/a'), allowed: [get('//app/a', 'root')], lbkit: [200] },
    { group: 'path', name: 'prefix without slash', bytes: req('/app'), allowed: [get('/app', 'root')], lbkit: [200] },
    { group: 'path', name: 'upper-case prefix', bytes: req('/APP/a'), allowed: [get('/APP/a', 'root')], lbkit: [200] },
    { group: 'path', name: 'backslashes', bytes: req('/app\\..\\secret'), allowed: [get('/app\\..\\secret', 'root')], lbkit: [200] },
    { group: 'path', name: '.. in the query', bytes: req('/app/a?x=/../../b'), allowed: [get('/a?x=/../../b')], lbkit: [200] },
    { group: 'path', name: 'fragment', bytes: req('/app/a#/../../b'), allowed: [get('/a#/../../b'), get('/a')], lbkit: [400] },
    { group: 'path', name: 'encoded NUL', bytes: req('/app/a%00b'), allowed: [get('/a%00b')], lbkit: [200] },
    { group: 'path', name: 'raw high byte', bytes: req('/app/\xe9'), allowed: [], lbkit: [400] },
  ];
}

function sizes(): HostileCase[] {
  const lines = (n: number, width = 1) => Array.from({ length: n }, (_, i) => `X-H${i}: ${'v'.repeat(width)}\r\n`).join('');
  return [
    { group: 'size', name: '99 extra lines (100 with Host)', bytes: `GET /app/a HTTP/1.1\r\n${H}${lines(98)}${CLOSE}\r\n`, allowed: [get('/a')], lbkit: [200], check: (seen) => (header(seen[0]?.rawHeaders ?? [], 'x-h97').length === 1 ? null : 'a header line was lost') },
    { group: 'size', name: '102 header lines', bytes: `GET /app/a HTTP/1.1\r\n${H}${lines(100)}${CLOSE}\r\n`, allowed: [], lbkit: [431] },
    { group: 'size', name: '1,100 lines and a body', bytes: `POST /app/a HTTP/1.1\r\n${H}${lines(1_100)}Content-Length: 11\r\n${CLOSE}\r\nhello world`, allowed: [post('/a', 'hello world')], lbkit: [431] },
    { group: 'size', name: '2,500 short lines (24 KB)', bytes: `GET /app/a HTTP/1.1\r\n${H}${lines(2_500, 4)}${CLOSE}\r\n`, allowed: [get('/a')], lbkit: [431] },
    { group: 'size', name: 'one 40 KB header', bytes: `GET /app/a HTTP/1.1\r\n${H}X-Big: ${'b'.repeat(40_000)}\r\n${CLOSE}\r\n`, allowed: [], lbkit: [431] },
    { group: 'size', name: '20 KB target', bytes: `GET /app/${'p'.repeat(20_000)} HTTP/1.1\r\n${H}${CLOSE}\r\n`, allowed: [], lbkit: [431] },
  ];
}

function cookies(): HostileCase[] {
  const req = (cookie: string) => `GET /app/a HTTP/1.1\r\n${H}Cookie: ${cookie}\r\n${CLOSE}\r\n`;
  const kept = (value: string) => expectHeader('cookie', [value]);
  const many = Array.from({ length: 300 }, (_, i) => `c${i}=${i % 7 === 0 ? '{"v":1,"w":2}' : `v${i}`}`);
  const withRoute = [...many.slice(0, 150), 'ROUTEID=.a1', ...many.slice(150)].join('; ');
  return [
    { group: 'cookie', name: 'JSON cookie next to the route', bytes: req('prefs={"a":1,"b":2}; ROUTEID=.a1; theme=dark'), allowed: [get('/a')], lbkit: [200], check: kept('prefs={"a":1,"b":2}; theme=dark') },
    { group: 'cookie', name: 'route with CR LF', bytes: `GET /app/a HTTP/1.1\r\n${H}Cookie: ROUTEID=.a1\r\nX-Injected: 1\r\n${CLOSE}\r\n`, allowed: [get('/a')], lbkit: [200], check: expectHeader('cookie', []) },
    { group: 'cookie', name: 'route with a bare CR', bytes: req('ROUTEID=.a1\rX: 1'), allowed: [], lbkit: [400] },
    { group: 'cookie', name: '10 KB route value', bytes: req(`ROUTEID=.${'a'.repeat(10_000)}; keep=1`), allowed: [get('/a')], lbkit: [200], check: kept('keep=1') },
    { group: 'cookie', name: 'UTF-8 route and cookies', bytes: req(Buffer.from('name=Zoë; ROUTEID=.a1é; emoji=🙂', 'utf8').toString('latin1')), allowed: [get('/a')], lbkit: [200], check: kept(Buffer.from('name=Zoë; emoji=🙂', 'utf8').toString('latin1')) },
    { group: 'cookie', name: '300 cookies around the route', bytes: req(withRoute), allowed: [get('/a')], lbkit: [200], check: kept(many.join('; ')) },
    { group: 'cookie', name: 'route for a member of another pool', bytes: req('ROUTEID=.r1'), allowed: [get('/a')], lbkit: [200] },
    { group: 'cookie', name: 'two Cookie lines', bytes: `GET /app/a HTTP/1.1\r\n${H}Cookie: a=1; ROUTEID=.a1\r\nCookie: b=2\r\n${CLOSE}\r\n`, allowed: [get('/a')], lbkit: [200], check: expectHeader('cookie', ['a=1', 'b=2']) },
  ];
}

function methods(): HostileCase[] {
  return [
    { group: 'method', name: 'lower-case method', bytes: `get /app/a HTTP/1.1\r\n${H}${CLOSE}\r\n`, allowed: [], lbkit: [400] },
    { group: 'method', name: 'unknown method', bytes: `BREW /app/a HTTP/1.1\r\n${H}${CLOSE}\r\n`, allowed: [], lbkit: [400] },
    { group: 'method', name: 'HTTP/2.0 version', bytes: `GET /app/a HTTP/2.0\r\n${H}${CLOSE}\r\n`, allowed: [], lbkit: [505] },
    { group: 'method', name: 'HTTP/0.9', bytes: 'GET /app/a\r\n\r\n', allowed: [], lbkit: [505] },
    { group: 'method', name: 'Upgrade with two Host lines', bytes: `GET /app/a HTTP/1.1\r\n${H}Host: evil\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`, allowed: [], lbkit: [400] },
    {
      group: 'method',
      name: 'Upgrade with 102 header lines',
      bytes: `GET /app/a HTTP/1.1\r\n${H}${Array.from({ length: 96 }, (_, i) => `X-H${i}: v\r\n`).join('')}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-A: 1\r\nX-B: 2\r\n\r\n`,
      allowed: [],
      lbkit: [431],
    },
    { group: 'method', name: 'extra token on the request line', bytes: `GET /app/a HTTP/1.1 x\r\n${H}${CLOSE}\r\n`, allowed: [], lbkit: [400] },
  ];
}

/** Every case, in groups. */
export const CORPUS: readonly HostileCase[] = [...framing(), ...hopByHop(), ...targets(), ...sizes(), ...cookies(), ...methods()];
