/**
 * Regression tests for the defects of issue 8, each written as the hostile client that found it:
 * raw bytes to the proxy, a member that records exactly what it received.
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PoolInput } from '../src/index.js';
import { closeAll, send, startProxy, startServer, track } from './helpers.js';
import { headerValues, rawExchange, recordingMember, responses } from './raw.js';

afterEach(closeAll);

async function proxyTo(memberUrls: string[], pool: Partial<PoolInput> = {}, server: Record<string, number> = {}) {
  const { proxy, url } = await startProxy({
    server,
    mounts: [{ prefix: '/app/', pool: 'p', rewrite: '/' }],
    pools: { p: { members: memberUrls.map((u, i) => ({ id: `m${i + 1}`, url: u })), ...pool } },
  });
  return { proxy, url, port: Number(new URL(url).port) };
}

const SMUGGLED = 'POST /admin/x HTTP/1.1\r\nHost: member\r\nContent-Length: 0\r\n\r\n';

describe('defect 1: Connection cannot remove the framing or the headers the proxy sets', () => {
  it.each(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'POST'])('%s with Connection: Content-Length reaches the member as one request with its body', async (method) => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url]);
    const bytes = `${method} /app/public HTTP/1.1\r\nHost: lab\r\nConnection: Content-Length\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`;
    const head = (t: string) => t.includes('\r\n\r\n');
    const answer = await rawExchange(port, bytes, { until: method === 'HEAD' ? head : responses(1) });
    expect(answer.statuses).toEqual([200]);
    expect(m.requests).toHaveLength(1);
    expect(m.requests[0]!.method).toBe(method);
    expect(m.requests[0]!.url).toBe('/public');
    expect(headerValues(m.requests[0]!.rawHeaders, 'content-length')).toEqual([String(SMUGGLED.length)]);
    expect(m.requests[0]!.body.toString('latin1')).toBe(SMUGGLED);
    // On the wire: one head, then exactly the declared body, nothing after it.
    expect(m.wire).toHaveLength(1);
    expect(m.wire[0]!.length).toBe(m.wire[0]!.indexOf('\r\n\r\n') + 4 + SMUGGLED.length);
  });

  it('a 70 KB streamed body listed in Connection is framed too', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url]);
    const body = SMUGGLED + 'x'.repeat(70_000);
    const answer = await rawExchange(port, `GET /app/public HTTP/1.1\r\nHost: lab\r\nConnection: content-length, close\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(answer.statuses).toEqual([200]);
    expect(m.requests.map((r) => [r.method, r.body.length])).toEqual([['GET', body.length]]);
  });

  it('Transfer-Encoding listed in Connection still frames a chunked body', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url]);
    const answer = await rawExchange(port, `POST /app/x HTTP/1.1\r\nHost: lab\r\nConnection: Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`, { until: responses(1) });
    expect(answer.statuses).toEqual([200]);
    expect(m.requests.map((r) => r.body.toString())).toEqual(['hello']);
  });

  it('Connection drops only the client\'s own Host, X-Forwarded-* and Cookie: the proxy\'s are always sent', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url], { sticky: { cookie: 'ROUTEID' } });
    const bytes =
      'GET /app/ HTTP/1.1\r\nHost: lab\r\nConnection: Host, X-Forwarded-For, X-Forwarded-Host, X-Forwarded-Proto, Cookie\r\n' +
      'X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nCookie: ROUTEID=.m1; a=1\r\n\r\n';
    await rawExchange(port, bytes, { until: responses(1) });
    const raw = m.requests[0]!.rawHeaders;
    expect(headerValues(raw, 'host')).toEqual([`127.0.0.1:${m.port}`]);
    expect(headerValues(raw, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(headerValues(raw, 'x-forwarded-host')).toEqual(['lab']);
    expect(headerValues(raw, 'x-forwarded-proto')).toEqual(['http']);
    expect(headerValues(raw, 'cookie')).toEqual([]);
  });

  it('a Cookie header not listed in Connection keeps everything but the affinity cookie', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url], { sticky: { cookie: 'ROUTEID' } });
    await rawExchange(port, 'GET /app/ HTTP/1.1\r\nHost: lab\r\nConnection: X-Forwarded-For\r\nX-Forwarded-For: 6.6.6.6\r\nCookie: ROUTEID=.m1; a=1\r\n\r\n', { until: responses(1) });
    expect(headerValues(m.requests[0]!.rawHeaders, 'cookie')).toEqual(['a=1']);
    expect(headerValues(m.requests[0]!.rawHeaders, 'x-forwarded-for')).toEqual(['127.0.0.1']);
  });
});

describe('defect 2: a non-idempotent request is never sent twice', () => {
  /** Answers the first request on each connection; on the next one, counts it and hangs up. */
  async function executesThenHangsUp() {
    const executions: string[] = [];
    const perSocket = new WeakMap<object, number>();
    const m = await startServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      req.resume();
      req.on('end', () => {
        executions.push(req.method ?? '');
        if (n > 1) return void req.socket.destroy();
        res.end('ok');
      });
    });
    return { m, executions };
  }

  it('a POST on a pooled connection the member drops gets 502 after one execution', async () => {
    const { m, executions } = await executesThenHangsUp();
    const { url } = await proxyTo([m.url]);
    expect((await send(`${url}/app/`)).status).toBe(200);
    const r = await send(`${url}/app/`, { method: 'POST', headers: { 'Content-Length': '0' } });
    expect(r.status).toBe(502);
    expect(r.headers['x-lbkit-reason']).toBe('upstream-reset');
    expect(executions).toEqual(['GET', 'POST']);
  });

  it('the pool may opt in to resending it (retryNonIdempotent)', async () => {
    const { m, executions } = await executesThenHangsUp();
    const { url } = await proxyTo([m.url], { retryNonIdempotent: true });
    await send(`${url}/app/`);
    const r = await send(`${url}/app/`, { method: 'POST', body: 'pay' });
    expect(r.status).toBe(200);
    expect(executions).toEqual(['GET', 'POST', 'POST']);
  });
});

describe('defects 3 and 6: header lists are bounded, never truncated', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `X-H${i}: v\r\n`).join('');

  const many = `POST /app/ HTTP/1.1\r\nHost: lab\r\n${lines(1_100)}Content-Length: 11\r\n\r\nhello world`;

  it('1,100 header lines with a body get 431 and reach no member', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url]);
    const answer = await rawExchange(port, many);
    expect(answer.statuses).toEqual([431]);
    expect(m.wire).toHaveLength(0);
  });

  it('with maxHeaderCount raised past Node\'s 1,000, all 1,100 lines and the body are forwarded', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url], {}, { maxHeaderCount: 2_000 });
    await rawExchange(port, many, { until: (t) => t.includes('\r\n\r\n') });
    const wire = m.text();
    expect(wire.match(/\r\nX-H\d+: v/g)).toHaveLength(1_100);
    // header names are case-insensitive (RFC 9110 §5.1): undici writes the framing it owns in lower case
    expect(wire).toMatch(/\r\nContent-Length: 11\r\n(?:[^]*\r\n)?\r\nhello world$/i);
  });

  it('more header lines than maxHeaderCount (default 100) get 431; exactly the limit passes', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url]);
    expect((await rawExchange(port, `GET /app/ HTTP/1.1\r\nHost: lab\r\n${lines(100)}\r\n`)).statuses).toEqual([431]);
    const ok = await rawExchange(port, `GET /app/ HTTP/1.1\r\nHost: lab\r\n${lines(99)}\r\n`, { until: responses(1) });
    expect(ok.statuses).toEqual([200]);
    expect(headerValues(m.requests[0]!.rawHeaders, 'x-h98')).toEqual(['v']);
  });

  it('2,500 short lines (about 24 KB) exceed maxHeaderSize as a block: 431', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url], {}, { maxHeaderCount: 10_000 });
    const answer = await rawExchange(port, `GET /app/ HTTP/1.1\r\nHost: lab\r\n${Array.from({ length: 2_500 }, (_, i) => `X${i}: 1234\r\n`).join('')}\r\n`);
    expect(answer.statuses).toEqual([431]);
    expect(m.wire).toHaveLength(0);
  });

  it('two Host headers get 400 and reach no member', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url]);
    const answer = await rawExchange(port, 'GET /app/ HTTP/1.1\r\nHost: lab\r\nHost: evil\r\n\r\n');
    expect(answer.statuses).toEqual([400]);
    expect(answer.text).toMatch(/x-lbkit-reason: bad-request/i);
    expect(m.wire).toHaveLength(0);
  });

  it('CONNECT gets a 405 answer, not a closed socket', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url]);
    const answer = await rawExchange(port, `CONNECT 127.0.0.1:${m.port} HTTP/1.1\r\nHost: 127.0.0.1:${m.port}\r\n\r\n`);
    expect(answer.statuses).toEqual([405]);
    expect(answer.text).toMatch(/\r\nAllow: /i);
    expect(m.wire).toHaveLength(0);
  });
});

describe('defect 4: no unrequested 408 after a member answered early', () => {
  it('a slow upload answered 413 by the member gets the 413 only', async () => {
    const m = await startServer((_req, res) => {
      res.writeHead(413, { 'Content-Length': '0' });
      res.end();
    });
    const { port } = await proxyTo([m.url], { holdBodyBytes: 0 }, { headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const answer = await rawExchange(port, 'POST /app/upload HTTP/1.1\r\nHost: lab\r\nContent-Length: 100\r\n\r\nx');
    expect(answer.statuses).toEqual([413]);
  });
});

describe('defect 5: statuses follow the last failure', () => {
  const silent = () => startServer((req) => req.resume());

  it('504 when the last member hangs', async () => {
    const { url } = await proxyTo([(await silent()).url, (await silent()).url], { timeouts: { responseMs: 200 } });
    const r = await send(`${url}/app/`);
    expect([r.status, r.headers['x-lbkit-reason']]).toEqual([504, 'upstream-timeout']);
  });

  it('502 when the last member resets', async () => {
    const reset = () => startServer((req) => req.socket.destroy());
    const { url } = await proxyTo([(await reset()).url, (await reset()).url]);
    const r = await send(`${url}/app/`);
    expect([r.status, r.headers['x-lbkit-reason']]).toEqual([502, 'upstream-reset']);
  });

  it('502 when the last member answers garbage', async () => {
    const garbage = createServer((s: Socket) => s.once('data', () => s.end('SMTP ready\r\n\r\n')));
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    track({ close: () => new Promise<void>((done) => garbage.close(() => done())) });
    const { url } = await proxyTo([`http://127.0.0.1:${(garbage.address() as { port: number }).port}`]);
    const r = await send(`${url}/app/`);
    expect([r.status, r.headers['x-lbkit-reason']]).toEqual([502, 'upstream-protocol']);
  });
});

describe('defect 7: other cookies pass byte for byte', () => {
  it('removing the affinity cookie leaves the others untouched', async () => {
    const m = await recordingMember();
    const { port } = await proxyTo([m.url], { sticky: { cookie: 'ROUTEID' } });
    const cookie = 'prefs={"a":1,"b":2};ROUTEID=.m1;  theme=dark ; x="a;b"';
    await rawExchange(port, `GET /app/ HTTP/1.1\r\nHost: lab\r\nCookie: ${cookie}\r\n\r\n`, { until: responses(1) });
    expect(headerValues(m.requests[0]!.rawHeaders, 'cookie')).toEqual(['prefs={"a":1,"b":2};  theme=dark ; x="a;b"']);
  });
});
