/**
 * `Upgrade` requests (WebSocket): the core picks the member like for any request (affinity
 * included), the handshake is forwarded, and once the member answers `101` the two connections
 * are joined. The member counts the tunnel in flight until it closes.
 *
 * @module
 */
import { type IncomingMessage, request } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FailureCause } from '@lbkit/core';
import { causeOf } from './errors.js';
import type { ExchangeSummary } from './forward.js';
import { backwardHeaders, forwardHeaders } from './headers.js';
import type { MountRuntime } from './mount-runtime.js';
import { normalizeTarget, upstreamPath } from './mounts.js';
import { assignRequestId, REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
import { offeredValue, switchAccepted, upgradeRefusal } from './upgrade-rules.js';

/** What the upgrade handler needs from the proxy. */
export interface UpgradeEnv {
  readonly now: () => number;
  readonly protocols: () => readonly string[];
  readonly route: (target: string) => MountRuntime | undefined;
  readonly onSummary: ((s: ExchangeSummary) => void) | null;
  /** Open client sockets of tunnels and handshakes, closed on shutdown. */
  readonly sockets: Set<Duplex>;
}

const noop = (): void => {};

/** Writes a short error response on a raw socket and closes it. */
function refuse(socket: Duplex, status: number, text: string, reason: string): void {
  const body = `${status} ${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : status === 504 ? 'Gateway Timeout' : status === 502 ? 'Bad Gateway' : 'Service Unavailable'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nX-Lbkit-Reason: ${reason}\r\n\r\n${body}`);
}

/** Serialises a status line and flat headers. Values come from Node's parser: no CR or LF in them. */
function head(status: string, headers: readonly string[]): string {
  let out = `HTTP/1.1 ${status}\r\n`;
  for (let i = 0; i < headers.length; i += 2) out += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return out + '\r\n';
}

/** Handles one `upgrade` event of a listener. */
export function handleUpgrade(req: IncomingMessage, socket: Duplex, clientHead: Buffer, env: UpgradeEnv): void {
  socket.on('error', noop);
  env.sockets.add(socket);
  socket.once('close', () => env.sockets.delete(socket));
  const refusal = upgradeRefusal(req, env.protocols());
  if (refusal !== null) return refuse(socket, 400, refusal, 'upgrade-refused');
  const target = normalizeTarget(req.url ?? '');
  if (target === null) return refuse(socket, 400, 'the request target is not a path', 'bad-target');
  const route = env.route(target);
  if (route === undefined) return refuse(socket, 404, 'no mount serves this path', 'no-mount');
  assignRequestId(req);
  new UpgradeExchange(req, socket, clientHead, route, target, env).next([]);
}

/** One upgrade request: decisions and attempts until a member switches protocols or none can. */
class UpgradeExchange {
  readonly #started = performance.now();
  #attempts = 0;
  #member: string | null = null;
  #affinity: boolean | null = null;
  #id = '';

  constructor(
    readonly req: IncomingMessage,
    readonly socket: Duplex,
    readonly clientHead: Buffer,
    readonly route: MountRuntime,
    readonly target: string,
    readonly env: UpgradeEnv,
  ) {
    this.#id = requestIdOf(req) ?? '';
  }

  next(tried: readonly string[]): void {
    if (this.socket.destroyed) return;
    const pool = this.route.pool;
    const cookie = this.req.headers.cookie;
    const decision = pool.decide(cookie === undefined ? { url: this.target, tried } : { cookie, url: this.target, tried }, this.env.now());
    this.#attempts = decision.attempt;
    if (decision.type === 'reject') {
      refuse(this.socket, 503, `no member can take this upgrade (${decision.reason})`, decision.reason);
      return this.#summary(503, decision.reason, false);
    }
    this.#member = decision.member;
    this.#affinity = decision.affinity;
    const upstream = pool.upstreams.get(decision.member)!;
    const { headers } = forwardHeaders(this.req.rawHeaders, {
      upstreamHost: upstream.hostHeader,
      clientAddress: this.req.socket.remoteAddress ?? '',
      proto: 'http',
      stripCookies: this.route.stripCookies,
    });
    headers.push('Connection', 'Upgrade', 'Upgrade', offeredValue(this.req.headers));
    const timeouts = pool.config.timeouts;
    const up = request({ agent: upstream.agent, host: upstream.target.host, port: upstream.target.port, method: 'GET', path: upstreamPath(this.route.mount, upstream.target, this.target), headers });
    let settled = false;
    const settle = (ev: { type: 'responseReceived'; status: number } | { type: 'requestFailed'; cause: FailureCause }): void => {
      if (settled) return;
      settled = true;
      pool.apply({ ...ev, member: decision.member }, this.env.now());
    };
    up.setTimeout(timeouts.connectMs + timeouts.responseMs, () => up.destroy(Object.assign(new Error('upgrade timeout'), { code: 'LBK_TIMEOUT' })));
    up.on('error', (e: NodeJS.ErrnoException) => {
      if (settled) return void this.socket.destroy();
      const connected = up.socket !== null && up.socket !== undefined && !up.socket.connecting;
      const cause = causeOf(e, connected);
      settle({ type: 'requestFailed', cause });
      this.next([...tried, decision.member]);
    });
    up.on('response', (res) => {
      // The member did not switch: relay its answer and close, never leave a raw tunnel open.
      const status = res.statusCode ?? 502;
      const back = backwardHeaders(res.rawHeaders, this.route.reverse, ['Balancer-Route', decision.route, REQUEST_ID_HEADER, this.#id]);
      back.push('Connection', 'close');
      this.socket.write(head(`${status} ${res.statusMessage ?? ''}`, back));
      res.pipe(this.socket);
      res.on('end', () => {
        settle({ type: 'responseReceived', status });
        this.#summary(status, null, true);
      });
    });
    up.on('upgrade', (res, upSocket: Duplex, upHead: Buffer) => {
      if (!switchAccepted(this.req.headers, res.statusCode, res.headers)) {
        upSocket.destroy();
        settle({ type: 'requestFailed', cause: 'protocol' });
        refuse(this.socket, 502, 'the member switched to a protocol the client did not offer', 'upstream-protocol');
        return this.#summary(502, 'upstream-protocol', false);
      }
      const extra = ['Balancer-Route', decision.route, REQUEST_ID_HEADER, this.#id];
      if (decision.setCookie !== null) extra.push('Set-Cookie', `${decision.setCookie.name}=${decision.setCookie.value}${this.route.cookieSuffix}`);
      const back = backwardHeaders(res.rawHeaders, this.route.reverse, extra);
      back.push('Connection', 'Upgrade', 'Upgrade', String(res.headers.upgrade));
      this.#tunnel(upSocket, upHead, head('101 Switching Protocols', back), timeouts.idleMs, () => {
        settle({ type: 'responseReceived', status: 101 });
        this.#summary(101, null, true);
      });
    });
    up.end();
  }

  #tunnel(upSocket: Duplex, upHead: Buffer, responseHead: string, idleMs: number, closed: () => void): void {
    const client = this.socket;
    upSocket.on('error', noop);
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      client.destroy();
      upSocket.destroy();
      closed();
    };
    client.once('close', end);
    upSocket.once('close', end);
    for (const s of [client, upSocket]) {
      const timed = s as Duplex & { setTimeout?: (ms: number, cb: () => void) => void };
      timed.setTimeout?.(idleMs, end);
    }
    client.write(responseHead);
    if (upHead.length > 0) client.write(upHead);
    if (this.clientHead.length > 0) upSocket.write(this.clientHead);
    upSocket.pipe(client);
    client.pipe(upSocket);
  }

  #summary(status: number, reason: ExchangeSummary['reason'], completed: boolean): void {
    this.env.onSummary?.({
      method: this.req.method ?? '',
      url: this.req.url ?? '',
      status,
      pool: this.route.pool.config.name,
      member: this.#member,
      attempts: this.#attempts,
      reason,
      completed,
      ms: Math.round((performance.now() - this.#started) * 1000) / 1000,
      requestId: this.#id,
      headersMs: null,
      affinity: this.#affinity,
    });
  }
}
