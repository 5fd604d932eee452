import { describe, expect, it } from 'vitest';
import { headerProblem, isValidHost, requestFacts } from './request-facts.js';

const limits = { maxHeaderCount: 4, maxHeaderSize: 100 };

describe('requestFacts', () => {
  it('reads cookies, body length, Host and the size of the block in one pass', () => {
    const f = requestFacts(['Host', 'lab', 'Cookie', 'a=1', 'cookie', 'b=2', 'Content-Length', '12']);
    expect(f).toEqual({ cookie: 'a=1; b=2', bodyLength: 12, host: 'lab', hostLines: 1, lines: 4, bytes: 11 + 13 + 13 + 20 });
    expect(requestFacts(['Transfer-Encoding', 'chunked', 'Host', 'a', 'HOST', 'b'])).toMatchObject({ bodyLength: -1, host: 'a', hostLines: 2 });
  });
});

describe('headerProblem', () => {
  const problem = (raw: string[], http11 = true, line = 16) => headerProblem(requestFacts(raw), line, limits, http11);
  it('refuses more lines than the count, or a block over the size, with 431', () => {
    expect(problem(['Host', 'a', 'A', '1', 'B', '2', 'C', '3'])).toBeNull();
    expect(problem(['Host', 'a', 'A', '1', 'B', '2', 'C', '3', 'D', '4'])).toBe('headers-too-large');
    expect(problem(['Host', 'a', 'A', 'x'.repeat(80)])).toBe('headers-too-large');
    expect(problem(['Host', 'a'], true, 95)).toBe('headers-too-large');
  });
  it('wants exactly one valid Host in HTTP/1.1, at most one in HTTP/1.0', () => {
    expect(problem(['Host', 'a', 'Host', 'a'])).toBe('bad-request');
    expect(problem([])).toBe('bad-request');
    expect(problem([], false)).toBeNull();
    expect(problem(['Host', 'a b'])).toBe('bad-request');
  });
});

describe('isValidHost', () => {
  const cases: [string, boolean][] = [
    ['lab.example', true],
    ['lab.example:8080', true],
    ['[::1]:80', true],
    ['127.0.0.1', true],
    ['', true],
    ['xn--zo-fka.example', true],
    ['a b', false],
    ['evil@lab', false],
    ['lab/app', false],
    ['lab:80:81', false],
    ['lab\\x', false],
    ['l\u00e9b', false],
  ];
  it.each(cases)('%s → %s', (host, valid) => expect(isValidHost(host)).toBe(valid));
});
