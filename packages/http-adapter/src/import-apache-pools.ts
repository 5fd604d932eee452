/**
 * Turns what the Apache lines said about one balancer into an lbkit pool. Apache keeps some
 * settings per member (retry, timeout) where lbkit keeps them per pool: differing values are
 * merged and reported.
 *
 * @module
 */
import { stickyFromApache } from '@lbkit/core';
import type { MemberInput, PoolInput } from './config.js';
import type { CookieHeader } from './import-apache-headers.js';
import type { BalancerDraft, ImportFinding, MemberDraft } from './import-apache-params.js';

/** Apache's defaults where lbkit's differ or must be written out. */
const APACHE_RETRY_MS = 60_000;
const APACHE_HC_INTERVAL_MS = 30_000;

/** Where findings go, and settings from outside the balancer. */
export interface PoolContext {
  /** Timeout / ProxyTimeout, in ms, when set. */
  readonly responseMs: number | undefined;
  /** SSLProxyVerify and SSLProxyCACertificateFile, for pools with https:// members. */
  readonly sslProxy: { readonly verify: string | null; readonly caFile: string | null; readonly line: number };
  readonly cookies: readonly CookieHeader[];
  readonly untranslated: ImportFinding[];
  readonly notes: ImportFinding[];
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

function memberId(m: MemberDraft, index: number, pool: string, taken: Set<string>): string {
  const id = m.route !== undefined && !taken.has(m.route) ? m.route : `${pool}-${index + 1}`;
  taken.add(id);
  return id;
}

function members(b: BalancerDraft, pool: string, ctx: PoolContext): MemberInput[] {
  const taken = new Set<string>();
  const out: MemberInput[] = [];
  b.members.forEach((m, i) => {
    if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(m.url)) {
      ctx.untranslated.push({ line: m.line, directive: `BalancerMember ${m.url}`, reason: 'lbkit members are http:// or https:// URLs (no ajp, fcgi, ws or unix sockets); the member is left out' });
      return;
    }
    const out1: Mutable<MemberInput> = { id: memberId(m, i, pool, taken), url: m.url };
    if (m.route !== undefined) out1.route = m.route;
    if (m.weight !== undefined && m.weight !== 1) out1.weight = m.weight;
    if (m.tier !== undefined && m.tier !== 0) out1.tier = m.tier;
    if (m.disabled) out1.disabled = true;
    if (m.draining) out1.draining = true;
    if (m.standby) out1.standby = true;
    out.push(out1 as MemberInput);
  });
  return out;
}

/** One value for a per-member setting: the largest, with a finding when members disagree. */
function merged(b: BalancerDraft, pick: (m: MemberDraft) => number | undefined, fallback: number | undefined, what: string, ctx: PoolContext): number | undefined {
  const values = b.members.map((m) => pick(m) ?? fallback);
  const defined = values.filter((v): v is number => v !== undefined);
  if (defined.length === 0) return undefined;
  const max = Math.max(...defined);
  if (defined.length !== values.length || new Set(defined).size > 1) {
    ctx.notes.push({ line: b.line, directive: `balancer://${b.name}`, reason: `members have different ${what}; lbkit has one per pool: ${max} ms is used for all` });
  }
  return max;
}

function health(b: BalancerDraft, ctx: PoolContext): NonNullable<PoolInput['health']> {
  const retryMs = merged(b, (m) => m.retryMs, APACHE_RETRY_MS, 'retry', ctx);
  const rise = b.members.find((m) => m.hcPasses !== undefined)?.hcPasses;
  const fall = b.members.find((m) => m.hcFails !== undefined)?.hcFails;
  if (b.forceRecovery === undefined) {
    ctx.notes.push({ line: b.line, directive: `balancer://${b.name}`, reason: 'forcerecovery is On by default in Apache, so forceRecovery: true is written (lbkit\'s own default is false)' });
  }
  return {
    ...(retryMs !== undefined ? { retryMs } : {}),
    forceRecovery: b.forceRecovery ?? true,
    ...(b.failOnStatus ? { failOnStatus: b.failOnStatus } : {}),
    ...(rise !== undefined ? { rise } : {}),
    ...(fall !== undefined ? { fall } : {}),
  };
}

function timeouts(b: BalancerDraft, ctx: PoolContext): PoolInput['timeouts'] | undefined {
  const responseMs = merged(b, (m) => m.responseMs, ctx.responseMs, 'timeout', ctx);
  const connectMs = merged(b, (m) => m.connectMs, undefined, 'connectiontimeout', ctx);
  if (responseMs === undefined && connectMs === undefined) return undefined;
  return { ...(connectMs !== undefined ? { connectMs } : {}), ...(responseMs !== undefined ? { responseMs, idleMs: responseMs } : {}) };
}

function healthCheck(b: BalancerDraft, ctx: PoolContext): PoolInput['healthCheck'] | undefined {
  const checked = b.members.filter((m) => m.hcEnabled);
  if (checked.length === 0) return undefined;
  if (checked.length !== b.members.length) {
    ctx.notes.push({ line: b.line, directive: `balancer://${b.name}`, reason: 'only some members have hcmethod; lbkit checks every member of a pool' });
  }
  const intervalMs = merged(b, (m) => m.hcIntervalMs, APACHE_HC_INTERVAL_MS, 'hcinterval', ctx);
  const path = checked.find((m) => m.hcPath !== undefined)?.hcPath;
  return { ...(intervalMs !== undefined ? { intervalMs } : {}), ...(path !== undefined ? { path } : {}) };
}

function affinityCookie(b: BalancerDraft, cookie: string, ctx: PoolContext): PoolInput['affinityCookie'] | undefined {
  const header = ctx.cookies.find((c) => c.name === cookie);
  const line = b.stickysession?.line ?? b.line;
  if (header === undefined) {
    ctx.notes.push({ line, directive: `stickysession=${b.stickysession?.value}`, reason: `no Header line sets the ${cookie} cookie, so Apache leaves it to the application; lbkit sets ${cookie}=<separator><route> whenever it picks a member for a request without a usable route. If the application sets ${cookie} itself (e.g. JSESSIONID=ABC.node1 with a Tomcat jvmRoute), give lbkit its own cookie name` });
    return undefined;
  }
  if (header.prefix !== (b.separator ?? '.')) {
    ctx.notes.push({ line: header.line, directive: 'Header ... Set-Cookie', reason: `the cookie value starts with "${header.prefix}" but lbkit writes "${b.separator ?? '.'}" before the route` });
  }
  if (!header.onRouteChange) {
    ctx.notes.push({ line: header.line, directive: 'Header ... Set-Cookie', reason: 'without env=BALANCER_ROUTE_CHANGED Apache sets the cookie on every response; lbkit sets it only when the route changes' });
  }
  if (header.attributes.path === undefined) {
    ctx.notes.push({ line: header.line, directive: 'Header ... Set-Cookie', reason: 'the cookie has no path; lbkit scopes it to the mount\'s prefix (browsers would use the request\'s directory)' });
  }
  return { httpOnly: false, ...header.attributes };
}

/** lbkit verifies https members' certificates; Apache does only with SSLProxyVerify require. */
function memberTls(b: BalancerDraft, ctx: PoolContext): PoolInput['tls'] | undefined {
  const { verify, caFile } = ctx.sslProxy;
  if (verify !== 'require') {
    ctx.notes.push({ line: b.line, directive: `balancer://${b.name}`, reason: `Apache checks https members' certificates only with SSLProxyVerify require (here: ${verify ?? 'none, the default'}); lbkit checks them (tls.verify: true). Give tls.caFile for a private CA, or set tls.verify: false to keep Apache's behaviour` });
  }
  return caFile === null ? undefined : { caFile };
}

/**
 * The lbkit pool for one balancer.
 *
 * @example
 * ```ts
 * const pool = poolFromBalancer(draft, 'static', { responseMs: undefined, sslProxy: { verify: null, caFile: null, line: 0 }, cookies: [], untranslated: [], notes: [] })
 * ```
 */
export function poolFromBalancer(b: BalancerDraft, name: string, ctx: PoolContext): PoolInput {
  const pool: Mutable<PoolInput> = {};
  if (b.method !== undefined) pool.method = b.method;
  if (b.stickysession !== undefined) {
    const { cookie, urlParam } = stickyFromApache(b.stickysession.value);
    pool.sticky = { cookie, urlParam, ...(b.separator !== undefined ? { separator: b.separator } : {}), ...(b.scolonPathDelim ? { scolonPathDelim: true } : {}) };
    const ac = affinityCookie(b, cookie, ctx);
    if (ac !== undefined) pool.affinityCookie = ac;
    // Apache forwards every cookie; the application may need the session cookie.
    pool.passAffinityCookie = true;
  }
  pool.health = health(b, ctx);
  if (b.maxAttempts !== undefined) pool.maxAttempts = Math.min(100, b.maxAttempts);
  const t = timeouts(b, ctx);
  if (t !== undefined) pool.timeouts = t;
  const hc = healthCheck(b, ctx);
  if (hc !== undefined) pool.healthCheck = hc;
  pool.members = members(b, name, ctx);
  if (pool.members.some((m) => /^https:/i.test(m.url))) {
    const tls = memberTls(b, ctx);
    if (tls !== undefined) pool.tls = tls;
  }
  return pool as PoolInput;
}
