/**
 * The admin listener: the status page (lbkit's balancer-manager), a JSON API over the pools and
 * their members, operator commands, reload, and `GET /metrics`. It listens on 127.0.0.1 unless
 * told otherwise and then requires a bearer token.
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LbkitError } from '@lbkit/core';
import type { AdminControl, CommandRecord } from './admin-control.js';
import { PAGE_CSS, PAGE_HTML, PAGE_JS } from './admin-page.js';
import type { AdminCommand } from './pool-members.js';

/**
 * Where the admin listener binds, and its token (null: none, allowed on loopback only).
 *
 * @example
 * ```ts
 * const admin = await startAdmin(control, { host: '127.0.0.1', port: 8090, token: null })
 * ```
 */
export interface AdminOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string | null;
}

/**
 * A running admin listener.
 *
 * @example
 * ```ts
 * console.log(`status page: ${admin.url}`)
 * await admin.close()
 * ```
 */
export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 64 * 1024;
const HISTORY = 100;
const SECURITY = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY, ...extra, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown): void => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value, null, 2) + '\n');

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new HttpError(413, 'body too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        const v: unknown = text === '' ? {} : JSON.parse(text);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        resolve(v as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, 'the body must be a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Checks the bearer token (in constant time) and, for browsers, where a request comes from. */
function guard(req: IncomingMessage, options: AdminOptions, self: () => string, mutating: boolean): void {
  if (options.token !== null) {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (m === null || !timingSafeEqual(digest(m[1]!), digest(options.token))) throw new HttpError(401, 'a valid bearer token is required (Authorization: Bearer <token>)');
  } else {
    // Without a token only this machine may connect; refuse other Host names (DNS rebinding).
    const port = self().split(':').pop();
    const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, self()];
    if (!allowed.includes(req.headers.host ?? '')) throw new HttpError(403, 'unexpected Host header');
  }
  if (!mutating) return;
  // A cross-site form cannot send JSON (or DELETE) without a CORS preflight, which this server never grants.
  if (req.method !== 'DELETE' && !(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'send commands as application/json');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) throw new HttpError(403, 'cross-origin commands are refused');
}

/** The command a request path and body mean, or null for an unknown path. */
function commandOf(method: string, parts: readonly string[], body: Record<string, unknown>): AdminCommand | null {
  // parts: ['api', 'pools', pool, 'members', member?, action?]
  if (parts.length < 4 || parts[1] !== 'pools' || parts[3] !== 'members') return null;
  const pool = parts[2]!;
  const member = parts[4];
  if (member === undefined) return method === 'POST' ? { type: 'add', pool, member: body as never } : null;
  if (method === 'DELETE' && parts.length === 5) return { type: 'remove', pool, member };
  if (method !== 'POST' || parts.length !== 6) return null;
  const action = parts[5]!;
  if (action === 'weight') return { type: 'weight', pool, member, weight: Number(body['weight']) };
  if (action === 'drain' || action === 'disable' || action === 'enable') return { type: action, pool, member };
  return null;
}

/**
 * Starts the admin listener.
 *
 * @example
 * ```ts
 * const admin = await startAdmin(localControl(proxy), { host: '127.0.0.1', port: 0, token: null })
 * await fetch(`${admin.url}api/pools`)
 * ```
 */
export async function startAdmin(control: AdminControl, options: AdminOptions): Promise<AdminServer> {
  const history: CommandRecord[] = [];
  const remember = (command: CommandRecord['command'], error: string | null): void => {
    history.push({ at: new Date().toISOString(), command, ok: error === null, error });
    if (history.length > HISTORY) history.shift();
  };
  let self = '';
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML, { 'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'" });
    if (method === 'GET' && path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', PAGE_JS);
    if (method === 'GET' && path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
    const mutating = method !== 'GET' && method !== 'HEAD';
    guard(req, options, () => self, mutating);
    if (method === 'GET' && path === '/metrics') {
      const m = await control.metrics();
      return send(res, 200, m.contentType, m.body);
    }
    if (method === 'GET' && path === '/api/pools') return json(res, 200, await control.view());
    if (method === 'GET' && path === '/api/commands') return json(res, 200, { commands: history });
    if (method === 'POST' && path === '/api/reload') {
      await readJson(req);
      const r = await control.reload();
      remember({ type: 'reload' }, r.ok ? null : r.reasons.join('; '));
      return json(res, r.ok ? 200 : 422, r);
    }
    const body = mutating ? await readJson(req) : {};
    const cmd = commandOf(method, path.split('/').filter((p) => p !== '').map(decodeURIComponent), body);
    if (cmd === null) throw new HttpError(404, `no admin route ${method} ${path}`);
    try {
      await control.command(cmd);
    } catch (e) {
      remember(cmd, (e as Error).message);
      throw e;
    }
    remember(cmd, null);
    json(res, 200, { ok: true, command: cmd });
  };
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    route(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : e instanceof LbkitError ? (e.code === 'LBK_ERR_UNKNOWN_POOL' || e.code === 'LBK_ERR_UNKNOWN_MEMBER' ? 404 : 400) : 500;
      if (!res.headersSent) json(res, status, { ok: false, error: (e as Error).message });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  self = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    url: `http://${self}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
