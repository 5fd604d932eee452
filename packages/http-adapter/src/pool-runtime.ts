/**
 * One pool at run time: the core's state (reassigned on every decision and event), one keep-alive
 * agent per member, and the recorder that sees every input the core is given.
 *
 * @module
 */
import type { Agent } from 'node:http';
import {
  apply,
  type BalancerEvent,
  type BalancerRequest,
  type BalancerState,
  decide,
  type Decision,
  initialState,
  type LogEntry,
} from '@lbkit/core';
import type { ResolvedPool, ResolvedTarget } from './config.js';
import { createUpstream, memberTlsOptions } from './member-tls.js';

/**
 * A member's address and its pooled connections. Pooled connections carry no idle timer of their
 * own (a timer per request costs): one the member closed is retried once on a fresh connection.
 */
export interface Upstream {
  readonly target: ResolvedTarget;
  /** `host:port`, sent as the `Host` header. */
  readonly hostHeader: string;
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
 * {@link decide} call on {@link PoolRuntime.state}.
 */
export class PoolRuntime {
  /** The core's state; replaced, never mutated. */
  state: BalancerState;
  /** Replaced when members are added or removed at run time, or on a reload. */
  config: ResolvedPool;
  readonly upstreams: Map<string, Upstream>;
  /** Names of the affinity cookie this pool sets, or null. */
  readonly cookieName: string | null;
  readonly #record: InputRecorder | null;

  constructor(config: ResolvedPool, record: InputRecorder | null, now: number) {
    this.config = config;
    this.state = initialState(config.balancer);
    this.cookieName = config.balancer.sticky?.cookie ?? null;
    this.#record = record;
    const tls = memberTlsOptions(config);
    this.upstreams = new Map(config.targets.map((t) => [t.id, createUpstream(t, tls)]));
    record?.({ type: 'start', pool: config.name, at: now, state: this.state });
  }

  /** Asks the core where a request goes. */
  decide(request: BalancerRequest, now: number): Decision {
    const [next, decision] = decide(this.state, request, now);
    this.state = next;
    if (this.#record !== null) this.#record({ type: 'decide', pool: this.config.name, at: now, request, decision });
    return decision;
  }

  /** Tells the core a fact. */
  apply(event: BalancerEvent, now: number): void {
    this.state = apply(this.state, event, now);
    if (this.#record !== null) this.#record({ type: 'apply', pool: this.config.name, at: now, event });
  }

  /** Closes every pooled connection. */
  close(): void {
    for (const u of this.upstreams.values()) {
      u.agent.destroy();
      if (u.probeAgent !== false) u.probeAgent.destroy();
    }
  }
}
