/**
 * The stories the guides tell, computed by the real core: every sequence, counter and state quoted
 * in a guide or drawn in a figure comes from here, and the guide test checks the text against it.
 *
 * @module
 */
import { apply, type BalancerRequest, type BalancerState, decide, type Decision, initialState, type PoolConfig } from '@lbkit/core';

/** The member a decision chose, or `reject:<reason>`. */
export function label(d: Decision): string {
  return d.type === 'forward' ? d.member : `reject:${d.reason}`;
}

/** Decides every request in turn at time `now`; returns the final state and the decisions. */
export function run(state: BalancerState, requests: readonly BalancerRequest[], now = 0): [BalancerState, Decision[]] {
  const out: Decision[] = [];
  let s = state;
  for (const r of requests) {
    const [next, d] = decide(s, r, now);
    s = next;
    out.push(d);
  }
  return [s, out];
}

/** `n` copies of a request. */
export function times(n: number, r: BalancerRequest = {}): BalancerRequest[] {
  return Array.from({ length: n }, () => r);
}

/** The members chosen for `n` new requests to a fresh pool. */
export function sequence(config: PoolConfig, n: number): string[] {
  return run(initialState(config), times(n))[1].map(label);
}

/** One byrequests pick, as the counter table shows it. */
export interface CounterStep {
  readonly before: readonly number[];
  /** The counters after every candidate added its weight. */
  readonly added: readonly number[];
  readonly winner: number;
  /** The sum of the weights added, taken from the winner. */
  readonly total: number;
  readonly after: readonly number[];
}

/** The counter table of `n` new requests to a fresh pool of members with `weights`. */
export function counterSteps(weights: readonly number[], n: number, names: readonly string[]): CounterStep[] {
  let s = initialState({ members: weights.map((weight, i) => ({ id: names[i]!, weight })) });
  const steps: CounterStep[] = [];
  const total = weights.reduce((a, b) => a + b, 0);
  for (let k = 0; k < n; k++) {
    const before = s.lbstatus;
    const [next, d] = decide(s, {}, 0);
    s = next;
    const winner = d.type === 'forward' ? names.indexOf(d.member) : -1;
    steps.push({ before, added: before.map((c, i) => c + weights[i]!), winner, total, after: s.lbstatus });
  }
  return steps;
}

/** The seed's static pool (Apache `stickysession=ROUTEID|jsessionid scolonpathdelim=On`). */
export const STATIC_POOL: PoolConfig = {
  sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true },
  members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }],
};

/** One request of the catch-up story. */
export interface CatchUpStep {
  readonly sticky: boolean;
  readonly member: string;
  readonly lbstatus: readonly number[];
}

/** Six new sessions, five requests carrying `ROUTEID=.static1`, then fifteen new sessions. */
export function catchUp(): CatchUpStep[] {
  const requests = [...times(6), ...times(5, { cookie: 'ROUTEID=.static1' }), ...times(15)];
  let s = initialState(STATIC_POOL);
  const steps: CatchUpStep[] = [{ sticky: false, member: '', lbstatus: s.lbstatus }];
  for (const r of requests) {
    const [next, d] = decide(s, r, 0);
    s = next;
    steps.push({ sticky: r.cookie !== undefined, member: label(d), lbstatus: s.lbstatus });
  }
  return steps.slice(1);
}

/** One request of a timed story: when, what it carried, what the core decided. */
export interface StoryStep {
  readonly at: number;
  readonly cookie: string;
  readonly decision: Decision;
  /** The outcome reported for a forward: a status, or a failure. */
  readonly outcome: 'ok' | 'refused';
}

/**
 * The sticky static pool when static2 dies: three new sessions, a returning one, a refused
 * connection, the session moving with a new cookie, and static2 back after its retry period.
 */
export function sessionMoves(): StoryStep[] {
  let s = initialState({ ...STATIC_POOL, health: { retryMs: 60_000 } });
  const plan: [number, string, 'ok' | 'refused'][] = [
    [0, '', 'ok'],
    [10, '', 'ok'],
    [20, '', 'ok'],
    [30, 'ROUTEID=.static2', 'ok'],
    [40, 'ROUTEID=.static2', 'refused'],
    [50, 'ROUTEID=.static2', 'ok'],
    [60, 'ROUTEID=.static1', 'ok'],
    [60_050, 'ROUTEID=.static2', 'ok'],
  ];
  const steps: StoryStep[] = [];
  for (const [at, cookie, outcome] of plan) {
    const [next, d] = decide(s, cookie === '' ? {} : { cookie }, at);
    s = next;
    if (d.type === 'forward') {
      s =
        outcome === 'ok'
          ? apply(s, { type: 'responseReceived', member: d.member, status: 200 }, at + 5)
          : apply(s, { type: 'requestFailed', member: d.member, cause: 'refused' }, at + 5);
    }
    steps.push({ at, cookie, decision: d, outcome });
  }
  return steps;
}

/** What the core makes of one request to a fresh static pool, for the route-parsing table. */
export function routeOf(request: BalancerRequest): Decision {
  return decide(initialState(STATIC_POOL), request, 0)[1];
}

/** Drain: static2 drains; new sessions skip it, its own sessions stay. */
export function drainStory(): string[] {
  let s = apply(initialState(STATIC_POOL), { type: 'memberDrainStarted', member: 'static2' }, 0);
  const [, ds] = run(s, [{}, {}, { cookie: 'ROUTEID=.static2' }, {}]);
  s = initialState({ ...STATIC_POOL, members: [{ id: 'static1', draining: true }] });
  const [, only] = run(s, [{}, { cookie: 'ROUTEID=.static1' }]);
  return [...ds, ...only].map(label);
}
