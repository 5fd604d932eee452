/**
 * One decision on a pool's working state: affinity first, then the method's pick among the
 * candidates of the lowest rank that has one, or a reject that says why.
 *
 * @module
 */
import { carriedRoute } from '../affinity.js';
import type { BalancerRequest, Decision, RejectReason } from '../decisions.js';
import { METHODS } from '../methods/index.js';
import { LbkitError } from '../errors.js';
import { type Engine, OUT } from './engine.js';

const NONE: readonly string[] = [];
const NO_SLOTS: readonly number[] = [];

/**
 * Marks the members a request tried with a fresh epoch and returns them (each once). Ids of removed
 * members are skipped; an id that was never in the pool is an error.
 */
function markTried(e: Engine, tried: readonly string[], removed: ReadonlySet<string>): number[] {
  // Stryker disable next-line UpdateOperator: equivalent, counting down gives every such decision its own epoch too, never the 0 the marks start at
  const epoch = ++e.epoch;
  const slots: number[] = [];
  for (const id of tried) {
    const i = e.byId.get(id);
    if (i === undefined) {
      if (!removed.has(id)) throw new LbkitError('LBK_ERR_UNKNOWN_MEMBER', `tried: no member "${id}" was ever in this pool`);
    } else if (e.mark[i] !== epoch) {
      e.mark[i] = epoch;
      slots.push(i);
    }
  }
  return slots;
}

/** The lowest rank with a member that takes new sessions and was not tried, or -1. */
function lowestRank(e: Engine, tried: readonly number[]): number {
  for (const rank of e.ranks) {
    let open = e.groups[rank]!.count;
    for (const t of tried) if (e.group[t] === rank) open--;
    if (open > 0) return rank;
  }
  return -1;
}

/** Why nothing could be chosen, in a pool with members. */
function rejectReason(e: Engine, tried: readonly number[]): RejectReason {
  if (e.enabledCount === 0) return 'all-disabled';
  let usableUntried = e.usableCount;
  for (const t of tried) if (e.group[t] !== OUT) usableUntried--;
  if (usableUntried > 0) return 'all-draining';
  if (e.usableCount > 0) return 'attempts-exhausted';
  return 'all-down';
}

/**
 * Apache's bookkeeping for a request served by affinity: every usable member adds its weight to its
 * counter and the sticky member's counter drops by the total.
 */
function countAffinity(e: Engine, i: number): void {
  e.stickyRounds++;
  e.base[i] = e.base[i]! - e.usableWeight;
}

/** The method's pick in `rank`, with the tried members out of the rank while it runs. */
function pick(e: Engine, rank: number, request: BalancerRequest, tried: readonly number[]): number {
  const method = METHODS[e.settings.method];
  // a fast path (equivalent to the loops below with nothing tried), kept for speed
  if (tried.length === 0) return method(e, e.groups[rank]!, request.hashKey);
  const left: number[] = [];
  for (const t of tried) {
    if (e.group[t] !== rank) continue;
    e.leave(t);
    left.push(t);
  }
  const chosen = method(e, e.groups[rank]!, request.hashKey);
  for (const t of left) e.join(t, rank);
  return chosen;
}

function reject(reason: RejectReason, attempt: number): Decision {
  return { type: 'reject', reason, attempt };
}

/**
 * Places one request at `now` (the clock must not go back; the caller checks). `removed` holds the
 * ids of members removed from the pool, which `tried` may still name.
 */
export function decideOn(e: Engine, request: BalancerRequest, now: number, removed: ReadonlySet<string>): Decision {
  e.advance(now);
  // (in an empty pool too: nobody waits, and recoverAll has nobody to recover)
  if (e.settings.health.forceRecovery && e.waiting.size === e.n) e.recoverAll();
  const triedIds = request.tried ?? NONE;
  const attempt = triedIds.length + 1;
  // a fast path, as in pick: markTried of nothing gives nothing
  const tried = triedIds.length === 0 ? NO_SLOTS : markTried(e, triedIds, removed);
  if (e.n === 0) return reject('no-members', attempt);
  if (triedIds.length >= (e.settings.maxAttempts ?? e.n)) {
    // out of attempts; but if nobody is left to try anyway, say why (e.g. all-down), which helps more
    return reject(lowestRank(e, tried) >= 0 ? 'attempts-exhausted' : rejectReason(e, tried), attempt);
  }
  const sticky = e.settings.sticky;
  const carried = sticky === null ? null : carriedRoute(sticky, request.cookie, request.url);
  let chosen = -1;
  if (carried !== null) {
    const target = e.byRoute.get(carried);
    if (target !== undefined && e.group[target] !== OUT && (tried.length === 0 || e.mark[target] !== e.epoch)) {
      chosen = target;
      countAffinity(e, chosen);
    }
  }
  const affinity = chosen >= 0;
  if (!affinity) {
    const rank = lowestRank(e, tried);
    if (rank < 0) return reject(rejectReason(e, tried), attempt);
    chosen = pick(e, rank, request, tried);
  }
  e.busy[chosen] = e.busy[chosen]! + 1;
  e.elected[chosen] = e.elected[chosen]! + 1;
  e.reheap(chosen);
  const m = e.members[chosen]!;
  const routeChanged = sticky !== null && carried !== m.route;
  return { type: 'forward', member: m.id, route: m.route, attempt, affinity, routeChanged, setCookie: routeChanged ? e.cookieOf(chosen) : null };
}
