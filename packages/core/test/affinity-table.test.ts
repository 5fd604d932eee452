/**
 * Where a request carries its route, character by character: Apache's cookie and URL parameter
 * rules (mod_proxy_balancer `get_cookie_param`, `get_path_param`) as one table per reader.
 */
import { describe, expect, it } from 'vitest';
import { withoutCookie } from '../src/index.js';
import { carriedRoute, cookieValue, routeOfValue, urlParamValue } from '../src/internals.js';

describe('cookieValue(header, "ROUTEID")', () => {
  const cases: [header: string, value: string | null][] = [
    ['ROUTEID=.a', '.a'],
    ['x=1;ROUTEID=.a', '.a'],
    ['x=1,ROUTEID=.a', '.a'],
    ['x=1\tROUTEID=.a', '.a'],
    ['x=1 ROUTEID=.a', '.a'],
    ['ROUTEID = .a', '.a'],
    ['ROUTEID=\t.a \t; x=1', '.a'],
    ['ROUTEID=.a,x=1', '.a'],
    ['ROUTEID=', null],
    ['ROUTEID=;ROUTEID=.b', '.b'],
    ['ROUTEID   ', null],
    ['ROUTEID', null],
    ['XROUTEID=.a', null],
    ['XROUTEID=.a; ROUTEID=.b', '.b'],
    ['ROUTEIDX=.a', null],
  ];
  for (const [header, value] of cases) it(JSON.stringify(header), () => expect(cookieValue(header, 'ROUTEID')).toBe(value));
});

describe('urlParamValue(url, "jsessionid", scolonPathDelim)', () => {
  const cases: [url: string, scolon: boolean, value: string | null][] = [
    ['/p?jsessionid=A.b', false, 'A.b'],
    ['?jsessionid=A.b', false, 'A.b'],
    ['/p?x=1&jsessionid=A.b&y=2', false, 'A.b'],
    ['/p?xjsessionid=A.b', false, null],
    ['/p?jsessionid=A.b#frag', false, 'A.b'],
    ['/p#?jsessionid=A.b', false, null],
    ['#x?jsessionid=A.b', false, null],
    ['/p?x=1#&jsessionid=A.b', false, null],
    ['/p?jsessionid=A.b;x', false, 'A.b'],
    ['/p?jsessionid=A.b/x', false, 'A.b/x'],
    ['/p?jsessionid=A.b?x', false, 'A.b?x'],
    ['/&jsessionid=X.c?jsessionid=A.b', false, 'A.b'],
    ['/a;jsessionid=A.b', false, null],
    ['&jsessionid=A.b', false, null],
    ['/a;jsessionid=A.b', true, 'A.b'],
    [';jsessionid=A.b', true, 'A.b'],
    ['/a;jsessionid=A.b?x=1', true, 'A.b'],
    ['/a;jsessionid=A.b/c', true, 'A.b'],
    ['/a;jsessionid=A.b;x', true, 'A.b'],
    ['/a;jsessionid=A.b#f', true, 'A.b'],
    ['/a;jsessionid=A.b&x', true, 'A.b'],
    ['/a;jsessionid=;jsessionid=A.b', true, 'A.b'],
    ['/a?x;jsessionid=A.b', true, null],
    ['?;jsessionid=A.b', true, null],
    ['#;jsessionid=A.b', true, null],
    ['/xjsessionid=A.b', true, null],
    ['/a;jsessionid=A.b?jsessionid=C.d', true, 'A.b'],
    ['/a;jsessionid=?jsessionid=C.d', true, 'C.d'],
  ];
  for (const [url, scolon, value] of cases) it(`${JSON.stringify(url)}${scolon ? ' with scolonpathdelim' : ''}`, () => expect(urlParamValue(url, 'jsessionid', scolon)).toBe(value));
});

describe('routeOfValue', () => {
  const cases: [value: string, separator: string, max: number, route: string | null][] = [
    ['.abc', '.', 4, 'abc'],
    ['.abcd', '.', 4, null],
    ['x.a.b', '.', 256, 'a.b'],
    ['abc', '.', 256, null],
    ['abc.', '.', 256, null],
    ['a~b', '~', 256, 'b'],
  ];
  for (const [value, separator, max, route] of cases) it(`${value} (${separator}, max ${max})`, () => expect(routeOfValue(value, separator, max)).toBe(route));
});

describe('carriedRoute', () => {
  const base = { separator: '.', scolonPathDelim: false, maxValueLength: 256, cookieAttributes: { path: '/', domain: null, maxAgeSec: null, httpOnly: false, secure: false, sameSite: null } } as const;
  it('a pool with only a cookie never reads the URL, even without one', () => {
    expect(carriedRoute({ ...base, cookie: 'R', urlParam: null }, 'R=.a', undefined)).toBe('a');
    expect(carriedRoute({ ...base, cookie: 'R', urlParam: null }, undefined, '/x?null=.b')).toBeNull();
  });
  it('a pool with only a URL parameter never reads the cookie, even without one', () => {
    expect(carriedRoute({ ...base, cookie: null, urlParam: 'sid' }, undefined, '/p?sid=.b')).toBe('b');
    expect(carriedRoute({ ...base, cookie: null, urlParam: 'sid' }, 'null=.a', '/p')).toBeNull();
  });
  it('a URL value decides, as in Apache, even one without a route: the cookie is not read then', () => {
    expect(carriedRoute({ ...base, cookie: 'R', urlParam: 'sid' }, 'R=.a', '/p?sid=nodot')).toBeNull();
    expect(carriedRoute({ ...base, cookie: 'R', urlParam: 'sid' }, 'R=.a', '/p?other=1')).toBe('a');
  });
});

describe('withoutCookie', () => {
  const cases: [header: string, out: string | null][] = [
    ['a=1; ROUTEID=.s1; b=2', 'a=1; b=2'],
    ['ROUTEID=.s1', null],
    ['a=1,ROUTEID=.x, b=2', 'a=1; b=2'],
    [' a=1 ;; ROUTEID=x', 'a=1'],
    ['ROUTEID; a=1', 'a=1'],
    ['a=1 ;  b=2', 'a=1 ;  b=2'],
    ['a=1; ; ROUTEID=1; b=2', 'a=1; b=2'],
    ['XROUTEID=1; ROUTEIDX=2', 'XROUTEID=1; ROUTEIDX=2'],
  ];
  for (const [header, out] of cases) it(JSON.stringify(header), () => expect(withoutCookie(header, 'ROUTEID')).toBe(out));
});
