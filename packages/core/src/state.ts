/**
 * The state of a pool as plain data: what {@link Pool.snapshot} returns, what {@link decide} and
 * {@link apply} take and give, and what the event log's `start` lines hold. Its schema is the one
 * definition: the types are inferred from it and the log reads with it.
 *
 * @module
 */
import { z } from 'zod';
import { resolvedMemberSchema, settingsSchema } from './config.js';

/** Passive health of a member (Apache status `E` when `error`). */
export const MEMBER_STATUSES = ['ok', 'error'] as const;
/** Active health-check verdict of a member (Apache status `C` when `down`). */
export const CHECK_STATUSES = ['up', 'down'] as const;

/**
 * Passive health of a member: `error` after `failuresBeforeError` consecutive failures, until a retry succeeds.
 *
 * @remarks
 * `error` is Apache's worker status `E` (in error, retried after `retry` seconds).
 *
 * @example
 * ```ts
 * const inError = pool.members().filter((m) => m.status === 'error').map((m) => m.id)
 * ```
 */
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/**
 * Active health-check verdict of a member; members start `up`.
 *
 * @remarks
 * `down` is Apache's worker status `C` (failed mod_proxy_hcheck checks).
 *
 * @example
 * ```ts
 * const down = pool.members().filter((m) => m.check === 'down').length
 * ```
 */
export type CheckStatus = (typeof CHECK_STATUSES)[number];

const TIME = z.number().refine(Number.isFinite, 'must be a finite number');

/**
 * A member as configured, plus its health, as one schema.
 *
 * @example
 * ```ts
 * memberStateSchema.parse(pool.snapshot().members[0])
 * ```
 */
export const memberStateSchema = resolvedMemberSchema.extend({
  /** `error` after `failuresBeforeError` consecutive failures, until a retry succeeds. */
  status: z.enum(MEMBER_STATUSES),
  /** Consecutive failed requests. */
  failures: z.int().min(0),
  /** When an `error` member may be tried again (ms, same clock as `now`). 0 when `ok`. */
  retryAt: TIME,
  /** Verdict of active health checks. */
  check: z.enum(CHECK_STATUSES),
  /** Consecutive passing checks. */
  checkPasses: z.int().min(0),
  /** Consecutive failing checks. */
  checkFails: z.int().min(0),
});

/**
 * Everything the balancer knows, as the event log holds it: what {@link restorePool} checks a saved state with.
 *
 * @example
 * ```ts
 * const r = stateSchema.safeParse(JSON.parse(saved))
 * ```
 */
export const stateSchema = z
  .strictObject({
    version: z.literal(2),
    settings: settingsSchema,
    /** Members in configuration order; the arrays below are indexed like it. */
    members: z.array(memberStateSchema),
    /** Apache's per-worker `lbstatus` counters. */
    lbstatus: z.array(TIME),
    /** Apache's `busy`: requests in flight per member. */
    busy: z.array(z.int().min(0)),
    /** Apache's `Elected`: requests sent to each member so far. */
    elected: z.array(z.int().min(0)),
    /** PRNG state (mulberry32). */
    rng: z.int().min(0).max(0xffffffff),
  })
  .refine((s) => s.lbstatus.length === s.members.length && s.busy.length === s.members.length && s.elected.length === s.members.length, {
    message: 'lbstatus, busy and elected must have one entry per member',
  })
  .refine((s) => new Set(s.members.map((m) => m.id)).size === s.members.length && new Set(s.members.map((m) => m.route)).size === s.members.length, {
    message: 'member ids and routes must be unique',
  });

/**
 * `T` with every property and array read-only, all the way down.
 *
 * @example
 * ```ts
 * type Frozen = DeepReadonly<{ members: { id: string }[] }> // { readonly members: readonly { readonly id: string }[] }
 * ```
 */
export type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * A member as configured, plus its health.
 *
 * @remarks
 * `status`, `check`, `disabled`, `draining` and `standby` are Apache's worker flags `E`, `C`, `D`, `N` and `H`.
 *
 * @example
 * ```ts
 * const m: MemberState = pool.snapshot().members[0]!
 * console.log(m.id, m.status, m.retryAt)
 * ```
 */
export interface MemberState extends DeepReadonly<z.output<typeof memberStateSchema>> {}

/**
 * Everything the balancer knows, as plain JSON. Arrays are indexed like `members` (configuration order).
 *
 * @remarks
 * `lbstatus` is Apache's per-worker `lbstatus` counter, `busy` Apache's `busy` (requests in flight)
 * and `elected` Apache's `Elected`. Everything lives here, not in hidden fields, so that a state can
 * be saved, inspected and replayed.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(pool.snapshot())
 * const again = restorePool(JSON.parse(saved))
 * ```
 */
export interface BalancerState extends DeepReadonly<z.output<typeof stateSchema>> {}
