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

/**
 * Why a request to a member failed, as the proxy saw it.
 *
 * @example
 * ```ts
 * const failures = new Map(FAILURE_CAUSES.map((c) => [c, 0]))
 * ```
 */
export const FAILURE_CAUSES = ['refused', 'reset', 'timeout', 'protocol'] as const;

/**
 * Why a request to a member failed: `refused` (no byte reached the member), `reset` (the connection
 * broke before a complete response), `timeout` (no answer in time), `protocol` (not valid HTTP).
 *
 * @remarks
 * Apache counts each of them as an error of the worker, as the core does; the cause is kept for
 * logs and metrics. Only after `refused` did no byte reach the member, so only then may a proxy resend
 * a non-idempotent request elsewhere (RFC 9110 §9.2.2).
 *
 * @example
 * ```ts
 * const cause: FailureCause = err.code === 'ECONNREFUSED' ? 'refused' : 'reset'
 * pool.apply({ type: 'requestFailed', member: d.member, cause }, now)
 * ```
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

/**
 * A member answered. Ends one in-flight request; a status in `failOnStatus` counts as a failure.
 *
 * @remarks
 * Apache's `failonstatus` works the same way: such a status puts the member in error state.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'responseReceived', member: 'static1', status: 200 }, now)
 * ```
 */
export interface ResponseReceived extends DeepReadonly<z.input<typeof responseReceived>> {}
/**
 * A request to a member failed. Ends one in-flight request and counts toward the error state.
 *
 * @remarks
 * Apache puts a worker in error state (`E`) on such a failure; `health.failuresBeforeError` (default 1) keeps that.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'requestFailed', member: 'static1', cause: 'timeout' }, now)
 * ```
 */
export interface RequestFailed extends DeepReadonly<z.input<typeof requestFailed>> {}
/**
 * A request ended without a verdict on the member (e.g. the client went away). Ends one in-flight request.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'requestAbandoned', member: 'static1' }, now) // the client closed the connection first
 * ```
 */
export interface RequestAbandoned extends DeepReadonly<z.input<typeof requestAbandoned>> {}
/**
 * An active health check finished (Apache mod_proxy_hcheck). Counts toward rise and fall.
 *
 * @remarks
 * `health.fall` and `health.rise` are mod_proxy_hcheck's `hcfails` and `hcpasses`; a member taken down shows Apache's status `C`.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'healthChecked', member: 'static1', ok: false }, now)
 * ```
 */
export interface HealthChecked extends DeepReadonly<z.input<typeof healthChecked>> {}
/**
 * An operator added a member; it takes part from the next decision, counters at zero.
 *
 * @remarks
 * Apache's balancer-manager adds a worker the same way (with `BalancerGrowth` slots); here no slots are needed.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'memberAdded', member: { id: 'static4', weight: 2 } }, now)
 * ```
 */
export interface MemberAdded extends DeepReadonly<z.input<typeof memberAdded>> {}
/**
 * An operator removed a member. Later outcome events about it are ignored.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'memberRemoved', member: 'static4' }, now)
 * ```
 */
export interface MemberRemoved extends DeepReadonly<z.input<typeof memberRemoved>> {}
/**
 * An operator changed a member's weight (1 to 100).
 *
 * @remarks
 * The weight is Apache's `loadfactor`, as balancer-manager changes it.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'weightChanged', member: 'static1', weight: 3 }, now)
 * ```
 */
export interface WeightChanged extends DeepReadonly<z.input<typeof weightChanged>> {}
/**
 * An operator put a member in drain mode (Apache status `N`): it keeps its sessions but gets no new ones.
 *
 * @remarks
 * balancer-manager's "Drain mode" (status `N`); {@link MemberEnabled} ends it.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'memberDrainStarted', member: 'static2' }, now)
 * ```
 */
export interface MemberDrainStarted extends DeepReadonly<z.input<typeof memberDrainStarted>> {}
/**
 * An operator disabled a member: it gets no requests at all.
 *
 * @remarks
 * balancer-manager's "Disabled" (status `D`).
 *
 * @example
 * ```ts
 * pool.apply({ type: 'memberDisabled', member: 'static2' }, now)
 * ```
 */
export interface MemberDisabled extends DeepReadonly<z.input<typeof memberDisabled>> {}
/**
 * An operator enabled a member: clears both disabled and draining.
 *
 * @remarks
 * Clears balancer-manager's `D` and `N` flags at once.
 *
 * @example
 * ```ts
 * pool.apply({ type: 'memberEnabled', member: 'static2' }, now)
 * ```
 */
export interface MemberEnabled extends DeepReadonly<z.input<typeof memberEnabled>> {}

/**
 * The operator events, as one schema: checked in full before they change a pool.
 *
 * @example
 * ```ts
 * const r = adminEventSchema.safeParse(JSON.parse(body)) // an admin API's request body
 * if (r.success) pool.apply(r.data, now)
 * ```
 */
export const adminEventSchema = z.discriminatedUnion('type', [memberAdded, memberRemoved, weightChanged, memberDrainStarted, memberDisabled, memberEnabled]);

/**
 * Every event, as one schema: what the event log reads.
 *
 * @example
 * ```ts
 * eventSchema.safeParse({ type: 'memberDraining', member: 'a' }).success // false: the event is memberDrainStarted
 * ```
 */
export const eventSchema = z.discriminatedUnion('type', [responseReceived, requestFailed, requestAbandoned, healthChecked, ...adminEventSchema.options]);

/**
 * Outcome of a request forwarded by a decision: every forward ends with exactly one.
 *
 * @example
 * ```ts
 * const outcome: RequestOutcome = res ? { type: 'responseReceived', member: d.member, status: res.statusCode } : { type: 'requestAbandoned', member: d.member }
 * pool.apply(outcome, now)
 * ```
 */
export type RequestOutcome = ResponseReceived | RequestFailed | RequestAbandoned;

/**
 * Operator commands that changed the pool.
 *
 * @remarks
 * What Apache's balancer-manager page can change, as events: add, remove, weight (`loadfactor`),
 * drain (`N`), disable (`D`), enable.
 *
 * @example
 * ```ts
 * const event: AdminEvent = { type: 'memberDisabled', member: 'static3' }
 * pool.apply(event, now)
 * ```
 */
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
 *
 * @remarks
 * Events are named in the past tense (facts); decisions are commands. Apache learns the same facts
 * inside mod_proxy; here the shell reports them.
 */
export type BalancerEvent = RequestOutcome | HealthChecked | AdminEvent;

// the unions above are the schemas' own: the compiler refuses any drift between them
true satisfies Same<AdminEvent, DeepReadonly<z.input<typeof adminEventSchema>>>;
true satisfies Same<BalancerEvent, DeepReadonly<z.input<typeof eventSchema>>>;

/**
 * Every `type` of {@link BalancerEvent}.
 *
 * @example
 * ```ts
 * if (!(EVENT_TYPES as readonly string[]).includes(body.type)) return res.writeHead(400).end(`type: one of ${EVENT_TYPES.join(', ')}`)
 * ```
 */
export const EVENT_TYPES = eventSchema.options.map((o) => o.shape.type.value);
