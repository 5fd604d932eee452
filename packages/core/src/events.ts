/**
 * Events: facts that happened outside the core and change its state. Each is plain data, named in
 * the past tense, discriminated by `type`. The time they happened at is passed beside them to
 * {@link apply} (or {@link Pool.apply}), so that a recorded log holds every input.
 *
 * The schemas below are the one definition of every event: the types are inferred from them, the
 * event log reads with them, and a pool checks operator events against them.
 *
 * @module
 */
import { z } from 'zod';
import type { DeepReadonly } from './state.js';
import { memberConfigSchema } from './config.js';

const MEMBER = z.string().min(1).max(256);

/** Why a request to a member failed, as the proxy saw it. */
export const FAILURE_CAUSES = ['refused', 'reset', 'timeout', 'protocol'] as const;

/**
 * Why a request to a member failed: `refused` (no byte reached the member), `reset` (the connection
 * broke before a complete response), `timeout` (no answer in time), `protocol` (not valid HTTP).
 */
export type FailureCause = (typeof FAILURE_CAUSES)[number];

const responseReceived = z.strictObject({ type: z.literal('responseReceived'), member: MEMBER, status: z.int().min(100).max(999) });
const requestFailed = z.strictObject({ type: z.literal('requestFailed'), member: MEMBER, cause: z.enum(FAILURE_CAUSES) });
const requestAbandoned = z.strictObject({ type: z.literal('requestAbandoned'), member: MEMBER });
const healthChecked = z.strictObject({ type: z.literal('healthChecked'), member: MEMBER, ok: z.boolean() });
const memberAdded = z.strictObject({ type: z.literal('memberAdded'), member: memberConfigSchema });
const memberRemoved = z.strictObject({ type: z.literal('memberRemoved'), member: MEMBER });
const weightChanged = z.strictObject({ type: z.literal('weightChanged'), member: MEMBER, weight: z.int().min(1).max(100) });
const memberDrainStarted = z.strictObject({ type: z.literal('memberDrainStarted'), member: MEMBER });
const memberDisabled = z.strictObject({ type: z.literal('memberDisabled'), member: MEMBER });
const memberEnabled = z.strictObject({ type: z.literal('memberEnabled'), member: MEMBER });

/** A member answered. Ends one in-flight request; a status in `failOnStatus` counts as a failure. */
export interface ResponseReceived extends DeepReadonly<z.input<typeof responseReceived>> {}
/** A request to a member failed. Ends one in-flight request and counts toward the error state. */
export interface RequestFailed extends DeepReadonly<z.input<typeof requestFailed>> {}
/** A request ended without a verdict on the member (e.g. the client went away). Ends one in-flight request. */
export interface RequestAbandoned extends DeepReadonly<z.input<typeof requestAbandoned>> {}
/** An active health check finished (Apache mod_proxy_hcheck). Counts toward rise and fall. */
export interface HealthChecked extends DeepReadonly<z.input<typeof healthChecked>> {}
/** An operator added a member; it takes part from the next decision, counters at zero. */
export interface MemberAdded extends DeepReadonly<z.input<typeof memberAdded>> {}
/** An operator removed a member. Later outcome events about it are ignored. */
export interface MemberRemoved extends DeepReadonly<z.input<typeof memberRemoved>> {}
/** An operator changed a member's weight (1 to 100). */
export interface WeightChanged extends DeepReadonly<z.input<typeof weightChanged>> {}
/** An operator put a member in drain mode (Apache status `N`): it keeps its sessions but gets no new ones. */
export interface MemberDrainStarted extends DeepReadonly<z.input<typeof memberDrainStarted>> {}
/** An operator disabled a member: it gets no requests at all. */
export interface MemberDisabled extends DeepReadonly<z.input<typeof memberDisabled>> {}
/** An operator enabled a member: clears both disabled and draining. */
export interface MemberEnabled extends DeepReadonly<z.input<typeof memberEnabled>> {}

/** The operator events, as one schema: checked in full before they change a pool. */
export const adminEventSchema = z.discriminatedUnion('type', [memberAdded, memberRemoved, weightChanged, memberDrainStarted, memberDisabled, memberEnabled]);

/** Every event, as one schema: what the event log reads. */
export const eventSchema = z.discriminatedUnion('type', [responseReceived, requestFailed, requestAbandoned, healthChecked, ...adminEventSchema.options]);

/** Outcome of a request forwarded by a decision. */
export type RequestOutcome = ResponseReceived | RequestFailed | RequestAbandoned;

/** Operator commands that changed the pool. */
export type AdminEvent = MemberAdded | MemberRemoved | WeightChanged | MemberDrainStarted | MemberDisabled | MemberEnabled;

/** Whether two types are the same (each assignable to the other). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * Every event the core accepts.
 *
 * @example
 * ```ts
 * const pool = createPool({ members: [{ id: 'a' }, { id: 'b' }] })
 * pool.apply({ type: 'requestFailed', member: 'a', cause: 'refused' }, 1_000)
 * ```
 */
export type BalancerEvent = RequestOutcome | HealthChecked | AdminEvent;

// the unions above are the schemas' own: the compiler refuses any drift between them
true satisfies Same<AdminEvent, DeepReadonly<z.input<typeof adminEventSchema>>>;
true satisfies Same<BalancerEvent, DeepReadonly<z.input<typeof eventSchema>>>;

/** Every `type` of {@link BalancerEvent}. */
export const EVENT_TYPES = eventSchema.options.map((o) => o.shape.type.value);
