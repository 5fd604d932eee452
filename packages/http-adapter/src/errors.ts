/**
 * What the proxy answers when it cannot deliver a member's response, and how a socket error maps
 * to the core's {@link FailureCause}.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { FailureCause, RejectReason } from '@lbkit/core';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';

/**
 * Why the proxy answered by itself: a core reject reason, a failure cause, or a proxy-level refusal.
 *
 * @example
 * ```ts
 * const reason = response.headers.get(REASON_HEADER) as ProxyReason | null // e.g. 'all-down'
 * ```
 */
export type ProxyReason =
  | RejectReason
  | `upstream-${FailureCause}`
  | 'no-mount'
  | 'bad-target'
  | 'bad-request'
  | 'headers-too-large'
  | 'method-not-allowed'
  | 'bad-version'
  | 'proxy-error';

/**
 * The response header naming a {@link ProxyReason} on every answer the proxy makes by itself.
 *
 * @example
 * ```ts
 * // HTTP/1.1 503 Service Unavailable
 * // X-Lbkit-Reason: all-down
 * res.headers[REASON_HEADER.toLowerCase()]
 * ```
 */
export const REASON_HEADER = 'X-Lbkit-Reason';

const TEXT: Readonly<Record<ProxyReason, string>> = {
  'no-members': 'no member in this pool',
  'all-disabled': 'every member of this pool is disabled',
  'all-down': 'no member of this pool is available',
  'all-draining': 'every available member of this pool is draining',
  'attempts-exhausted': 'every attempt to reach a member failed',
  'upstream-refused': 'the member could not be reached',
  'upstream-reset': 'the member closed the connection',
  'upstream-timeout': 'the member did not answer in time',
  'upstream-protocol': 'the member answered with invalid HTTP',
  'no-mount': 'no mount serves this path',
  'bad-target': 'the request target is not a path',
  'bad-request': 'the request needs exactly one valid Host header',
  'headers-too-large': 'the request has too many header lines or too large a header block',
  'method-not-allowed': 'this proxy does not tunnel CONNECT requests',
  'bad-version': 'only HTTP/1.0 and HTTP/1.1 are served',
  'proxy-error': 'the proxy failed to handle this request',
};

/** The status for a reason: 503 when no member can be used, 504 on a timeout, 502 on other member failures. */
export function statusFor(reason: ProxyReason): number {
  switch (reason) {
    case 'upstream-timeout':
      return 504;
    case 'upstream-refused':
    case 'upstream-reset':
    case 'upstream-protocol':
      return 502;
    case 'no-mount':
      return 404;
    case 'bad-target':
    case 'bad-request':
      return 400;
    case 'headers-too-large':
      return 431;
    case 'method-not-allowed':
      return 405;
    case 'bad-version':
      return 505;
    case 'proxy-error':
      return 500;
    default:
      return 503;
  }
}

/** The one-line text body of the proxy's own answer for `reason`. */
export function errorBody(reason: ProxyReason): string {
  return `${statusFor(reason)} ${TEXT[reason]} (${reason})\n`;
}

/** HTTP reason phrases of the statuses the proxy answers by itself. */
const PHRASES: Readonly<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported' };

/**
 * The proxy's answer for `reason` as raw bytes, closing the connection: for sockets Node hands
 * over without a response object (`CONNECT`, `Upgrade`). `extra` are header lines, each ending in CRLF.
 */
export function rawError(reason: ProxyReason, extra = ''): string {
  const status = statusFor(reason);
  const body = errorBody(reason);
  return (
    `HTTP/1.1 ${status} ${PHRASES[status] ?? 'Error'}\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n${REASON_HEADER}: ${reason}\r\n` +
    `Connection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/**
 * Answers a request with a short text body, the reason in {@link REASON_HEADER} and the request's
 * `X-Request-Id` (when one was assigned). Does nothing
 * if the response already started. A request refused for its form (4xx other than 404) also closes
 * the connection: whatever body it may still send is not worth reading.
 */
export function sendError(res: ServerResponse, reason: ProxyReason): void {
  if (res.headersSent || res.destroyed) return;
  const status = statusFor(reason);
  const body = errorBody(reason);
  if ((status >= 400 && status < 500 && status !== 404) || status === 505) res.shouldKeepAlive = false;
  const headers = ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(Buffer.byteLength(body)), REASON_HEADER, reason, 'Cache-Control', 'no-store'];
  const id = requestIdOf(res.req);
  if (id !== null) headers.push(REQUEST_ID_HEADER, id);
  res.writeHead(status, headers);
  res.end(body);
}

/** Errors that mean the connection was never established: nothing reached the member. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'LBK_CONNECT_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Timeouts: the proxy's own, the socket's, and undici's (headers, body) on member connections. */
const TIMED_OUT = new Set(['LBK_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** TLS handshake and certificate errors towards an `https://` member: no byte of the request was sent. */
const TLS_FAILURE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/**
 * The core's failure cause for a socket or HTTP client error. `connected`: the connection was
 * open (for TLS, its handshake done) when the error came.
 */
export function causeOf(err: NodeJS.ErrnoException, connected: boolean): FailureCause {
  const code = err.code ?? '';
  if (!connected && NOT_CONNECTED.has(code)) return code.endsWith('CONNECT_TIMEOUT') ? 'timeout' : 'refused';
  if (!connected && TLS_FAILURE.test(code)) return 'refused';
  if (TIMED_OUT.has(code)) return 'timeout';
  // Node's parser says HPE_*; undici's errors carry no code for some parser failures, only a name.
  if (code.startsWith('HPE_') || code === 'UND_ERR_HEADERS_OVERFLOW' || err.name === 'HTTPParserError') return 'protocol';
  return 'reset';
}

/** An error with a code, for the timeouts the proxy enforces. */
export function timeoutError(code: 'LBK_CONNECT_TIMEOUT' | 'LBK_TIMEOUT', message: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = code;
  return err;
}
