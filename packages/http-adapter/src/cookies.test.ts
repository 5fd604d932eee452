import fc from 'fast-check';
import { cookieValue } from '@lbkit/core/internals';
import { describe, expect, it } from 'vitest';
import { withoutCookies } from './cookies.js';

describe('withoutCookies', () => {
  const cases: [string, string | null][] = [
    ['a=1; ROUTEID=.static1; b=2', 'a=1; b=2'],
    ['ROUTEID=.static1; a=1', 'a=1'],
    ['ROUTEID=.static1', null],
    ['ROUTEID=.a; ROUTEID=.b', null],
    ['XROUTEID=1; a=2', 'XROUTEID=1; a=2'],
    ['prefs={"a":1,"b":2}; ROUTEID=.m1', 'prefs={"a":1,"b":2}'],
    ['prefs={"a":1,"b":2};ROUTEID=.m1;  theme=dark ; x="a;b"', 'prefs={"a":1,"b":2};  theme=dark ; x="a;b"'],
    ['a=1, ROUTEID=.static1,b=2', 'a=1,b=2'],
    ['a=1;;b=2; ROUTEID = .x', 'a=1;;b=2'],
    ['ROUTEIDX=1; ROUTEID=.x', 'ROUTEIDX=1'],
  ];
  it.each(cases)('%s → %s', (header, expected) => expect(withoutCookies(header, ['ROUTEID'])).toBe(expected));

  it('keeps every other cookie byte for byte, and leaves nothing the core would read a route from', () => {
    const text = fc.stringMatching(/^[\x20-\x7e]{0,12}$/);
    const pair = fc.oneof(fc.tuple(fc.constantFrom('a', 'prefs', 'ROUTEIDX', 'x'), text).map(([k, v]) => `${k}=${v.replace(/[;,]/g, '')}`), fc.constant('ROUTEID=.m1'));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 8 }), (pairs) => {
        const header = pairs.join('; ');
        const others = pairs.filter((p) => p !== 'ROUTEID=.m1');
        const out = withoutCookies(header, ['ROUTEID']);
        if (header.includes('ROUTEID')) expect(out).toBe(others.length === 0 ? null : others.join('; ').replace(/^[ \t]+/, ''));
        else expect(out).toBe(header);
        if (out !== null) expect(cookieValue(out, 'ROUTEID')).toBeNull();
      }),
    );
  });
});
