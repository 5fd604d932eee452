/**
 * A second pair of eyes on every core call the simulator makes: it keeps its own copy of each
 * pool's state from the recorded log, re-runs each decision, and checks the core's promises against
 * the state the decision was made from.
 */
import { apply, type BalancerState, decide, type LogEntry, restorePool } from '@lbkit/core';
import { carriedRoute, isUsable, sameDecision } from '@lbkit/core/internals';

/** Collects violations; `record` is given to the simulation as its event-log sink. */
export class CoreOracle {
  readonly violations: string[] = [];
  private readonly states = new Map<string | undefined, BalancerState>();
  decisions = 0;

  readonly record = (e: LogEntry): void => {
    if (e.type === 'start') {
      this.states.set(e.pool, restorePool(e.state).snapshot());
      return;
    }
    const pre = this.states.get(e.pool)!;
    if (e.type === 'apply') {
      this.states.set(e.pool, apply(pre, e.event, e.at));
      return;
    }
    this.decisions++;
    const [next, d] = decide(pre, e.request, e.at);
    // state is plain JSON: a round trip mid-run makes the same decision
    if (this.decisions % 97 === 0) {
      const [, again] = decide(JSON.parse(JSON.stringify(pre)) as BalancerState, e.request, e.at);
      if (!sameDecision(again, d)) this.fail(e, 'a JSON round trip of the state changes the decision');
    }
    this.states.set(e.pool, next);
    if (!sameDecision(d, e.decision)) this.fail(e, 'the decision does not replay');
    const tried = e.request.tried ?? [];
    const usable = pre.members.filter((m) => isUsable(m, e.at) && !tried.includes(m.id));
    if (d.type === 'reject' && usable.some((m) => !m.draining)) {
      this.fail(e, `refused (${d.reason}) while ${usable.map((m) => m.id).join(', ')} usable`);
    }
    const sticky = pre.settings.sticky;
    const route = sticky === null ? null : carriedRoute(sticky, e.request.cookie, e.request.url);
    const home = route === null ? undefined : usable.find((m) => m.route === route);
    if (home !== undefined && (d.type !== 'forward' || d.member !== home.id)) {
      this.fail(e, `session bound to usable ${home.id} was sent to ${d.type === 'forward' ? d.member : 'nobody'}`);
    }
  };

  /** Pools whose in-flight counts are not all back to zero (call after the run has drained). */
  inFlightLeft(): string[] {
    const out: string[] = [];
    for (const [pool, st] of this.states) if (st.busy.some((b) => b !== 0)) out.push(`${pool}: busy ${JSON.stringify(st.busy)}`);
    return out;
  }

  private fail(e: LogEntry, what: string): void {
    if (this.violations.length < 5) this.violations.push(`${what}: ${JSON.stringify(e)}`);
  }
}
