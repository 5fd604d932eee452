/**
 * Requests in, decisions out: what a proxy asks the core for each request, and the command it gets
 * back. Both are plain data.
 *
 * @module
 */

/**
 * What the core needs to know about one request. Every field is optional; a proxy passes what it has.
 *
 * @example
 * ```ts
 * const request: BalancerRequest = { cookie: 'lang=fr; ROUTEID=.static2', url: '/index.html' }
 * const retry: BalancerRequest = { ...request, tried: ['static2'] } // failover after static2 failed
 * ```
 */
export interface BalancerRequest {
  /** The raw `Cookie` header (several joined with `; `). */
  readonly cookie?: string;
  /** The request target: path and query, e.g. `/shop;jsessionid=ABC.static1?x=1`. */
  readonly url?: string;
  /** The key the `hash` method hashes (a client address, a header). Without it `hash` falls back to `byrequests`. */
  readonly hashKey?: string;
  /** Members already tried for this request, in order: a failover never picks them again. */
  readonly tried?: readonly string[];
}

/** Why no member could take a request. */
export type RejectReason =
  /** The pool has no members. */
  | 'no-members'
  /** Every member is disabled. */
  | 'all-disabled'
  /** Every member that is not disabled is in error state or failed its health checks. */
  | 'all-down'
  /** The only usable members are draining and the request carries no route to one of them. */
  | 'all-draining'
  /**
   * The request used its `maxAttempts` while untried members were still eligible, or tried every
   * usable member. When no member is left to try the reason says why instead (`all-down`, ...).
   */
  | 'attempts-exhausted';

/**
 * Send the request to a member.
 *
 * @remarks
 * `routeChanged` is Apache's `BALANCER_ROUTE_CHANGED`: true whenever the chosen member's route differs
 * from the route the request carried, including when it carried none. A sticky pool then sets the
 * affinity cookie to `stickyValue`.
 */
export interface ForwardDecision {
  readonly type: 'forward';
  /** The member's id. */
  readonly member: string;
  /** The member's route (Apache `BALANCER_WORKER_ROUTE`), for the `Balancer-Route` header. */
  readonly route: string;
  /** 1 for the first try, 2 for the first failover, and so on. */
  readonly attempt: number;
  /** True when the request's own route chose the member. */
  readonly affinity: boolean;
  /** True when the client should be told a new route. */
  readonly routeChanged: boolean;
  /** The value that routes back to this member, e.g. `.static1` (separator then route). */
  readonly stickyValue: string;
}

/** Answer the request with an error: no member can take it. */
export interface RejectDecision {
  readonly type: 'reject';
  readonly reason: RejectReason;
  /** The attempt that could not be placed. */
  readonly attempt: number;
}

/**
 * The command for one request.
 *
 * @example
 * ```ts
 * const [next, d] = decide(state, { cookie: 'ROUTEID=.b' }, now)
 * if (d.type === 'forward') proxyTo(d.member); else answer503(d.reason)
 * ```
 */
export type Decision = ForwardDecision | RejectDecision;
