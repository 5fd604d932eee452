/**
 * Pool configuration: what the user writes, how it is validated, and the resolved form with every
 * default filled in.
 *
 * @module
 */
import { z } from 'zod';
import { toIssues } from './config-issues.js';
import { LB_METHODS } from './lb-methods.js';
import { type ConfigIssue, LbkitError, type Result } from './errors.js';
import type { DeepReadonly } from './state.js';

export { LB_METHODS, type LbMethod } from './lb-methods.js';


const TOKEN = /^[A-Za-z0-9._~-]+$/;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Cookie attribute values: visible ASCII without `;` (RFC 6265 `av-octet`s), so a value cannot add attributes. */
const ATTRIBUTE_VALUE = /^[\x21-\x3a\x3c-\x7e]+$/;

/** A member id or route: 1 to 64 URL-safe characters. */
const NAME = z.string().min(1).max(64).regex(TOKEN);
const WEIGHT = z.int().min(1).max(100);
const TIER = z.int().min(0).max(99);

/**
 * The fields of a member, each with its default: the one definition that the configuration, the
 * resolved member and the member state (and so the event log) are all built from.
 */
const memberShape = {
  /** Unique name within the pool; events and decisions name members by it. */
  id: NAME,
  /** Affinity token (Apache `route=`), e.g. `static1`. Defaults to the id. */
  route: NAME.optional(),
  /** Relative share of new requests (Apache `loadfactor`), a whole number from 1 to 100. Default 1. */
  weight: WEIGHT.default(1),
  /** Failover tier (Apache `lbset`), 0 to 99: a higher tier is used only when no member of a lower one is usable. Default 0. */
  tier: TIER.default(0),
  /** Never used while set (Apache status `D`). */
  disabled: z.boolean().default(false),
  /** Serves only requests already bound to it by affinity (Apache status `N`). */
  draining: z.boolean().default(false),
  /** Hot standby (Apache status `H`): used only when no other member of its tier is usable. */
  standby: z.boolean().default(false),
};

/** A member with every default filled in (route included): what the core keeps. */
export const resolvedMemberSchema = z.strictObject({ ...memberShape, route: NAME });

/**
 * A member with every default filled in.
 *
 * @example
 * ```ts
 * const r = validateMemberConfig({ id: 'static4' })
 * // r.value: { id: 'static4', route: 'static4', weight: 1, tier: 0, disabled: false, draining: false, standby: false }
 * ```
 */
export interface ResolvedMember extends DeepReadonly<z.output<typeof resolvedMemberSchema>> {}

/**
 * A member as configured, resolved to a {@link ResolvedMember}: the schema a `memberAdded` event's member is checked with.
 *
 * @example
 * ```ts
 * memberConfigSchema.parse({ id: 'static4', route: 's4' }) // { id: 'static4', route: 's4', weight: 1, tier: 0, ... }
 * ```
 */
export const memberConfigSchema = z.strictObject(memberShape).transform((m): ResolvedMember => ({ ...m, route: m.route ?? m.id }));

/**
 * One member (Apache: `BalancerMember`) as configured: `id` is required; `route` (default: the id),
 * `weight` (1–100, default 1), `tier` (0–99, default 0), `disabled`, `draining` and `standby`
 * (default false) are optional.
 *
 * @example
 * ```ts
 * const member: MemberConfig = { id: 'static1', route: 'static1', weight: 2 }
 * ```
 */
export interface MemberConfig extends DeepReadonly<z.input<typeof memberConfigSchema>> {}

/**
 * The affinity cookie's attributes, as one schema: what `sticky.cookieAttributes` is checked with.
 *
 * @example
 * ```ts
 * cookieAttributesSchema.parse({ secure: true }) // { path: '/', domain: null, maxAgeSec: null, httpOnly: false, secure: true, sameSite: null }
 * ```
 */
export const cookieAttributesSchema = z.strictObject({
  /** `Path`. Default `/`. */
  path: z.string().min(1).max(1024).regex(ATTRIBUTE_VALUE).default('/'),
  /** `Domain`, or null to leave it out (the cookie goes back to the host that set it only). Default null. */
  domain: z.string().min(1).max(253).regex(ATTRIBUTE_VALUE).nullable().default(null),
  /** `Max-Age` in seconds, or null for a session cookie. Default null. */
  maxAgeSec: z.int().min(0).max(400 * 86_400).nullable().default(null),
  /** `HttpOnly`. Default false. */
  httpOnly: z.boolean().default(false),
  /** `Secure` (always set with `SameSite=None`). Default false. */
  secure: z.boolean().default(false),
  /** `SameSite`, or null to leave it out. Default null. */
  sameSite: z.enum(['Strict', 'Lax', 'None']).nullable().default(null),
});

/**
 * Attributes of the affinity cookie, with every default filled in.
 *
 * @remarks
 * Apache sets them with `Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/"`; here
 * they are configuration, and a decision's {@link SetCookie} carries them.
 *
 * @example
 * ```ts
 * const attributes: CookieAttributes = { path: '/', domain: null, maxAgeSec: 3600, httpOnly: true, secure: true, sameSite: 'Lax' }
 * ```
 */
export interface CookieAttributes extends DeepReadonly<z.output<typeof cookieAttributesSchema>> {}

const stickySchema = z.strictObject({
  /** Cookie that carries the route, e.g. `ROUTEID` (value `.static1`); null: none. */
  cookie: z.string().min(1).max(64).regex(COOKIE_NAME).nullable().default(null),
  /** URL parameter that carries the route, e.g. `jsessionid`; looked at before the cookie. Null: none. */
  urlParam: NAME.nullable().default(null),
  /** What precedes the route in a value. Default `.`. */
  separator: z.string().length(1).default('.'),
  /** Also accept `;name=value` in the path (Apache `scolonpathdelim=On`). Default false. */
  scolonPathDelim: z.boolean().default(false),
  /** Values longer than this are treated as absent. Default 256. */
  maxValueLength: z.int().min(1).max(4096).default(256),
  /** Attributes of the cookie a decision asks to set (see {@link SetCookie}). */
  cookieAttributes: cookieAttributesSchema.prefault({}),
});

/**
 * Session affinity (Apache `stickysession`): `cookie` and/or `urlParam` name where a request carries
 * its route; the route is what follows the first `separator` (default `.`) in the value.
 * `scolonPathDelim` (default false) also reads `;name=value` in the path; values longer than
 * `maxValueLength` (default 256) read as none; `cookieAttributes` shape the cookie decisions set.
 *
 * @example
 * ```ts
 * // Apache: stickysession=ROUTEID|jsessionid scolonpathdelim=On
 * const sticky: StickyConfig = { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true }
 * ```
 *
 * @remarks
 * As in Apache, a route in the URL wins over the cookie, and a route that names no usable member
 * is ignored (a new member is chosen and `routeChanged` set). Apache's `stickysessionsep` is `separator`.
 */
export interface StickyConfig extends DeepReadonly<z.input<typeof stickySchema>> {}

/**
 * Sticky settings with every default filled in; a `null` name means that carrier is not used.
 *
 * @example
 * ```ts
 * const sticky: ResolvedSticky | null = pool.snapshot().settings.sticky
 * // { cookie: 'ROUTEID', urlParam: null, separator: '.', scolonPathDelim: false, maxValueLength: 256, cookieAttributes: { ... } }
 * ```
 */
export interface ResolvedSticky extends DeepReadonly<z.output<typeof stickySchema>> {}

const healthSchema = z.strictObject({
  /** Consecutive failed requests that put a member in error state. Default 1. */
  failuresBeforeError: z.int().min(1).max(1000).default(1),
  /** How long a member stays in error state before it is tried again, in ms (Apache `retry`). Default 60 000. */
  retryMs: z.int().min(0).max(86_400_000).default(60_000),
  /** Response statuses that count as failures (Apache `failonstatus`), e.g. `[503]`. Default none. */
  failOnStatus: z.array(z.int().min(100).max(599)).default([]),
  /** Consecutive passing health checks that bring a failed member back (Apache `hcpasses`). Default 1. */
  rise: z.int().min(1).max(100).default(1),
  /** Consecutive failing health checks that take a member out (Apache `hcfails`). Default 1. */
  fall: z.int().min(1).max(100).default(1),
  /**
   * When every member is in error state, put them all back into use at once instead of rejecting
   * (Apache `forcerecovery`). Default false: Apache turns it on, nginx and HAProxy do not.
   */
  forceRecovery: z.boolean().default(false),
});

/**
 * Passive and active health settings: `failuresBeforeError` (default 1), `retryMs` (Apache `retry`,
 * default 60 000), `failOnStatus` (Apache `failonstatus`), `rise`/`fall` (Apache
 * `hcpasses`/`hcfails`, default 1) and `forceRecovery` (Apache `forcerecovery`, default false).
 *
 * @remarks
 * Apache turns `forcerecovery` on by default; lbkit does not, like nginx ("no live upstreams") and
 * HAProxy (503), because during a real outage it sends every request to every dead member again.
 *
 * @example
 * ```ts
 * // Apache: BalancerMember ... retry=30 hcpasses=2 hcfails=3; ProxySet failonstatus=503
 * const health: HealthConfig = { retryMs: 30_000, rise: 2, fall: 3, failOnStatus: [503] }
 * ```
 */
export interface HealthConfig extends DeepReadonly<z.input<typeof healthSchema>> {}

/**
 * Health settings with every default filled in.
 *
 * @example
 * ```ts
 * const { retryMs, rise, fall } = pool.snapshot().settings.health // 60000, 1, 1 unless configured
 * ```
 */
export interface ResolvedHealth extends DeepReadonly<z.output<typeof healthSchema>> {}

const settingsShape = {
  /** Default `byrequests` (Apache's default weighted round robin). */
  method: z.enum(LB_METHODS).default('byrequests'),
  /** Session affinity; absent or null means none. */
  sticky: stickySchema.nullable().default(null),
  /** Passive and active health. */
  health: healthSchema.prefault({}),
  /** Attempts per request, the first included (Apache `maxattempts` + 1). Null (default): one per member. */
  maxAttempts: z.int().min(1).max(100).nullable().default(null),
  /** Seed of the pool's PRNG (methods `random` and `p2c`). Default 1. */
  seed: z.int().min(0).max(0xffffffff).default(1),
  /** Points per unit of weight on the `hash` method's ring. Default 64. */
  hashPointsPerWeight: z.int().min(1).max(1000).default(64),
};

/**
 * The pool-wide settings: a pool configuration without its members, as one schema.
 *
 * @example
 * ```ts
 * const settings = settingsSchema.parse({ method: 'bybusyness' }) // every other setting at its default
 * ```
 */
export const settingsSchema = z.strictObject(settingsShape);

/**
 * Pool-wide settings: the resolved configuration without its member list.
 *
 * @example
 * ```ts
 * const { method, maxAttempts, sticky } = pool.snapshot().settings
 * ```
 */
export interface PoolSettings extends DeepReadonly<z.output<typeof settingsSchema>> {}

const poolSchema = z.strictObject({
  /** Members in configuration order, which breaks ties. */
  members: z.array(memberConfigSchema).max(1_000_000),
  ...settingsShape,
});

/**
 * A pool of members (Apache: `<Proxy "balancer://name">`) and how it balances. Only `members` is
 * required. A {@link ResolvedPoolConfig} is a valid `PoolConfig` too.
 *
 * @example
 * ```ts
 * const pool: PoolConfig = {
 *   method: 'byrequests',
 *   sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid' },
 *   members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }],
 * }
 * ```
 *
 * @remarks
 * Apache's `<Proxy "balancer://static">` with three `BalancerMember` lines and
 * `ProxySet lbmethod=byrequests stickysession=ROUTEID|jsessionid`. Member order breaks ties, as
 * the order of `BalancerMember` lines does in Apache.
 */
export interface PoolConfig extends DeepReadonly<z.input<typeof poolSchema>> {}

/**
 * A {@link PoolConfig} after validation, with every default filled in.
 *
 * @example
 * ```ts
 * const r = validatePoolConfig(JSON.parse(text))
 * if (r.ok) console.log(r.value.method, r.value.members.map((m) => m.route))
 * ```
 */
export interface ResolvedPoolConfig extends DeepReadonly<z.output<typeof poolSchema>> {}

/** Checks what a schema cannot: unique ids and routes, and that something is left to balance. */
function crossChecks(members: readonly ResolvedMember[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ids = new Map<string, number>();
  const routes = new Map<string, number>();
  members.forEach((m, i) => {
    const firstId = ids.get(m.id);
    if (firstId !== undefined) {
      issues.push({ code: 'duplicate_id', path: ['members', i, 'id'], message: `id "${m.id}" is already used by members[${firstId}]`, fix: 'give every member its own id' });
    } else ids.set(m.id, i);
    const route = m.route;
    const firstRoute = routes.get(route);
    if (firstRoute !== undefined) {
      issues.push({ code: 'duplicate_route', path: ['members', i, 'route'], message: `route "${route}" is already used by members[${firstRoute}]`, fix: 'give every member its own route, or none to use its id' });
    } else routes.set(route, i);
  });
  return issues;
}

/**
 * Validates a pool configuration and fills in every default. Returns every problem at once, each
 * with its path and a fix; never throws.
 *
 * @example
 * ```ts
 * const r = validatePoolConfig({ members: [{ id: 'a', weight: 0 }] })
 * if (!r.ok) for (const i of r.error) console.log(formatPath(i.path), i.message, i.fix)
 * // members[0].weight Too small: expected number to be >=1  use a whole number from 1 to 100 (Apache loadfactor)
 * ```
 */
export function validatePoolConfig(input: unknown): Result<ResolvedPoolConfig, ConfigIssue[]> {
  const parsed = poolSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: toIssues(parsed.error) };
  const cfg = parsed.data;
  const cross = crossChecks(cfg.members);
  if (cfg.sticky !== null && cfg.sticky.cookie === null && cfg.sticky.urlParam === null) {
    cross.push({ code: 'sticky_without_carrier', path: ['sticky'], message: 'sticky names neither a cookie nor a URL parameter', fix: 'set sticky.cookie (e.g. "ROUTEID") and/or sticky.urlParam (e.g. "jsessionid"), or remove sticky' });
  }
  if (cross.length > 0) return { ok: false, error: cross };
  return { ok: true, value: cfg };
}

/**
 * Validates one member on its own (for admin events that add a member).
 *
 * @example
 * ```ts
 * validateMemberConfig({ id: 'static4', weight: 2 }) // { ok: true, value: { id: 'static4', route: 'static4', weight: 2, ... } }
 * ```
 */
export function validateMemberConfig(input: unknown): Result<ResolvedMember, ConfigIssue[]> {
  const parsed = memberConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: toIssues(parsed.error) };
  return { ok: true, value: parsed.data };
}

/**
 * Like {@link validatePoolConfig}, but throws an {@link LbkitError} listing every issue: for boundaries.
 *
 * @param source - names the input in the message, e.g. a file name.
 *
 * @example
 * ```ts
 * const config = parsePoolConfig(JSON.parse(text), 'lbkit.json') // throws LBK_ERR_INVALID_CONFIG naming lbkit.json
 * ```
 */
export function parsePoolConfig(input: unknown, source = 'config'): ResolvedPoolConfig {
  const r = validatePoolConfig(input);
  if (!r.ok) throw LbkitError.fromIssues(r.error, source);
  return r.value;
}

/**
 * Splits Apache's `stickysession` value: `ROUTEID|jsessionid` names a cookie and a URL parameter;
 * a single name is used for both.
 *
 * @example
 * ```ts
 * stickyFromApache('ROUTEID|jsessionid') // { cookie: 'ROUTEID', urlParam: 'jsessionid' }
 * stickyFromApache('JSESSIONID')         // { cookie: 'JSESSIONID', urlParam: 'JSESSIONID' }
 * ```
 *
 * @remarks
 * The same split as mod_proxy_balancer's `stickysession=` parameter.
 */
export function stickyFromApache(value: string): { cookie: string; urlParam: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { cookie: value, urlParam: value };
  return { cookie: value.slice(0, bar), urlParam: value.slice(bar + 1) };
}
