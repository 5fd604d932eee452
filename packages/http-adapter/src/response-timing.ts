/**
 * When the response headers went to the client, for the access log's timings. Only measured when
 * something reads it (a request hook is set): otherwise the response is left untouched.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';

const STARTED = Symbol('lbkit.started');
const HEADERS_AT = Symbol('lbkit.headersAt');

type Timed = ServerResponse & { [STARTED]?: number; [HEADERS_AT]?: number };

/** Starts timing `res`: the moment its headers are written is kept. */
export function timeResponse(res: ServerResponse): void {
  const timed = res as Timed;
  timed[STARTED] = performance.now();
  const writeHead = res.writeHead;
  res.writeHead = function (this: Timed, ...args: Parameters<ServerResponse['writeHead']>) {
    this[HEADERS_AT] ??= performance.now();
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}

/** When {@link timeResponse} started timing `res` (a `performance.now()` reading), or undefined. */
export function startedAtOf(res: ServerResponse): number | undefined {
  return (res as Timed)[STARTED];
}

/** Milliseconds from the start of the request until its response headers were written, or null. */
export function headersMsOf(res: ServerResponse): number | null {
  const timed = res as Timed;
  const start = timed[STARTED];
  const at = timed[HEADERS_AT];
  return start === undefined || at === undefined ? null : Math.round((at - start) * 1000) / 1000;
}
