/**
 * Steady, bounded load for the fault suite: a fixed number of keep-alive client loops, each
 * sending one request after another with a unique `X-Request-Id`, and the fate of every request.
 */
import { Agent, request } from 'node:http';
import { REASON_HEADER } from '../../src/index.js';

/** What happened to one request, as the client saw it. */
export interface Outcome {
  readonly id: string;
  readonly method: string;
  /** 0: no status line ever arrived (a lost request). */
  readonly status: number;
  readonly reason: string | null;
  /** The response body arrived whole. */
  readonly complete: boolean;
  /** The client-side error, if any (e.g. ECONNRESET). */
  readonly error: string | null;
  readonly start: number;
  readonly end: number;
}

/** xorshift32: a seeded sequence, so that a run can be repeated. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const SMALL = Buffer.alloc(200, 'p');
/** Larger than the pool's holdBodyBytes: streamed, so never retried after it started. */
const LARGE = Buffer.alloc(100_000, 'q');

function pick(r: number): { method: string; body: Buffer | null } {
  if (r < 0.6) return { method: 'GET', body: null };
  if (r < 0.85) return { method: 'POST', body: SMALL };
  if (r < 0.9) return { method: 'POST', body: LARGE };
  if (r < 0.95) return { method: 'PATCH', body: SMALL };
  return { method: 'PUT', body: SMALL };
}

function one(port: number, agent: Agent, id: string, method: string, body: Buffer | null): Promise<Outcome> {
  const start = performance.now();
  return new Promise((resolve) => {
    let status = 0;
    let reason: string | null = null;
    let settled = false;
    const done = (complete: boolean, error: string | null): void => {
      if (settled) return;
      settled = true;
      resolve({ id, method, status, reason, complete, error, start, end: performance.now() });
    };
    const headers: Record<string, string> = { 'X-Request-Id': id, Host: 'lab' };
    if (body !== null) headers['Content-Length'] = String(body.length);
    const req = request({ host: '127.0.0.1', port, method, path: `/r/${id}`, agent, headers }, (res) => {
      status = res.statusCode ?? 0;
      const r = res.headers[REASON_HEADER.toLowerCase()];
      reason = typeof r === 'string' ? r : null;
      res.on('error', () => {});
      res.resume();
      res.on('close', () => done(res.complete, null));
    });
    req.on('error', (e: NodeJS.ErrnoException) => done(false, e.code ?? e.message));
    req.end(body ?? undefined);
  });
}

/** Runs `clients` loops until `running()` turns false; resolves with every outcome. */
export async function steadyLoad(port: number, clients: number, running: () => boolean, seed: number, prefix = 'q'): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const random = rng(seed);
  const out: Outcome[] = [];
  let n = 0;
  const loop = async (): Promise<void> => {
    while (running()) {
      const { method, body } = pick(random());
      out.push(await one(port, agent, `${prefix}${n++}`, method, body));
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  agent.destroy();
  return out;
}
