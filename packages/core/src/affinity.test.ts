import { describe, expect, it } from 'vitest';
import { carriedRoute, cookieValue, routeOfValue, urlParamValue, withoutCookie } from './affinity.js';
import type { ResolvedSticky } from './config.js';

const seed: ResolvedSticky = {
  cookie: 'ROUTEID',
  urlParam: 'jsessionid',
  separator: '.',
  scolonPathDelim: true,
  maxValueLength: 256,
  cookieAttributes: { path: '/', domain: null, maxAgeSec: null, httpOnly: false, secure: false, sameSite: null },
};

describe('cookieValue', () => {
  const cases: [header: string, expected: string | null][] = [
    ['ROUTEID=.static2', '.static2'],
    ['lang=fr; ROUTEID=.static2; theme=dark', '.static2'],
    ['ROUTEID=.static2; ROUTEID=.static3', '.static2'],
    ['XROUTEID=.static2', null],
    ['ROUTEIDX=.static2', null],
    ['a=ROUTEID=.static1', null],
    ['ROUTEID=', null],
    ['ROUTEID=; ROUTEID=.static3', '.static3'],
    ['ROUTEID = .static1 ', '.static1'],
    ['a=1,ROUTEID=.static1', '.static1'],
    ['routeid=.static1', null],
    ['', null],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${String(expected)}`, () => expect(cookieValue(header, 'ROUTEID')).toBe(expected));
  }
});

describe('urlParamValue', () => {
  const cases: [url: string, scolon: boolean, expected: string | null][] = [
    ['/cart?jsessionid=ABC.static1', false, 'ABC.static1'],
    ['/cart?item=1&jsessionid=ABC.static1&x=2', false, 'ABC.static1'],
    ['/cart?xjsessionid=ABC.static1', false, null],
    ['/cart?jsessionidx=ABC.static1', false, null],
    ['/cart;jsessionid=ABC.static1', false, null],
    ['/cart;jsessionid=ABC.static1', true, 'ABC.static1'],
    ['/cart;jsessionid=ABC.static1?x=1', true, 'ABC.static1'],
    ['/a;jsessionid=ABC.static1/b', true, 'ABC.static1'],
    ['/cart?jsessionid=&jsessionid=.static2', false, '.static2'],
    ['/cart#?jsessionid=.static2', false, null],
    ['/cart?jsessionid=.static2#frag', false, '.static2'],
    ['/cart?a=1;jsessionid=.static2', false, null],
    ['/cart', true, null],
  ];
  for (const [url, scolon, expected] of cases) {
    it(`${url} (scolon ${String(scolon)}) → ${String(expected)}`, () => expect(urlParamValue(url, 'jsessionid', scolon)).toBe(expected));
  }
});

describe('routeOfValue', () => {
  it('takes what follows the first separator', () => {
    expect(routeOfValue('.static2', '.', 256)).toBe('static2');
    expect(routeOfValue('ABC.static2', '.', 256)).toBe('static2');
    expect(routeOfValue('A.B.C', '.', 256)).toBe('B.C');
    expect(routeOfValue('ABC~static2', '~', 256)).toBe('static2');
  });
  it('reads no route without a separator, with nothing after it, or when oversized', () => {
    expect(routeOfValue('static2', '.', 256)).toBeNull();
    expect(routeOfValue('ABC.', '.', 256)).toBeNull();
    expect(routeOfValue(`${'x'.repeat(300)}.static2`, '.', 256)).toBeNull();
  });
});

describe('carriedRoute', () => {
  it('looks at the URL parameter first, then the cookie', () => {
    expect(carriedRoute(seed, 'ROUTEID=.static1', '/a;jsessionid=X.static3')).toBe('static3');
    expect(carriedRoute(seed, 'ROUTEID=.static1', '/a?jsessionid=X.static3')).toBe('static3');
    expect(carriedRoute(seed, 'ROUTEID=.static1', '/a')).toBe('static1');
  });
  it('does not read the cookie when the URL parameter holds a value without a route (Apache)', () => {
    expect(carriedRoute(seed, 'ROUTEID=.static1', '/a?jsessionid=NOROUTE')).toBeNull();
    expect(carriedRoute(seed, 'ROUTEID=.static1', '/a;jsessionid=static3')).toBeNull();
    expect(carriedRoute(seed, 'ROUTEID=.static1', '/a?jsessionid=ABC.')).toBeNull();
  });
  it('reads the cookie when the URL parameter is empty, as Apache skips an empty value at the end', () => {
    expect(carriedRoute(seed, 'ROUTEID=.static1', '/a?jsessionid=')).toBe('static1');
  });
  it('ignores a carrier the pool does not name', () => {
    expect(carriedRoute({ ...seed, urlParam: null }, 'ROUTEID=.static1', '/a?jsessionid=X.static3')).toBe('static1');
    expect(carriedRoute({ ...seed, cookie: null }, 'ROUTEID=.static1', '/a')).toBeNull();
  });
  it('routes are case-sensitive and carried verbatim', () => {
    expect(carriedRoute(seed, 'ROUTEID=.Static1', undefined)).toBe('Static1');
  });
});

describe('withoutCookie', () => {
  it('removes every cookie of that name and keeps the others in order', () => {
    expect(withoutCookie('a=1; ROUTEID=.static1; b=2; ROUTEID=.x', 'ROUTEID')).toBe('a=1; b=2');
    expect(withoutCookie('ROUTEID=.static1', 'ROUTEID')).toBeNull();
    expect(withoutCookie('XROUTEID=1; a=2', 'ROUTEID')).toBe('XROUTEID=1; a=2');
    expect(withoutCookie('a=1', 'ROUTEID')).toBe('a=1');
    expect(withoutCookie('a=1, ROUTEID=.static1,b=2', 'ROUTEID')).toBe('a=1; b=2');
  });
});
