/**
 * The load-balancing methods, by name. Each picks one member among the candidates of one rank (the
 * members of that rank that take new sessions and were not tried), in O(log n) or better.
 *
 * @module
 */
import type { LbMethod } from '../config.js';
import type { Engine, RankGroup } from '../engine/engine.js';
import { bybusyness, byrequests } from './byrequests.js';
import { hash } from './hash.js';
import { p2c, random } from './random.js';

/** A method: the slot it picks among the candidates of `group` (there is at least one). */
export type Pick = (e: Engine, group: RankGroup, hashKey: string | undefined) => number;

/** Every method, by the name used in {@link PoolConfig}. */
export const METHODS: Readonly<Record<LbMethod, Pick>> = { byrequests, bybusyness, random, p2c, hash };
