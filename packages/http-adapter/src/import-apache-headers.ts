/**
 * mod_headers lines of a balancer virtual host: `Header add Balancer-Route "%{BALANCER_WORKER_ROUTE}e"`
 * and `Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/" env=BALANCER_ROUTE_CHANGED`,
 * the two that lbkit does itself. Any other Header line is reported.
 *
 * @module
 */
import type { ApacheDirective } from './apache-conf.js';
import type { ImportFinding } from './import-apache-params.js';

/** The affinity cookie a `Header ... Set-Cookie` line describes. */
export interface CookieHeader {
  readonly line: number;
  readonly name: string;
  /** What precedes the route in the value, e.g. `.`. */
  readonly prefix: string;
  /** `env=BALANCER_ROUTE_CHANGED`: only when the route changes, as lbkit does. */
  readonly onRouteChange: boolean;
  readonly attributes: {
    path?: string;
    httpOnly?: boolean;
    secure?: boolean;
    sameSite?: 'Strict' | 'Lax' | 'None';
    maxAgeSec?: number;
  };
}

/** What the Header lines said. */
export interface HeaderFindings {
  routeHeader: boolean;
  readonly cookies: CookieHeader[];
}

const ROUTE_VAR = '%{BALANCER_WORKER_ROUTE}e';
const SAME_SITE: Readonly<Record<string, 'Strict' | 'Lax' | 'None'>> = { strict: 'Strict', lax: 'Lax', none: 'None' };

function cookieAttributes(parts: readonly string[], line: number, untranslated: ImportFinding[], text: string): CookieHeader['attributes'] {
  const out: CookieHeader['attributes'] = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (key === 'path' && /^\/[^;\s]*$/.test(value)) out.path = value;
    else if (key === 'httponly') out.httpOnly = true;
    else if (key === 'secure') out.secure = true;
    else if (key === 'samesite' && SAME_SITE[value.toLowerCase()] !== undefined) out.sameSite = SAME_SITE[value.toLowerCase()]!;
    else if (key === 'max-age' && /^\d{1,8}$/.test(value)) out.maxAgeSec = Number(value);
    else if (key !== '') untranslated.push({ line, directive: text, reason: `the cookie attribute "${part.trim()}" has no lbkit equivalent (lbkit has Path, Max-Age, HttpOnly, Secure, SameSite)` });
  }
  return out;
}

function setCookie(d: ApacheDirective, value: string, condition: string | undefined, out: HeaderFindings, untranslated: ImportFinding[]): void {
  const [first = '', ...rest] = value.split(';');
  const m = /^\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)=(.*)$/.exec(first);
  if (m === null || !m[2]!.endsWith(ROUTE_VAR)) {
    untranslated.push({ line: d.line, directive: d.text, reason: `only a cookie whose value ends with ${ROUTE_VAR} (the affinity cookie) is translated` });
    return;
  }
  if (condition !== undefined && condition !== 'env=BALANCER_ROUTE_CHANGED') {
    untranslated.push({ line: d.line, directive: d.text, reason: `the condition ${condition} has no lbkit equivalent (lbkit sets the cookie when the route changes)` });
    return;
  }
  const prefix = m[2]!.slice(0, -ROUTE_VAR.length);
  const attributes = cookieAttributes(rest, d.line, untranslated, d.text);
  out.cookies.push({ line: d.line, name: m[1]!, prefix, onRouteChange: condition !== undefined, attributes });
}

/**
 * Reads one `Header` directive into `out`, or explains in `untranslated` why it cannot be kept.
 *
 * @example
 * ```ts
 * const out: HeaderFindings = { routeHeader: false, cookies: [] }
 * importHeader(directive, out, []) // Header add Balancer-Route "%{BALANCER_WORKER_ROUTE}e" sets out.routeHeader
 * ```
 */
export function importHeader(d: ApacheDirective, out: HeaderFindings, untranslated: ImportFinding[]): void {
  let args = d.args;
  if (args[0]?.toLowerCase() === 'always' || args[0]?.toLowerCase() === 'onsuccess') args = args.slice(1);
  const [action = '', name = '', value = '', condition, ...extra] = args;
  const act = action.toLowerCase();
  const lower = name.toLowerCase();
  if ((act === 'add' || act === 'set' || act === 'append') && extra.length === 0) {
    if (lower === 'balancer-route' && value === ROUTE_VAR && condition === undefined) {
      out.routeHeader = true;
      return;
    }
    if (lower === 'set-cookie' && value.includes(ROUTE_VAR)) return setCookie(d, value, condition, out, untranslated);
  }
  untranslated.push({ line: d.line, directive: d.text, reason: 'lbkit adds only Balancer-Route and the affinity Set-Cookie to responses; other header edits have no equivalent' });
}
