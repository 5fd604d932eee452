/**
 * `@lbkit/core`: a pure, deterministic load-balancer state machine.
 *
 * `createBalancer(config)` gives a state; `decide(state, request, now)` places a request and
 * returns `[nextState, decision]`; `apply(state, event, now)` takes in a fact (a response, a failure,
 * a health check, an operator's command). State, requests, events and decisions are plain data.
 *
 * @example
 * ```ts
 * import { apply, createBalancer, decide } from '@lbkit/core'
 *
 * // the caller owns the clock: `now` is its time in ms, passed in on every call
 * let state = createBalancer({ members: [{ id: 'dynamic1' }, { id: 'dynamic2' }, { id: 'dynamic3' }] })
 * const [next, decision] = decide(state, {}, now)
 * state = next
 * if (decision.type === 'forward') {
 *   // ... send the request to decision.member, then, when it answers at time `later`:
 *   state = apply(state, { type: 'responseReceived', member: decision.member, status: 200 }, later)
 * }
 * ```
 *
 * @packageDocumentation
 */
export { apply, createBalancer, decide } from './balancer.js';
export {
  LB_METHODS,
  parsePoolConfig,
  stickyFromApache,
  validateMemberConfig,
  validatePoolConfig,
  type HealthConfig,
  type LbMethod,
  type MemberConfig,
  type PoolConfig,
  type ResolvedHealth,
  type ResolvedMember,
  type ResolvedPoolConfig,
  type ResolvedSticky,
  type StickyConfig,
} from './config.js';
export type { BalancerRequest, Decision, ForwardDecision, RejectDecision, RejectReason } from './decisions.js';
export { formatPath, LbkitError, type ConfigIssue, type LbkitErrorCode, type Result } from './errors.js';
export {
  EVENT_TYPES,
  type AdminEvent,
  type BalancerEvent,
  type FailureCause,
  type HealthChecked,
  type MemberAdded,
  type MemberDisabled,
  type MemberDraining,
  type MemberEnabled,
  type MemberRemoved,
  type RequestAbandoned,
  type RequestFailed,
  type RequestOutcome,
  type ResponseReceived,
  type WeightChanged,
} from './events.js';
export { carriedRoute, cookieValue, routeOfValue, urlParamValue, withoutCookie } from './affinity.js';
export { ALWAYS, isUsable, NEVER, newSessionsFrom } from './health.js';
export {
  encodeLogEntry,
  parseLog,
  replayLog,
  sameDecision,
  type ApplyEntry,
  type DecideEntry,
  type LogEntry,
  type LogIssue,
  type ReplayMismatch,
  type ReplayReport,
  type StartEntry,
} from './log.js';
export { hash32, isCandidate, METHODS, rankOf, type HashRing, type Method, type PickInput } from './methods/index.js';
export { drawAt, nextRngState } from './rng.js';
export {
  columnsOf,
  indexOfMember,
  initialState,
  type BalancerState,
  type CheckStatus,
  type MemberColumns,
  type MemberState,
  type MemberStatus,
  type PoolSettings,
} from './state.js';
