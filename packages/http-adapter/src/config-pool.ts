/**
 * One pool of a proxy configuration: its fields are split between the core (validated by the
 * core's own `validatePoolConfig`, issues re-rooted under the pool's path) and the proxy (members'
 * URLs, timeouts, health checks, cookie attributes), then resolved with every default.
 *
 * @module
 */
import { type ConfigIssue, validatePoolConfig } from '@lbkit/core';
import type { z } from 'zod';
import type { ResolvedPool, ResolvedTarget } from './config.js';
import { fixFor, POOL_EXTRA_KEYS, poolExtrasSchema } from './config-schema.js';

/** Zod issues as {@link ConfigIssue}s under `prefix`, each with a fix. */
export function issuesOf(error: z.ZodError, prefix: readonly (string | number)[], fallback: string): ConfigIssue[] {
  return error.issues.map((i) => {
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    return { code: i.code, path, message: i.message, fix: fixFor(path, i.code, fallback) };
  });
}

/** A member's URL taken apart, or null with an issue at `path`. Also used to add a member at run time. */
export function targetOf(id: string, url: unknown, path: (string | number)[], issues: ConfigIssue[]): ResolvedTarget | null {
  const fix = fixFor(['url'], 'invalid_url', '');
  if (typeof url !== 'string') {
    issues.push({ code: url === undefined ? 'missing_url' : 'invalid_type', path, message: 'a member needs a url', fix });
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    issues.push({ code: 'invalid_url', path, message: `"${url}" is not an absolute URL`, fix });
    return null;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '') {
    issues.push({ code: 'invalid_url', path, message: `"${url}" must be a plain http:// or https:// URL without query, fragment or credentials`, fix });
    return null;
  }
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const tls = parsed.protocol === 'https:';
  const port = parsed.port === '' ? (tls ? 443 : 80) : Number(parsed.port);
  const basePath = parsed.pathname.endsWith('/') ? parsed.pathname : parsed.pathname + '/';
  return { id, url, host, port, origin: `${parsed.protocol}//${parsed.host}`, basePath, tls };
}

/** Splits a pool into what the core validates and what the proxy validates, and checks both. */
export function resolvePool(name: string, raw: Record<string, unknown>, issues: ConfigIssue[]): ResolvedPool | null {
  const at: (string | number)[] = ['pools', name];
  const corePart: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((POOL_EXTRA_KEYS as readonly string[]).includes(key)) extras[key] = value;
    else corePart[key] = value;
  }
  const urls: unknown[] = [];
  if (Array.isArray(raw['members'])) {
    corePart['members'] = raw['members'].map((m: unknown) => {
      if (typeof m !== 'object' || m === null) return m;
      const { url, ...rest } = m as Record<string, unknown>;
      urls.push(url);
      return rest;
    });
  }
  const before = issues.length;
  const core = validatePoolConfig(corePart);
  if (!core.ok) for (const i of core.error) issues.push({ ...i, path: [...at, ...i.path] });
  const extra = poolExtrasSchema.safeParse(extras);
  if (!extra.success) issues.push(...issuesOf(extra.error, at, 'see the pool fields in the README'));
  if (!core.ok || !extra.success) return null;
  const targets = core.value.members.map((m, i) => targetOf(m.id, urls[i], [...at, 'members', i, 'url'], issues));
  if (issues.length > before) return null;
  const e = extra.data;
  const hc = e.healthCheck;
  const ck = e.affinityCookie ?? {};
  return {
    name,
    balancer: core.value,
    targets: targets as ResolvedTarget[],
    timeouts: { connectMs: e.timeouts?.connectMs ?? 5_000, responseMs: e.timeouts?.responseMs ?? 60_000, idleMs: e.timeouts?.idleMs ?? 60_000 },
    healthCheck: hc ? { intervalMs: hc.intervalMs ?? 5_000, path: hc.path ?? '/', expectStatus: hc.expectStatus ?? null, timeoutMs: hc.timeoutMs ?? 2_000 } : null,
    affinityCookie: {
      path: ck.path ?? null,
      httpOnly: ck.httpOnly ?? false,
      secure: ck.secure ?? false,
      sameSite: ck.sameSite ?? null,
      maxAgeSec: ck.maxAgeSec ?? null,
    },
    passAffinityCookie: e.passAffinityCookie ?? false,
    holdBodyBytes: e.holdBodyBytes ?? 65_536,
    tls: { verify: e.tls?.verify ?? true, caFile: e.tls?.caFile ?? null, servername: e.tls?.servername ?? null },
    retryNonIdempotent: e.retryNonIdempotent ?? false,
  };
}
