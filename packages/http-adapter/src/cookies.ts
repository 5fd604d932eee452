/**
 * Removing the proxy's affinity cookies from a `Cookie` header without touching any other byte of
 * it: members may rely on the exact text of their own cookies (JSON values, quoted strings, odd
 * spacing), so the header is cut, never re-assembled.
 *
 * @module
 */

const SEMICOLON = 0x3b;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Is the segment `header[from, to)` a cookie called `name` (`name=...`, white space allowed around `=`)? */
function segmentIsNamed(header: string, from: number, to: number, name: string): boolean {
  let i = from;
  while (i < to && isSpace(header.charCodeAt(i))) i++;
  if (!header.startsWith(name, i)) return false;
  i += name.length;
  while (i < to && isSpace(header.charCodeAt(i))) i++;
  return i < to && header.charCodeAt(i) === 0x3d; /* = */
}

/**
 * `header` without the cookies called one of `names`, or `null` when nothing else is left.
 *
 * @remarks
 * A cookie ends at `;`, or at `,` as in the core's `cookieValue` (Apache reads routes from
 * comma-joined headers too), so whatever the core read a route from is what is removed. Each
 * removed cookie takes the separator before it (or, first in the header, the one after it and the
 * white space that follows); every other byte is kept in place.
 *
 * @example
 * ```ts
 * withoutCookies('prefs={"a":1,"b":2}; ROUTEID=.static1; x=1', ['ROUTEID']) // 'prefs={"a":1,"b":2}; x=1'
 * withoutCookies('ROUTEID=.static1', ['ROUTEID'])                            // null
 * ```
 */
export function withoutCookies(header: string, names: readonly string[]): string | null {
  if (!names.some((n) => header.includes(n))) return header;
  let out = '';
  let start = 0;
  let keptAny = false;
  let pendingSep = '';
  for (let i = 0; i <= header.length; i++) {
    const c = i < header.length ? header.charCodeAt(i) : SEMICOLON;
    if (c !== SEMICOLON && c !== COMMA) continue;
    const remove = names.some((n) => segmentIsNamed(header, start, i, n));
    if (!remove) {
      let from = start;
      if (!keptAny) while (from < i && isSpace(header.charCodeAt(from))) from++;
      if (keptAny || from < i) {
        out += (keptAny ? pendingSep : '') + header.slice(from, i);
        keptAny = true;
      }
    }
    pendingSep = i < header.length ? header[i]! : '';
    start = i + 1;
  }
  return keptAny ? out : null;
}
