/**
 * The few facts about a request that are needed before a member is chosen: its cookies (the core
 * reads the affinity route from them) and the length of its body (to decide whether it can be held
 * for a retry).
 *
 * @module
 */

/** Cookies and body length of a request, read from its raw headers in one pass. */
export interface RequestFacts {
  /** Every `Cookie` header joined with `; `, or undefined when there is none. */
  readonly cookie: string | undefined;
  /** 0: no body; -1: a body of unknown length (chunked); otherwise its `Content-Length`. */
  readonly bodyLength: number;
}

/**
 * Reads {@link RequestFacts} from Node's `rawHeaders`.
 *
 * @example
 * ```ts
 * requestFacts(['Cookie', 'ROUTEID=.static1', 'Content-Length', '12']) // { cookie: 'ROUTEID=.static1', bodyLength: 12 }
 * ```
 */
export function requestFacts(raw: readonly string[]): RequestFacts {
  let cookie: string | undefined;
  let bodyLength = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const n = name.length;
    if (n === 6) {
      if (name.toLowerCase() === 'cookie') cookie = cookie === undefined ? raw[i + 1]! : `${cookie}; ${raw[i + 1]!}`;
    } else if (n === 14) {
      if (name.toLowerCase() === 'content-length' && bodyLength === 0) bodyLength = Number(raw[i + 1]) || 0;
    } else if (n === 17) {
      if (name.toLowerCase() === 'transfer-encoding') bodyLength = -1;
    }
  }
  return { cookie, bodyLength };
}
