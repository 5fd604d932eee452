/**
 * The client side of the proxy: one Node HTTP server per configured listener, with the limits that
 * keep slow or malformed clients from tying it up, and a shutdown that does not reset requests a
 * client already sent.
 *
 * @module
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ResolvedProxyConfig } from './config.js';
import { rawError } from './errors.js';

/** Where a listener is bound. Re-exported as part of {@link Proxy}. */
export interface ListenerAddress {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
}

/** Node's per-socket HTTP state that this module reads: the response in progress, the parser. */
type HttpSocket = Socket & { _httpMessage?: { headersSent?: boolean; shouldKeepAlive?: boolean } | null; parser?: unknown };

/**
 * Connections whose current request was answered before its body was all in (a member's early
 * `413`, say). When such a request then times out, the client already has its answer: the
 * connection is closed without the `408` Node's timeout would otherwise add.
 */
const answeredEarly = new WeakSet<Socket>();

/** Records that `req`'s response is complete while its body is still arriving (see {@link answeredEarly}). */
export function noteEarlyAnswer(req: IncomingMessage): void {
  if (req.complete) return;
  const socket = req.socket;
  answeredEarly.add(socket);
  req.once('end', () => answeredEarly.delete(socket));
}

/** Answers what Node's parser refused (bad syntax, huge headers, slow clients) with a 4xx, never a crash. */
function onClientError(err: NodeJS.ErrnoException, socket: HttpSocket): void {
  if (!socket.writable || socket._httpMessage?.headersSent === true || answeredEarly.has(socket)) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Methods the proxy forwards, for the `Allow` header of its answer to CONNECT. */
const ALLOW = 'GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH, TRACE';

/** A reverse proxy is no tunnel: CONNECT gets `405` and the connection is closed (Node would just drop it). */
function onConnect(_req: IncomingMessage, socket: Socket): void {
  socket.on('error', () => {});
  socket.end(rawError('method-not-allowed', `Allow: ${ALLOW}\r\n`));
}

/** Client connections of each server, for the shutdown sweep. */
const connections = new WeakMap<Server, Set<HttpSocket>>();

/**
 * One server per listener, not yet bound. Node checks the header and request timeouts every
 * `connectionsCheckingInterval`, so it is kept well below the shortest of them. Node keeps at most
 * `maxHeadersCount` header lines and silently drops the rest, so it is set one above the limit:
 * the proxy sees that a request has too many and refuses it rather than forward a cut list.
 */
export function createListeners(config: ResolvedProxyConfig, handle: RequestListener): Server[] {
  const s = config.server;
  const limits = [s.headersTimeoutMs, s.requestTimeoutMs].filter((t) => t > 0);
  return config.listen.map(() => {
    const server = createServer(
      {
        headersTimeout: s.headersTimeoutMs,
        requestTimeout: s.requestTimeoutMs,
        keepAliveTimeout: s.keepAliveTimeoutMs,
        maxHeaderSize: s.maxHeaderSize,
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, ...limits.map((t) => t / 4))),
      },
      handle,
    );
    server.maxHeadersCount = s.maxHeaderCount + 1;
    server.on('clientError', onClientError);
    server.on('connect', onConnect);
    const open = new Set<HttpSocket>();
    connections.set(server, open);
    server.on('connection', (socket: HttpSocket) => {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    });
    return server;
  });
}

/** Binds every server to its listener; rejects with the first error (e.g. `EADDRINUSE`). */
export function bindListeners(servers: readonly Server[], config: ResolvedProxyConfig): Promise<ListenerAddress[]> {
  return Promise.all(
    servers.map(
      (server, i) =>
        new Promise<ListenerAddress>((resolve, reject) => {
          const l = config.listen[i]!;
          server.once('error', reject);
          server.listen(l.port, l.host, () => {
            server.off('error', reject);
            const port = (server.address() as { port: number }).port;
            const host = l.host.includes(':') ? `[${l.host}]` : l.host;
            resolve({ host: l.host, port, url: `http://${host}:${port}` });
          });
        }),
    ),
  );
}

/**
 * Stops accepting and lets requests in flight finish for `graceMs`, then cuts every connection
 * left (at once when `graceMs` is 0). Resolves when every connection is closed.
 *
 * @remarks
 * Node's `server.close()` destroys every connection it deems idle at that instant, which includes
 * a keep-alive connection whose next request is already in the kernel's buffer but not yet read:
 * the client gets a reset for a request it had sent (under load, a few per shutdown). Instead:
 * the caller answers every request from now on with `Connection: close` (see `draining` in
 * proxy.ts), which closes busy connections cleanly, and a connection is closed here only once it
 * has neither a response in progress nor received a byte for a whole sweep period, checked after
 * an I/O poll so that bytes already received are read first.
 */
export async function closeListeners(servers: readonly Server[], graceMs = 0): Promise<void> {
  await Promise.all(servers.map((server) => (graceMs > 0 ? drain(server, graceMs) : closeNow(server))));
}

function closeNow(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function drain(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const open = connections.get(server) ?? new Set<HttpSocket>();
    const lastRead = new WeakMap<HttpSocket, number>();
    const sweepMs = Math.min(500, Math.max(20, Math.floor(graceMs / 10)));
    const sweep = setInterval(() => setImmediate(() => closeQuiet(open, lastRead)), sweepMs);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    for (const socket of open) {
      lastRead.set(socket, socket.bytesRead);
      const res = socket._httpMessage;
      if (res != null && res.headersSent !== true) res.shouldKeepAlive = false;
    }
    // After one more I/O poll, so that connections the kernel already completed are accepted and
    // served: closing a listener resets its accept queue. Then stop accepting, without Node's
    // immediate close of "idle" connections (see above).
    setImmediate(() => {
      server.closeIdleConnections = () => {};
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(cut);
        resolve();
      });
      delete (server as Partial<Server>).closeIdleConnections;
    });
  });
}

/** Closes the HTTP connections with no response in progress that received nothing since the last sweep. */
function closeQuiet(open: ReadonlySet<HttpSocket>, lastRead: WeakMap<HttpSocket, number>): void {
  for (const socket of open) {
    const read = socket.bytesRead;
    const quiet = lastRead.get(socket) === read && socket._httpMessage == null && socket.parser != null;
    lastRead.set(socket, read);
    if (quiet) socket.destroy();
  }
}
