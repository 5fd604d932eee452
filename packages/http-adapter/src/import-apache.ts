/**
 * `lbkit import-apache`: an lbkit configuration from an Apache httpd virtual host that balances
 * with mod_proxy_balancer, and the list of every directive that could not be translated.
 *
 * @module
 */
import { type ApacheDirective, apacheParams, parseApacheConf } from './apache-conf.js';
import type { PoolInput, ProxyConfigInput } from './config.js';
import { type HeaderFindings, importHeader } from './import-apache-headers.js';
import { applyBalancerParam, applyMemberParam, type BalancerDraft, type ImportFinding, type MemberDraft } from './import-apache-params.js';
import { poolFromBalancer } from './import-apache-pools.js';

/**
 * The outcome of {@link importApache}.
 *
 * @example
 * ```ts
 * const { config, untranslated } = importApache(text)
 * for (const u of untranslated) console.error(`line ${u.line}: ${u.directive}: ${u.reason}`)
 * ```
 */
export interface ApacheImport {
  /** The lbkit configuration; check it with `validateProxyConfig` before use. */
  readonly config: ProxyConfigInput;
  /** Directives (or parameters) that have no lbkit equivalent and were left out. */
  readonly untranslated: readonly ImportFinding[];
  /** Directives translated, but where lbkit behaves differently or a default was made explicit. */
  readonly notes: readonly ImportFinding[];
}

/** Sections whose directives apply everywhere in a virtual host, as far as lbkit is concerned. */
const TRANSPARENT = new Set(['virtualhost', 'ifmodule', 'ifdefine', 'proxy', 'location']);
/** Directives that need nothing in lbkit. */
const NOTHING_TO_DO: Readonly<Record<string, RegExp>> = { proxyrequests: /^off$/i, proxypreservehost: /^off$/i, loadmodule: /^(proxy|proxy_http|proxy_balancer|lbmethod_byrequests|lbmethod_bybusyness|headers|slotmem_shm|proxy_hcheck|watchdog)_module$/ };

/** Why common directives that are not translated are not, beyond "lbkit has no such directive". */
const WHY_NOT: Readonly<Record<string, string>> = {
  servername: 'lbkit has no virtual hosts; Apache also sends its ServerName to members as X-Forwarded-Server, lbkit does not (see docs/migrating-from-apache.md)',
  serveralias: 'lbkit has no virtual hosts: every Host is served',
  documentroot: 'lbkit serves no files; put them on a member',
  errorlog: 'lbkit writes errors to stderr',
  customlog: 'use lbkit serve --log (one JSON line per request)',
  proxypreservehost: 'lbkit sends the member\'s host:port as Host, and the client\'s Host in X-Forwarded-Host',
  proxyrequests: 'lbkit is never a forward proxy',
  proxypassmatch: 'lbkit mounts are path prefixes, not regular expressions',
  proxyvia: 'lbkit sends no Via header',
};

const BALANCER_URL = /^balancer:\/\/([^/\s]+)(\/.*)?$/i;
const HTTP_URL = /^(https?:\/\/[^/?#\s]+)(\/[^?#\s]*)?$/i;

class Walk {
  readonly balancers = new Map<string, BalancerDraft>();
  readonly mounts: { prefix: string; balancer: string; rewrite: string; line: number; url: string }[] = [];
  readonly listen: { host: string; port: number }[] = [];
  vhostListen: { host: string; port: number } | null = null;
  responseMs: number | undefined;
  proxyTimeout = false;
  readonly sslProxy: { verify: string | null; caFile: string | null; line: number } = { verify: null, caFile: null, line: 0 };
  readonly headers: HeaderFindings = { routeHeader: false, cookies: [] };
  readonly untranslated: ImportFinding[] = [];
  readonly notes: ImportFinding[] = [];

  skip(d: { line: number; text: string }, reason: string): void {
    this.untranslated.push({ line: d.line, directive: d.text, reason });
  }

  balancer(url: string, line: number): BalancerDraft | null {
    const m = BALANCER_URL.exec(url);
    if (m === null) return null;
    const name = m[1]!.toLowerCase();
    let b = this.balancers.get(name);
    if (b === undefined) this.balancers.set(name, (b = { name, line, members: [] }));
    return b;
  }

  /** The `balancer://` of the innermost `<Proxy>` section around `d`, if any. */
  enclosingBalancer(d: ApacheDirective): BalancerDraft | null {
    const proxy = [...d.sections].reverse().find((s) => s.name === 'proxy');
    return proxy === undefined ? null : this.balancer(proxy.args[0] ?? '', proxy.line);
  }

  reporter(d: ApacheDirective): (raw: string, reason: string) => void {
    return (raw, reason) => this.untranslated.push({ line: d.line, directive: `${d.name} ... ${raw}`, reason });
  }
}

function balancerMember(w: Walk, d: ApacheDirective): void {
  let args = d.args;
  let b = w.enclosingBalancer(d);
  if (args[0] !== undefined && BALANCER_URL.test(args[0])) {
    b = w.balancer(args[0], d.line);
    args = args.slice(1);
  }
  if (b === null || args[0] === undefined) return w.skip(d, 'a BalancerMember belongs inside <Proxy "balancer://name"> or names its balancer first');
  const member: MemberDraft = { url: args[0], line: d.line };
  for (const p of apacheParams(args.slice(1))) applyMemberParam(member, p, w.reporter(d));
  b.members.push(member);
}

function proxySet(w: Walk, d: ApacheDirective): void {
  let args = d.args;
  let b = w.enclosingBalancer(d);
  if (args[0] !== undefined && args[0].includes('://')) {
    b = w.balancer(args[0], d.line);
    args = args.slice(1);
  }
  if (b === null) return w.skip(d, 'only ProxySet on a balancer:// is translated (lbkit has no per-worker ProxySet outside a balancer)');
  for (const p of apacheParams(args)) applyBalancerParam(b, p, d.line, w.reporter(d));
}

/** `[path, url, ...params]`, or inside `<Location path>`: `[url, ...params]`. */
function pathAndUrl(d: ApacheDirective): { path: string; url: string; params: readonly string[] } | null {
  const location = [...d.sections].reverse().find((s) => s.name === 'location');
  if (location !== undefined && location.args[0] !== undefined) return d.args[0] === undefined ? null : { path: location.args[0], url: d.args[0], params: d.args.slice(1) };
  if (d.args[0] === undefined || d.args[1] === undefined) return null;
  return { path: d.args[0], url: d.args[1], params: d.args.slice(2) };
}

/** A ProxyPass straight to one server: a pool of one member, named after its host. */
function directPool(w: Walk, d: ApacheDirective, origin: string, params: readonly string[]): BalancerDraft {
  const name = origin.replace(/^https?:\/\//i, '').replace(/[^A-Za-z0-9._~-]/g, '-').toLowerCase();
  const b = w.balancer(`balancer://${name}`, d.line)!;
  const member: MemberDraft = { url: origin, line: d.line };
  for (const p of apacheParams(params)) applyMemberParam(member, p, w.reporter(d));
  if (b.members.length === 0) b.members.push(member);
  return b;
}

function proxyPass(w: Walk, d: ApacheDirective): void {
  const pu = pathAndUrl(d);
  if (pu === null) return w.skip(d, 'ProxyPass needs a path and a URL');
  if (pu.url === '!') return w.skip(d, 'exclusions (ProxyPass path !) have no lbkit equivalent: requests there would reach the other mounts');
  if (!/^\/[\x21-\x7e]*$/.test(pu.path)) return w.skip(d, 'an lbkit mount prefix is a path starting with "/" without spaces');
  let b: BalancerDraft | null = null;
  let rewrite: string | undefined;
  const bm = BALANCER_URL.exec(pu.url);
  const hm = HTTP_URL.exec(pu.url);
  if (bm !== null) {
    b = w.balancer(pu.url, d.line)!;
    rewrite = bm[2];
    for (const p of apacheParams(pu.params)) applyBalancerParam(b, p, d.line, w.reporter(d));
  } else if (hm !== null) {
    b = directPool(w, d, hm[1]!, pu.params);
    rewrite = hm[2];
  } else return w.skip(d, 'lbkit proxies to balancer://, http:// or https:// URLs only');
  const earlier = w.mounts.find((m) => m.prefix === pu.path);
  if (earlier !== undefined) return w.skip(d, `the prefix ${pu.path} is already mounted on line ${earlier.line}, which Apache also uses first`);
  const shadow = w.mounts.find((m) => pu.path.startsWith(m.prefix));
  if (shadow !== undefined) {
    w.notes.push({ line: d.line, directive: d.text, reason: `Apache never uses this ProxyPass (line ${shadow.line} matches first, in order); lbkit uses the longest matching prefix, so here it will` });
  }
  w.mounts.push({ ...mountPaths(w, d, pu.path, rewrite ?? ''), balancer: b.name, line: d.line, url: pu.url });
}

/**
 * Prefix and rewrite for `ProxyPass path url`. Apache glues the rest of the request path to the
 * URL; lbkit's rewrite starts with "/", so `ProxyPass /app balancer://b` becomes the prefix `/app/`.
 */
function mountPaths(w: Walk, d: ApacheDirective, path: string, urlPath: string): { prefix: string; rewrite: string } {
  const slashPath = path.endsWith('/');
  if (urlPath === '' && !slashPath) {
    w.notes.push({ line: d.line, directive: d.text, reason: `mounted as ${path}/ (rewrite /): lbkit does not forward ${path} itself, nor paths that only start with ${path} (e.g. ${path}x)` });
    return { prefix: `${path}/`, rewrite: '/' };
  }
  if (slashPath !== (urlPath === '' || urlPath.endsWith('/'))) {
    w.notes.push({ line: d.line, directive: d.text, reason: 'the path and the URL differ in their trailing slash; Apache glues the rest of the request path to the URL as it is, check the paths members receive' });
  }
  return { prefix: path, rewrite: urlPath === '' ? '/' : urlPath };
}

function proxyPassReverse(w: Walk, d: ApacheDirective): void {
  const pu = pathAndUrl(d);
  const matches = pu !== null && w.mounts.some((m) => m.prefix === pu.path && m.url.toLowerCase() === pu.url.toLowerCase());
  if (!matches) w.skip(d, 'lbkit rewrites Location and Content-Location of each mount\'s own members only; a ProxyPassReverse without the same ProxyPass has no equivalent');
}

function listenOf(value: string): { host: string; port: number } | null {
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d{1,5})$/.exec(value);
  if (m === null || Number(m[2]) > 65_535) return null;
  const host = m[1] === undefined || m[1] === '*' || m[1] === '_default_' ? '0.0.0.0' : m[1];
  return { host, port: Number(m[2]) };
}

function timeout(w: Walk, d: ApacheDirective): void {
  const s = d.args[0];
  if (s === undefined || !/^\d+$/.test(s) || Number(s) < 1) return w.skip(d, 'the timeout must be whole seconds');
  if (d.key === 'timeout' && w.proxyTimeout) return;
  w.responseMs = Number(s) * 1000;
  if (d.key === 'proxytimeout') w.proxyTimeout = true;
}

function directive(w: Walk, d: ApacheDirective): void {
  const outside = d.sections.find((s) => !TRANSPARENT.has(s.name));
  if (outside !== undefined) return w.skip(d, `it is inside <${outside.name}> (line ${outside.line}), which lbkit has no equivalent for`);
  const nothing = NOTHING_TO_DO[d.key];
  if (nothing !== undefined && nothing.test(d.args[0] ?? '')) return;
  switch (d.key) {
    case 'balancermember': return balancerMember(w, d);
    case 'proxyset': return proxySet(w, d);
    case 'proxypass': return proxyPass(w, d);
    case 'proxypassreverse': return proxyPassReverse(w, d);
    case 'header': return importHeader(d, w.headers, w.untranslated);
    case 'timeout':
    case 'proxytimeout': return timeout(w, d);
    case 'sslproxyengine':
      return /^on$/i.test(d.args[0] ?? '') ? undefined : w.skip(d, 'lbkit uses TLS for https:// members and plain HTTP for http:// ones');
    case 'sslproxyverify':
      w.sslProxy.verify = (d.args[0] ?? '').toLowerCase();
      return;
    case 'sslproxycacertificatefile':
      if (d.args[0] === undefined) return w.skip(d, 'SSLProxyCACertificateFile needs a file');
      w.sslProxy.caFile = d.args[0];
      return;
    case 'listen': {
      const l = listenOf(d.args[0] ?? '');
      return l === null ? w.skip(d, 'Listen must be [address:]port') : void w.listen.push(l);
    }
  }
  w.skip(d, WHY_NOT[d.key] ?? 'not a mod_proxy_balancer directive lbkit translates');
}

function sections(w: Walk, text: string): ReturnType<typeof parseApacheConf> {
  const conf = parseApacheConf(text);
  for (const s of conf.sectionLines) {
    if (s.name === 'proxy' && !w.balancer(s.args[0] ?? '', s.line)) w.skip(s, 'only <Proxy "balancer://name"> sections are translated');
    else if (s.name === 'virtualhost') {
      if (w.vhostListen !== null) w.notes.push({ line: s.line, directive: s.text, reason: 'lbkit has no virtual hosts: the directives of every <VirtualHost> are merged into one configuration' });
      w.vhostListen ??= listenOf(s.args[0] ?? '');
    }
    else if (!TRANSPARENT.has(s.name)) w.skip(s, `<${s.name}> has no lbkit equivalent; the directives inside it are left out`);
  }
  for (const i of conf.issues) w.untranslated.push({ line: i.line, directive: '(syntax)', reason: i.message });
  return conf;
}

function assemble(w: Walk): ProxyConfigInput {
  const pools: Record<string, PoolInput> = {};
  const ctx = { responseMs: w.responseMs, sslProxy: w.sslProxy, cookies: w.headers.cookies, untranslated: w.untranslated, notes: w.notes };
  for (const m of w.mounts) pools[m.balancer] ??= poolFromBalancer(w.balancers.get(m.balancer)!, m.balancer, ctx);
  for (const b of w.balancers.values()) if (pools[b.name] === undefined) w.skip({ line: b.line, text: `balancer://${b.name}` }, 'no ProxyPass uses this balancer');
  for (const c of w.headers.cookies) {
    if (!Object.values(pools).some((p) => p.sticky?.cookie === c.name)) w.skip({ line: c.line, text: `Header ... Set-Cookie ${c.name}=...` }, `no balancer has stickysession naming the cookie ${c.name}`);
  }
  if (!w.headers.routeHeader) w.notes.push({ line: 0, directive: '(none)', reason: 'lbkit always adds a Balancer-Route response header' });
  const listen = w.listen.length > 0 ? w.listen : w.vhostListen !== null ? [w.vhostListen] : undefined;
  return {
    ...(listen !== undefined ? { listen } : {}),
    mounts: w.mounts.map((m) => ({ prefix: m.prefix, pool: m.balancer, rewrite: m.rewrite })),
    pools,
  };
}

/**
 * Translates an Apache virtual host that balances with mod_proxy_balancer into an lbkit
 * configuration. Never throws; what cannot be translated is listed with its line.
 *
 * @example
 * ```ts
 * const r = importApache('<Proxy "balancer://b">\n BalancerMember "http://127.0.0.1:3001" route=a\n</Proxy>\nProxyPass "/" "balancer://b/"\n')
 * r.config.mounts // [{ prefix: '/', pool: 'b', rewrite: '/' }]
 * ```
 * @remarks
 * Apache keeps `retry` and `timeout` per member and lbkit per pool (the largest is kept and noted);
 * `forcerecovery` is On by default in Apache, so the imported pools say `forceRecovery: true`.
 */
export function importApache(text: string): ApacheImport {
  const w = new Walk();
  const conf = sections(w, text);
  for (const d of conf.directives) directive(w, d);
  const config = assemble(w);
  const byLine = (a: ImportFinding, b: ImportFinding): number => a.line - b.line;
  return { config, untranslated: w.untranslated.sort(byLine), notes: w.notes.sort(byLine) };
}
