/**
 * Pool configuration: what the user writes, how it is validated, and the resolved form with every
 * default filled in.
 *
 * @module
 */
import { z } from 'zod';
import { type ConfigIssue, LbkitError, type Result } from './errors.js';

/** The load-balancing methods the core implements. See {@link PoolConfig.method}. */
export const LB_METHODS = ['byrequests', 'bybusyness', 'random', 'p2c', 'hash'] as const;

/** One of {@link LB_METHODS}. */
export type LbMethod = (typeof LB_METHODS)[number];

/**
 * One member (Apache: `BalancerMember`) as configured.
 *
 * @example
 * ```ts
 * const member: MemberConfig = { id: 'static1', route: 'static1', weight: 2 }
 * ```
 */
export interface MemberConfig {
  /** Unique name within the pool; events and decisions name members by it. */
  readonly id: string;
  /** Affinity token (Apache `route=`), e.g. `static1`. Defaults to {@link MemberConfig.id}. */
  readonly route?: string;
  /** Relative share of new requests (Apache `loadfactor`), a whole number from 1 to 100. Default 1. */
  readonly weight?: number;
  /** Failover tier (Apache `lbset`), 0 to 99: a higher tier is used only when no member of a lower one is usable. Default 0. */
  readonly tier?: number;
  /** Never used while set (Apache status `D`). */
  readonly disabled?: boolean;
  /** Serves only requests already bound to it by affinity (Apache status `N`). */
  readonly draining?: boolean;
  /** Hot standby (Apache status `H`): used only when no other member of its tier is usable. */
  readonly standby?: boolean;
}

/**
 * Session affinity (Apache `stickysession`). A request carries a route in a URL parameter or a cookie;
 * the route is what follows the first {@link StickyConfig.separator} in the value.
 *
 * @example
 * ```ts
 * // Apache: stickysession=ROUTEID|jsessionid scolonpathdelim=On
 * const sticky: StickyConfig = { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true }
 * ```
 */
export interface StickyConfig {
  /** Cookie that carries the route, e.g. `ROUTEID` (value `.static1`). */
  readonly cookie?: string;
  /** URL parameter that carries the route, e.g. `jsessionid` (`?jsessionid=ABC.static1`). Looked at before the cookie. */
  readonly urlParam?: string;
  /** What precedes the route in a value. Default `.`. */
  readonly separator?: string;
  /** Also accept `;name=value` in the path (Apache `scolonpathdelim=On`). Default false. */
  readonly scolonPathDelim?: boolean;
  /** Values longer than this are treated as absent. Default 256. */
  readonly maxValueLength?: number;
}

/** Passive and active health settings. */
export interface HealthConfig {
  /** Consecutive failed requests that put a member in error state. Default 1. */
  readonly failuresBeforeError?: number;
  /** How long a member stays in error state before it is tried again, in ms (Apache `retry`). Default 60 000. */
  readonly retryMs?: number;
  /** Response statuses that count as failures (Apache `failonstatus`), e.g. `[503]`. Default none. */
  readonly failOnStatus?: readonly number[];
  /** Consecutive passing health checks that bring a failed member back (Apache `hcpasses`). Default 1. */
  readonly rise?: number;
  /** Consecutive failing health checks that take a member out (Apache `hcfails`). Default 1. */
  readonly fall?: number;
  /**
   * When every member is in error state, put them all back into use at once instead of rejecting
   * with `all-down` (Apache `forcerecovery`). Default false.
   *
   * @remarks
   * Apache turns this on by default; lbkit does not, like nginx ("no live upstreams") and HAProxy
   * (503), because during a real outage it sends every request to every dead member again. Set it
   * to true for Apache's behaviour.
   */
  readonly forceRecovery?: boolean;
}

/**
 * A pool of members (Apache: `<Proxy "balancer://name">`) and how it balances.
 *
 * @example
 * ```ts
 * const pool: PoolConfig = {
 *   method: 'byrequests',
 *   sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid' },
 *   members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }],
 * }
 * ```
 */
export interface PoolConfig {
  /** Members in configuration order, which breaks ties. */
  readonly members: readonly MemberConfig[];
  /** Default `byrequests` (Apache's default weighted round robin). */
  readonly method?: LbMethod;
  /** Session affinity; absent means no affinity. */
  readonly sticky?: StickyConfig;
  readonly health?: HealthConfig;
  /** Attempts per request, the first included (Apache `maxattempts` + 1). Default: the number of members. */
  readonly maxAttempts?: number;
  /** Seed of the pool's PRNG (methods `random` and `p2c`). Default 1. */
  readonly seed?: number;
  /** Points per unit of weight on the `hash` method's ring. Default 64. */
  readonly hashPointsPerWeight?: number;
}

/** A member with every default filled in. */
export interface ResolvedMember {
  readonly id: string;
  readonly route: string;
  readonly weight: number;
  readonly tier: number;
  readonly disabled: boolean;
  readonly draining: boolean;
  readonly standby: boolean;
}

/** Sticky settings with every default filled in; `null` names mean that carrier is not used. */
export interface ResolvedSticky {
  readonly cookie: string | null;
  readonly urlParam: string | null;
  readonly separator: string;
  readonly scolonPathDelim: boolean;
  readonly maxValueLength: number;
}

/** Health settings with every default filled in. */
export interface ResolvedHealth {
  readonly failuresBeforeError: number;
  readonly retryMs: number;
  readonly failOnStatus: readonly number[];
  readonly rise: number;
  readonly fall: number;
  readonly forceRecovery: boolean;
}

/** A {@link PoolConfig} after validation, with every default filled in. */
export interface ResolvedPoolConfig {
  readonly members: readonly ResolvedMember[];
  readonly method: LbMethod;
  readonly sticky: ResolvedSticky | null;
  readonly health: ResolvedHealth;
  /** `null`: one attempt per member. */
  readonly maxAttempts: number | null;
  readonly seed: number;
  readonly hashPointsPerWeight: number;
}

const TOKEN = /^[A-Za-z0-9._~-]+$/;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const memberSchema = z.strictObject({
  id: z.string().min(1).max(64).regex(TOKEN),
  route: z.string().min(1).max(64).regex(TOKEN).optional(),
  weight: z.int().min(1).max(100).optional(),
  tier: z.int().min(0).max(99).optional(),
  disabled: z.boolean().optional(),
  draining: z.boolean().optional(),
  standby: z.boolean().optional(),
});

const stickySchema = z.strictObject({
  cookie: z.string().min(1).max(64).regex(COOKIE_NAME).optional(),
  urlParam: z.string().min(1).max(64).regex(TOKEN).optional(),
  separator: z.string().length(1).optional(),
  scolonPathDelim: z.boolean().optional(),
  maxValueLength: z.int().min(1).max(4096).optional(),
});

const healthSchema = z.strictObject({
  failuresBeforeError: z.int().min(1).max(1000).optional(),
  retryMs: z.int().min(0).max(86_400_000).optional(),
  failOnStatus: z.array(z.int().min(100).max(599)).optional(),
  rise: z.int().min(1).max(100).optional(),
  fall: z.int().min(1).max(100).optional(),
  forceRecovery: z.boolean().optional(),
});

const poolSchema = z.strictObject({
  members: z.array(memberSchema).max(10_000),
  method: z.enum(LB_METHODS).optional(),
  sticky: stickySchema.optional(),
  health: healthSchema.optional(),
  maxAttempts: z.int().min(1).max(100).optional(),
  seed: z.int().min(0).max(0xffffffff).optional(),
  hashPointsPerWeight: z.int().min(1).max(1000).optional(),
});

/** How to fix a bad value, by field name: the last key of an issue's path. */
const FIXES: Readonly<Record<string, string>> = {
  id: 'use 1 to 64 characters from A-Z a-z 0-9 . _ ~ -, unique within the pool',
  route: 'use 1 to 64 characters from A-Z a-z 0-9 . _ ~ -, unique within the pool',
  weight: 'use a whole number from 1 to 100 (Apache loadfactor)',
  tier: 'use a whole number from 0 to 99 (Apache lbset)',
  disabled: 'use true or false',
  draining: 'use true or false',
  standby: 'use true or false',
  members: 'give a list of members, each with at least an id',
  method: `use one of ${LB_METHODS.join(', ')}`,
  cookie: 'use a cookie name (letters, digits and !#$%&\'*+-.^_`|~), e.g. ROUTEID',
  urlParam: 'use a URL parameter name, e.g. jsessionid',
  separator: 'use a single character, e.g. "."',
  scolonPathDelim: 'use true or false',
  maxValueLength: 'use a whole number from 1 to 4096',
  failuresBeforeError: 'use a whole number from 1 to 1000',
  retryMs: 'use milliseconds from 0 to 86400000 (Apache retry is in seconds: multiply by 1000)',
  failOnStatus: 'use a list of HTTP statuses from 100 to 599, e.g. [502, 503]',
  rise: 'use a whole number from 1 to 100 (Apache hcpasses)',
  fall: 'use a whole number from 1 to 100 (Apache hcfails)',
  forceRecovery: 'use true or false (Apache forcerecovery)',
  maxAttempts: 'use a whole number from 1 to 100',
  seed: 'use a whole number from 0 to 4294967295',
  hashPointsPerWeight: 'use a whole number from 1 to 1000',
  sticky: 'use an object such as { "cookie": "ROUTEID", "urlParam": "jsessionid" }',
  health: 'use an object such as { "retryMs": 60000 }',
};

function fixFor(path: readonly PropertyKey[], code: string): string {
  if (code === 'unrecognized_keys') return 'remove the key, or check its spelling against the documented fields';
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string' && FIXES[key] !== undefined) return FIXES[key];
  }
  return 'give a pool object with a members list';
}

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** One issue per path (the first found: a bad id need not be reported as both too short and malformed), each with a fix. */
function toIssues(error: z.ZodError): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const i of error.issues) {
    const path = toPath(i.path);
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: i.code, path, message: i.message, fix: fixFor(i.path, i.code) });
  }
  return out;
}

/** Checks what a schema cannot: unique ids and routes, and that something is left to balance. */
function crossChecks(members: readonly z.infer<typeof memberSchema>[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ids = new Map<string, number>();
  const routes = new Map<string, number>();
  members.forEach((m, i) => {
    const firstId = ids.get(m.id);
    if (firstId !== undefined) {
      issues.push({ code: 'duplicate_id', path: ['members', i, 'id'], message: `id "${m.id}" is already used by members[${firstId}]`, fix: 'give every member its own id' });
    } else ids.set(m.id, i);
    const route = m.route ?? m.id;
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
  if (cfg.sticky && cfg.sticky.cookie === undefined && cfg.sticky.urlParam === undefined) {
    cross.push({ code: 'sticky_without_carrier', path: ['sticky'], message: 'sticky names neither a cookie nor a URL parameter', fix: 'set sticky.cookie (e.g. "ROUTEID") and/or sticky.urlParam (e.g. "jsessionid"), or remove sticky' });
  }
  if (cross.length > 0) return { ok: false, error: cross };
  return { ok: true, value: resolve(cfg) };
}

function resolve(cfg: z.infer<typeof poolSchema>): ResolvedPoolConfig {
  const s = cfg.sticky;
  const h = cfg.health ?? {};
  return {
    members: cfg.members.map(resolveMember),
    method: cfg.method ?? 'byrequests',
    sticky: s
      ? {
          cookie: s.cookie ?? null,
          urlParam: s.urlParam ?? null,
          separator: s.separator ?? '.',
          scolonPathDelim: s.scolonPathDelim ?? false,
          maxValueLength: s.maxValueLength ?? 256,
        }
      : null,
    health: {
      failuresBeforeError: h.failuresBeforeError ?? 1,
      retryMs: h.retryMs ?? 60_000,
      failOnStatus: h.failOnStatus ?? [],
      rise: h.rise ?? 1,
      fall: h.fall ?? 1,
      forceRecovery: h.forceRecovery ?? false,
    },
    maxAttempts: cfg.maxAttempts ?? null,
    seed: cfg.seed ?? 1,
    hashPointsPerWeight: cfg.hashPointsPerWeight ?? 64,
  };
}

function resolveMember(m: z.infer<typeof memberSchema>): ResolvedMember {
  return {
    id: m.id,
    route: m.route ?? m.id,
    weight: m.weight ?? 1,
    tier: m.tier ?? 0,
    disabled: m.disabled ?? false,
    draining: m.draining ?? false,
    standby: m.standby ?? false,
  };
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
  const parsed = memberSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: toIssues(parsed.error) };
  return { ok: true, value: resolveMember(parsed.data) };
}

/**
 * Like {@link validatePoolConfig}, but throws an {@link LbkitError} listing every issue: for boundaries.
 *
 * @param source - names the input in the message, e.g. a file name.
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
 */
export function stickyFromApache(value: string): { cookie: string; urlParam: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { cookie: value, urlParam: value };
  return { cookie: value.slice(0, bar), urlParam: value.slice(bar + 1) };
}
