/**
 * Operator commands: add, remove, reweight, drain, disable, enable. Cold path, written with immer.
 *
 * @module
 */
import { castDraft, type Draft, produce } from 'immer';
import { validateMemberConfig } from './config.js';
import { formatPath, LbkitError } from './errors.js';
import type { AdminEvent } from './events.js';
import { buildRing } from './methods/hash.js';
import { type BalancerState, indexOfMember, memberState, updateMember, withMembers } from './state.js';

function requireMember(state: BalancerState, id: string, type: string): number {
  const i = indexOfMember(state.members, id);
  if (i < 0) throw new LbkitError('LBK_ERR_UNKNOWN_MEMBER', `${type}: no member "${id}" in this pool`);
  return i;
}

/** Rebuilds the hash ring after a change of members or weights, when the method uses one. */
function refreshRing(draft: Draft<BalancerState>): void {
  if (draft.settings.method === 'hash') draft.ring = castDraft(buildRing(draft.members as BalancerState['members'], draft.settings.hashPointsPerWeight));
}

/**
 * The state after an immer recipe, with members rebuilt as fixed-shape objects (immer's copies
 * would each get their own hidden class, see {@link updateMember}) and the columns rebuilt.
 */
function settle(next: BalancerState): BalancerState {
  return withMembers(next, next.members.map((m) => updateMember(m, {})));
}

/** Applies an admin event. Throws {@link LbkitError} when it names an unknown member or a bad value. */
export function applyAdmin(state: BalancerState, event: AdminEvent): BalancerState {
  return settle(changed(state, event));
}

function changed(state: BalancerState, event: AdminEvent): BalancerState {
  switch (event.type) {
    case 'memberAdded': {
      const r = validateMemberConfig(event.member);
      if (!r.ok) {
        const first = r.error[0]!;
        throw new LbkitError('LBK_ERR_INVALID_EVENT', `memberAdded: member.${formatPath(first.path)}: ${first.message}; fix: ${first.fix}`, r.error);
      }
      const added = r.value;
      if (indexOfMember(state.members, added.id) >= 0) throw new LbkitError('LBK_ERR_DUPLICATE_MEMBER', `memberAdded: a member "${added.id}" already exists`);
      if (state.members.some((m) => m.route === added.route)) throw new LbkitError('LBK_ERR_DUPLICATE_MEMBER', `memberAdded: route "${added.route}" is already used`);
      return produce(state, (draft) => {
        draft.members.push(memberState(added));
        draft.lbstatus.push(0);
        draft.busy.push(0);
        refreshRing(draft);
      });
    }
    case 'memberRemoved': {
      const i = requireMember(state, event.member, event.type);
      return produce(state, (draft) => {
        draft.members.splice(i, 1);
        draft.lbstatus.splice(i, 1);
        draft.busy.splice(i, 1);
        refreshRing(draft);
      });
    }
    case 'weightChanged': {
      const i = requireMember(state, event.member, event.type);
      if (!Number.isInteger(event.weight) || event.weight < 1 || event.weight > 100) {
        throw new LbkitError('LBK_ERR_INVALID_EVENT', `weightChanged: weight ${String(event.weight)} for "${event.member}"; fix: use a whole number from 1 to 100`);
      }
      return produce(state, (draft) => {
        draft.members[i]!.weight = event.weight;
        refreshRing(draft);
      });
    }
    case 'memberDraining': {
      const i = requireMember(state, event.member, event.type);
      return produce(state, (draft) => {
        draft.members[i]!.draining = true;
      });
    }
    case 'memberDisabled': {
      const i = requireMember(state, event.member, event.type);
      return produce(state, (draft) => {
        draft.members[i]!.disabled = true;
      });
    }
    case 'memberEnabled': {
      const i = requireMember(state, event.member, event.type);
      return produce(state, (draft) => {
        draft.members[i]!.disabled = false;
        draft.members[i]!.draining = false;
      });
    }
  }
}
