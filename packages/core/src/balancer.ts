/**
 * The pure functions: `decide` places a request, `apply` takes in a fact. Both return a new state
 * and never change their inputs. They run on a {@link Pool} over the state: the working state a
 * returned state carries is continued by the next call on it (see `engine/working-copy.ts`), so a
 * call costs the O(n) copy of the per-member counters it returns; a long-lived
 * {@link createPool} handle costs O(log n).
 *
 * @module
 */
import type { BalancerRequest, Decision } from './decisions.js';
import type { BalancerEvent } from './events.js';
import { applyWith, decideWith } from './pool.js';
import { publish, takeEngine } from './engine/working-copy.js';
import type { BalancerState } from './state.js';

/**
 * Places one request: returns the next state and the {@link Decision}.
 *
 * @param now - the current time in ms, on the same clock as the `now` given to {@link apply}.
 * @throws {@link LbkitError} `LBK_ERR_INVALID_TIME` when `now` is not finite;
 * `LBK_ERR_UNKNOWN_MEMBER` when `request.tried` names an id that is not a member.
 *
 * @remarks
 * A route carried by the request (URL parameter first, then cookie) that names a usable member of
 * this pool is honoured, even if that member is draining or a hot standby; any other route reads as
 * none. Otherwise the pool's method picks among the eligible members of the lowest usable tier.
 * A forward counts the request in flight until an outcome event ({@link ResponseReceived},
 * {@link RequestFailed}, {@link RequestAbandoned}) names the member.
 *
 * @example
 * ```ts
 * let state = initialState({ members: [{ id: 'a' }, { id: 'b' }] })
 * const [next, decision] = decide(state, {}, 0) // decision.member === 'a'
 * state = next
 * ```
 */
export function decide(state: BalancerState, request: BalancerRequest, now: number): [BalancerState, Decision] {
  const engine = takeEngine(state, now);
  const decision = decideWith(engine, request, now);
  return [publish(engine, state), decision];
}

/**
 * Takes in one fact at time `now` and returns the next state.
 *
 * @remarks
 * Outcome and health events about a member that is no longer in the pool are ignored: a request
 * may finish after its member was removed. Admin events about an unknown member throw.
 *
 * @throws {@link LbkitError} `LBK_ERR_INVALID_TIME`, `LBK_ERR_INVALID_EVENT`, `LBK_ERR_UNKNOWN_MEMBER`
 * or `LBK_ERR_DUPLICATE_MEMBER` for an event that cannot apply.
 *
 * @example
 * ```ts
 * state = apply(state, { type: 'requestFailed', member: 'a', cause: 'refused' }, 1_000)
 * state = apply(state, { type: 'memberDrainStarted', member: 'b' }, 1_000)
 * ```
 */
export function apply(state: BalancerState, event: BalancerEvent, now: number): BalancerState {
  return publish(applyWith(takeEngine(state, now), event, now), state);
}
