/**
 * `@lbkit/core/internals`: the building blocks under the pool, for tests, simulators, figures and
 * those who write their own shell or method. Not needed to embed the core; may change in any release.
 *
 * @example
 * ```ts
 * import { carriedRoute, isUsable } from '@lbkit/core/internals'
 * ```
 *
 * @packageDocumentation
 */
export { carriedRoute, cookieValue, routeOfValue, urlParamValue } from './affinity.js';
export { parsePoolConfig, validateMemberConfig, memberConfigSchema, settingsSchema, cookieAttributesSchema } from './config.js';
export { decisionSchema, requestSchema } from './decisions.js';
export { isUsable, rankOf, takesNewSessions } from './eligibility.js';
export { adminEventSchema, eventSchema } from './events.js';
export { waitsOutError } from './health.js';
export { logEntrySchema, sameDecision } from './log.js';
export { buildRing, hash32, type HashRing } from './methods/hash-ring.js';
export { drawAt, nextRngState } from './rng.js';
export { memberStateSchema, stateSchema } from './state.js';
