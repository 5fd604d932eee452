/**
 * The names of the load-balancing methods.
 *
 * @module
 */

/**
 * The load-balancing methods the core implements. See {@link PoolConfig}.
 *
 * @remarks
 * `byrequests` and `bybusyness` are Apache's `lbmethod`s of the same names, to the pick; `random`
 * is nginx's `random`, `p2c` nginx's `random two least_conn`, and `hash` a consistent hash like
 * nginx's `hash ... consistent` or HAProxy's `hash-type consistent`.
 *
 * @example
 * ```ts
 * if (!(LB_METHODS as readonly string[]).includes(flag)) throw new Error(`--method: one of ${LB_METHODS.join(', ')}`)
 * ```
 */
export const LB_METHODS = ['byrequests', 'bybusyness', 'random', 'p2c', 'hash'] as const;

/**
 * One of {@link LB_METHODS}.
 *
 * @remarks
 * Apache's `lbmethod=byrequests` (its default) is `'byrequests'`, `lbmethod=bybusyness` is `'bybusyness'`.
 *
 * @example
 * ```ts
 * const method: LbMethod = 'bybusyness'
 * const pool = createPool({ method, members: [{ id: 'a' }, { id: 'b' }] })
 * ```
 */
export type LbMethod = (typeof LB_METHODS)[number];
