/**
 * The smallest useful embedding of the core: one pool, failover, the sticky cookie and an event
 * log. The embedding guide quotes this file from `import` to the end, and the guide test runs it.
 *
 * @module
 */
import { apply, createBalancer, decide, encodeLogEntry } from '@lbkit/core';
import type { BalancerEvent, BalancerRequest, BalancerState, Decision, PoolConfig } from '@lbkit/core';

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
  private state: BalancerState;
  /** Every input given to the core, one JSON line each: enough to replay every decision. */
  readonly log: string[] = [];

  constructor(
    config: PoolConfig,
    private readonly send: Send,
    private readonly clock: () => number,
  ) {
    this.state = createBalancer(config);
    this.log.push(encodeLogEntry({ type: 'start', at: clock(), state: this.state }));
  }

  private decide(request: BalancerRequest): Decision {
    const at = this.clock();
    const [next, decision] = decide(this.state, request, at);
    this.state = next; // store it before any await: the next request must see it
    this.log.push(encodeLogEntry({ type: 'decide', at, request, decision }));
    return decision;
  }

  private apply(event: BalancerEvent): void {
    const at = this.clock();
    this.state = apply(this.state, event, at);
    this.log.push(encodeLogEntry({ type: 'apply', at, event }));
  }

  async handle(req: Incoming): Promise<Reply> {
    const tried: string[] = [];
    for (;;) {
      const cookie = req.cookie === undefined ? {} : { cookie: req.cookie };
      const d = this.decide({ url: req.url, ...cookie, tried: [...tried] });
      if (d.type === 'reject') return { status: 503, headers: { 'x-lbkit-reject': d.reason } };
      const outcome = await this.send(d.member, req);
      if (typeof outcome === 'number') {
        this.apply({ type: 'responseReceived', member: d.member, status: outcome });
        const name = this.state.settings.sticky?.cookie;
        const headers: Record<string, string> = { 'balancer-route': d.route };
        if (d.routeChanged && name) headers['set-cookie'] = `${name}=${d.stickyValue}; path=/`;
        return { status: outcome, headers };
      }
      this.apply({ type: 'requestFailed', member: d.member, cause: outcome });
      // A refused connection never reached the member: safe to try another one.
      // After a timeout the member may have done the work: answer 504, do not repeat it.
      if (outcome === 'timeout') return { status: 504, headers: {} };
      tried.push(d.member);
    }
  }
}
