/**
 * The admin view of a cluster: each worker has its own core state per pool (no shared state), so
 * the primary merges their views: in-flight requests and counters are summed, and a member whose
 * health differs between workers is shown as `mixed`, with each worker's reason.
 *
 * @module
 */
import type { MemberView, PoolView } from './member-view.js';

function mergeMember(views: readonly MemberView[]): MemberView {
  const first = views[0]!;
  const healths = new Set(views.map((v) => v.health));
  const errors = views.map((v) => v.error).filter((e) => e !== null);
  const sum = (f: (v: MemberView) => number): number => views.reduce((n, v) => n + f(v), 0);
  return {
    ...first,
    health: healths.size === 1 ? first.health : 'mixed',
    why: healths.size === 1 && views.every((v) => v.why === first.why) ? first.why : views.map((v, i) => `worker ${i + 1}: ${v.health} (${v.why})`).join('; '),
    inFlight: sum((v) => v.inFlight),
    lbstatus: sum((v) => v.lbstatus),
    counters: {
      forwarded: sum((v) => v.counters.forwarded),
      responses: sum((v) => v.counters.responses),
      failures: sum((v) => v.counters.failures),
      lastFailure: views.map((v) => v.counters.lastFailure).find((f) => f !== null) ?? null,
    },
    error: errors.length === 0 ? null : errors.reduce((a, b) => (b.retryInMs > a.retryInMs ? b : a)),
  };
}

/**
 * Merges the pool views of several workers; pools and members follow the first worker's order,
 * and a member only some workers know is shown from those.
 *
 * @example
 * ```ts
 * mergeViews([worker1.pools, worker2.pools])[0].members[0].inFlight // summed over both
 * ```
 */
export function mergeViews(workers: readonly (readonly PoolView[])[]): PoolView[] {
  const first = workers[0] ?? [];
  return first.map((pool) => {
    const others = workers.map((w) => w.find((p) => p.name === pool.name)).filter((p) => p !== undefined);
    const ids = [...new Set(others.flatMap((p) => p.members.map((m) => m.id)))];
    return { ...pool, members: ids.map((id) => mergeMember(others.flatMap((p) => p.members.filter((m) => m.id === id)))) };
  });
}
