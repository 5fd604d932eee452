/**
 * The smallest useful embedding of the core: one pool, failover, the sticky cookie and an event
 * log. The embedding guide quotes this file from `import` to the end, and the guide test runs it.
 *
 * @module
 */
import { createPool, encodeLogEntry, formatSetCookie } from '@lbkit/core';
import type { PoolConfig } from '@lbkit/core';

/** What the proxy knows about a client request. */
export interface Incoming {
  readonly url: string;
  readonly cookie?: string;
}

/** What a member did with a forwarded request: an HTTP status, or a transport failure. */
export type Outcome = number | 'refused' | 'timeout';

/** Sends a request to a member (your HTTP client goes here). */
export type Send = (member: string, request: Incoming) => Promise<Outcome>;

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export class MiniProxy {
  /** Every input given to the core, one JSON line each: enough to replay every decision. */
  readonly log: string[] = [];
  private readonly pool;

  constructor(
    config: PoolConfig,
    private readonly send: Send,
    private readonly clock: () => number,
  ) {
    // the pool checks every input, keeps its state, and records each call before returning
    this.pool = createPool(config, { now: clock(), record: (entry) => this.log.push(encodeLogEntry(entry)) });
  }

  async handle(req: Incoming): Promise<Reply> {
    const tried: string[] = [];
    for (;;) {
      const cookie = req.cookie === undefined ? {} : { cookie: req.cookie };
      const d = this.pool.decide({ url: req.url, ...cookie, tried: [...tried] }, this.clock());
      if (d.type === 'reject') return { status: 503, headers: { 'x-lbkit-reject': d.reason } };
      const outcome = await this.send(d.member, req);
      if (typeof outcome === 'number') {
        this.pool.apply({ type: 'responseReceived', member: d.member, status: outcome }, this.clock());
        const headers: Record<string, string> = { 'balancer-route': d.route };
        if (d.setCookie !== null) headers['set-cookie'] = formatSetCookie(d.setCookie);
        return { status: outcome, headers };
      }
      this.pool.apply({ type: 'requestFailed', member: d.member, cause: outcome }, this.clock());
      // A refused connection never reached the member: safe to try another one.
      // After a timeout the member may have done the work: answer 504, do not repeat it.
      if (outcome === 'timeout') return { status: 504, headers: {} };
      tried.push(d.member);
    }
  }
}
