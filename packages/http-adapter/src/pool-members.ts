/**
 * Operator commands on a running pool (Apache balancer-manager, HAProxy runtime API): drain,
 * disable, enable, set weight, add and remove a member. Each one is an event given to the core
 * through {@link PoolRuntime.apply}, so it is recorded in the event log like any other input.
 *
 * @module
 */
import { type AdminEvent, LbkitError } from '@lbkit/core';
import type { MemberInput } from './config.js';
import { targetOf } from './config-pool.js';
import { createUpstream, memberTlsOptions } from './member-tls.js';
import type { PoolRuntime, Upstream } from './pool-runtime.js';

/**
 * An operator command, as the admin API takes it.
 *
 * @example
 * ```ts
 * const drain: AdminCommand = { type: 'drain', pool: 'static', member: 'static2' }
 * const add: AdminCommand = { type: 'add', pool: 'static', member: { id: 'static4', url: 'http://127.0.0.1:8084' } }
 * ```
 */
export type AdminCommand =
  | { readonly type: 'drain' | 'disable' | 'enable' | 'remove'; readonly pool: string; readonly member: string }
  | { readonly type: 'weight'; readonly pool: string; readonly member: string; readonly weight: number }
  | { readonly type: 'add'; readonly pool: string; readonly member: MemberInput };

/**
 * Every command `type`.
 *
 * @example
 * ```ts
 * COMMAND_TYPES.includes(body.type) // a known command
 * ```
 */
export const COMMAND_TYPES = ['drain', 'disable', 'enable', 'remove', 'weight', 'add'] as const;

/** The core event a command (other than add) becomes. */
function eventOf(cmd: Exclude<AdminCommand, { type: 'add' }>): AdminEvent {
  switch (cmd.type) {
    case 'drain':
      return { type: 'memberDrainStarted', member: cmd.member };
    case 'disable':
      return { type: 'memberDisabled', member: cmd.member };
    case 'enable':
      return { type: 'memberEnabled', member: cmd.member };
    case 'remove':
      return { type: 'memberRemoved', member: cmd.member };
    case 'weight':
      return { type: 'weightChanged', member: cmd.member, weight: cmd.weight };
  }
}

/**
 * Applies `cmd` to `pool` at `now`. Returns the upstream a removal left behind (its connections
 * are closed by the caller once requests in flight had time to finish), or null.
 *
 * @throws {@link @lbkit/core!LbkitError} when the member is unknown, already exists, or a value is invalid.
 */
export function applyCommand(pool: PoolRuntime, cmd: AdminCommand, now: number): Upstream | null {
  if (cmd.type === 'add') {
    const { url, ...member } = cmd.member;
    const issues: Parameters<typeof targetOf>[3] = [];
    const target = targetOf(String(member.id), url, ['member', 'url'], issues);
    if (target === null) throw new LbkitError('LBK_ERR_INVALID_EVENT', `add: ${issues[0]?.message ?? 'bad url'}; fix: ${issues[0]?.fix ?? ''}`);
    pool.apply({ type: 'memberAdded', member }, now); // validates and records first: nothing changes on a bad member
    pool.upstreams.set(target.id, createUpstream(target, memberTlsOptions(pool.config), () => pool.config.timeouts.connectMs));
    const m = pool.pool.member(target.id)!;
    const resolved = { id: m.id, route: m.route, weight: m.weight, tier: m.tier, disabled: m.disabled, draining: m.draining, standby: m.standby };
    const balancer = { ...pool.config.balancer, members: [...pool.config.balancer.members, resolved] };
    pool.config = { ...pool.config, balancer, targets: [...pool.config.targets, target] };
    return null;
  }
  pool.apply(eventOf(cmd), now);
  if (cmd.type !== 'remove') return null;
  const gone = pool.upstreams.get(cmd.member) ?? null;
  pool.upstreams.delete(cmd.member);
  const balancer = { ...pool.config.balancer, members: pool.config.balancer.members.filter((m) => m.id !== cmd.member) };
  pool.config = { ...pool.config, balancer, targets: pool.config.targets.filter((t) => t.id !== cmd.member) };
  return gone;
}
