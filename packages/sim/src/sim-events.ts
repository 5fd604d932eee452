/**
 * The typed events a simulation emits: facts about requests, members and faults, in virtual time.
 * They make up the trace, feed the rxjs stream ({@link simulate$}) and are what tests assert on.
 *
 * @module
 */
import type { FailureCause, RejectReason } from '@lbkit/core';

/** A client sent a request to a balancer instance. */
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

/** A balancer instance forwarded an attempt of a request to a member. */
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

/** An attempt failed (refused, reset or timed out); the balancer fails over or refuses. */
export interface AttemptFailed {
  readonly type: 'attemptFailed';
  readonly at: number;
  readonly request: number;
  readonly balancer: number;
  readonly pool: string;
  readonly member: string;
  readonly cause: FailureCause;
}

/** The client got a response from a member (any status, 5xx included). Ends the request. */
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

/** The balancer could not place the request. Ends the request. */
export interface RequestRefused {
  readonly type: 'requestRefused';
  readonly at: number;
  readonly request: number;
  readonly pool: string;
  readonly reason: RejectReason;
  readonly attempts: number;
}

/** A balancer instance's view of a member changed (core status `ok`/`error`, check `down`). */
export interface MemberStatusChanged {
  readonly type: 'memberStatusChanged';
  readonly at: number;
  readonly balancer: number;
  readonly pool: string;
  readonly member: string;
  readonly status: 'ok' | 'error' | 'down';
}

/** A fault began or ended on a server (or on a balancer–server link for partitions). */
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
  | MemberStatusChanged
  | FaultChanged;
