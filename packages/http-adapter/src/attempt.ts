/**
 * One forward decision carried out: take (or open) a keep-alive connection to the member, send the
 * request, stream the response back, and report exactly one outcome event to the core.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import type { FailureCause, ForwardDecision, RequestOutcome } from '@lbkit/core';
import type { Dispatcher } from 'undici';
import { causeOf, timeoutError } from './errors.js';
import { backwardHeaders, forwardHeaders } from './headers.js';
import type { MemberConnection, MemberConnections } from './member-connections.js';
import type { MountRuntime } from './mount-runtime.js';
import { upstreamPath } from './mounts.js';
import type { Upstream } from './pool-runtime.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';

/** How the request body travels: none, held in memory (replayable) or streamed (sent once). */
export type BodyMode = 'none' | 'held' | 'stream';

/** What an attempt needs from the client request it serves. */
export interface AttemptOwner {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: MountRuntime;
  /** The normalised request target. */
  readonly target: string;
  readonly env: { readonly now: () => number; readonly proto: string };
  readonly mode: BodyMode;
  readonly held: Buffer | null;
  /** The authority of an absolute-form target, else null (then `Host` is used). */
  readonly authority: string | null;
  /** The member failed before anything reached the client: fail over or answer an error. */
  failed(attempt: Attempt, cause: FailureCause): void;
  /** A pooled connection was stale: ask again once; false when that is not possible. */
  retryStale(): boolean;
}

/** Errors of a request written on a connection the member closed without answering. */
const STALE = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const noop = (): void => {};

/**
 * One forward decision carried out: exactly one outcome event reaches the core. It is the undici
 * dispatch handler of its request, so no request or response object is built for the member side.
 *
 * @remarks
 * undici never writes a request twice by itself: a request is only moved to a fresh connection
 * when nothing of it was written; once written, its failure comes here and {@link AttemptOwner}
 * decides (the keep-alive race retry is for idempotent requests only).
 */
export class Attempt implements Dispatcher.DispatchHandler {
  readonly decision: ForwardDecision;
  readonly #x: AttemptOwner;
  readonly #connections: MemberConnections;
  readonly #conn: MemberConnection;
  readonly #timeouts: MountRuntime['pool']['config']['timeouts'];
  /** Aborts the request on its connection (undici gives it once the request is being written). */
  #abort: ((err?: Error) => void) | null = null;
  #resume: (() => void) | null = null;
  #onDrain: (() => void) | null = null;
  /** A streamed request body goes through this, which also keeps its idle timer alive. */
  #body: Transform | null = null;
  /** Only for a streamed body, until the response: undici's own timeouts cover the rest. */
  #timer: NodeJS.Timeout | null = null;
  #dispatching = true;
  #syncError: Error | null = null;
  #released = false;
  #abandoned = false;
  #settled = false;
  #responded = false;
  #reused = false;
  #status = 0;
  /** The body length the member declared, until a first chunk; -2 once that chunk ended the response. */
  #whole = -1;
  connected = false;
  bodySent = false;

  constructor(x: AttemptOwner, decision: ForwardDecision, upstream: Upstream) {
    this.#x = x;
    this.decision = decision;
    const route = x.route;
    const t = (this.#timeouts = route.pool.config.timeouts);
    const { headers } = forwardHeaders(x.req.rawHeaders, {
      upstreamHost: upstream.hostHeader,
      clientAddress: x.req.socket.remoteAddress ?? '',
      proto: x.env.proto,
      stripCookies: route.stripCookies,
      requestHost: x.authority,
      writeChunked: false,
    });
    this.#connections = upstream.connections;
    this.#conn = upstream.connections.take();
    const stream = x.mode === 'stream';
    if (stream) this.#body = this.#bodyRelay();
    const method = x.req.method ?? 'GET';
    const options: Dispatcher.DispatchOptions = {
      method,
      path: upstreamPath(route.mount, upstream.target, x.target),
      headers,
      body: stream ? this.#body : x.held,
      // A streamed body has its own timers (idle while it goes up, then the response timeout).
      headersTimeout: stream ? 0 : t.responseMs,
      bodyTimeout: t.idleMs,
    };
    // undici closes the connection after a HEAD, for members that send a body anyway; Node's
    // client never did, and keep-alive is worth more here.
    if (method === 'HEAD') options.reset = false;
    this.#conn.client.dispatch(options, this);
    this.#dispatching = false;
    if (this.#syncError !== null) {
      // undici refused the request before sending it (Node's http.request threw in the same cases).
      this.#release();
      throw this.#syncError;
    }
  }

  /** Streams the client's body up with backpressure (by `pipe`), refreshing its idle timer. */
  #bodyRelay(): Transform {
    const t = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        this.#timer?.refresh();
        done(null, chunk);
      },
      flush: (done) => {
        if (this.#timer !== null && !this.#responded) {
          clearTimeout(this.#timer);
          this.#timer = setTimeout(() => this.#onTimeout(), this.#timeouts.responseMs);
        }
        done();
      },
    });
    // undici destroys the relay with the request's error, maybe after its own listener is gone;
    // that error reaches the exchange through onError, never as an uncaught one.
    t.on('error', noop);
    return t;
  }

  /** The request is being written on a connection (TCP, or TLS with its handshake, is open). */
  onConnect(abort: (err?: Error) => void): void {
    if (this.#abandoned) return abort();
    this.#abort = abort;
    this.connected = true;
    this.#reused = ++this.#conn.written > 1;
    if (this.#body !== null) {
      this.bodySent = true;
      this.#timer = setTimeout(() => this.#onTimeout(), this.#timeouts.idleMs);
      this.#x.req.pipe(this.#body);
    }
  }

  #onTimeout(): void {
    this.#timer = null;
    this.#abort?.(timeoutError('LBK_TIMEOUT', 'response timeout'));
  }

  onError(err: Error): void {
    if (this.#dispatching) return void (this.#syncError = err);
    this.#release();
    if (this.#settled) return;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!this.#responded && this.#reused && STALE.has(code) && this.#x.mode !== 'stream') {
      // The keep-alive race: not the member's fault, whether or not the request may be sent again.
      this.#settle({ type: 'requestAbandoned', member: this.decision.member });
      if (this.#x.retryStale()) return;
      return this.#x.failed(this, 'reset');
    }
    const cause = causeOf(err, this.connected);
    this.#settle({ type: 'requestFailed', member: this.decision.member, cause });
    if (this.#responded) this.#x.res.destroy();
    else {
      if (this.#body !== null) this.#x.req.unpipe(this.#body);
      this.#x.failed(this, cause);
    }
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    const x = this.#x;
    if (this.#settled || x.res.destroyed) {
      this.abandon();
      this.#abort?.(); // already settled: still stop reading a response nobody will get
      return false;
    }
    this.#responded = true;
    this.#status = status;
    this.#resume = resume;
    if (this.#timer !== null) clearTimeout(this.#timer);
    const d = this.decision;
    const extra =
      d.setCookie !== null
        ? ['Balancer-Route', d.route, 'Set-Cookie', `${d.setCookie.name}=${d.setCookie.value}${x.route.cookieSuffix}`]
        : ['Balancer-Route', d.route];
    const id = requestIdOf(x.req);
    if (id !== null) extra.push(REQUEST_ID_HEADER, id);
    const strings = latin1(raw);
    this.#whole = declaredLength(strings);
    const headers = backwardHeaders(strings, x.route.reverse, extra);
    try {
      x.res.writeHead(status, statusText, headers);
    } catch {
      this.#settle({ type: 'requestFailed', member: d.member, cause: 'protocol' });
      this.#abort?.();
      this.#responded = false;
      x.failed(this, 'protocol');
      return false;
    }
    return true;
  }

  /**
   * The member's body, relayed with backpressure: false pauses undici until the client drains. A
   * first chunk that is the whole declared body ends the response with it: one corked write, no
   * separate end.
   */
  onData(chunk: Buffer): boolean {
    const res = this.#x.res;
    if (chunk.length === this.#whole) {
      this.#whole = -2;
      res.end(chunk);
      return true;
    }
    this.#whole = -1;
    if (res.write(chunk) || res.destroyed) return true;
    res.once('drain', (this.#onDrain ??= () => this.#resume?.()));
    return false;
  }

  /**
   * The member's response is complete. The core hears of it in the same turn of the event loop as
   * the last chunk was written, before the client could send anything else.
   */
  onComplete(): void {
    this.#release();
    this.#settle({ type: 'responseReceived', member: this.decision.member, status: this.#status });
    if (this.#whole !== -2) this.#x.res.end();
  }

  /** The client went away: stop talking to the member and tell the core, unless already told. */
  abandon(): void {
    if (this.#settled) return;
    this.#settle({ type: 'requestAbandoned', member: this.decision.member });
    this.#abandoned = true;
    this.#abort?.();
  }

  #release(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#released) return;
    this.#released = true;
    this.#connections.release(this.#conn);
  }

  #settle(event: RequestOutcome): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#x.route.pool.apply(event, this.#x.env.now());
  }
}

/** The `Content-Length` of a member's response headers (checked by undici's parser), or -1. */
function declaredLength(raw: readonly string[]): number {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 14 && raw[i]!.toLowerCase() === 'content-length') return Number(raw[i + 1]);
  }
  return -1;
}

/** undici's raw header buffers as the strings Node's parser would have given (latin1). */
function latin1(raw: Buffer[]): string[] {
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]!.toString('latin1');
  return out;
}
