/**
 * `X-Request-Id`: a client's id is passed to the member when it is a sane token, otherwise the
 * proxy makes one; either way the member, the client (echoed) and the access log see the same id.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The header that carries a request's id, as sent to members and echoed to clients.
 *
 * @example
 * ```ts
 * const id = response.headers.get(REQUEST_ID_HEADER)
 * ```
 */
export const REQUEST_ID_HEADER = 'X-Request-Id';

const ID = Symbol('lbkit.requestId');
/** Printable ASCII without spaces, short: an id cannot inject into a log line or a header. */
const SANE = /^[\x21-\x7e]{1,128}$/;

type Tagged = IncomingMessage & { [ID]?: string };

/**
 * Gives `req` its id: its single sane `X-Request-Id`, or a new UUID that replaces whatever it sent.
 * The request's raw headers are edited so that the member receives the id.
 *
 * @example
 * ```ts
 * const id = assignRequestId(req) // '0b6f...' or the client's own id
 * ```
 */
export function assignRequestId(req: IncomingMessage): string {
  const raw = req.rawHeaders;
  let found = -1;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 12 && raw[i]!.toLowerCase() === 'x-request-id') {
      found = i;
      count++;
    }
  }
  let id: string;
  if (count === 1 && SANE.test(raw[found + 1]!)) id = raw[found + 1]!;
  else {
    id = randomUUID();
    if (count > 0) {
      for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]!.toLowerCase() === 'x-request-id') raw.splice(i, 2);
    }
    raw.push(REQUEST_ID_HEADER, id);
  }
  (req as Tagged)[ID] = id;
  return id;
}

/** The id {@link assignRequestId} gave `req`, or null. */
export function requestIdOf(req: IncomingMessage): string | null {
  return (req as Tagged)[ID] ?? null;
}
