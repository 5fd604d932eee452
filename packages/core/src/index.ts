/**
 * `@lbkit/core`: a pure, deterministic load-balancer state machine.
 *
 * `createPool(config)` gives a pool handle: `pool.decide(request, now)` places a request and returns
 * a decision; `pool.apply(event, now)` takes in a fact (a response, a failure, a health check, an
 * operator's command). Requests, events, decisions and the pool's state are plain data. The pure
 * `decide(state, request, now)` and `apply(state, event, now)` do the same on a state value.
 *
 * @example
 * ```ts
 * import { createPool } from '@lbkit/core'
 *
 * // the caller owns the clock: `now` is its time in ms, passed in on every call
 * const pool = createPool({ members: [{ id: 'dynamic1' }, { id: 'dynamic2' }, { id: 'dynamic3' }] })
 * const decision = pool.decide({}, now)
 * if (decision.type === 'forward') {
 *   // ... send the request to decision.member, then, when it answers at time `later`:
 *   pool.apply({ type: 'responseReceived', member: decision.member, status: 200 }, later)
 * }
 * ```
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */
export { createPool, initialState, restorePool, type MemberView, type Pool, type PoolOptions } from './pool.js';
export { apply, decide } from './balancer.js';
export {
  LB_METHODS,
  stickyFromApache,
  validatePoolConfig,
  type CookieAttributes,
  type HealthConfig,
  type LbMethod,
  type MemberConfig,
  type PoolConfig,
  type PoolSettings,
  type ResolvedHealth,
  type ResolvedMember,
  type ResolvedPoolConfig,
  type ResolvedSticky,
  type StickyConfig,
} from './config.js';
export {
  formatSetCookie,
  REJECT_REASONS,
  type BalancerRequest,
  type Decision,
  type ForwardDecision,
  type RejectDecision,
  type RejectReason,
  type SetCookie,
} from './decisions.js';
export { formatPath, LbkitError, type ConfigIssue, type LbkitErrorCode, type Result } from './errors.js';
export {
  EVENT_TYPES,
  FAILURE_CAUSES,
  type AdminEvent,
  type BalancerEvent,
  type FailureCause,
  type HealthChecked,
  type MemberAdded,
  type MemberDisabled,
  type MemberDrainStarted,
  type MemberEnabled,
  type MemberRemoved,
  type RequestAbandoned,
  type RequestFailed,
  type RequestOutcome,
  type ResponseReceived,
  type WeightChanged,
} from './events.js';
export { withoutCookie } from './affinity.js';
export {
  encodeLogEntry,
  parseLog,
  replayLog,
  type ApplyEntry,
  type DecideEntry,
  type LogEntry,
  type LogIssue,
  type ReplayMismatch,
  type ReplayReport,
  type StartEntry,
} from './log.js';
export { type BalancerState, type CheckStatus, type DeepReadonly, type MemberState, type MemberStatus } from './state.js';
