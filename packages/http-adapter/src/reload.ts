/**
 * What a reload changes: which settings cannot change without a restart, and, for a pool whose
 * balancing settings stayed the same, the core events that turn its running members into the new
 * ones, so that members that did not change keep their health, counters and routes.
 *
 * @module
 */
import type { AdminEvent, ResolvedMember } from '@lbkit/core';
import type { ResolvedPool, ResolvedProxyConfig, ResolvedTarget } from './config.js';

/**
 * The outcome of a reload.
 *
 * @example
 * ```ts
 * const r: ReloadResult = proxy.reload(await loadProxyConfig('lbkit.yaml'))
 * if (!r.ok) console.error(r.reasons.join('\n')) // the old configuration keeps running
 * ```
 */
export type ReloadResult = { readonly ok: true; readonly changes: readonly string[] } | { readonly ok: false; readonly reasons: readonly string[] };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Why `next` cannot replace `current` in a running proxy (empty when it can). */
export function restartOnlyChanges(current: ResolvedProxyConfig, next: ResolvedProxyConfig): string[] {
  const reasons: string[] = [];
  if (!same(current.listen, next.listen)) reasons.push('listen: listeners cannot change on a reload; fix: restart lbkit to bind new addresses');
  if (current.server.maxHeaderSize !== next.server.maxHeaderSize) reasons.push('server.maxHeaderSize: cannot change on a reload; fix: restart lbkit');
  if (!same(current.admin, next.admin)) reasons.push('admin: the admin listener cannot change on a reload; fix: restart lbkit');
  return reasons;
}

/** True when a pool can be carried over: only members (and proxy-side settings) differ. */
export function keepsState(current: ResolvedPool, next: ResolvedPool): boolean {
  const { members: a, ...coreA } = current.balancer;
  const { members: b, ...coreB } = next.balancer;
  void a;
  void b;
  return same(coreA, coreB) && same(current.tls, next.tls);
}

/** A member must be replaced (removed, then added fresh) when what identifies or places it changed. */
function replaced(a: ResolvedMember, ta: ResolvedTarget | undefined, b: ResolvedMember, tb: ResolvedTarget | undefined): boolean {
  return a.route !== b.route || a.tier !== b.tier || a.standby !== b.standby || ta?.url !== tb?.url;
}

/** The admin state a member's configuration asks for, as the command that sets it. */
function flagEvent(m: ResolvedMember): AdminEvent {
  if (m.disabled) return { type: 'memberDisabled', member: m.id };
  if (m.draining) return { type: 'memberDrainStarted', member: m.id };
  return { type: 'memberEnabled', member: m.id };
}

/**
 * The core events that turn `current`'s members into `next`'s. Weight and flags are only set when
 * the configuration changed them, so that an operator's runtime change to an untouched member stays.
 *
 * @example
 * ```ts
 * memberEvents(oldPool, newPool) // [{ type: 'weightChanged', member: 'static2', weight: 3 }, { type: 'memberAdded', ... }]
 * ```
 */
export function memberEvents(current: ResolvedPool, next: ResolvedPool): AdminEvent[] {
  const target = (p: ResolvedPool, id: string): ResolvedTarget | undefined => p.targets.find((t) => t.id === id);
  const before = new Map(current.balancer.members.map((m) => [m.id, m]));
  const events: AdminEvent[] = [];
  const added: ResolvedMember[] = [];
  for (const m of next.balancer.members) {
    const old = before.get(m.id);
    before.delete(m.id);
    if (old === undefined || replaced(old, target(current, m.id), m, target(next, m.id))) {
      if (old !== undefined) events.push({ type: 'memberRemoved', member: m.id });
      added.push(m);
      continue;
    }
    if (old.weight !== m.weight) events.push({ type: 'weightChanged', member: m.id, weight: m.weight });
    if (old.disabled !== m.disabled || old.draining !== m.draining) {
      if (m.disabled || m.draining) events.push({ type: 'memberEnabled', member: m.id });
      events.push(flagEvent(m));
    }
  }
  for (const id of before.keys()) events.push({ type: 'memberRemoved', member: id });
  for (const m of added) events.push({ type: 'memberAdded', member: m });
  return events;
}

/** One line per event, for the reload report. */
export function describeEvent(pool: string, e: AdminEvent): string {
  const who = e.type === 'memberAdded' ? e.member.id : e.member;
  return `${pool}: ${e.type} ${who}${e.type === 'weightChanged' ? ` (weight ${e.weight})` : ''}`;
}
