/**
 * One pool at run time: the core's state (reassigned on every decision and event), one keep-alive
 * agent per member, and the recorder that sees every input the core is given.
 *
 * @module
 */
import type { Agent } from 'node:http';
import { type BalancerEvent, type BalancerRequest, type BalancerState, createPool, type Decision, type LogEntry, type Pool } from '@lbkit/core';
import type { ResolvedPool, ResolvedTarget } from './config.js';
import type { MemberConnections } from './member-connections.js';
import { createUpstream, memberTlsOptions } from './member-tls.js';

/**
 * A member's address and its pooled connections: undici's for requests, a `node:http` agent for
 * upgrades (a tunnel leaves the pool anyway). A request on a pooled connection the member had
 * closed is retried once on a fresh connection when it is idempotent.
 */
export interface Upstream {
  readonly target: ResolvedTarget;
  /** `host:port`, sent as the `Host` header. */
  readonly hostHeader: string;
  readonly connections: MemberConnections;
  /** The agent of upgrade requests. */
  readonly agent: Agent;
  /** The agent of health checks: `false` (a fresh plain connection) or one that speaks TLS. */
  readonly probeAgent: Agent | false;
}

/**
 * Receives every core input, in order: for event logs (`lbkit serve --record`) and tests.
 *
 * @example
 * ```ts
 * const out = createWriteStream('run.jsonl')
 * const record: InputRecorder = (entry) => out.write(encodeLogEntry(entry) + '\n')
 * createProxy(config, { record })
 * ```
 */
export type InputRecorder = (entry: LogEntry) => void;

/**
 * The run-time side of a pool. The adapter never picks a member itself: every choice is a
 * decision of the core's {@link Pool} handle, which also checks each input and records the log.
 */
export class PoolRuntime {
  /** The core's pool handle. */
  readonly pool: Pool;
  /** Replaced when members are added or removed at run time, or on a reload. */
  config: ResolvedPool;
  readonly upstreams: Map<string, Upstream>;
  /** Name of the affinity cookie this pool sets, or null. */
  readonly cookieName: string | null;

  constructor(config: ResolvedPool, record: InputRecorder | null, now: number) {
    this.config = config;
    this.pool = createPool(config.balancer, record === null ? { name: config.name, now } : { name: config.name, now, record });
    this.cookieName = config.balancer.sticky?.cookie ?? null;
    const tls = memberTlsOptions(config);
    this.upstreams = new Map(config.targets.map((t) => [t.id, createUpstream(t, tls, () => this.config.timeouts.connectMs)]));
  }

  /** The core's state, as plain data (a copy: O(n), for inspection, not per request). */
  get state(): BalancerState {
    return this.pool.snapshot();
  }

  /** Asks the core where a request goes. */
  decide(request: BalancerRequest, now: number): Decision {
    return this.pool.decide(request, now);
  }

  /** Tells the core a fact. */
  apply(event: BalancerEvent, now: number): void {
    this.pool.apply(event, now);
  }

  /** Closes every pooled connection. */
  close(): void {
    for (const u of this.upstreams.values()) {
      u.connections.close();
      u.agent.destroy();
      if (u.probeAgent !== false) u.probeAgent.destroy();
    }
  }
}
