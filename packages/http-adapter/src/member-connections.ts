/**
 * Keep-alive connections to one member on undici: one `Client` per connection, one request at a
 * time on each, taken most-recently-used first.
 *
 * @remarks
 * Why not undici's `Pool`: the proxy must know, for each request, whether it went out on a
 * connection that had already carried one (the keep-alive race: an idempotent request may then be
 * sent again once, a non-idempotent one never). A `Pool` hides which connection served a request;
 * here every connection counts what was written on its current socket.
 *
 * @module
 */
import type { ConnectionOptions } from 'node:tls';
import { buildConnector, Client } from 'undici';
import type { ResolvedTarget } from './config.js';

/** One keep-alive connection: an undici client that never pipelines. */
export interface MemberConnection {
  readonly client: Client;
  /** Requests written on the current socket (reset when a new socket connects). */
  written: number;
}

/**
 * A member's keep-alive connections. No limit, as Node's agent had none: a request never waits
 * for another one to finish before it is sent.
 */
export class MemberConnections {
  readonly #origin: string;
  readonly #options: Client.Options;
  readonly #idle: MemberConnection[] = [];
  readonly #busy = new Set<MemberConnection>();
  #closed = false;

  constructor(target: ResolvedTarget, tls: ConnectionOptions, connectMs: () => number) {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    this.#origin = `${target.tls ? 'https' : 'http'}://${host}:${target.port}`;
    this.#options = {
      pipelining: 1,
      connect: connectorFor(target.tls ? tls : {}, connectMs),
      // Per request instead (see Attempt): the proxy's own timeouts decide.
      headersTimeout: 0,
      bodyTimeout: 0,
      strictContentLength: true,
    };
  }

  /** A connection for one request; give it back with {@link release} once that request ended. */
  take(): MemberConnection {
    const c = this.#idle.pop() ?? this.#open();
    this.#busy.add(c);
    return c;
  }

  /** The request on `c` is over (answered, failed or aborted): `c` may serve the next one. */
  release(c: MemberConnection): void {
    if (!this.#busy.delete(c)) return;
    if (this.#closed || c.client.destroyed) return void c.client.destroy();
    this.#idle.push(c);
  }

  /** Destroys every connection, busy ones included (their requests fail as a reset). */
  close(): void {
    this.#closed = true;
    for (const c of this.#idle) c.client.destroy();
    for (const c of this.#busy) c.client.destroy();
    this.#idle.length = 0;
    this.#busy.clear();
  }

  #open(): MemberConnection {
    const c: MemberConnection = { client: new Client(this.#origin, this.#options), written: 0 };
    c.client.on('connect', () => {
      c.written = 0;
    });
    // An idle connection the member (or the keep-alive timer) closed is dropped, not kept around.
    c.client.on('disconnect', () => {
      const i = this.#idle.indexOf(c);
      if (i < 0) return;
      this.#idle.splice(i, 1);
      void c.client.destroy();
    });
    return c;
  }
}

type Connector = ReturnType<typeof buildConnector>;

/**
 * undici's connector, built again only when the pool's connect timeout changed (a reload). A
 * configured `tls.servername` wins over the one undici derives from the `Host` it is given.
 */
function connectorFor(tls: ConnectionOptions, connectMs: () => number): Connector {
  let ms = -1;
  let built: Connector | null = null;
  const servername = tls.servername;
  return (opts, callback) => {
    const now = connectMs();
    if (built === null || now !== ms) {
      ms = now;
      built = buildConnector({ ...(tls as buildConnector.BuildOptions), timeout: ms });
    }
    return built(servername === undefined ? opts : { ...opts, servername }, callback);
  };
}
