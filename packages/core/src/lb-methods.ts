/**
 * The names of the load-balancing methods.
 *
 * @module
 */

/** The load-balancing methods the core implements. See {@link PoolConfig}. */
export const LB_METHODS = ['byrequests', 'bybusyness', 'random', 'p2c', 'hash'] as const;

/** One of {@link LB_METHODS}. */
export type LbMethod = (typeof LB_METHODS)[number];
