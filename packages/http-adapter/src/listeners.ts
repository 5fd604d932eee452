/**
 * The client side of the proxy: one Node HTTP server per configured listener, with the limits that
 * keep slow or malformed clients from tying it up.
 *
 * @module
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ResolvedProxyConfig } from './config.js';

/** Where a listener is bound. Re-exported as part of {@link Proxy}. */
export interface ListenerAddress {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
}

/** Answers what Node's parser refused (bad syntax, huge headers, slow clients) with a 4xx, never a crash. */
function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * One server per listener, not yet bound. Node checks the header and request timeouts every
 * `connectionsCheckingInterval`, so it is kept well below the shortest of them.
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
    server.on('clientError', onClientError);
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
 * Stops accepting and closes idle client connections at once; requests in flight get `graceMs` to
 * finish, then every connection left is cut.
 */
export async function closeListeners(servers: readonly Server[], graceMs = 0): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          const timer = setTimeout(() => server.closeAllConnections(), graceMs);
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
          if (graceMs > 0) server.closeIdleConnections();
          else server.closeAllConnections();
        }),
    ),
  );
}
