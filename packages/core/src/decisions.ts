/**
 * Requests in, decisions out: what a proxy asks the core for each request, and the command it gets
 * back. Both are plain data; the schemas here are their one definition (the event log reads with them).
 *
 * @module
 */
import { z } from 'zod';
import type { DeepReadonly } from './state.js';
import { type CookieAttributes, cookieAttributesSchema } from './config.js';

const MEMBER = z.string().min(1).max(256);

const requestSchemaObject = z.strictObject({
  /** The raw `Cookie` header (several joined with `; `). */
  cookie: z.string().optional(),
  /** The request target: path and query, e.g. `/shop;jsessionid=ABC.static1?x=1`. */
  url: z.string().optional(),
  /** The key the `hash` method hashes (a client address, a header). Without it `hash` falls back to `byrequests`. */
  hashKey: z.string().optional(),
  /** Members already tried for this request, in order: a failover never picks them again. */
  tried: z.array(MEMBER).readonly().optional(),
});

/**
 * A request, as the event log holds it.
 *
 * @example
 * ```ts
 * const ok = requestSchema.safeParse({ url: '/a', tried: ['static1'] }).success // true
 * ```
 */
export const requestSchema = requestSchemaObject;

/**
 * What the core needs to know about one request. Every field is optional; a proxy passes what it has.
 *
 * @example
 * ```ts
 * const request: BalancerRequest = { cookie: 'lang=fr; ROUTEID=.static2', url: '/index.html' }
 * const retry: BalancerRequest = { ...request, tried: ['static2'] } // failover after static2 failed
 * ```
 *
 * @remarks
 * Apache reads the route from the same parts of a request (the `Cookie` header and the URL);
 * `tried` is what Apache's failover loop keeps to itself, made explicit so that a shell can retry.
 */
export interface BalancerRequest extends DeepReadonly<z.input<typeof requestSchema>> {}

/**
 * Why no member could take a request: `no-members` (the pool is empty), `all-disabled`, `all-down`
 * (every member that is not disabled is in error or failed its health checks), `all-draining` (the
 * only usable members drain and the request carries no route to one of them), `attempts-exhausted`
 * (the request used its `maxAttempts` while untried members were still eligible, or tried every usable
 * member; when nobody is left to try, the reason says why instead).
 *
 * @remarks
 * Apache answers each of these with a 503 ("All workers are in error state"); the reason is what
 * its error log would say.
 *
 * @example
 * ```ts
 * const counts = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0]))
 * ```
 */
export const REJECT_REASONS = ['no-members', 'all-disabled', 'all-down', 'all-draining', 'attempts-exhausted'] as const;

/**
 * One of {@link REJECT_REASONS}.
 *
 * @example
 * ```ts
 * const d = pool.decide(request, now)
 * if (d.type === 'reject') res.writeHead(503, { 'x-lbkit-reason': d.reason satisfies RejectReason }).end()
 * ```
 */
export type RejectReason = (typeof REJECT_REASONS)[number];

const setCookieSchema = z.strictObject({
  /** The cookie's name, e.g. `ROUTEID`. */
  name: z.string().min(1),
  /** Its value: the separator then the member's route, e.g. `.static1`. */
  value: z.string().min(1),
  /** The pool's configured attributes (`sticky.cookieAttributes`). */
  attributes: cookieAttributesSchema,
});

/**
 * The affinity cookie a response should set: name, value and the pool's attributes.
 * {@link formatSetCookie} writes it as a `Set-Cookie` header value.
 *
 * @remarks
 * What Apache users write by hand as
 * `Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/" env=BALANCER_ROUTE_CHANGED`.
 *
 * @example
 * ```ts
 * const d = pool.decide({ cookie: req.headers.cookie }, now)
 * if (d.type === 'forward' && d.setCookie) res.appendHeader('set-cookie', formatSetCookie(d.setCookie))
 * ```
 */
export interface SetCookie extends DeepReadonly<z.output<typeof setCookieSchema>> {}

const forwardSchema = z.strictObject({
  type: z.literal('forward'),
  /** The member's id. */
  member: MEMBER,
  /** The member's route (Apache `BALANCER_WORKER_ROUTE`), for a `Balancer-Route` header. */
  route: MEMBER,
  /** 1 for the first try, 2 for the first failover, and so on. */
  attempt: z.int().min(1),
  /** True when the request's own route chose the member. */
  affinity: z.boolean(),
  /** Apache's `BALANCER_ROUTE_CHANGED`: the pool has affinity and the member's route is not the one the request carried (or it carried none). */
  routeChanged: z.boolean(),
  /** The cookie to set when `routeChanged` and the pool's affinity uses a cookie; otherwise null. */
  setCookie: setCookieSchema.nullable(),
});

const rejectSchema = z.strictObject({
  type: z.literal('reject'),
  /** Why nobody can take the request. */
  reason: z.enum(REJECT_REASONS),
  /** The attempt that could not be placed. */
  attempt: z.int().min(1),
});

/**
 * A decision, as the event log holds it.
 *
 * @example
 * ```ts
 * const d = decisionSchema.parse(JSON.parse(line).decision)
 * ```
 */
export const decisionSchema = z.discriminatedUnion('type', [forwardSchema, rejectSchema]);

/**
 * Send the request to a member; set `setCookie` on the response when it is not null.
 *
 * @remarks
 * `routeChanged` is Apache's `BALANCER_ROUTE_CHANGED` on a sticky pool: true whenever the chosen
 * member's route differs from the route the request carried, including when it carried none. On a
 * pool without affinity it is always false and `setCookie` null.
 *
 * @example
 * ```ts
 * const d = pool.decide({ cookie: 'ROUTEID=.static2' }, now)
 * if (d.type === 'forward') headers['balancer-route'] = d.route // d.affinity: true when static2 was usable
 * ```
 */
export interface ForwardDecision extends DeepReadonly<z.output<typeof forwardSchema>> {}

/**
 * Answer the request with an error (503): no member can take it.
 *
 * @remarks
 * Apache answers 503 Service Unavailable in the same cases.
 *
 * @example
 * ```ts
 * const d = pool.decide({}, now)
 * if (d.type === 'reject') res.writeHead(503, { 'retry-after': '5' }).end(`no member can take the request: ${d.reason}`)
 * ```
 */
export interface RejectDecision extends DeepReadonly<z.output<typeof rejectSchema>> {}

/**
 * The command for one request.
 *
 * @example
 * ```ts
 * const d = pool.decide({ cookie: 'ROUTEID=.b' }, now)
 * if (d.type === 'forward') proxyTo(d.member); else answer503(d.reason)
 * ```
 *
 * @remarks
 * Apache makes the same choice inside `proxy_balancer_pre_request`; here it is a value the shell carries out.
 */
export type Decision = ForwardDecision | RejectDecision;

/**
 * A {@link SetCookie} as the value of a `Set-Cookie` header.
 *
 * @example
 * ```ts
 * formatSetCookie({ name: 'ROUTEID', value: '.s1', attributes: { path: '/', domain: null, maxAgeSec: null, httpOnly: true, secure: false, sameSite: null } })
 * // 'ROUTEID=.s1; Path=/; HttpOnly'
 * ```
 *
 * @remarks
 * `SameSite=None` always comes with `Secure`, which browsers require (RFC 6265bis).
 */
export function formatSetCookie(c: SetCookie): string {
  const a: CookieAttributes = c.attributes;
  let out = `${c.name}=${c.value}; Path=${a.path}`;
  if (a.domain !== null) out += `; Domain=${a.domain}`;
  if (a.maxAgeSec !== null) out += `; Max-Age=${a.maxAgeSec}`;
  if (a.httpOnly) out += '; HttpOnly';
  if (a.secure || a.sameSite === 'None') out += '; Secure';
  if (a.sameSite !== null) out += `; SameSite=${a.sameSite}`;
  return out;
}
