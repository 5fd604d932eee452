/**
 * Connections to members: undici keep-alive connections for requests and a `node:http` agent for
 * upgrades, speaking TLS to `https://` members with the certificate verified (against the pool's
 * CA file when one is given) unless turned off.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { Agent, type AgentOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions } from 'node:tls';
import { LbkitError } from '@lbkit/core';
import type { ResolvedPool, ResolvedTarget } from './config.js';
import { MemberConnections } from './member-connections.js';
import type { Upstream } from './pool-runtime.js';

/**
 * An HTTP agent whose connections are TLS. It keeps the `http:` protocol of the plain agent so the
 * forwarding code builds requests the same way for both kinds of members; only the socket differs.
 */
class MemberTlsAgent extends Agent {
  readonly #tls: ConnectionOptions;

  constructor(options: AgentOptions, tls: ConnectionOptions) {
    super(options);
    this.#tls = tls;
  }

  override createConnection(options: ConnectionOptions, callback?: (err: Error | null, s: Duplex) => void): Duplex {
    void callback; // tls.connect reports errors on the socket, where the request listens for them
    const host = options.host ?? '';
    const servername = this.#tls.servername ?? (/^[\d.]+$|:/.test(host) ? undefined : host);
    return connect({ ...options, ...this.#tls, ...(servername === undefined ? {} : { servername }) });
  }
}

/** The TLS settings of a pool, its CA file read. Throws naming the pool's `tls.caFile` when it cannot be read. */
export function memberTlsOptions(pool: ResolvedPool): ConnectionOptions {
  const t = pool.tls;
  let ca: Buffer | undefined;
  if (t.caFile !== null) {
    try {
      ca = readFileSync(t.caFile);
    } catch (e) {
      throw new LbkitError('LBK_ERR_INVALID_CONFIG', `pools.${pool.name}.tls.caFile: cannot read ${t.caFile} (${(e as Error).message}); fix: give the path of a readable PEM file`);
    }
  }
  return { rejectUnauthorized: t.verify, ...(ca ? { ca } : {}), ...(t.servername ? { servername: t.servername } : {}) };
}

/** `Host` for a member: the port is left out when it is the scheme's default. */
function hostHeaderOf(target: ResolvedTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return target.port === (target.tls ? 443 : 80) ? host : `${host}:${target.port}`;
}

/**
 * A member's upstream: its `Host` value, its keep-alive connections for requests (`connectMs`
 * read at each connect, so a reload's timeout applies), a `node:http` agent for upgrades, and for
 * TLS members a second agent without keep-alive for health checks.
 */
export function createUpstream(target: ResolvedTarget, tls: ConnectionOptions, connectMs: () => number): Upstream {
  const options: AgentOptions = { keepAlive: true, scheduling: 'lifo' };
  const connections = new MemberConnections(target, tls, connectMs);
  if (!target.tls) return { target, hostHeader: hostHeaderOf(target), connections, agent: oneName(new Agent(options), target), probeAgent: false };
  return {
    target,
    hostHeader: hostHeaderOf(target),
    connections,
    agent: oneName(new MemberTlsAgent(options, tls), target),
    probeAgent: new MemberTlsAgent({ keepAlive: false }, tls),
  };
}

/**
 * An agent serves one member with the same options every time, so its pool of connections needs
 * one name: Node would otherwise build it from the request's options on every request and free.
 */
function oneName(agent: Agent, target: ResolvedTarget): Agent {
  const name = `${target.host}:${target.port}:`;
  agent.getName = () => name;
  return agent;
}
