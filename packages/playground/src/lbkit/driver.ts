/**
 * A run of the real simulator for the page: it runs `Simulation` on a playground scenario and
 * hands the page plain "happenings" (what was sent, where the core forwarded it and why, what came
 * back), with the facts of each decision from the core's state replayed beside the run.
 *
 * @module
 */
import { apply, type BalancerState, decide, type LogEntry, restorePool } from '@lbkit/core';
import { sameDecision } from '@lbkit/core/internals';
import { buildReport, logHistogram, Simulation, type SimEvent, type SimReport } from '@lbkit/sim';
import { type Action, memberName, type Settings } from '../settings.js';
import { type DecisionFacts, factsOf } from './facts.js';
import { buildScenario, POOL } from './scenario.js';

/** Something that happened in the run, in the page's terms (members by index). */
export type Happening =
  | { readonly kind: 'sent'; readonly at: number; readonly request: number; readonly balancer: number; readonly session: number }
  | { readonly kind: 'forwarded'; readonly at: number; readonly request: number; readonly member: number; readonly attempt: number; readonly affinity: boolean; readonly broken: boolean; readonly why: DecisionFacts | null }
  | { readonly kind: 'failed'; readonly at: number; readonly request: number; readonly member: number; readonly cause: string }
  | { readonly kind: 'served'; readonly at: number; readonly request: number; readonly member: number; readonly status: number; readonly latencyMs: number }
  | { readonly kind: 'refused'; readonly at: number; readonly request: number; readonly reason: string; readonly why: DecisionFacts | null }
  | { readonly kind: 'abandoned'; readonly at: number; readonly request: number }
  | { readonly kind: 'status'; readonly at: number; readonly balancer: number; readonly member: number; readonly status: 'ok' | 'error' | 'down' }
  | { readonly kind: 'fault'; readonly at: number; readonly member: number; readonly fault: string; readonly active: boolean }
  | { readonly kind: 'drain'; readonly at: number; readonly member: number; readonly active: boolean };

const indexOf = (id: string): number => id.charCodeAt(0) - 65;

/**
 * One run of the real simulator, consumed happening by happening. The simulator may run ahead of
 * what the page has shown (to find the next happening for a step); the page only ever sees
 * happenings in order, so what it shows depends on the count taken, never on how it was sliced.
 */
export class Driver {
  private readonly sim: Simulation;
  /** The core's state per `b<i>/app`, replayed beside the sim from its event log, to explain decisions. */
  private readonly shadow = new Map<string, BalancerState>();
  private why: DecisionFacts | null = null;
  private readonly buffer: Happening[] = [];
  private head = 0;
  private readonly admin: Action[];
  private finished = false;
  private mismatched = 0;

  /**
   * `watch`: `explain` gives happenings with the facts of each decision (what the page shows),
   * `happenings` gives them without (`why` null; cheaper), `quiet` gives none (for whole runs summed up).
   */
  constructor(readonly settings: Settings, readonly actions: readonly Action[] = [], watch: 'explain' | 'happenings' | 'quiet' = 'explain') {
    this.sim = new Simulation(buildScenario(settings, actions), watch === 'explain' ? { record: (e) => this.recorded(e) } : {});
    if (watch !== 'quiet') this.sim.tracer.listen((e) => this.heard(e));
    this.admin = actions.filter((a) => a.kind === 'drain' || a.kind === 'restart');
  }

  /** Runs to the end and returns the simulator's own report of the whole run. */
  finish(): SimReport {
    this.runTo(Infinity);
    return buildReport(this.sim);
  }

  /** Virtual time the simulator has reached (at or past what the page shows). */
  get simulatedTo(): number {
    return this.sim.now;
  }

  /** The next happening at or before `t`, running the simulator as far as needed; undefined when none. */
  take(t: number): Happening | undefined {
    if (this.head === this.buffer.length && !this.finished && this.sim.now < t) this.runTo(t);
    const h = this.buffer[this.head];
    if (h === undefined || h.at > t) return undefined;
    return this.shift();
  }

  /** The next happening whenever it is (for stepping); undefined when the run is over. */
  next(): Happening | undefined {
    let window = 1;
    while (this.head === this.buffer.length && !this.finished) {
      this.runTo(this.sim.now + window);
      window *= 2;
    }
    return this.head < this.buffer.length ? this.shift() : undefined;
  }

  /** Decisions the replayed state made differently from the run (0 unless the inspector would lie). */
  get mismatches(): number {
    return this.mismatched;
  }

  /** True when the run is over and every happening was taken. */
  get done(): boolean {
    return this.finished && this.head === this.buffer.length;
  }

  private shift(): Happening {
    const h = this.buffer[this.head++]!;
    if (this.head > 4096 && this.head * 2 > this.buffer.length) {
      this.buffer.splice(0, this.head);
      this.head = 0;
    }
    return h;
  }

  private runTo(t: number): void {
    while (this.admin.length > 0 && this.admin[0]!.at <= t) {
      const a = this.admin.shift()!;
      if (!this.sim.runUntil(a.at)) this.finished = true;
      this.operate(a);
    }
    if (!this.sim.runUntil(t)) this.finished = true;
  }

  /**
   * Drain and its end are operator commands, not server faults, so the sim's fault list cannot
   * carry them: they are applied to every balancer instance's core state at their time.
   * (`world` is the simulator's internal model; this is the one place the playground reaches it.)
   */
  private operate(a: Action): void {
    const member = memberName(a.member);
    const event = a.kind === 'drain' ? ({ type: 'memberDrainStarted', member } as const) : ({ type: 'memberEnabled', member } as const);
    // each instance's pool handle records the event, so the shadow states see it too
    for (const b of this.sim.world.balancers) b.pools[0]!.apply(event, a.at);
    this.buffer.push({ kind: 'drain', at: a.at, member: a.member, active: a.kind === 'drain' });
  }

  private recorded(e: LogEntry): void {
    const pool = e.pool ?? 'b0/app'; // the sim always names the pool `b<instance>/<pool>`
    if (e.type === 'start') {
      this.shadow.set(pool, restorePool(e.state).snapshot());
      return;
    }
    const before = this.shadow.get(pool)!;
    if (e.type === 'apply') {
      this.shadow.set(pool, apply(before, e.event, e.at));
      return;
    }
    const [after, mine] = decide(before, e.request, e.at);
    this.shadow.set(pool, after);
    const d = e.decision;
    if (!sameDecision(mine, d)) this.mismatched++;
    const verdict =
      d.type === 'forward'
        ? { type: 'forward' as const, member: d.member, attempt: d.attempt, affinity: d.affinity, routeChanged: d.routeChanged }
        : { type: 'reject' as const, reason: d.reason, attempt: d.attempt };
    const balancer = Number(pool.slice(1, pool.indexOf('/')));
    const byMethod = d.type === 'forward' && !d.affinity;
    this.why = { ...factsOf(before, e.request, e.at, balancer, byMethod), countersAfter: after.lbstatus, verdict };
  }

  private heard(e: SimEvent): void {
    const h = happeningOf(e, this.why);
    if (e.type === 'requestForwarded' || e.type === 'requestRefused') this.why = null;
    if (h !== null) this.buffer.push(h);
  }
}

function happeningOf(e: SimEvent, why: DecisionFacts | null): Happening | null {
  switch (e.type) {
    case 'requestSent':
      return { kind: 'sent', at: e.at, request: e.request, balancer: e.balancer, session: e.session };
    case 'requestForwarded':
      return { kind: 'forwarded', at: e.at, request: e.request, member: indexOf(e.member), attempt: e.attempt, affinity: e.affinity, broken: e.affinityBroken, why };
    case 'attemptFailed':
      return { kind: 'failed', at: e.at, request: e.request, member: indexOf(e.member), cause: e.cause };
    case 'requestServed':
      return { kind: 'served', at: e.at, request: e.request, member: indexOf(e.member), status: e.status, latencyMs: e.latencyMs };
    case 'requestRefused':
      return { kind: 'refused', at: e.at, request: e.request, reason: e.reason, why };
    case 'requestAbandoned':
      return { kind: 'abandoned', at: e.at, request: e.request };
    case 'memberStatusChanged':
      return { kind: 'status', at: e.at, balancer: e.balancer, member: indexOf(e.member), status: e.status };
    case 'faultChanged':
      return { kind: 'fault', at: e.at, member: indexOf(e.server), fault: e.fault, active: e.active };
    default:
      return null;
  }
}

/** Summary figures of a whole run, for the side-by-side view. */
export interface RunSummary {
  readonly served: number;
  readonly refused: number;
  readonly failovers: number;
  readonly lateReplies: number;
  readonly latency: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number };
  /** [from ms, to ms, count] of the latency histogram (log buckets). */
  readonly buckets: readonly (readonly [number, number, number])[];
  /** Share of forwarded requests per member. */
  readonly shares: readonly number[];
  readonly traceHash: string;
}

/** Runs the settings and clicks to the end, without the page, and sums it up (the sim's own report). */
export function runToEnd(s: Settings, actions: readonly Action[]): RunSummary {
  const r = new Driver(s, actions, 'quiet').finish();
  const members = r.pools[POOL]!.members;
  return {
    served: r.requests.served,
    refused: r.requests.refused,
    failovers: r.requests.failovers,
    lateReplies: r.requests.lateReplies,
    latency: r.latency,
    buckets: r.latencyBuckets,
    shares: s.members.map((_, i) => members[memberName(i)]?.share ?? 0),
    traceHash: r.traceHash,
  };
}

/** An SVG latency histogram on a log scale (the simulator's own report chart). */
export function histogramSvg(title: string, r: RunSummary): string {
  return logHistogram(title, r.buckets, [['p50', r.latency.p50], ['p99', r.latency.p99]]);
}
