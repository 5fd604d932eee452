/**
 * A mount at run time: its pool, and what every response through it shares (the affinity cookie's
 * attributes, the cookies to strip), computed once.
 *
 * @module
 */
import type { ResolvedMount, ResolvedPool } from './config.js';
import { reverseLocation } from './mounts.js';
import type { PoolRuntime } from './pool-runtime.js';

/** A mount with everything its requests need, computed at start-up. */
export interface MountRuntime {
  readonly mount: ResolvedMount;
  readonly pool: PoolRuntime;
  /** `; Path=/...; HttpOnly...`: what follows `name=value` in the affinity cookie. */
  readonly cookieSuffix: string;
  /** Cookie names removed from forwarded requests. */
  readonly stripCookies: readonly string[];
  /** ProxyPassReverse for this mount: maps a member's `Location` into the mount. */
  readonly reverse: (location: string) => string;
}

/**
 * The attributes of the affinity cookie for a pool served under `mount`: `Path` is the mount's
 * prefix without its trailing slash (so `/api/` covers `/api` and `/api/x` but not `/apix`), unless
 * the pool names one.
 *
 * @example
 * ```ts
 * cookieAttributes({ prefix: '/', pool: 'static', rewrite: '/' }, pool) // '; Path=/'
 * ```
 */
export function cookieAttributes(mount: ResolvedMount, pool: ResolvedPool): string {
  const a = pool.affinityCookie;
  const path = a.path ?? (mount.prefix.length > 1 && mount.prefix.endsWith('/') ? mount.prefix.slice(0, -1) : mount.prefix);
  let out = `; Path=${path}`;
  if (a.maxAgeSec !== null) out += `; Max-Age=${a.maxAgeSec}`;
  if (a.httpOnly) out += '; HttpOnly';
  if (a.secure || a.sameSite === 'None') out += '; Secure';
  if (a.sameSite !== null) out += `; SameSite=${a.sameSite}`;
  return out;
}

/**
 * Builds the run-time mounts. Every request has the affinity cookies of every sticky pool removed
 * (browsers send a `Path=/` cookie to every mount), except requests to a pool that asks to keep them.
 */
export function mountRuntimes(mounts: readonly ResolvedMount[], pools: ReadonlyMap<string, PoolRuntime>): MountRuntime[] {
  const names = new Set<string>();
  for (const p of pools.values()) if (p.cookieName !== null) names.add(p.cookieName);
  const all = [...names];
  return mounts.map((mount) => {
    const pool = pools.get(mount.pool)!;
    return {
      mount,
      pool,
      cookieSuffix: cookieAttributes(mount, pool.config),
      stripCookies: pool.config.passAffinityCookie ? [] : all,
      reverse: (location: string) => reverseLocation(mount, pool.config.targets, location),
    };
  });
}
