/**
 * Proxy configuration: what a user writes (JSON or YAML), how it is validated, and the resolved
 * form with every default filled in. Pool fields that belong to the balancer are validated by the
 * core's `validatePoolConfig`, so an error reads the same in every lbkit tool.
 *
 * @module
 */
import {
  type ConfigIssue,
  LbkitError,
  type MemberConfig,
  type PoolConfig,
  type ResolvedPoolConfig,
  type Result,
} from '@lbkit/core';
import type { z } from 'zod';
import { issuesOf, resolvePool } from './config-pool.js';
import { rootSchema } from './config-schema.js';
import { adminIssues, resolveAdmin } from './config-admin.js';

/**
 * A member as written: the core's member fields plus the URL it listens on.
 *
 * @example
 * ```ts
 * const member: MemberInput = { id: 'static1', url: 'http://127.0.0.1:8081', route: 'static1', weight: 2 }
 * ```
 */
export interface MemberInput extends MemberConfig {
  /** Where the member listens, e.g. `http://127.0.0.1:3001` or `http://10.0.0.5:8080/app/`. */
  readonly url: string;
}

/**
 * A pool as written: the core's pool fields plus how the proxy talks to its members.
 *
 * @example
 * ```ts
 * const pool: PoolInput = {
 *   sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true },
 *   healthCheck: { intervalMs: 2000, path: '/health' },
 *   members: [{ id: 'static1', url: 'http://127.0.0.1:8081' }, { id: 'static2', url: 'http://127.0.0.1:8082' }],
 * }
 * ```
 */
export interface PoolInput extends Omit<PoolConfig, 'members'> {
  readonly members: readonly MemberInput[];
  /** Timeouts towards members, in ms. Defaults: connect 5000, response 60000, idle 60000 (Apache `Timeout`). */
  readonly timeouts?: { readonly connectMs?: number; readonly responseMs?: number; readonly idleMs?: number };
  /** Active health checks (Apache mod_proxy_hcheck). Absent: passive detection only. */
  readonly healthCheck?: { readonly intervalMs?: number; readonly path?: string; readonly expectStatus?: readonly number[]; readonly timeoutMs?: number };
  /** Attributes of the affinity cookie set for a sticky pool. */
  readonly affinityCookie?: {
    readonly path?: string;
    readonly httpOnly?: boolean;
    readonly secure?: boolean;
    readonly sameSite?: 'Strict' | 'Lax' | 'None';
    readonly maxAgeSec?: number;
  };
  /** Forward the affinity cookies to this pool's members instead of removing them. Default false. */
  readonly passAffinityCookie?: boolean;
  /** Largest request body held in memory so an idempotent request can be retried on another member. Default 65536. */
  readonly holdBodyBytes?: number;
  /** TLS towards `https://` members: the certificate is verified by default, against `caFile` when given. */
  readonly tls?: { readonly verify?: boolean; readonly caFile?: string; readonly servername?: string };
  /**
   * Resend non-idempotent requests (POST, PATCH...) to another member, or on a fresh connection,
   * after a failure that may have reached the member. Default false: such a request is sent at
   * most once (RFC 9110 §9.2.2; nginx `proxy_next_upstream non_idempotent` is off too). Only for
   * members that deduplicate requests themselves.
   */
  readonly retryNonIdempotent?: boolean;
}

/**
 * A whole proxy configuration as written in a file.
 *
 * @example
 * ```ts
 * const config: ProxyConfigInput = {
 *   listen: [{ host: '127.0.0.1', port: 8080 }],
 *   mounts: [{ prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' }],
 *   pools: { dynamic: { members: [{ id: 'dynamic1', url: 'http://127.0.0.1:3001' }] } },
 * }
 * ```
 */
export interface ProxyConfigInput {
  /** Where the proxy listens. Default: 127.0.0.1:8080. */
  readonly listen?: readonly { readonly host?: string; readonly port: number }[];
  /** Limits on clients, in ms: a slow client cannot hold the proxy. */
  readonly server?: {
    readonly headersTimeoutMs?: number;
    readonly requestTimeoutMs?: number;
    readonly keepAliveTimeoutMs?: number;
    readonly maxHeaderSize?: number;
    /** `Upgrade` protocols tunnelled to members. Default `['websocket']`; `[]` refuses every upgrade. */
    readonly upgradeProtocols?: readonly string[];
    /** Header lines a request may have, `Host` included; more get 431. Default 100 (Apache LimitRequestFields, HAProxy tune.http.maxhdr). */
    readonly maxHeaderCount?: number;
  };
  /** The admin listener: status page, JSON API and `/metrics`. Absent: none. */
  readonly admin?: { readonly host?: string; readonly port: number; readonly token?: string; readonly tokenFile?: string };
  /** Path prefixes and the pool that serves each; the longest matching prefix wins. */
  readonly mounts: readonly { readonly prefix: string; readonly pool: string; readonly rewrite?: string }[];
  /** Pools by name. */
  readonly pools: Readonly<Record<string, PoolInput>>;
}

/**
 * Where a member listens, taken apart once so the hot path never parses a URL.
 *
 * @example
 * ```ts
 * // url: 'http://127.0.0.1:3001/app'
 * const target: ResolvedTarget = { id: 'd1', url: 'http://127.0.0.1:3001/app', host: '127.0.0.1', port: 3001, origin: 'http://127.0.0.1:3001', basePath: '/app/' }
 * ```
 */
export interface ResolvedTarget {
  readonly id: string;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, as a member would write it in a `Location` header. */
  readonly origin: string;
  /** The path the member's URL ends with, always ending in `/`. */
  readonly basePath: string;
  /** True for an `https://` member. */
  readonly tls: boolean;
}

/**
 * A pool with every default filled in.
 *
 * @example
 * ```ts
 * const pool: ResolvedPool = parseProxyConfig(input).pools['static']!
 * pool.timeouts.connectMs // 5000 unless configured
 * ```
 */
export interface ResolvedPool {
  readonly name: string;
  /** What the core gets. */
  readonly balancer: ResolvedPoolConfig;
  /** One per member, in the order of `balancer.members`. */
  readonly targets: readonly ResolvedTarget[];
  readonly timeouts: { readonly connectMs: number; readonly responseMs: number; readonly idleMs: number };
  readonly healthCheck: { readonly intervalMs: number; readonly path: string; readonly expectStatus: readonly number[] | null; readonly timeoutMs: number } | null;
  readonly affinityCookie: {
    readonly path: string | null;
    readonly httpOnly: boolean;
    readonly secure: boolean;
    readonly sameSite: 'Strict' | 'Lax' | 'None' | null;
    readonly maxAgeSec: number | null;
  };
  readonly passAffinityCookie: boolean;
  readonly holdBodyBytes: number;
  readonly tls: { readonly verify: boolean; readonly caFile: string | null; readonly servername: string | null };
  readonly retryNonIdempotent: boolean;
}

/**
 * A mount with its rewrite resolved (`rewrite` defaults to the prefix: the path is passed unchanged).
 *
 * @example
 * ```ts
 * const mount: ResolvedMount = { prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' }
 * ```
 */
export interface ResolvedMount {
  readonly prefix: string;
  readonly pool: string;
  readonly rewrite: string;
}

/**
 * A {@link ProxyConfigInput} after validation, with every default filled in. Plain JSON.
 *
 * @example
 * ```ts
 * const config: ResolvedProxyConfig = await loadProxyConfig('lbkit.yaml')
 * config.mounts[0]!.prefix // the longest prefix
 * ```
 */
export interface ResolvedProxyConfig {
  /** Marks a configuration that was already validated. */
  readonly resolved: true;
  readonly listen: readonly { readonly host: string; readonly port: number }[];
  readonly server: {
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly maxHeaderSize: number;
    readonly upgradeProtocols: readonly string[];
    readonly maxHeaderCount: number;
  };
  /** The admin listener, or null. `token` is null when none is configured (allowed on loopback only). */
  readonly admin: { readonly host: string; readonly port: number; readonly token: string | null; readonly tokenFile: string | null } | null;
  /** Longest prefix first. */
  readonly mounts: readonly ResolvedMount[];
  readonly pools: Readonly<Record<string, ResolvedPool>>;
}

function resolveMounts(mounts: z.infer<typeof rootSchema>['mounts'], pools: Readonly<Record<string, unknown>>, issues: ConfigIssue[]): ResolvedMount[] {
  const seen = new Map<string, number>();
  mounts.forEach((m, i) => {
    if (!Object.hasOwn(pools, m.pool)) {
      const known = Object.keys(pools).join(', ') || 'none defined';
      issues.push({ code: 'unknown_pool', path: ['mounts', i, 'pool'], message: `no pool named "${m.pool}"`, fix: `name one of the pools (${known}) or define it under pools` });
    }
    const first = seen.get(m.prefix);
    if (first !== undefined) {
      issues.push({ code: 'duplicate_prefix', path: ['mounts', i, 'prefix'], message: `prefix "${m.prefix}" is already mounted by mounts[${first}]`, fix: 'mount each prefix once' });
    } else seen.set(m.prefix, i);
  });
  return mounts
    .map((m) => ({ prefix: m.prefix, pool: m.pool, rewrite: m.rewrite ?? m.prefix }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

/**
 * Validates a proxy configuration and fills in every default. Returns every problem at once, each
 * with its path and a fix; never throws.
 *
 * @example
 * ```ts
 * const r = validateProxyConfig({ mounts: [{ prefix: '/', pool: 'web' }], pools: {} })
 * if (!r.ok) console.log(r.error[0]) // { code: 'unknown_pool', path: ['mounts', 0, 'pool'], message: ..., fix: ... }
 * ```
 */
export function validateProxyConfig(input: unknown): Result<ResolvedProxyConfig, ConfigIssue[]> {
  const root = rootSchema.safeParse(input);
  if (!root.success) return { ok: false, error: issuesOf(root.error, [], 'give an object with mounts and pools (see the README)') };
  const cfg = root.data;
  const issues: ConfigIssue[] = [];
  const pools: Record<string, ResolvedPool> = {};
  for (const [name, raw] of Object.entries(cfg.pools)) {
    const pool = resolvePool(name, raw, issues);
    if (pool !== null) pools[name] = pool;
  }
  const mounts = resolveMounts(cfg.mounts, cfg.pools, issues);
  const s = cfg.server ?? {};
  const headersTimeoutMs = s.headersTimeoutMs ?? 10_000;
  const requestTimeoutMs = s.requestTimeoutMs ?? 300_000;
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
    issues.push({
      code: 'timeout_order',
      path: ['server', s.headersTimeoutMs === undefined ? 'requestTimeoutMs' : 'headersTimeoutMs'],
      message: `headersTimeoutMs (${headersTimeoutMs}) is longer than requestTimeoutMs (${requestTimeoutMs})`,
      fix: 'make headersTimeoutMs at most requestTimeoutMs (the headers are part of the request), or set requestTimeoutMs to 0',
    });
  }
  issues.push(...adminIssues(cfg.admin));
  if (issues.length > 0) return { ok: false, error: issues };
  return {
    ok: true,
    value: {
      resolved: true,
      listen: (cfg.listen ?? [{ port: 8080 }]).map((l) => ({ host: l.host ?? '127.0.0.1', port: l.port })),
      server: {
        headersTimeoutMs,
        requestTimeoutMs,
        keepAliveTimeoutMs: s.keepAliveTimeoutMs ?? 5_000,
        maxHeaderSize: s.maxHeaderSize ?? 16_384,
        upgradeProtocols: (s.upgradeProtocols ?? ['websocket']).map((p) => p.toLowerCase()),
        maxHeaderCount: s.maxHeaderCount ?? 100,
      },
      admin: resolveAdmin(cfg.admin),
      mounts,
      pools,
    },
  };
}

/**
 * Like {@link validateProxyConfig}, but throws an {@link @lbkit/core!LbkitError} listing every problem.
 *
 * @param source - names the input in the message, e.g. a file name.
 * @example
 * ```ts
 * const config = parseProxyConfig(JSON.parse(text), 'lbkit.json')
 * ```
 */
export function parseProxyConfig(input: unknown, source = 'config'): ResolvedProxyConfig {
  const r = validateProxyConfig(input);
  if (!r.ok) throw LbkitError.fromIssues(r.error, source);
  return r.value;
}
