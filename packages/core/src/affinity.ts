/**
 * Sticky routes, as Apache mod_proxy_balancer reads them: a URL parameter first, then a cookie; the
 * route is what follows the first separator in the value. Anything odd reads as "no route": a
 * request can never name a destination that is not a usable member of its own pool.
 *
 * @module
 */
import type { ResolvedSticky } from './config.js';

const SPACE = 0x20;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const COMMA = 0x2c;
const EQUALS = 0x3d;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * The value of the first cookie called `name` with a non-empty value, or `null`.
 *
 * @remarks
 * Like Apache's `get_cookie_param`: a name counts only at the start of the header or after `;`, `,`
 * or white space; the value runs to the next `;` or `,`. Names are case-sensitive.
 *
 * @example
 * ```ts
 * cookieValue('lang=fr; ROUTEID=.static2; ROUTEID=.static3', 'ROUTEID') // '.static2'
 * cookieValue('XROUTEID=.static2', 'ROUTEID')                           // null
 * ```
 */
export function cookieValue(header: string, name: string): string | null {
  let at = header.indexOf(name);
  while (at >= 0) {
    const before = at === 0 ? SEMICOLON : header.charCodeAt(at - 1);
    let i = at + name.length;
    if (before === SEMICOLON || before === COMMA || isSpace(before)) {
      while (i < header.length && isSpace(header.charCodeAt(i))) i++;
      if (header.charCodeAt(i) === EQUALS) {
        i++;
        while (i < header.length && isSpace(header.charCodeAt(i))) i++;
        let end = i;
        while (end < header.length) {
          const c = header.charCodeAt(end);
          if (c === SEMICOLON || c === COMMA) break;
          end++;
        }
        while (end > i && isSpace(header.charCodeAt(end - 1))) end--;
        if (end > i) return header.slice(i, end);
      }
    }
    at = header.indexOf(name, at + 1);
  }
  return null;
}

/** Ends of a value in the query (`&`, `#`) and, with scolonpathdelim, in the path (`;`, `?`, `/` too). */
function valueEnd(url: string, from: number, inPath: boolean): number {
  let i = from;
  while (i < url.length) {
    const c = url.charCodeAt(i);
    if (c === 0x26 /* & */ || c === 0x23 /* # */) break;
    if (inPath && (c === SEMICOLON || c === 0x3f /* ? */ || c === 0x2f /* / */)) break;
    if (!inPath && c === SEMICOLON) break;
    i++;
  }
  return i;
}

/**
 * The value of URL parameter `name`: `?name=` or `&name=` in the query and, when `scolonPathDelim`
 * is set, `;name=` in the path. The first non-empty one wins; `null` if none.
 *
 * @example
 * ```ts
 * urlParamValue('/cart?item=1&jsessionid=ABC.static1', 'jsessionid', false) // 'ABC.static1'
 * urlParamValue('/cart;jsessionid=ABC.static1?x=1', 'jsessionid', true)      // 'ABC.static1'
 * ```
 *
 * @remarks
 * Apache's `get_path_param`, with `scolonpathdelim=On` for the `;name=` form.
 */
export function urlParamValue(url: string, name: string, scolonPathDelim: boolean): string | null {
  const hash = url.indexOf('#');
  const q = url.indexOf('?');
  const queryStart = q >= 0 && (hash < 0 || q < hash) ? q : -1;
  const pathEnd = queryStart >= 0 ? queryStart : hash >= 0 ? hash : url.length;
  if (scolonPathDelim) {
    const key = ';' + name + '=';
    let at = url.indexOf(key);
    while (at >= 0 && at < pathEnd) {
      const from = at + key.length;
      const end = valueEnd(url, from, true);
      if (end > from) return url.slice(from, end);
      at = url.indexOf(key, at + 1);
    }
  }
  if (queryStart < 0) return null;
  const queryEnd = hash > queryStart ? hash : url.length;
  let at = url.indexOf(name, queryStart + 1);
  while (at >= 0 && at < queryEnd) {
    const before = url.charCodeAt(at - 1);
    const from = at + name.length + 1;
    if ((before === 0x3f /* ? */ || before === 0x26 /* & */) && url.charCodeAt(at + name.length) === EQUALS) {
      const end = valueEnd(url, from, false);
      if (end > from) return url.slice(from, end);
    }
    at = url.indexOf(name, at + 1);
  }
  return null;
}

/**
 * The route inside a sticky value: what follows the first separator. `null` when there is no
 * separator, nothing after it, or the value is longer than `maxValueLength`.
 *
 * @example
 * ```ts
 * routeOfValue('.static2', '.', 256)    // 'static2'
 * routeOfValue('ABC.static2', '.', 256) // 'static2'
 * routeOfValue('static2', '.', 256)     // null
 * ```
 *
 * @remarks
 * Apache's `stickysessionsep` (default `.`) splits the same way.
 */
export function routeOfValue(value: string, separator: string, maxValueLength: number): string | null {
  if (value.length > maxValueLength) return null;
  const at = value.indexOf(separator);
  if (at < 0 || at + separator.length >= value.length) return null;
  return value.slice(at + separator.length);
}

/**
 * The route a request carries: from the URL parameter when the URL has one (even a value without
 * a route, such as `?jsessionid=ABC`: then there is none, and the cookie is not read, as in Apache),
 * else from the cookie. `null` when no well-formed route is found. Whether the route names a usable member is
 * the balancer's business.
 *
 * @example
 * ```ts
 * const sticky = { cookie: 'ROUTEID', urlParam: 'jsessionid', separator: '.', scolonPathDelim: true, maxValueLength: 256 }
 * carriedRoute(sticky, 'ROUTEID=.static1', '/a;jsessionid=X.static3') // 'static3'
 * carriedRoute(sticky, 'ROUTEID=.static1', '/a')                      // 'static1'
 * carriedRoute(sticky, 'ROUTEID=.static1', '/a?jsessionid=static3')   // null
 * ```
 *
 * @remarks
 * Apache's `get_route`: the URL first, then the cookie.
 */
export function carriedRoute(sticky: ResolvedSticky, cookie: string | undefined, url: string | undefined): string | null {
  if (sticky.urlParam !== null && url !== undefined) {
    const v = urlParamValue(url, sticky.urlParam, sticky.scolonPathDelim);
    // As in Apache: a value in the URL decides, even one without a route; the cookie is not read.
    if (v !== null) return routeOfValue(v, sticky.separator, sticky.maxValueLength);
  }
  if (sticky.cookie !== null && cookie !== undefined) {
    const v = cookieValue(cookie, sticky.cookie);
    if (v !== null) return routeOfValue(v, sticky.separator, sticky.maxValueLength);
  }
  return null;
}

/**
 * The `Cookie` header without any cookie called `name`, or `null` when nothing is left. Other
 * cookies keep their order and text, joined by `; `. Proxies use it so that members never see the balancer's own
 * affinity cookie.
 *
 * @example
 * ```ts
 * withoutCookie('a=1; ROUTEID=.static1; b=2', 'ROUTEID') // 'a=1; b=2'
 * withoutCookie('ROUTEID=.static1', 'ROUTEID')           // null
 * ```
 *
 * @remarks
 * Apache forwards the affinity cookie to the member as it came; a shell that keeps members from
 * seeing the balancer's own cookie removes it with this.
 */
export function withoutCookie(header: string, name: string): string | null {
  if (header.indexOf(name) < 0) return header;
  const kept: string[] = [];
  // `;` and `,` both separate cookies here, as in cookieValue: a route read from a comma-joined
  // header must be removable from it too
  for (const part of header.split(/[;,]/)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (key !== name && part.trim() !== '') kept.push(part.trim());
  }
  return kept.length === 0 ? null : kept.join('; ');
}
