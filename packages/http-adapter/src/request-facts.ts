/**
 * The facts about a request that are needed before a member is chosen: whether it may be forwarded
 * at all (header limits, `Host`), its cookies (the core reads the affinity route from them) and the
 * length of its body (to decide whether it can be held for a retry). One pass over Node's
 * `rawHeaders`.
 *
 * @module
 */

/** Cookies, body length and the shape of a request's header block. */
export interface RequestFacts {
  /** Every `Cookie` header joined with `; `, or undefined when there is none. */
  readonly cookie: string | undefined;
  /** 0: no body; -1: a body of unknown length (chunked); otherwise its `Content-Length`. */
  readonly bodyLength: number;
  /** The first `Host` value ('' when absent). */
  readonly host: string;
  /** How many `Host` lines the request has. */
  readonly hostLines: number;
  /** Header lines, as Node kept them. */
  readonly lines: number;
  /** Bytes of the header block as `name: value\r\n` lines (white space around values not counted). */
  readonly bytes: number;
}

/**
 * Reads {@link RequestFacts} from Node's `rawHeaders`.
 *
 * @example
 * ```ts
 * requestFacts(['Cookie', 'ROUTEID=.static1', 'Content-Length', '12']) // { cookie: 'ROUTEID=.static1', bodyLength: 12, host: '', hostLines: 0, lines: 2, bytes: 46 }
 * ```
 */
export function requestFacts(raw: readonly string[]): RequestFacts {
  let cookie: string | undefined;
  let bodyLength = 0;
  let host = '';
  let hostLines = 0;
  let bytes = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const n = name.length;
    bytes += n + raw[i + 1]!.length + 4;
    if (n === 4) {
      if (name.toLowerCase() === 'host' && hostLines++ === 0) host = raw[i + 1]!;
    } else if (n === 6) {
      if (name.toLowerCase() === 'cookie') cookie = cookie === undefined ? raw[i + 1]! : `${cookie}; ${raw[i + 1]!}`;
    } else if (n === 14) {
      if (name.toLowerCase() === 'content-length' && bodyLength === 0) bodyLength = Number(raw[i + 1]) || 0;
    } else if (n === 17) {
      if (name.toLowerCase() === 'transfer-encoding') bodyLength = -1;
    }
  }
  return { cookie, bodyLength, host, hostLines, lines: raw.length >> 1, bytes };
}

/** `uri-host [ ":" port ]` (RFC 9110 §7.2): a reg-name or IPv4 (percent-encoding allowed) or an IP literal. */
const HOST = /^(?:\[[0-9A-Za-z:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?$/;

/** Is `value` a valid `Host` field value (RFC 9112 §3.2: anything else gets 400)? */
export function isValidHost(value: string): boolean {
  return HOST.test(value);
}

/** Limits on the header block a request may bring (Apache LimitRequestFields, LimitRequestFieldSize). */
export interface HeaderLimits {
  readonly maxHeaderCount: number;
  readonly maxHeaderSize: number;
}

/**
 * Why a request must not be forwarded, or null: too many header lines or too large a block
 * (`headers-too-large`, 431), or not exactly one valid `Host` for HTTP/1.1 (`bad-request`, 400).
 * `requestLine` is the length of `METHOD target HTTP/x.y\r\n`, part of the block.
 *
 * @example
 * ```ts
 * headerProblem(requestFacts(['Host', 'a', 'Host', 'b']), 16, { maxHeaderCount: 100, maxHeaderSize: 16384 }, true) // 'bad-request'
 * ```
 */
export function headerProblem(facts: RequestFacts, requestLine: number, limits: HeaderLimits, http11: boolean): 'headers-too-large' | 'bad-request' | null {
  if (facts.lines > limits.maxHeaderCount || facts.bytes + requestLine + 2 > limits.maxHeaderSize) return 'headers-too-large';
  if (facts.hostLines > 1 || (http11 && facts.hostLines === 0) || !isValidHost(facts.host)) return 'bad-request';
  return null;
}
