/**
 * The shape every load-balancing method has: one small pure `pick`.
 *
 * @module
 */
import type { LbMethod } from '../config.js';
import { isUsable } from '../health.js';
import type { MemberState } from '../state.js';
import type { HashRing } from './hash.js';

/** What a method sees for one pick. */
export interface PickInput {
  readonly members: readonly MemberState[];
  /** A fresh copy of the `lbstatus` counters: the method may update it. */
  readonly lbstatus: number[];
  /** Requests in flight per member. */
  readonly busy: readonly number[];
  readonly ring: HashRing | null;
  readonly hashKey: string | undefined;
  /** Two uniform draws in [0, 1) from the pool's PRNG, for methods with {@link Method.draws} > 0. */
  readonly u1: number;
  readonly u2: number;
  /** The time of the decision (ms). */
  readonly now: number;
  /** Members this request already tried. */
  readonly tried: readonly string[];
  /** The tier rank the pick is confined to (see {@link rankOf}); at least one candidate has it. */
  readonly rank: number;
}

/** A load-balancing method. */
export interface Method {
  readonly name: LbMethod;
  /** How many PRNG draws one pick consumes (0, 1 or 2). */
  readonly draws: 0 | 1 | 2;
  /** Returns the index (into `members`) of the chosen candidate: one for which {@link isCandidate} holds. */
  pick(input: PickInput): number;
}

/**
 * Order in which tiers are tried: by tier (Apache lbset), and within a tier the non-standby members
 * before the hot standbys.
 */
export function rankOf(m: MemberState): number {
  return m.standby ? m.tier * 2 + 1 : m.tier * 2;
}

/** A member may take a new session: usable, not draining, not tried yet. */
export function isEligible(m: MemberState, now: number, tried: readonly string[]): boolean {
  return isUsable(m, now) && !m.draining && (tried.length === 0 || !tried.includes(m.id));
}

/** Whether member `i` is one the method may choose: eligible and of the pick's rank. */
export function isCandidate(input: PickInput, i: number): boolean {
  const m = input.members[i]!;
  return rankOf(m) === input.rank && isEligible(m, input.now, input.tried);
}
