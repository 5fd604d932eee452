/**
 * The live figures of a run: per-member counters, the recent requests with their decisions, and
 * the attempts in flight for the animation. Built only from happenings, in order, so the same
 * happenings always give the same board.
 *
 * @module
 */
import type { DecisionFacts, Happening } from './lbkit/index.js';

/** Seconds of virtual time the rates and recent latencies are taken over. */
export const WINDOW_MS = 2_000;

/** One member's live figures. */
export interface MemberLive {
  /** Attempts forwarded to it. */
  forwarded: number;
  /** Responses it gave (any status). */
  served: number;
  /** Attempts that failed on it (refused, reset, timed out). */
  failed: number;
  /** Attempts sent and not yet ended. */
  inFlight: number;
  /** Latency sum and count of all its responses, ms. */
  latencySum: number;
  /** (time, latency) of its recent responses, oldest first. */
  readonly recent: number[];
  /** Core status per balancer instance: ok, error or down. */
  readonly status: string[];
  crashed: boolean;
  slowed: boolean;
  draining: boolean;
}

/** One attempt of a request: where it went and why. */
export interface AttemptLog {
  readonly member: number;
  readonly at: number;
  readonly why: DecisionFacts | null;
  failed: string | null;
}

/** One recent request. */
export interface RequestLog {
  readonly id: number;
  readonly sentAt: number;
  readonly balancer: number;
  readonly session: number;
  readonly attempts: AttemptLog[];
  end: { readonly at: number; readonly text: string; readonly ok: boolean } | null;
  /** The decision that refused it, if the core refused it. */
  refusal: DecisionFacts | null;
}

/** An attempt for the animation: sent at `at` to `member`; `ok` false once it failed. */
export interface Flight {
  readonly at: number;
  readonly member: number;
  readonly request: number;
  ok: boolean;
}

const KEEP_REQUESTS = 300;
const KEEP_NOTABLE = 200;
const KEEP_FLIGHTS = 1_500;

/** A request worth finding later: it failed over, was refused, or its route named another member. */
function isNotable(r: RequestLog): boolean {
  if (r.refusal !== null || r.attempts.length > 1 || r.attempts.some((a) => a.failed !== null)) return true;
  const first = r.attempts[0];
  return first?.why?.route != null && first.why.route !== String.fromCharCode(65 + first.member);
}

/** The live figures of one run. */
export class Board {
  /** Virtual time shown, ms. */
  now = 0;
  /** Happenings taken so far (what a share link replays). */
  taken = 0;
  sent = 0;
  served = 0;
  refused = 0;
  failovers = 0;
  readonly members: MemberLive[];
  /** Recent requests by id, oldest first (Map keeps insertion order). */
  readonly requests = new Map<number, RequestLog>();
  /** Recent requests that failed over, were refused, or left the member their route named; oldest first. */
  readonly notable: RequestLog[] = [];
  readonly flights: Flight[] = [];
  /** The last happening taken, for the step line. */
  last: Happening | null = null;

  constructor(members: number, balancers: number) {
    this.members = Array.from({ length: members }, () => ({
      forwarded: 0, served: 0, failed: 0, inFlight: 0, latencySum: 0, recent: [],
      status: Array.from({ length: balancers }, () => 'ok'), crashed: false, slowed: false, draining: false,
    }));
  }

  /** Takes one happening into the figures. */
  take(h: Happening): void {
    this.taken++;
    this.last = h;
    if (h.at > this.now) this.now = h.at;
    switch (h.kind) {
      case 'sent': return this.wasSent(h.request, h.at, h.balancer, h.session);
      case 'forwarded': return this.wasForwarded(h);
      case 'failed': return this.attemptFailed(h.request, h.member, h.cause);
      case 'served': return this.wasServed(h.request, h.member, h.at, h.status, h.latencyMs);
      case 'refused': return this.wasRefused(h.request, h.at, h.reason, h.why);
      case 'abandoned': return this.ended(h.request, h.at, 'abandoned by the client', false, true);
      case 'status': this.members[h.member]!.status[h.balancer] = h.status; return;
      case 'fault': return this.faulted(h.member, h.fault, h.active);
      case 'drain': this.members[h.member]!.draining = h.active; return;
    }
  }

  private wasSent(id: number, at: number, balancer: number, session: number): void {
    this.sent++;
    this.requests.set(id, { id, sentAt: at, balancer, session, attempts: [], end: null, refusal: null });
    if (this.requests.size > KEEP_REQUESTS) this.requests.delete(this.requests.keys().next().value!);
  }

  private wasForwarded(h: Extract<Happening, { kind: 'forwarded' }>): void {
    const m = this.members[h.member]!;
    m.forwarded++;
    m.inFlight++;
    if (h.attempt > 1) this.failovers++;
    this.requests.get(h.request)?.attempts.push({ member: h.member, at: h.at, why: h.why, failed: null });
    this.flights.push({ at: h.at, member: h.member, request: h.request, ok: true });
    if (this.flights.length > KEEP_FLIGHTS) this.flights.splice(0, this.flights.length - KEEP_FLIGHTS);
  }

  private attemptFailed(id: number, member: number, cause: string): void {
    const m = this.members[member]!;
    m.failed++;
    m.inFlight--;
    const r = this.requests.get(id);
    const a = r?.attempts[r.attempts.length - 1];
    if (a !== undefined) a.failed = cause;
    for (let i = this.flights.length - 1; i >= 0; i--) {
      if (this.flights[i]!.member === member && this.flights[i]!.ok) {
        this.flights[i]!.ok = false;
        break;
      }
    }
  }

  private wasServed(id: number, member: number, at: number, status: number, latency: number): void {
    const m = this.members[member]!;
    m.served++;
    m.inFlight--;
    m.latencySum += latency;
    m.recent.push(at, latency);
    this.served++;
    this.ended(id, at, `${status} from ${String.fromCharCode(65 + member)} in ${latency.toFixed(1)} ms`, status < 500, false);
  }

  private wasRefused(id: number, at: number, reason: string, why: DecisionFacts | null): void {
    this.refused++;
    const r = this.requests.get(id);
    if (r !== undefined) r.refusal = why;
    this.ended(id, at, `refused: ${reason}`, false, false);
  }

  private ended(id: number, at: number, text: string, ok: boolean, abandoned: boolean): void {
    const r = this.requests.get(id);
    if (r === undefined) return;
    if (abandoned) {
      const a = r.attempts[r.attempts.length - 1];
      if (a !== undefined && a.failed === null) this.members[a.member]!.inFlight--;
    }
    r.end = { at, text, ok };
    if (isNotable(r)) {
      this.notable.push(r);
      if (this.notable.length > KEEP_NOTABLE) this.notable.shift();
    }
  }

  /** Request `id`, if still kept. */
  request(id: number): RequestLog | undefined {
    return this.requests.get(id) ?? this.notable.find((r) => r.id === id);
  }

  private faulted(member: number, fault: string, active: boolean): void {
    const m = this.members[member]!;
    if (fault === 'crash') m.crashed = active;
    if (fault === 'slow') m.slowed = active;
  }

  /** Responses per second and mean latency of a member over the last {@link WINDOW_MS}. */
  recentOf(member: number): { readonly perSec: number; readonly latencyMs: number } {
    const r = this.members[member]!.recent;
    let head = 0;
    while (head < r.length && r[head]! < this.now - WINDOW_MS) head += 2;
    if (head > 0) r.splice(0, head);
    let sum = 0;
    for (let i = 1; i < r.length; i += 2) sum += r[i]!;
    const n = r.length / 2;
    return { perSec: (n * 1000) / Math.min(WINDOW_MS, Math.max(1, this.now)), latencyMs: n === 0 ? 0 : sum / n };
  }
}
