/**
 * The shape every load-balancing method has: one small pure `pick`.
 *
 * @module
 */
import type { LbMethod } from '../config.js';
import type { MemberState } from '../state.js';
import type { HashRing } from './hash.js';

/** What a method sees for one pick. */
export interface PickInput {
  readonly members: readonly MemberState[];
  /** Indexes of the members it may choose from, in configuration order; never empty. */
  readonly candidates: readonly number[];
  /** A fresh copy of the `lbstatus` counters: the method may update it. */
  readonly lbstatus: number[];
  /** Requests in flight per member. */
  readonly busy: readonly number[];
  readonly ring: HashRing | null;
  readonly hashKey: string | undefined;
  /** Two uniform draws in [0, 1) from the pool's PRNG, for methods with {@link Method.draws} > 0. */
  readonly u1: number;
  readonly u2: number;
}

/** A load-balancing method. */
export interface Method {
  readonly name: LbMethod;
  /** How many PRNG draws one pick consumes (0, 1 or 2). */
  readonly draws: 0 | 1 | 2;
  /** Returns the index (into `members`) of the chosen candidate. */
  pick(input: PickInput): number;
}
