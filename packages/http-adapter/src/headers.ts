/**
 * Header rewriting in both directions. Works on Node's flat `rawHeaders` arrays (name, value,
 * name, value...) and returns the same shape, so that no header object is built per request and
 * names keep their case and order.
 *
 * @module
 */
import { withoutCookie } from '@lbkit/core';

/** Hop-by-hop headers (RFC 9110 §7.6.1), plus `Proxy-*` which only concern the hop to a proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization']);

/** Is `lower` (a lower-cased name) hop-by-hop for every message? */
function isHopByHop(lower: string): boolean {
  return HOP_BY_HOP.has(lower) || lower.startsWith('proxy-');
}

/**
 * Adds the header names a `Connection` value lists (lower-cased) to `listed`. `close` and
 * `keep-alive` are options, not names; a value listing nothing leaves `listed` as it was (often null).
 */
function connectionTokens(value: string, listed: Set<string> | null): Set<string> | null {
  if (value.indexOf(',') < 0) {
    const t = value.trim().toLowerCase();
    if (t === '' || t === 'close' || t === 'keep-alive') return listed;
  }
  let out = listed;
  for (const token of value.split(',')) {
    const t = token.trim().toLowerCase();
    if (t === '' || t === 'close' || t === 'keep-alive') continue;
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
}

/** The outcome of {@link forwardHeaders}: the headers and what they say about the request body. */
export interface ForwardedHeaders {
  readonly headers: string[];
  /** True when the request has a body (a non-zero `Content-Length` or a `Transfer-Encoding`). */
  readonly hasBody: boolean;
  /** The declared body length, or -1 when unknown (chunked) or absent. */
  readonly contentLength: number;
}

function stripCookieNames(value: string, names: readonly string[]): string | null {
  let out: string | null = value;
  for (let n = 0; n < names.length && out !== null; n++) out = withoutCookie(out, names[n]!);
  return out;
}

/**
 * The headers to send to a member: hop-by-hop ones removed, `Host` set to the member, the proxy's
 * affinity cookies removed, and `X-Forwarded-For`/`-Host`/`-Proto` added (For and Host appended to
 * earlier values, like Apache).
 *
 * @example
 * ```ts
 * forwardHeaders(['Host', 'lab', 'Cookie', 'ROUTEID=.static1; a=1'], { upstreamHost: '127.0.0.1:8081', clientAddress: '127.0.0.1', proto: 'http', stripCookies: ['ROUTEID'] })
 * // headers: ['Cookie', 'a=1', 'Host', '127.0.0.1:8081', 'X-Forwarded-For', '127.0.0.1', 'X-Forwarded-Host', 'lab', 'X-Forwarded-Proto', 'http']
 * ```
 */
export function forwardHeaders(raw: readonly string[], ctx: ForwardContext): ForwardedHeaders {
  let out: string[] = [];
  let listed: Set<string> | null = null;
  let host = '';
  let xff = '';
  let xfh = '';
  let hasBody = false;
  let contentLength = -1;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    switch (lower) {
      case 'host':
        host = value;
        continue;
      case 'cookie': {
        const kept = ctx.stripCookies.length === 0 ? value : stripCookieNames(value, ctx.stripCookies);
        if (kept !== null) out.push(name, kept);
        continue;
      }
      case 'content-length':
        contentLength = Number(value);
        if (contentLength > 0) hasBody = true;
        break;
      case 'transfer-encoding':
        hasBody = true;
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
  if (listed !== null) out = withoutListed(out, listed);
  if (hasBody && contentLength < 0) out.push('Transfer-Encoding', 'chunked');
  out.push('Host', ctx.upstreamHost);
  out.push('X-Forwarded-For', xff === '' ? ctx.clientAddress : `${xff}, ${ctx.clientAddress}`);
  if (host !== '') out.push('X-Forwarded-Host', xfh === '' ? host : `${xfh}, ${host}`);
  out.push('X-Forwarded-Proto', ctx.proto);
  return { headers: out, hasBody, contentLength: hasBody ? contentLength : 0 };
}

/**
 * The headers to send back to the client: hop-by-hop ones removed, `Location` and
 * `Content-Location` passed through `reverse` (ProxyPassReverse), then `extra` appended.
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
    if (lower === 'connection') listed = connectionTokens(value, listed);
    else if (isHopByHop(lower)) continue;
    else if (lower === 'location' || lower === 'content-location') out.push(name, reverse(value));
    else out.push(name, value);
  }
  if (listed !== null) out = withoutListed(out, listed);
  for (let i = 0; i < extra.length; i++) out.push(extra[i]!);
  return out;
}
