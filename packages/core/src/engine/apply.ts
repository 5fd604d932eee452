/**
 * Facts taken in by a pool's working state: outcomes, health checks and operator commands.
 *
 * @module
 */
import type { z } from 'zod';
import { toIssues } from '../config-issues.js';
import { formatPath, LbkitError } from '../errors.js';
import { adminEventSchema, type AdminEvent, type BalancerEvent } from '../events.js';
import { noteCheck, noteFailure, noteSuccess } from '../health.js';
import type { BalancerState, MemberState } from '../state.js';
import { Engine } from './engine.js';

function requireMember(e: Engine, id: string, type: string): number {
  const i = e.byId.get(id);
  if (i === undefined) throw new LbkitError('LBK_ERR_UNKNOWN_MEMBER', `${type}: no member "${id}" in this pool`);
  return i;
}

/** A checked operator event, or an {@link LbkitError} that says what is wrong with it. */
function checkedAdmin(event: AdminEvent): z.output<typeof adminEventSchema> {
  const r = adminEventSchema.safeParse(event);
  if (r.success) return r.data;
  const issues = toIssues(r.error);
  const first = issues[0]!;
  throw new LbkitError('LBK_ERR_INVALID_EVENT', `${event.type}: ${formatPath(first.path)}: ${first.message}; fix: ${first.fix}`, issues);
}

/** A new working state with the members changed: membership changes rebuild it (a cold path). */
function rebuilt(e: Engine, change: (s: { members: MemberState[]; lbstatus: number[]; busy: number[]; elected: number[] }) => void): Engine {
  // Stryker disable next-line BooleanLiteral: equivalent, the new Engine copies every member record it is given
  const snap = e.snapshot(false);
  const parts = { members: [...snap.members], lbstatus: [...snap.lbstatus], busy: [...snap.busy], elected: [...snap.elected] };
  change(parts);
  const next: BalancerState = { ...snap, ...parts };
  const engine = new Engine(next, e.clock);
  engine.epoch = e.epoch;
  return engine;
}

/** Applies an operator event; returns the working state to use from now on (a new one when membership changed). */
function applyAdmin(e: Engine, raw: AdminEvent): Engine {
  const event = checkedAdmin(raw);
  switch (event.type) {
    case 'memberAdded': {
      const m = event.member;
      if (e.byId.has(m.id)) throw new LbkitError('LBK_ERR_DUPLICATE_MEMBER', `memberAdded: a member "${m.id}" already exists`);
      if (e.byRoute.has(m.route)) throw new LbkitError('LBK_ERR_DUPLICATE_MEMBER', `memberAdded: route "${m.route}" is already used`);
      const added: MemberState = { ...m, status: 'ok', failures: 0, retryAt: 0, check: 'up', checkPasses: 0, checkFails: 0 };
      return rebuilt(e, (s) => {
        s.members.push(added);
        s.lbstatus.push(0);
        s.busy.push(0);
        s.elected.push(0);
      });
    }
    case 'memberRemoved': {
      const i = requireMember(e, event.member, event.type);
      return rebuilt(e, (s) => {
        for (const list of [s.members, s.lbstatus, s.busy, s.elected]) list.splice(i, 1);
      });
    }
    case 'weightChanged': {
      const i = requireMember(e, event.member, event.type);
      e.touch(i);
      e.leave(i);
      e.members[i]!.weight = event.weight;
      e.weight[i] = event.weight;
      e.refresh(i);
      if (e.ring !== null) e.rebuildRing();
      return e;
    }
    case 'memberDrainStarted': {
      const i = requireMember(e, event.member, event.type);
      e.touch(i);
      e.members[i]!.draining = true;
      e.refresh(i);
      return e;
    }
    case 'memberDisabled': {
      const i = requireMember(e, event.member, event.type);
      e.touch(i);
      if (!e.members[i]!.disabled) e.enabledCount--;
      e.members[i]!.disabled = true;
      e.refresh(i);
      return e;
    }
    case 'memberEnabled': {
      const i = requireMember(e, event.member, event.type);
      e.touch(i);
      if (e.members[i]!.disabled) e.enabledCount++;
      e.members[i]!.disabled = false;
      e.members[i]!.draining = false;
      e.refresh(i);
      return e;
    }
  }
}

/** Ends one request in flight on slot `i`. */
function endRequest(e: Engine, i: number): void {
  if (e.busy[i]! > 0) e.busy[i] = e.busy[i]! - 1;
}

/**
 * Takes in one fact at `now` (the clock must not go back; the caller checks). Returns the working
 * state to use from now on: the same one, or a new one after a change of membership.
 */
export function applyOn(e: Engine, event: BalancerEvent, now: number): Engine {
  e.advance(now);
  switch (event.type) {
    case 'responseReceived':
    case 'requestFailed':
    case 'requestAbandoned': {
      // outcomes about a member removed meanwhile are ignored: its request may end after it left
      const i = e.byId.get(event.member);
      if (i === undefined) return e;
      endRequest(e, i);
      if (event.type !== 'requestAbandoned') {
        e.touch(i);
        const m = e.members[i]!;
        const health = e.settings.health;
        if (event.type === 'requestFailed' || health.failOnStatus.includes(event.status)) {
          noteFailure(m, health, e.clock);
          e.refresh(i);
        } else if (noteSuccess(m, e.clock)) e.refresh(i);
      }
      if (e.byBusy) e.reheap(i);
      return e;
    }
    case 'healthChecked': {
      const i = e.byId.get(event.member);
      if (i === undefined) return e;
      e.touch(i);
      noteCheck(e.members[i]!, event.ok, e.settings.health);
      e.refresh(i);
      return e;
    }
    case 'memberAdded':
    case 'memberRemoved':
    case 'weightChanged':
    case 'memberDrainStarted':
    case 'memberDisabled':
    case 'memberEnabled':
      return applyAdmin(e, event);
    default: {
      const unknown: { readonly type?: unknown } = event;
      throw new LbkitError('LBK_ERR_INVALID_EVENT', `unknown event type ${JSON.stringify(unknown.type)}; fix: use one of EVENT_TYPES`);
    }
  }
}
