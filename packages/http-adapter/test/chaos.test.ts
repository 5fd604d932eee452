import { request } from 'node:http';
import type { LogEntry } from '@lbkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, refusedPort, send, startProxy, startServer } from './helpers.js';

afterEach(closeAll);

/** Counts forwards and outcomes as the core sees them; resolves when they balance. */
function ledger() {
  let forwards = 0;
  let outcomes = 0;
  let onBalanced: (() => void) | null = null;
  const record = (e: LogEntry): void => {
    if (e.type === 'decide' && e.decision.type === 'forward') forwards++;
    if (e.type === 'apply' && ['responseReceived', 'requestFailed', 'requestAbandoned'].includes(e.event.type)) outcomes++;
    if (forwards === outcomes) onBalanced?.();
  };
  const balanced = (): Promise<void> =>
    forwards === outcomes ? Promise.resolve() : new Promise((resolve) => (onBalanced = resolve));
  return { record, balanced, counts: () => ({ forwards, outcomes }) };
}

/** xorshift32: a seeded sequence, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Sends a request and, depending on `fate`, aborts it right away, at the response, or never. */
function shot(url: string, fate: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { method: fate < 0.5 ? 'GET' : 'POST', agent: false }, (res) => {
      if (fate > 0.8) return void req.destroy();
      res.resume();
      res.on('close', () => resolve());
    });
    req.on('error', () => {});
    req.on('close', () => resolve());
    if (fate < 0.1) req.destroy();
    else req.end(fate < 0.5 ? undefined : 'x'.repeat(Math.floor(fate * 100_000)));
  });
}

describe('under chaos', () => {
  it('answers or releases every request and gives the core exactly one outcome per forward', async () => {
    const seed = 20261125;
    const random = rng(seed);
    const crashy = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial', () => res.socket?.destroy());
    });
    const slow = await startServer((req, res) => {
      req.resume();
      req.on('end', () => setImmediate(() => res.end('slow')));
    });
    const l = ledger();
    const { proxy, url } = await startProxy(
      {
        mounts: [{ prefix: '/', pool: 'p' }],
        pools: {
          p: {
            health: { retryMs: 0 },
            members: [
              { id: 'ok', url: (await namedMember('ok')).url },
              { id: 'crashy', url: crashy.url },
              { id: 'refusing', url: `http://127.0.0.1:${await refusedPort()}` },
              { id: 'slow', url: slow.url },
            ],
          },
        },
      },
      { record: l.record },
    );
    await Promise.all(Array.from({ length: 200 }, () => shot(url, random())));
    await l.balanced();
    expect(l.counts().forwards, `seed ${seed}`).toBeGreaterThan(150);
    expect(proxy.state('p').busy).toEqual([0, 0, 0, 0]);
    for (const member of ['crashy', 'refusing', 'slow']) proxy.apply('p', { type: 'memberDisabled', member });
    expect((await send(url)).body).toBe('ok'); // still serving
  });
});
