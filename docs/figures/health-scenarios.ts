/**
 * Health, failover and tier stories for the health guide, computed by the real core.
 *
 * @module
 */
import { apply, type BalancerState, decide, initialState, type PoolConfig } from '@lbkit/core';
import { isUsable } from '@lbkit/core/internals';
import { label, run, times } from './scenarios.js';

/** One second of the passive-health story. */
export interface PassiveStep {
  readonly at: number;
  /** Who served the request sent at this second (`reject:…` if none). */
  readonly member: string;
  /** Whether that request failed (the member refused the connection). */
  readonly failed: boolean;
  /** `dyn2`'s passive status after the outcome. */
  readonly status: 'ok' | 'error';
  /** Whether `dyn2` may take requests at this second (before the request). */
  readonly usable: boolean;
}

/** Seconds during which dyn2 refuses connections in the passive story. */
export const DYN2_DOWN = { from: 4, until: 17 } as const;

/**
 * A round-robin pool of two API servers, one request a second, `retryMs` 5 s. dyn2 refuses
 * connections from second 4 to second 16 and then answers again.
 */
export function passiveStory(seconds = 26): PassiveStep[] {
  let s = initialState({ health: { retryMs: 5_000 }, members: [{ id: 'dyn1' }, { id: 'dyn2' }] });
  const steps: PassiveStep[] = [];
  for (let sec = 0; sec < seconds; sec++) {
    const now = sec * 1000;
    const usable = isUsable(s.members[1]!, now);
    const [next, d] = decide(s, {}, now);
    s = next;
    const failed = d.type === 'forward' && d.member === 'dyn2' && sec >= DYN2_DOWN.from && sec < DYN2_DOWN.until;
    if (d.type === 'forward') {
      s = failed
        ? apply(s, { type: 'requestFailed', member: d.member, cause: 'refused' }, now + 10)
        : apply(s, { type: 'responseReceived', member: d.member, status: 200 }, now + 10);
    }
    steps.push({ at: sec, member: label(d), failed, status: s.members[1]!.status, usable });
  }
  return steps;
}

/** One health check in the active story. */
export interface CheckStep {
  readonly at: number;
  readonly ok: boolean;
  readonly check: 'up' | 'down';
}

/** Results of the checks of the active story: `fall` 2, `rise` 3, one check every 5 s. */
export const CHECK_RESULTS = [true, true, false, true, false, false, false, true, true, false, true, true, true, true] as const;

/** A member's check verdict after each result of {@link CHECK_RESULTS}. */
export function activeStory(): CheckStep[] {
  let s = initialState({ health: { fall: 2, rise: 3 }, members: [{ id: 'dyn1' }] });
  return CHECK_RESULTS.map((ok, k) => {
    s = apply(s, { type: 'healthChecked', member: 'dyn1', ok }, k * 5000);
    return { at: k * 5, ok, check: s.members[0]!.check };
  });
}

/** A success that arrives during the retry wait does not end it; what `isUsable` says before and after. */
export function lateSuccess(): { beforeLate: boolean; afterLate: boolean; afterRetry: boolean } {
  let s = initialState({ health: { retryMs: 10_000 }, members: [{ id: 'dyn1' }, { id: 'dyn2' }] });
  [s] = run(s, times(2), 0); // one request in flight on each
  s = apply(s, { type: 'requestFailed', member: 'dyn2', cause: 'reset' }, 100);
  const beforeLate = isUsable(s.members[1]!, 200);
  s = apply(s, { type: 'responseReceived', member: 'dyn2', status: 200 }, 300);
  return { beforeLate, afterLate: isUsable(s.members[1]!, 400), afterRetry: isUsable(s.members[1]!, 10_100) };
}

/** `failOnStatus: [503]`: a 503 puts the member in error, a 500 does not. */
export function failOnStatusStory(): { after503: string; after500: string } {
  const cfg: PoolConfig = { health: { failOnStatus: [503] }, members: [{ id: 'dyn1' }, { id: 'dyn2' }] };
  const one = (status: number): string => {
    let s = initialState(cfg);
    s = apply(s, { type: 'responseReceived', member: 'dyn1', status }, 0);
    return s.members[0]!.status;
  };
  return { after503: one(503), after500: one(500) };
}

/** One attempt of a failover chain. */
export interface AttemptStep {
  readonly tried: readonly string[];
  readonly decision: string;
  readonly attempt: number;
}

/**
 * Failover in the seed's API pool: each forward fails (the member refuses), the proxy reports it
 * and asks again with the members tried so far, until the core rejects.
 */
export function failoverChain(maxAttempts?: number): AttemptStep[] {
  let s = initialState({ ...(maxAttempts === undefined ? {} : { maxAttempts }), members: [{ id: 'dynamic1' }, { id: 'dynamic2' }, { id: 'dynamic3' }] });
  const tried: string[] = [];
  const steps: AttemptStep[] = [];
  for (;;) {
    const [next, d] = decide(s, { tried: [...tried] }, 0);
    s = next;
    steps.push({ tried: [...tried], decision: label(d), attempt: d.attempt });
    if (d.type === 'reject') return steps;
    s = apply(s, { type: 'requestFailed', member: d.member, cause: 'refused' }, 1);
    tried.push(d.member);
  }
}

/** Every reject reason, each from the smallest situation that produces it. */
export function rejectReasons(): Record<string, string> {
  const one = (s: BalancerState, tried: string[] = []): string => label(decide(s, { tried }, 0)[1]);
  const two: PoolConfig = { members: [{ id: 'a' }, { id: 'b' }] };
  const failed = apply(apply(initialState(two), { type: 'requestFailed', member: 'a', cause: 'refused' }, 0), { type: 'requestFailed', member: 'b', cause: 'timeout' }, 0);
  return {
    'no-members': one(initialState({ members: [] })),
    'all-disabled': one(initialState({ members: [{ id: 'a', disabled: true }] })),
    'all-down': one(failed),
    'all-draining': one(initialState({ members: [{ id: 'a', draining: true }, { id: 'b', disabled: true }] })),
    'attempts-exhausted': one(initialState(two), ['a', 'b']),
  };
}

/** One phase of the tiers story: which members are down, and the next requests. */
export interface TierPhase {
  readonly down: readonly string[];
  readonly picks: readonly string[];
}

/** Tier 0: web1, web2 and the hot standby spare; tier 1: dr1 and dr2 (another site). Members fail one by one. */
export const TIER_POOL: PoolConfig = {
  health: { retryMs: 60_000 },
  members: [{ id: 'web1' }, { id: 'web2' }, { id: 'spare', standby: true }, { id: 'dr1', tier: 1 }, { id: 'dr2', tier: 1 }],
};

/** Takes members down in order and records four requests after each failure. */
export function tierStory(): TierPhase[] {
  let s = initialState(TIER_POOL);
  const order = ['web1', 'web2', 'spare', 'dr1', 'dr2'];
  const phases: TierPhase[] = [];
  const record = (down: readonly string[]): void => {
    const [next, ds] = run(s, times(4), 1);
    s = next;
    for (const d of ds) if (d.type === 'forward') s = apply(s, { type: 'responseReceived', member: d.member, status: 200 }, 1);
    phases.push({ down, picks: ds.map(label) });
  };
  record([]);
  for (let k = 0; k < order.length; k++) {
    s = apply(s, { type: 'requestFailed', member: order[k]!, cause: 'refused' }, 1);
    record(order.slice(0, k + 1));
  }
  return phases;
}
