/**
 * The typed events a simulation emits: facts about requests, members and faults, in virtual time.
 * They make up the trace, feed the rxjs stream ({@link simulate$}) and are what tests assert on.
 *
 * @module
 */
import type { FailureCause, RejectReason } from '@lbkit/core';

/**
 * A client sent a request to a balancer instance.
 *
 * @example
 * ```ts
 * { type: 'requestSent', at: 12.5, request: 3, client: 'browsers', session: 1, balancer: 0, path: '/index.html' }
 * ```
 */
export interface RequestSent {
  readonly type: 'requestSent';
  readonly at: number;
  readonly request: number;
  readonly client: string;
  /** Session number within the whole run, or -1 for open-loop clients. */
  readonly session: number;
  readonly balancer: number;
  readonly path: string;
}

/**
 * A balancer instance forwarded an attempt of a request to a member.
 *
 * @example
 * ```ts
 * { type: 'requestForwarded', at: 12.5, request: 3, balancer: 0, pool: 'static', member: 'static1', attempt: 1, affinity: true, affinityBroken: false }
 * ```
 */
export interface RequestForwarded {
  readonly type: 'requestForwarded';
  readonly at: number;
  readonly request: number;
  readonly balancer: number;
  readonly pool: string;
  readonly member: string;
  readonly attempt: number;
  readonly affinity: boolean;
  /** The request carried a route for this pool and went elsewhere. */
  readonly affinityBroken: boolean;
}

/**
 * An attempt failed (refused, reset or timed out); the balancer fails over or refuses.
 *
 * @example
 * ```ts
 * { type: 'attemptFailed', at: 13, request: 3, balancer: 0, pool: 'static', member: 'static2', cause: 'refused' }
 * ```
 */
export interface AttemptFailed {
  readonly type: 'attemptFailed';
  readonly at: number;
  readonly request: number;
  readonly balancer: number;
  readonly pool: string;
  readonly member: string;
  readonly cause: FailureCause;
}

/**
 * The client got a response from a member (any status, 5xx included). Ends the request.
 *
 * @example
 * ```ts
 * { type: 'requestServed', at: 15, request: 3, pool: 'static', member: 'static1', status: 200, latencyMs: 2.5, attempts: 1 }
 * ```
 */
export interface RequestServed {
  readonly type: 'requestServed';
  readonly at: number;
  readonly request: number;
  readonly pool: string;
  readonly member: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly attempts: number;
}

/**
 * The balancer could not place the request. Ends the request.
 *
 * @example
 * ```ts
 * { type: 'requestRefused', at: 15, request: 4, pool: 'static', reason: 'all-down', attempts: 3 }
 * ```
 */
export interface RequestRefused {
  readonly type: 'requestRefused';
  readonly at: number;
  readonly request: number;
  readonly pool: string;
  readonly reason: RejectReason;
  readonly attempts: number;
}

/**
 * The client gave up waiting (`giveUpMs`). Ends the request; the balancer abandons its attempt.
 *
 * @example
 * ```ts
 * { type: 'requestAbandoned', at: 5_000, request: 9, pool: 'api', attempts: 1, waitedMs: 5_000 }
 * ```
 */
export interface RequestAbandoned {
  readonly type: 'requestAbandoned';
  readonly at: number;
  readonly request: number;
  readonly pool: string;
  readonly attempts: number;
  readonly waitedMs: number;
}

/**
 * A balancer instance's view of a member changed (core status `ok`/`error`, check `down`).
 *
 * @example
 * ```ts
 * { type: 'memberStatusChanged', at: 120_000.4, balancer: 0, pool: 'static', member: 'static2', status: 'error' }
 * ```
 */
export interface MemberStatusChanged {
  readonly type: 'memberStatusChanged';
  readonly at: number;
  readonly balancer: number;
  readonly pool: string;
  readonly member: string;
  readonly status: 'ok' | 'error' | 'down';
}

/**
 * A fault began or ended on a server (or on a balancer–server link for partitions).
 *
 * @example
 * ```ts
 * { type: 'faultChanged', at: 120_000, server: 'static2', fault: 'crash', active: true, balancer: -1 }
 * ```
 */
export interface FaultChanged {
  readonly type: 'faultChanged';
  readonly at: number;
  readonly server: string;
  readonly fault: 'crash' | 'slow' | 'refuse' | 'errors' | 'partition';
  readonly active: boolean;
  /** The balancer cut off, for partitions; -1 otherwise. */
  readonly balancer: number;
}

/**
 * Every event a simulation emits, discriminated by `type`.
 *
 * @example
 * ```ts
 * function describe(e: SimEvent): string {
 *   return e.type === 'requestServed' ? `${e.request} served by ${e.member} in ${e.latencyMs} ms` : e.type
 * }
 * ```
 */
export type SimEvent =
  | RequestSent
  | RequestForwarded
  | AttemptFailed
  | RequestServed
  | RequestRefused
  | RequestAbandoned
  | MemberStatusChanged
  | FaultChanged;
