/**
 * The shape every load-balancing method has: one small pure `pick`.
 *
 * @module
 */
import type { LbMethod } from '../config.js';
import type { MemberState } from '../state.js';
import type { HashRing } from './hash.js';
import type { MemberColumns } from '../state.js';

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
  /** The state's {@link MemberColumns}: what the loop reads instead of member objects. */
  readonly weights: readonly number[];
  readonly ranks: readonly number[];
  readonly openAt: readonly number[];
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

/**
 * Whether member `i` is one the method may choose: of the pick's rank, open to new sessions at
 * `now` (usable and not draining) and not tried yet by this request.
 */
export function isCandidate(input: PickInput, i: number): boolean {
  return input.ranks[i] === input.rank && input.now >= input.openAt[i]! && (input.tried.length === 0 || !input.tried.includes(input.members[i]!.id));
}
