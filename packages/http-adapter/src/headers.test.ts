import { describe, expect, it } from 'vitest';
import { backwardHeaders, forwardHeaders } from './headers.js';

const ctx = { upstreamHost: '127.0.0.1:3001', clientAddress: '10.0.0.7', proto: 'http', stripCookies: ['ROUTEID'] };
const TAIL = ['X-Forwarded-For', '10.0.0.7', 'X-Forwarded-Proto', 'http'];

describe('forwardHeaders', () => {
  it('strips only the affinity cookie and drops a Cookie header left empty', () => {
    expect(forwardHeaders(['Cookie', 'a=1; ROUTEID=.static1; b=2'], ctx).headers.slice(0, 4)).toEqual(['Host', '127.0.0.1:3001', 'Cookie', 'a=1; b=2']);
    expect(forwardHeaders(['Cookie', 'ROUTEID=.static1'], ctx).headers).not.toContain('Cookie');
    expect(forwardHeaders(['Cookie', 'XROUTEID=1'], ctx).headers.slice(2, 4)).toEqual(['Cookie', 'XROUTEID=1']);
    expect(forwardHeaders(['Cookie', 'ROUTEID=.a'], { ...ctx, stripCookies: [] }).headers.slice(2, 4)).toEqual(['Cookie', 'ROUTEID=.a']);
  });

  it('removes hop-by-hop headers and those listed in Connection, keeping the case of others', () => {
    const raw = ['Connection', 'X-Private, close', 'X-Private', '1', 'Keep-Alive', '5', 'TE', 'trailers', 'Trailer', 'X', 'Upgrade', 'ws', 'Proxy-Authorization', 'x', 'Proxy-Foo', 'y', 'X-Mixed-Case', 'ok', 'Expect', '100-continue'];
    expect(forwardHeaders(raw, ctx).headers).toEqual(['Host', '127.0.0.1:3001', 'X-Mixed-Case', 'ok', ...TAIL]);
  });

  it('appends to X-Forwarded-For and X-Forwarded-Host and replaces X-Forwarded-Proto', () => {
    const raw = ['Host', 'lab.example', 'X-Forwarded-For', '1.1.1.1', 'X-Forwarded-For', '2.2.2.2', 'X-Forwarded-Host', 'edge', 'X-Forwarded-Proto', 'https'];
    expect(forwardHeaders(raw, ctx).headers).toEqual(['Host', '127.0.0.1:3001', 'X-Forwarded-For', '1.1.1.1, 2.2.2.2, 10.0.0.7', 'X-Forwarded-Host', 'edge, lab.example', 'X-Forwarded-Proto', 'http']);
  });

  it('uses the authority of an absolute-form target for X-Forwarded-Host', () => {
    expect(forwardHeaders(['Host', 'other'], { ...ctx, requestHost: 'lab.example' }).headers).toContain('lab.example');
    expect(forwardHeaders(['Host', 'other'], { ...ctx, requestHost: 'lab.example' }).headers).not.toContain('other');
  });

  it('writes the framing itself: chunked for a chunked body, else the declared length', () => {
    expect(forwardHeaders(['Content-Length', '0'], ctx)).toMatchObject({ hasBody: false, contentLength: 0 });
    expect(forwardHeaders(['Content-Length', '12'], ctx)).toMatchObject({ hasBody: true, contentLength: 12 });
    const chunked = forwardHeaders(['Transfer-Encoding', 'gzip, chunked'], ctx);
    expect(chunked).toMatchObject({ hasBody: true, contentLength: -1 });
    expect(chunked.headers.slice(2, 4)).toEqual(['Transfer-Encoding', 'chunked']);
    expect(forwardHeaders([], ctx).headers).toEqual(['Host', '127.0.0.1:3001', ...TAIL]);
  });

  it('keeps the framing and writes its own Host and X-Forwarded-* whatever Connection lists', () => {
    const raw = ['Connection', 'Content-Length, Transfer-Encoding, Host, X-Forwarded-For, X-Forwarded-Host, X-Forwarded-Proto', 'Host', 'lab', 'X-Forwarded-For', '6.6.6.6', 'X-Forwarded-Host', 'evil', 'Content-Length', '5'];
    expect(forwardHeaders(raw, ctx).headers).toEqual(['Host', '127.0.0.1:3001', 'Content-Length', '5', 'X-Forwarded-For', '10.0.0.7', 'X-Forwarded-Host', 'lab', 'X-Forwarded-Proto', 'http']);
  });
});

describe('backwardHeaders', () => {
  it('drops hop-by-hop headers, maps locations and appends extras', () => {
    const raw = ['Transfer-Encoding', 'chunked', 'Connection', 'keep-alive', 'Location', '/x', 'Content-Location', '/y', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'];
    expect(backwardHeaders(raw, (v) => `/p${v}`, ['Balancer-Route', 'r1'])).toEqual(['Location', '/p/x', 'Content-Location', '/p/y', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Balancer-Route', 'r1']);
  });

  it('keeps Content-Length even when Connection lists it', () => {
    expect(backwardHeaders(['Connection', 'Content-Length, X-A', 'Content-Length', '3', 'X-A', '1'], (v) => v, [])).toEqual(['Content-Length', '3']);
  });

  it("drops the member's X-Request-Id: the client gets the proxy's, once", () => {
    const out = backwardHeaders(['x-request-id', 'member-made', 'X-A', '1'], (v) => v, ['X-Request-Id', 'proxy-id']);
    expect(out).toEqual(['X-A', '1', 'X-Request-Id', 'proxy-id']);
  });
});
