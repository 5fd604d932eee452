/**
 * A pool's working state: mutable, private to one {@link Pool}, and built so that a decision costs
 * O(log n) however many members the pool has.
 *
 * Apache's `byrequests` adds every candidate's weight to its counter on each pick. Done lazily: a
 * member that may take new sessions sits in the group of its rank, and its counter is
 * `base + (rankRounds + stickyRounds) × weight`; a pick adds one round to its rank, an affinity
 * request one round to every usable member, and only the winner's base changes. A draining member
 * that is usable counts sticky rounds only; a member out of use keeps its counter frozen in `base`.
 * Within a rank, members of equal weight keep the order of their bases, so one heap per weight
 * class finds the highest counter. `random` and `p2c` draw from a Fenwick tree of each rank's weights.
 *
 * @module
 */
import type { PoolSettings } from '../config.js';
import type { SetCookie } from '../decisions.js';
import { isUsable, rankOf, takesNewSessions } from '../eligibility.js';
import { type MemberRecord, recover } from '../health.js';
import { buildRing, type HashRing } from '../methods/hash-ring.js';
import type { BalancerState, MemberState } from '../state.js';
import { ClassHeap, type ClassQueue } from './class-heap.js';
import { RunQueue } from './run-queue.js';
import { RetryQueue } from './retry-queue.js';
import { WeightTree } from './weight-tree.js';

/** Group of a member out of use (disabled, down, or waiting out an error). */
export const OUT = -1;
/** Group of a usable member that drains: it serves its sessions only. */
export const DRAIN = -2;

/** The members of one rank that take new sessions. */
export interface RankGroup {
  readonly rank: number;
  /** Rounds of this rank's picks. */
  rounds: number;
  /** Sum of its members' weights. */
  weight: number;
  count: number;
  /** One queue per weight, when the method uses them. */
  readonly heaps: (ClassQueue | undefined)[];
  readonly classes: ClassQueue[];
  /** Weights by slot, when the method draws at random. */
  readonly tree: WeightTree | null;
}

/** A mutable copy of a member record. */
export function memberRecord(m: MemberState): MemberRecord {
  return {
    id: m.id, route: m.route, weight: m.weight, tier: m.tier, disabled: m.disabled, draining: m.draining, standby: m.standby,
    status: m.status, failures: m.failures, retryAt: m.retryAt, check: m.check, checkPasses: m.checkPasses, checkFails: m.checkFails,
  };
}

/** Every slot: see {@link Engine.touched}. */
export const ALL = 'all';

/** A pool's mutable working state. Slots are members in configuration order. */
export class Engine {
  readonly n: number;
  readonly members: MemberRecord[];
  readonly byId = new Map<string, number>();
  readonly byRoute = new Map<string, number>();
  readonly weight: Int32Array;
  /** Each slot's group: its rank, {@link OUT} or {@link DRAIN}. */
  readonly group: Int32Array;
  readonly base: Float64Array;
  readonly busy: Int32Array;
  readonly elected: Float64Array;
  /** The decision (epoch) that last marked the slot as tried: whole doubles, which a pool's decisions never wrap. */
  readonly mark: Float64Array;
  readonly pos: Int32Array;
  /** Each slot's place in its class's line (see {@link RunQueue}), or -1. */
  readonly at: Int32Array;
  readonly groups: (RankGroup | undefined)[] = [];
  /** Ranks that have a group, ascending. */
  readonly ranks: number[] = [];
  readonly waiting: RetryQueue;
  /** Each member's affinity cookie, made on first use and then shared by its decisions. */
  private readonly cookies: (SetCookie | null | undefined)[];
  readonly heaps: boolean;
  readonly byBusy: boolean;
  ring: HashRing | null = null;
  /** Rounds of affinity requests. */
  stickyRounds = 0;
  usableWeight = 0;
  usableCount = 0;
  enabledCount = 0;
  rng: number;
  epoch = 0;
  /**
   * Slots whose member record may have changed since the pure functions last published this
   * working state, or {@link ALL}: whoever changes a record says so first, so that only those
   * records are copied. A handle's working state stays at `ALL` and never collects slots.
   */
  touched: number[] | typeof ALL = ALL;
  clock: number;

  readonly settings: PoolSettings;

  /** A pool in `state`, with its clock at `clock` (ms, or -Infinity before any time). */
  constructor(state: BalancerState, clock: number) {
    const settings = state.settings;
    this.settings = settings;
    const n = state.members.length;
    this.n = n;
    this.clock = clock;
    this.rng = state.rng;
    this.members = state.members.map(memberRecord);
    this.weight = new Int32Array(n);
    this.group = new Int32Array(n).fill(OUT);
    this.base = new Float64Array(n);
    this.busy = new Int32Array(n);
    this.elected = new Float64Array(n);
    this.mark = new Float64Array(n);
    this.pos = new Int32Array(n).fill(-1);
    this.at = new Int32Array(n).fill(-1);
    this.waiting = new RetryQueue(new Int32Array(n).fill(-1));
    this.heaps = settings.method === 'byrequests' || settings.method === 'bybusyness' || settings.method === 'hash';
    this.byBusy = settings.method === 'bybusyness';
    this.cookies = new Array<SetCookie | null | undefined>(n);
    for (let i = 0; i < n; i++) {
      const m = this.members[i]!;
      this.byId.set(m.id, i);
      this.byRoute.set(m.route, i);
      this.weight[i] = m.weight;
      this.base[i] = state.lbstatus[i]!;
      this.busy[i] = state.busy[i]!;
      this.elected[i] = state.elected[i]!;
      if (!m.disabled) this.enabledCount++;
      this.refresh(i);
    }
    if (settings.method === 'hash') this.rebuildRing();
  }

  /** The counter (Apache `lbstatus`) of slot `i`. */
  lbstatus(i: number): number {
    const g = this.group[i]!;
    if (g === OUT) return this.base[i]!;
    const rounds = g === DRAIN ? this.stickyRounds : this.groups[g]!.rounds + this.stickyRounds;
    return this.base[i]! + rounds * this.weight[i]!;
  }

  /** The affinity cookie that routes to slot `i`, or null when the pool's affinity uses none. */
  cookieOf(i: number): SetCookie | null {
    let c = this.cookies[i];
    if (c === undefined) {
      const sticky = this.settings.sticky;
      c = sticky === null || sticky.cookie === null ? null : Object.freeze({ name: sticky.cookie, value: sticky.separator + this.members[i]!.route, attributes: sticky.cookieAttributes });
      this.cookies[i] = c;
    }
    return c;
  }

  /** Moves the clock to `now` and lets back in every member whose retry time it reached. */
  advance(now: number): void {
    if (now > this.clock) this.clock = now;
    while (this.waiting.soonest() <= this.clock) this.refresh(this.waiting.first());
  }

  /** Notes that the member record of slot `i` is about to change. */
  touch(i: number): void {
    if (this.touched !== ALL) this.touched.push(i);
  }

  /** Puts slot `i` in the group and retry queue its record says, after any change of it. */
  refresh(i: number): void {
    const m = this.members[i]!;
    if (m.status === 'error' && m.retryAt > this.clock) this.waiting.set(i, m.retryAt);
    else this.waiting.delete(i);
    const g = takesNewSessions(m, this.clock) ? rankOf(m) : isUsable(m, this.clock) ? DRAIN : OUT;
    if (g === this.group[i]) return;
    this.leave(i);
    this.join(i, g);
  }

  /** Takes slot `i` out of its group, freezing its counter. */
  leave(i: number): void {
    const g = this.group[i]!;
    if (g === OUT) return;
    const w = this.weight[i]!;
    this.base[i] = this.lbstatus(i);
    this.group[i] = OUT;
    this.usableCount--;
    this.usableWeight -= w;
    if (g === DRAIN) return;
    const rg = this.groups[g]!;
    rg.weight -= w;
    rg.count--;
    if (this.heaps) rg.heaps[w]!.remove(i);
    if (rg.tree !== null) rg.tree.add(i, -w);
  }

  /** Puts slot `i` (out of any group) into group `g`, keeping its counter. */
  join(i: number, g: number): void {
    if (g === OUT) return;
    const w = this.weight[i]!;
    this.usableCount++;
    this.usableWeight += w;
    this.group[i] = g;
    if (g === DRAIN) {
      this.base[i] = this.base[i]! - this.stickyRounds * w;
      return;
    }
    const rg = this.groups[g] ?? this.addGroup(g);
    this.base[i] = this.base[i]! - (rg.rounds + this.stickyRounds) * w;
    rg.weight += w;
    rg.count++;
    if (this.heaps) {
      let heap = rg.heaps[w];
      if (heap === undefined) {
        heap = this.byBusy ? new ClassHeap(w, true, this.pos) : new RunQueue(w, this.pos, this.at);
        rg.heaps[w] = heap;
        rg.classes.push(heap);
      }
      heap.push(i, this.base[i]!, this.busy[i]!);
    }
    if (rg.tree !== null) rg.tree.add(i, w);
  }

  /** Re-places slot `i` in its heap after a change of its base or of its requests in flight. */
  reheap(i: number): void {
    const g = this.group[i]!;
    if (g < 0 || !this.heaps) return;
    this.groups[g]!.heaps[this.weight[i]!]!.update(i, this.base[i]!, this.busy[i]!);
  }

  private addGroup(rank: number): RankGroup {
    const random = this.settings.method === 'random' || this.settings.method === 'p2c';
    const rg: RankGroup = { rank, rounds: 0, weight: 0, count: 0, heaps: [], classes: [], tree: random ? new WeightTree(this.n) : null };
    this.groups[rank] = rg;
    // once per rank a pool ever uses: a sort is plenty
    this.ranks.push(rank);
    this.ranks.sort((a, b) => a - b);
    return rg;
  }

  /** Forced recovery: every member back in use at once. */
  recoverAll(): void {
    this.touched = ALL;
    for (let i = 0; i < this.n; i++) {
      recover(this.members[i]!);
      this.refresh(i);
    }
  }

  /** Rebuilds the `hash` method's ring after a change of weights. */
  rebuildRing(): void {
    this.ring = buildRing(
      this.members.map((m) => m.id),
      this.weight,
      this.settings.hashPointsPerWeight,
    );
  }

  /**
   * The state as plain data. With `copy`, a fresh copy that later changes of the pool do not show
   * in; without, the member records themselves, for a working state that is used no more.
   */
  snapshot(copy: boolean): BalancerState {
    // plain loops: Array.from over a typed array is several times slower
    const lbstatus: number[] = [];
    const busy: number[] = [];
    const elected: number[] = [];
    for (let i = 0; i < this.n; i++) {
      lbstatus.push(this.lbstatus(i));
      busy.push(this.busy[i]!);
      elected.push(this.elected[i]!);
    }
    return {
      version: 2,
      settings: this.settings,
      members: copy ? this.members.map(memberRecord) : this.members,
      lbstatus,
      busy,
      elected,
      rng: this.rng,
    };
  }
}
