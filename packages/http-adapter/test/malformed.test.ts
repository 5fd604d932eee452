import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, send, startProxy } from './helpers.js';

afterEach(closeAll);

/** Writes raw bytes to the proxy and resolves with everything it answered before closing. */
function raw(url: string, bytes: string, keepOpen = false): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
    socket.write(bytes);
    if (!keepOpen) socket.end();
  });
}

async function proxy(server: { headersTimeoutMs?: number; requestTimeoutMs?: number } = {}) {
  const m = await namedMember('m1');
  return startProxy({ server, mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: m.url }] } } });
}

describe('malformed and hostile requests', () => {
  const cases: [string, string, RegExp][] = [
    ['garbage', 'HELLO\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['a bad header line', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['both Content-Length and chunked', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['a huge header', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`, /^HTTP\/1\.1 431 /],
    ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', /^HTTP\/1\.1 400 [^]*bad-target/i],
  ];
  it.each(cases)('answers %s with a 4xx and keeps serving', async (_what, bytes, expected) => {
    const { url } = await proxy();
    expect(await raw(url, bytes)).toMatch(expected);
    expect((await send(url)).body).toBe('m1');
  });

  it('accepts an absolute-form target', async () => {
    const { url } = await proxy();
    expect(await raw(url, 'GET http://lab.example/index.html HTTP/1.1\r\nHost: lab.example\r\nConnection: close\r\n\r\n', true)).toMatch(/^HTTP\/1\.1 200 [^]*\r\n\r\n[^]*m1/);
  });

  it('answers 408 to a client that never finishes its headers', async () => {
    const { url } = await proxy({ headersTimeoutMs: 200, requestTimeoutMs: 300 });
    const answer = await raw(url, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ', true);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect((await send(url)).body).toBe('m1');
  });
});
