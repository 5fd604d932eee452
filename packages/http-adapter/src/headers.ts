/**
 * Header rewriting in both directions. Works on Node's flat `rawHeaders` arrays (name, value,
 * name, value...) and returns the same shape, so that no header object is built per request and
 * names keep their case and order.
 *
 * @module
 */
import { withoutCookies } from './cookies.js';

/** Hop-by-hop headers (RFC 9110 §7.6.1), plus `Proxy-*` which only concern the hop to a proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization']);

/** Is `lower` (a lower-cased name) hop-by-hop for every message? */
function isHopByHop(lower: string): boolean {
  return HOP_BY_HOP.has(lower) || lower.startsWith('proxy-');
}

/**
 * Adds the header names a `Connection` value lists (lower-cased) to `listed`. `close` and
 * `keep-alive` are options, not names; `keep` is a name that must stay (the framing the proxy
 * relays as is); a value listing nothing leaves `listed` as it was (often null).
 */
function connectionTokens(value: string, listed: Set<string> | null, keep = ''): Set<string> | null {
  if (value.indexOf(',') < 0) {
    const t = value.trim().toLowerCase();
    if (t === '' || t === 'close' || t === 'keep-alive' || t === keep) return listed;
  }
  let out = listed;
  for (const token of value.split(',')) {
    const t = token.trim().toLowerCase();
    if (t === '' || t === 'close' || t === 'keep-alive' || t === keep) continue;
    (out ??= new Set()).add(t);
  }
  return out;
}

/** `headers` without the names in `listed` (rare: only when a `Connection` header lists some). */
function withoutListed(headers: readonly string[], listed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (!listed.has(headers[i]!.toLowerCase())) out.push(headers[i]!, headers[i + 1]!);
  }
  return out;
}

/** What the proxy knows about the request it forwards, besides its headers. */
export interface ForwardContext {
  /** `host:port` of the member, sent as `Host` (Apache ProxyPreserveHost Off). */
  readonly upstreamHost: string;
  /** The client's address, appended to `X-Forwarded-For`. */
  readonly clientAddress: string;
  /** `http` or `https`: the scheme the client used. */
  readonly proto: string;
  /** Cookie names removed from the `Cookie` header: the proxy's own affinity cookies. Empty: keep all. */
  readonly stripCookies: readonly string[];
  /**
   * The authority the client addressed, sent in `X-Forwarded-Host`: its `Host` header, or the
   * authority of an absolute-form target, which RFC 9112 §3.2.2 puts first. Default (absent or
   * null): `Host`.
   */
  readonly requestHost?: string | null;
  /**
   * False when the HTTP client writes `Transfer-Encoding: chunked` itself for a body of unknown
   * length (undici does, and refuses the header): then only `Content-Length` is given. Default true.
   */
  readonly writeChunked?: boolean;
}

/** The outcome of {@link forwardHeaders}: the headers and what they say about the request body. */
export interface ForwardedHeaders {
  readonly headers: string[];
  /** True when the request has a body (a non-zero `Content-Length` or a `Transfer-Encoding`). */
  readonly hasBody: boolean;
  /** The declared body length, or -1 when unknown (chunked) or absent. */
  readonly contentLength: number;
}

/**
 * The headers to send to a member: hop-by-hop ones removed (also those `Connection` lists), the
 * proxy's affinity cookies removed with every other byte of `Cookie` kept, then the framing,
 * `Host` (the member), and `X-Forwarded-For`/`-Host`/`-Proto` written by the proxy.
 *
 * @remarks
 * The framing is never copied from the client: `Transfer-Encoding: chunked` when the client's body
 * was chunked, else its `Content-Length` (Node's parser has already read exactly that many bytes),
 * so a `Connection: Content-Length` cannot leave a body unframed (request smuggling). Listing
 * `Host` or `X-Forwarded-*` in `Connection` only drops the client's own values: the proxy's are
 * always sent. For and Host are appended to earlier values, like Apache.
 *
 * @example
 * ```ts
 * forwardHeaders(['Host', 'lab', 'Cookie', 'ROUTEID=.static1; a=1'], { upstreamHost: '127.0.0.1:8081', clientAddress: '127.0.0.1', proto: 'http', stripCookies: ['ROUTEID'] })
 * // headers: ['Host', '127.0.0.1:8081', 'Cookie', 'a=1', 'X-Forwarded-For', '127.0.0.1', 'X-Forwarded-Host', 'lab', 'X-Forwarded-Proto', 'http']
 * ```
 */
export function forwardHeaders(raw: readonly string[], ctx: ForwardContext): ForwardedHeaders {
  let out: string[] = [];
  let listed: Set<string> | null = null;
  let host = '';
  let xff = '';
  let xfh = '';
  let chunked = false;
  let contentLength = -1;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    switch (lower) {
      case 'host':
        if (host === '') host = value;
        continue;
      case 'cookie': {
        const kept = ctx.stripCookies.length === 0 ? value : withoutCookies(value, ctx.stripCookies);
        if (kept !== null) out.push(name, kept);
        continue;
      }
      case 'content-length':
        if (contentLength < 0) contentLength = Number(value);
        continue;
      case 'transfer-encoding':
        chunked = true;
        continue;
      case 'x-forwarded-for':
        xff = xff === '' ? value : `${xff}, ${value}`;
        continue;
      case 'x-forwarded-host':
        xfh = xfh === '' ? value : `${xfh}, ${value}`;
        continue;
      case 'connection':
        listed = connectionTokens(value, listed);
        continue;
      case 'x-forwarded-proto':
      case 'expect': // Node already answered `100 Continue` to the client.
        continue;
      default:
        if (isHopByHop(lower)) continue;
    }
    out.push(name, value);
  }
  if (listed !== null) {
    out = withoutListed(out, listed);
    if (listed.has('x-forwarded-for')) xff = '';
    if (listed.has('x-forwarded-host')) xfh = '';
  }
  // Host first, as clients write it: a member that keeps only its first N header lines still has it.
  out.unshift('Host', ctx.upstreamHost);
  if (chunked) {
    if (ctx.writeChunked !== false) out.push('Transfer-Encoding', 'chunked');
  }
  else if (contentLength >= 0) out.push('Content-Length', String(contentLength));
  out.push('X-Forwarded-For', xff === '' ? ctx.clientAddress : `${xff}, ${ctx.clientAddress}`);
  const requestHost = ctx.requestHost ?? host;
  if (requestHost !== '') out.push('X-Forwarded-Host', xfh === '' ? requestHost : `${xfh}, ${requestHost}`);
  out.push('X-Forwarded-Proto', ctx.proto);
  const hasBody = chunked || contentLength > 0;
  return { headers: out, hasBody, contentLength: chunked ? -1 : Math.max(0, contentLength) };
}

/**
 * The headers to send back to the client: hop-by-hop ones removed, `Location` and
 * `Content-Location` passed through `reverse` (ProxyPassReverse), then `extra` appended. A member's
 * own `X-Request-Id` is dropped: the client gets the proxy's id back (the caller puts it in `extra`). A
 * `Content-Length` stays even when `Connection` lists it: Node's parser read exactly that many
 * bytes, and a `HEAD` or `304` answer needs it to say the size.
 *
 * @example
 * ```ts
 * backwardHeaders(['Location', 'http://127.0.0.1:3001/x', 'Connection', 'keep-alive'], (v) => v.replace('http://127.0.0.1:3001/', '/api/'), ['Balancer-Route', 'dynamic1'])
 * // ['Location', '/api/x', 'Balancer-Route', 'dynamic1']
 * ```
 */
export function backwardHeaders(raw: readonly string[], reverse: (value: string) => string, extra: readonly string[]): string[] {
  let out: string[] = [];
  let listed: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    const value = raw[i + 1]!;
    if (lower === 'connection') listed = connectionTokens(value, listed, 'content-length');
    else if (isHopByHop(lower) || lower === 'x-request-id') continue;
    else if (lower === 'location' || lower === 'content-location') out.push(name, reverse(value));
    else out.push(name, value);
  }
  if (listed !== null) out = withoutListed(out, listed);
  for (let i = 0; i < extra.length; i++) out.push(extra[i]!);
  return out;
}
