import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, startProxy, startServer } from './helpers.js';

afterEach(closeAll);

const MB = 1024 * 1024;
const SIZE = 96 * MB;
const CHUNK = 64 * 1024;

/** Seven distinct chunks, cycled: a pattern whose order matters, without allocating per chunk. */
const CHUNKS = Array.from({ length: 7 }, (_, k) => {
  const b = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) b[i] = (i * 31 + k * 17 + 7) & 0xff;
  return b;
});

/** `size` bytes of a deterministic pattern, made on demand (never held whole). */
function generated(size: number): Readable {
  let sent = 0;
  let k = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(CHUNK, size - sent);
      const chunk = CHUNKS[k++ % CHUNKS.length]!;
      sent += n;
      this.push(n === CHUNK ? chunk : chunk.subarray(0, n));
    },
  });
}

async function expectedHash(size: number): Promise<string> {
  const h = createHash('sha256');
  for await (const c of generated(size)) h.update(c as Buffer);
  return h.digest('hex');
}

/** Samples RSS on every chunk; returns the peak growth over the starting RSS. */
function rssWatch(): { sample(): void; growth(): number } {
  const start = process.memoryUsage.rss();
  let peak = start;
  return {
    sample: () => void (peak = Math.max(peak, process.memoryUsage.rss())),
    growth: () => (peak - start) / MB,
  };
}

describe('streamed bodies', () => {
  it('uploads 96 MB through the proxy with flat memory and identical bytes', async () => {
    const received = new Promise<string>((resolve) => {
      void startServer((req, res) => {
        const h = createHash('sha256');
        req.on('data', (c: Buffer) => h.update(c));
        req.on('end', () => {
          const digest = h.digest('hex');
          res.end(digest);
          resolve(digest);
        });
      }).then(async (member) => {
        const { url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: member.url }] } } });
        const watch = rssWatch();
        const body = generated(SIZE);
        body.on('data', watch.sample);
        const req = request(url, { method: 'POST', agent: false, headers: { 'Content-Length': String(SIZE) } }, (res) => res.resume());
        await pipeline(body, req);
        expect(watch.growth()).toBeLessThan(64);
      });
    });
    expect(await received).toBe(await expectedHash(SIZE));
  });

  it('downloads 96 MB through the proxy with flat memory and identical bytes', async () => {
    const member = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      generated(SIZE).pipe(res);
    });
    const { url } = await startProxy({ mounts: [{ prefix: '/', pool: 'p' }], pools: { p: { members: [{ id: 'm1', url: member.url }] } } });
    const watch = rssWatch();
    const digest = await new Promise<string>((resolve, reject) => {
      request(url, { agent: false }, (res) => {
        const h = createHash('sha256');
        let n = 0;
        res.on('data', (c: Buffer) => {
          h.update(c);
          n += c.length;
          watch.sample();
        });
        res.on('end', () => (n === SIZE ? resolve(h.digest('hex')) : reject(new Error(`got ${n} bytes`))));
        res.on('error', reject);
      }).end();
    });
    expect(digest).toBe(await expectedHash(SIZE));
    expect(watch.growth()).toBeLessThan(64);
  });
});
