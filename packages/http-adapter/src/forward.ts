/**
 * One client request through the proxy: ask the core for a member, stream the request to it,
 * stream its response back, report exactly one outcome per forward decision, and fail over while
 * nothing irrevocable happened.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailureCause } from '@lbkit/core';
import { Attempt, type AttemptOwner, type BodyMode } from './attempt.js';
import { type ProxyReason, sendError } from './errors.js';
import { noteEarlyAnswer } from './listeners.js';
import type { MountRuntime } from './mount-runtime.js';
import type { RequestFacts, requestFacts } from './request-facts.js';
import { requestIdOf } from './request-id.js';
import { headersMsOf, startedAtOf } from './response-timing.js';

/**
 * What the proxy did with a request, for the request log.
 *
 * @example
 * ```ts
 * // { method: 'GET', url: '/api/jokes/', status: 200, pool: 'dynamic', member: 'dynamic2', attempts: 1, reason: null, completed: true, ms: 1.2 }
 * createProxy(config, { onRequest: (s: ExchangeSummary) => log.info(s) })
 * ```
 */
export interface ExchangeSummary {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly pool: string;
  /** The member that answered (or the last one tried), or null. */
  readonly member: string | null;
  readonly attempts: number;
  /** Why the proxy answered by itself, or null. */
  readonly reason: ProxyReason | null;
  /** False when the client went away before the response was complete. */
  readonly completed: boolean;
  /** Total time until the client connection finished with the response, in ms. */
  readonly ms: number;
  /** The request's `X-Request-Id`, or null when none was assigned. */
  readonly requestId: string | null;
  /** Time until the response headers were written, in ms, or null. */
  readonly headersMs: number | null;
  /** True when the request's own route chose the member (session affinity); null when none was chosen. */
  readonly affinity: boolean | null;
}

/** What an exchange needs from the proxy around it. */
export interface ExchangeEnv {
  readonly now: () => number;
  readonly proto: string;
  readonly onSummary: ((s: ExchangeSummary) => void) | null;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
const NO_TRIES: readonly string[] = [];
const noop = (): void => {};

/** State of one client request; each forward decision gets a fresh {@link Attempt}. */
class Exchange implements AttemptOwner {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #route: MountRuntime;
  readonly #target: string;
  readonly #env: ExchangeEnv;
  readonly #facts: RequestFacts;
  readonly #authority: string | null;
  /** Idempotent (RFC 9110 §9.2.2), or the pool opted in: may be sent again after it may have reached a member. */
  readonly #resendable: boolean;
  readonly #started: number;
  #mode: BodyMode = 'none';
  #held: Buffer | null = null;
  /** Replaced, never mutated: the core and the recorder keep the array they were given. */
  #tried: readonly string[] | null = null;
  #staleRetried = false;
  #attempt: Attempt | null = null;
  #reason: ProxyReason | null = null;
  /** Why the last attempt failed: the status to answer if the core then has nobody left. */
  #lastCause: FailureCause | null = null;

  constructor(req: IncomingMessage, res: ServerResponse, route: MountRuntime, target: string, env: ExchangeEnv, facts: RequestFacts, authority: string | null) {
    this.#req = req;
    this.#res = res;
    this.#route = route;
    this.#target = target;
    this.#env = env;
    this.#facts = facts;
    this.#authority = authority;
    this.#resendable = IDEMPOTENT.has(req.method ?? '') || route.pool.config.retryNonIdempotent;
    // one origin for `ms` and `headersMs`, so that the headers never seem to come after the end
    this.#started = env.onSummary === null ? 0 : (startedAtOf(res) ?? performance.now());
  }

  start(): void {
    // `on`, not `once`: a response closes once, and `once` would wrap the listener in two more objects
    this.#res.on('close', () => this.#onClientClose());
    const length = this.#facts.bodyLength;
    if (length === 0) return this.#next();
    this.#req.on('error', noop);
    this.#res.once('finish', () => noteEarlyAnswer(this.#req));
    const hold = this.#route.pool.config.holdBodyBytes;
    if (length < 0 || length > hold || !this.#resendable) {
      this.#mode = 'stream';
      return this.#next();
    }
    this.#mode = 'held';
    const chunks: Buffer[] = [];
    this.#req.on('data', (c: Buffer) => chunks.push(c));
    this.#req.once('end', () => {
      this.#held = Buffer.concat(chunks);
      this.#next();
    });
  }

  /** Asks the core for a member (again, after a failure) and forwards the request there. */
  #next(): void {
    if (this.#res.destroyed) return;
    const pool = this.#route.pool;
    const facts = this.#facts;
    const request = facts.cookie === undefined ? { url: this.#target, tried: this.#tried ?? NO_TRIES } : { cookie: facts.cookie, url: this.#target, tried: this.#tried ?? NO_TRIES };
    const decision = pool.decide(request, this.#env.now());
    if (decision.type === 'reject') return this.#fail(this.#lastFailure() ?? decision.reason);
    const upstream = pool.upstreams.get(decision.member)!;
    try {
      this.#attempt = new Attempt(this, decision, upstream);
    } catch {
      // Node refused to build the request (a bug or an unforeseen input): end the forward, answer 500.
      pool.apply({ type: 'requestAbandoned', member: decision.member }, this.#env.now());
      this.#fail('proxy-error');
    }
  }

  /**
   * When the core has nobody left after members failed, the client learns how the last one failed
   * (504 for a timeout, 502 for a reset or invalid HTTP), as from nginx and HAProxy; a refused
   * connection leaves the core's reason (503: nobody could be reached).
   */
  #lastFailure(): ProxyReason | null {
    const c = this.#lastCause;
    return c === null || c === 'refused' ? null : `upstream-${c}`;
  }

  #fail(reason: ProxyReason): void {
    this.#reason = reason;
    sendError(this.#res, reason);
  }

  /** Called by the current attempt when its member failed before anything reached the client. */
  failed(attempt: Attempt, cause: FailureCause): void {
    const retry = this.#mode === 'stream' ? !attempt.bodySent : this.#resendable || !attempt.connected;
    if (!retry || this.#res.destroyed) return this.#fail(`upstream-${cause}`);
    this.#lastCause = cause;
    this.#tried = [...(this.#tried ?? NO_TRIES), attempt.decision.member];
    this.#next();
  }

  /**
   * A pooled connection the member had already closed failed before any response (the keep-alive
   * race): the member is not at fault, so ask again once without counting it as tried. Not for a
   * non-idempotent request: the member may have run it before closing (a POST must not run twice).
   */
  retryStale(): boolean {
    if (this.#staleRetried || this.#mode === 'stream' || !this.#resendable || this.#res.destroyed) return false;
    this.#staleRetried = true;
    this.#next();
    return true;
  }

  #onClientClose(): void {
    const completed = this.#res.writableFinished;
    if (!completed) this.#attempt?.abandon();
    const log = this.#env.onSummary;
    if (log === null) return;
    const a = this.#attempt;
    log({
      method: this.#req.method ?? '',
      url: this.#req.url ?? '',
      status: this.#res.statusCode,
      pool: this.#route.pool.config.name,
      member: a === null ? null : a.decision.member,
      attempts: a === null ? 0 : a.decision.attempt,
      reason: this.#reason,
      completed,
      ms: Math.round((performance.now() - this.#started) * 1000) / 1000,
      requestId: requestIdOf(this.#req),
      headersMs: headersMsOf(this.#res),
      affinity: a === null ? null : a.decision.affinity,
    });
  }

  get req(): IncomingMessage {
    return this.#req;
  }
  get res(): ServerResponse {
    return this.#res;
  }
  get route(): MountRuntime {
    return this.#route;
  }
  get target(): string {
    return this.#target;
  }
  get env(): ExchangeEnv {
    return this.#env;
  }
  get mode(): BodyMode {
    return this.#mode;
  }
  get held(): Buffer | null {
    return this.#held;
  }
  get authority(): string | null {
    return this.#authority;
  }
}

/**
 * Proxies one request through `route`; `facts` are its {@link requestFacts}, `authority` that of an
 * absolute-form target (or null). The response is always answered: by the member, or by the
 * proxy with a short error (see {@link sendError}).
 */
export function forward(req: IncomingMessage, res: ServerResponse, route: MountRuntime, target: string, env: ExchangeEnv, facts: RequestFacts, authority: string | null): void {
  new Exchange(req, res, route, target, env, facts, authority).start();
}
