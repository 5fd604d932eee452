import { describe, expect, it } from 'vitest';
import type { ResolvedMount, ResolvedTarget } from './config.js';
import { matchMount, normalizeTarget, reverseLocation, targetAuthority, upstreamPath } from './mounts.js';

const api: ResolvedMount = { prefix: '/api/jokes/', pool: 'dynamic', rewrite: '/' };
const root: ResolvedMount = { prefix: '/', pool: 'static', rewrite: '/' };
const member = (port: number, basePath = '/'): ResolvedTarget => ({ id: `m${port}`, url: '', host: '127.0.0.1', port, origin: `http://127.0.0.1:${port}`, basePath, tls: false });

describe('matchMount', () => {
  const cases: [string, ResolvedMount | undefined][] = [
    ['/api/jokes/', api],
    ['/api/jokes/1?x', api],
    ['/api/jokes', root],
    ['/api/jokesX/', root],
    ['/', root],
  ];
  it.each(cases)('%s', (target, expected) => expect(matchMount([api, root], target)).toBe(expected));
  it('finds nothing without a matching prefix', () => expect(matchMount([api], '/x')).toBeUndefined());
});

describe('upstreamPath', () => {
  const cases: [ResolvedMount, ResolvedTarget, string, string][] = [
    [api, member(1), '/api/jokes/', '/'],
    [api, member(1), '/api/jokes/7?lang=fr', '/7?lang=fr'],
    [api, member(1, '/app/'), '/api/jokes/7', '/app/7'],
    [{ prefix: '/a/', pool: 'p', rewrite: '/b/' }, member(1, '/base/'), '/a/x;jsessionid=1.m1', '/base/b/x;jsessionid=1.m1'],
    [root, member(1), '/index.html', '/index.html'],
  ];
  it.each(cases)('%j %j %s → %s', (mount, target, path, expected) => expect(upstreamPath(mount, target, path)).toBe(expected));
});

describe('reverseLocation', () => {
  const targets = [member(3001), member(3002)];
  const cases: [string, string][] = [
    ['http://127.0.0.1:3002/login', '/api/jokes/login'],
    ['http://127.0.0.1:3001/', '/api/jokes/'],
    ['http://127.0.0.1:3001', '/api/jokes'],
    ['/login?next=/', '/api/jokes/login?next=/'],
    ['http://127.0.0.1:9999/x', 'http://127.0.0.1:9999/x'],
    ['//evil.example/x', '//evil.example/x'],
    ['relative/path', 'relative/path'],
  ];
  it.each(cases)('%s → %s', (value, expected) => expect(reverseLocation(api, targets, value)).toBe(expected));
});

describe('normalizeTarget', () => {
  const cases: [string, string | null][] = [
    ['/a/b?c=/../d', '/a/b?c=/../d'],
    ['/a/./b/../c', '/a/c'],
    ['/a/%2e%2E/b', '/b'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/a/..', '/'],
    ['/.well-known/x', '/.well-known/x'],
    ['http://host:8080/x?y', '/x?y'],
    ['http://host', '/'],
    ['*', null],
    ['host:443', null],
    ['/app/a#/../../b', null],
  ];
  it.each(cases)('%s → %s', (target, expected) => expect(normalizeTarget(target)).toBe(expected));
});

describe('targetAuthority', () => {
  const cases: [string, string | null][] = [
    ['http://lab.example:8080/x', 'lab.example:8080'],
    ['HTTP://lab/', 'lab'],
    ['http://user@evil/x', 'user@evil'],
    ['/x', null],
    ['*', null],
  ];
  it.each(cases)('%s → %s', (target, expected) => expect(targetAuthority(target)).toBe(expected));
});
