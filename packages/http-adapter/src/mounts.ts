/**
 * Mounts: which pool serves a request target, the path a member receives (Apache `ProxyPass`), and
 * the way back for `Location` headers (Apache `ProxyPassReverse`).
 *
 * @module
 */
import type { ResolvedMount, ResolvedTarget } from './config.js';

/**
 * The mount whose prefix is the longest one `target` starts with, or `undefined`.
 *
 * @param mounts - longest prefix first, as {@link ResolvedProxyConfig.mounts} are.
 * @example
 * ```ts
 * matchMount([{ prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' }, { prefix: '/', pool: 'static', rewrite: '/' }], '/api/jokes/1')
 * // the /api/jokes/ mount
 * ```
 */
export function matchMount(mounts: readonly ResolvedMount[], target: string): ResolvedMount | undefined {
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i]!;
    if (target.startsWith(m.prefix)) return m;
  }
  return undefined;
}

/** The path prefix a member receives for a mount: the member's base path, then the mount's rewrite. */
function memberPrefix(target: ResolvedTarget, mount: ResolvedMount): string {
  return target.basePath + mount.rewrite.slice(1);
}

/**
 * The request target a member receives: the mount prefix replaced by the member's base path and the
 * mount's rewrite. Like Apache, the rest is appended as is, query included.
 *
 * @example
 * ```ts
 * upstreamPath({ prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' }, { basePath: '/', ...member }, '/api/jokes/7?lang=fr') // '/7?lang=fr'
 * ```
 */
export function upstreamPath(mount: ResolvedMount, target: ResolvedTarget, requestTarget: string): string {
  return memberPrefix(target, mount) + requestTarget.slice(mount.prefix.length);
}

/**
 * Maps a `Location` or `Content-Location` written by a member back into the proxy's URL space: an
 * absolute URL on any member of the pool, or a path under the member prefix, becomes a path under
 * the mount prefix. Anything else is returned unchanged.
 *
 * @example
 * ```ts
 * reverseLocation(mount, targets, 'http://127.0.0.1:3001/login') // '/api/jokes/login'
 * ```
 */
export function reverseLocation(mount: ResolvedMount, targets: readonly ResolvedTarget[], value: string): string {
  for (const t of targets) {
    const prefix = memberPrefix(t, mount);
    const absolute = t.origin + prefix;
    if (value.startsWith(absolute)) return mount.prefix + value.slice(absolute.length);
    if (value === t.origin + prefix.slice(0, -1)) return mount.prefix.slice(0, -1) || '/';
  }
  if (value.startsWith('/') && !value.startsWith('//')) {
    const prefix = memberPrefix(targets[0] ?? { basePath: '/' } as ResolvedTarget, mount);
    if (value.startsWith(prefix)) return mount.prefix + value.slice(prefix.length);
  }
  return value;
}

/** 1 for a `.` segment, 2 for `..`, 0 otherwise; `%2e` counts as a dot. */
function dots(segment: string): number {
  if (segment.length > 6) return 0;
  const s = segment.replace(/%2e/gi, '.');
  return s === '.' ? 1 : s === '..' ? 2 : 0;
}

/**
 * The authority of an absolute-form request target (`http://lab.example:8080/x` gives
 * `lab.example:8080`), which RFC 9112 §3.2.2 puts before the `Host` header; `null` for any other form.
 *
 * @example
 * ```ts
 * targetAuthority('http://lab.example/index.html') // 'lab.example'
 * targetAuthority('/index.html')                   // null
 * ```
 */
export function targetAuthority(target: string): string | null {
  if (target.charCodeAt(0) === 0x2f /* / */) return null;
  const m = /^https?:\/\/([^/?#]*)/i.exec(target);
  return m === null ? null : m[1]!;
}

/**
 * The request target in origin form with `.` and `..` path segments (also percent-encoded) resolved,
 * so that no target escapes its mount prefix; `null` when the target is not a path (e.g. `*`) or
 * carries a fragment.
 * Absolute-form targets (`http://host/path`) keep only their path and query.
 *
 * @example
 * ```ts
 * normalizeTarget('/api/jokes/../admin?x=1') // '/api/admin?x=1'
 * normalizeTarget('http://lab/index.html')    // '/index.html'
 * ```
 */
export function normalizeTarget(target: string): string | null {
  // A fragment never belongs in a request target (RFC 9112 §3.2); dot segments after it would
  // otherwise be resolved as part of the path.
  if (target.includes('#')) return null;
  let t = target;
  if (t.charCodeAt(0) !== 0x2f /* / */) {
    const m = /^https?:\/\/[^/?#]*/i.exec(t);
    if (m === null) return null;
    t = t.slice(m[0].length);
    if (t === '' || t[0] === '?') t = '/' + t;
    if (t[0] !== '/') return null;
  }
  if (!t.includes('/.') && !t.includes('/%2')) return t;
  const q = t.indexOf('?');
  const path = q < 0 ? t : t.slice(0, q);
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    const last = i === segments.length - 1;
    const d = dots(s);
    if (d > 0) {
      if (d === 2) out.pop();
      if (last) out.push('');
      continue;
    }
    out.push(s);
  }
  return '/' + out.join('/') + (q < 0 ? '' : t.slice(q));
}
