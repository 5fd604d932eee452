/**
 * One forward decision carried out: open (or reuse) a connection to the member, send the request,
 * stream the response back, and report exactly one outcome event to the core.
 *
 * @module
 */
import { type ClientRequest, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FailureCause, ForwardDecision, RequestOutcome } from '@lbkit/core';
import { causeOf, timeoutError } from './errors.js';
import { backwardHeaders, forwardHeaders } from './headers.js';
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

/** One forward decision carried out: exactly one outcome event reaches the core. */
export class Attempt {
  readonly decision: ForwardDecision;
  readonly #x: AttemptOwner;
  readonly #up: ClientRequest;
  readonly #timeouts: MountRuntime['pool']['config']['timeouts'];
  #connectTimer: NodeJS.Timeout | null = null;
  #settled = false;
  #responded = false;
  connected = false;
  bodySent = false;

  constructor(x: AttemptOwner, decision: ForwardDecision, upstream: Upstream) {
    this.#x = x;
    this.decision = decision;
    const route = x.route;
    this.#timeouts = route.pool.config.timeouts;
    const target = upstream.target;
    const { headers } = forwardHeaders(x.req.rawHeaders, {
      upstreamHost: upstream.hostHeader,
      clientAddress: x.req.socket.remoteAddress ?? '',
      proto: x.env.proto,
      stripCookies: route.stripCookies,
      requestHost: x.authority,
    });
    const up = request({ agent: upstream.agent, host: target.host, port: target.port, method: x.req.method, path: upstreamPath(route.mount, target, x.target), headers });
    this.#up = up;
    up.on('socket', (s: Socket) => this.#onSocket(s));
    up.on('error', (e: NodeJS.ErrnoException) => this.#onError(e));
    up.on('response', (r: IncomingMessage) => this.#onResponse(r));
    if (x.mode === 'stream') {
      up.on('finish', () => {
        if (!this.#responded) up.setTimeout(this.#timeouts.responseMs);
      });
    } else up.end(x.mode === 'held' ? x.held : undefined);
  }

  /**
   * The connection counts as open once TCP is, or for an `https://` member once its TLS handshake
   * is done: a certificate error before that sent nothing, so any request may go elsewhere.
   */
  #onSocket(s: Socket): void {
    // Armed once the socket is known: before, Node would queue two more listeners and closures to
    // do it then. Idle while a streamed body goes up, then the response timeout once it is all sent.
    this.#up.setTimeout(this.#x.mode === 'stream' ? this.#timeouts.idleMs : this.#timeouts.responseMs, () => this.#onTimeout());
    const tls = (s as Socket & { encrypted?: boolean }).encrypted === true;
    const open = tls ? (s as Socket & { _secureEstablished?: boolean })._secureEstablished === true : !s.connecting;
    if (open) return this.#onConnect();
    this.#connectTimer = setTimeout(() => this.#up.destroy(timeoutError('LBK_CONNECT_TIMEOUT', 'connect timeout')), this.#timeouts.connectMs);
    s.once(tls ? 'secureConnect' : 'connect', () => this.#onConnect());
  }

  #onConnect(): void {
    if (this.#connectTimer !== null) clearTimeout(this.#connectTimer);
    if (this.#settled) return;
    this.connected = true;
    if (this.#x.mode === 'stream') {
      this.bodySent = true;
      this.#x.req.pipe(this.#up);
    }
  }

  #onTimeout(): void {
    if (this.#responded) {
      this.#settle({ type: 'requestFailed', member: this.decision.member, cause: 'timeout' });
      this.#up.destroy();
      this.#x.res.destroy();
    } else this.#up.destroy(timeoutError('LBK_TIMEOUT', 'response timeout'));
  }

  #onError(err: NodeJS.ErrnoException): void {
    if (this.#connectTimer !== null) clearTimeout(this.#connectTimer);
    if (this.#settled) return;
    if (!this.#responded && this.#up.reusedSocket && err.code === 'ECONNRESET' && this.#x.mode !== 'stream') {
      // The keep-alive race: not the member's fault, whether or not the request may be sent again.
      this.#settle({ type: 'requestAbandoned', member: this.decision.member });
      if (this.#x.retryStale()) return;
    }
    if (this.#settled) return this.#x.failed(this, 'reset');
    const cause = causeOf(err, this.connected);
    this.#settle({ type: 'requestFailed', member: this.decision.member, cause });
    if (this.#responded) this.#x.res.destroy();
    else {
      if (this.bodySent) this.#x.req.unpipe(this.#up);
      this.#x.failed(this, cause);
    }
  }

  #onResponse(upRes: IncomingMessage): void {
    if (this.#settled) return void upRes.resume();
    if (this.#x.res.destroyed) return this.abandon();
    this.#responded = true;
    if (this.#timeouts.idleMs !== this.#timeouts.responseMs) this.#up.setTimeout(this.#timeouts.idleMs);
    const x = this.#x;
    const route = x.route;
    const d = this.decision;
    const extra =
      d.setCookie !== null
        ? ['Balancer-Route', d.route, 'Set-Cookie', `${d.setCookie.name}=${d.setCookie.value}${route.cookieSuffix}`]
        : ['Balancer-Route', d.route];
    const id = requestIdOf(x.req);
    if (id !== null) extra.push(REQUEST_ID_HEADER, id);
    const headers = backwardHeaders(upRes.rawHeaders, route.reverse, extra);
    const status = upRes.statusCode ?? 502;
    try {
      x.res.writeHead(status, upRes.statusMessage, headers);
    } catch {
      this.#up.destroy();
      this.#settle({ type: 'requestFailed', member: d.member, cause: 'protocol' });
      this.#responded = false;
      return x.failed(this, 'protocol');
    }
    this.#relay(upRes, x.res, status);
  }

  /**
   * Streams the member's body to the client with backpressure: what `upRes.pipe(res)` would do
   * here, with three listeners instead of about eight and their closures per response. The core
   * hears of the response before the client's end is written.
   */
  #relay(upRes: IncomingMessage, res: ServerResponse, status: number): void {
    upRes.on('data', (chunk: Buffer) => {
      if (res.write(chunk) || res.destroyed) return;
      upRes.pause();
      res.once('drain', () => upRes.resume());
    });
    upRes.on('end', () => {
      this.#settle({ type: 'responseReceived', member: this.decision.member, status });
      res.end();
    });
    upRes.on('error', (e: NodeJS.ErrnoException) => this.#onError(e));
  }

  /** The client went away: stop talking to the member and tell the core, unless already told. */
  abandon(): void {
    if (this.#settled) return;
    this.#settle({ type: 'requestAbandoned', member: this.decision.member });
    this.#up.destroy();
  }

  #settle(event: RequestOutcome): void {
    if (this.#settled) return;
    this.#settled = true;
    const pool = this.#x.route.pool;
    pool.apply(event, this.#x.env.now());
  }
}
