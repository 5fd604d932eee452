/**
 * Events: facts that happened outside the core and change its state. Each is plain data, named in
 * the past tense, discriminated by `type`. The time they happened at is passed beside them to
 * {@link apply}, so that a recorded log holds every input.
 *
 * @module
 */
import type { MemberConfig } from './config.js';

/** Why a request to a member failed, as the proxy saw it. */
export type FailureCause =
  /** The connection was refused or could not be opened (no byte reached the member). */
  | 'refused'
  /** The connection was reset or closed before a complete response. */
  | 'reset'
  /** No answer within the configured time. */
  | 'timeout'
  /** The member answered something that is not valid HTTP. */
  | 'protocol';

/** A member answered. Ends one in-flight request; a status in `failOnStatus` counts as a failure. */
export interface ResponseReceived {
  readonly type: 'responseReceived';
  readonly member: string;
  readonly status: number;
}

/** A request to a member failed. Ends one in-flight request and counts toward the error state. */
export interface RequestFailed {
  readonly type: 'requestFailed';
  readonly member: string;
  readonly cause: FailureCause;
}

/** A request ended without a verdict on the member (e.g. the client went away). Ends one in-flight request. */
export interface RequestAbandoned {
  readonly type: 'requestAbandoned';
  readonly member: string;
}

/** An active health check finished (Apache mod_proxy_hcheck). Counts toward rise and fall. */
export interface HealthChecked {
  readonly type: 'healthChecked';
  readonly member: string;
  readonly ok: boolean;
}

/** An operator added a member; it takes part from the next decision, counters at zero. */
export interface MemberAdded {
  readonly type: 'memberAdded';
  readonly member: MemberConfig;
}

/** An operator removed a member. Later outcome events about it are ignored. */
export interface MemberRemoved {
  readonly type: 'memberRemoved';
  readonly member: string;
}

/** An operator changed a member's weight (1 to 100). */
export interface WeightChanged {
  readonly type: 'weightChanged';
  readonly member: string;
  readonly weight: number;
}

/** An operator put a member in drain mode: it keeps its sessions but gets no new ones. */
export interface MemberDraining {
  readonly type: 'memberDraining';
  readonly member: string;
}

/** An operator disabled a member: it gets no requests at all. */
export interface MemberDisabled {
  readonly type: 'memberDisabled';
  readonly member: string;
}

/** An operator enabled a member: clears both disabled and draining. */
export interface MemberEnabled {
  readonly type: 'memberEnabled';
  readonly member: string;
}

/** Outcome of a request forwarded by a decision. */
export type RequestOutcome = ResponseReceived | RequestFailed | RequestAbandoned;

/** Operator commands that changed the pool. */
export type AdminEvent = MemberAdded | MemberRemoved | WeightChanged | MemberDraining | MemberDisabled | MemberEnabled;

/**
 * Every event the core accepts.
 *
 * @example
 * ```ts
 * let state = createBalancer({ members: [{ id: 'a' }, { id: 'b' }] })
 * state = apply(state, { type: 'requestFailed', member: 'a', cause: 'refused' }, 1_000)
 * ```
 */
export type BalancerEvent = RequestOutcome | HealthChecked | AdminEvent;

/** Every `type` of {@link BalancerEvent}. */
export const EVENT_TYPES = [
  'responseReceived',
  'requestFailed',
  'requestAbandoned',
  'healthChecked',
  'memberAdded',
  'memberRemoved',
  'weightChanged',
  'memberDraining',
  'memberDisabled',
  'memberEnabled',
] as const satisfies readonly BalancerEvent['type'][];
