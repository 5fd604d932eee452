/**
 * The registry of load-balancing methods, by name.
 *
 * @module
 */
import type { LbMethod } from '../config.js';
import { bybusyness } from './bybusyness.js';
import { byrequests } from './byrequests.js';
import { hash } from './hash.js';
import type { Method } from './method.js';
import { p2c } from './p2c.js';
import { random } from './random.js';

/** Every method, by the name used in {@link PoolConfig.method}. */
export const METHODS: Readonly<Record<LbMethod, Method>> = { byrequests, bybusyness, random, p2c, hash };

export { isCandidate, rankOf, type Method, type PickInput } from './method.js';
export { buildRing, hash32, type HashRing } from './hash.js';
