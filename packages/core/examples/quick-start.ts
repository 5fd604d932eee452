import { apply, type BalancerState, createBalancer, type Decision, decide } from '@lbkit/core';

/** The seed's static pool: three decisions, a failure, a recovery. Returns what happened, one line each. */
export function quickStart(): string[] {
  const lines: string[] = [];
  const show = (now: number, cookie: string, d: Decision): void => {
    const what = d.type === 'reject' ? `reject (${d.reason})` : `→ ${d.member}${d.routeChanged ? `, set ROUTEID=${d.stickyValue}` : ''}`;
    lines.push(`t=${now} ${cookie || '(no cookie)'} ${what}`);
  };

  let state: BalancerState = createBalancer({
    sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true },
    health: { retryMs: 60_000 },
    members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }],
  });

  // A request and its answer: decide, then report the outcome so the member is no longer busy.
  const request = (now: number, cookie: string, ok = true): Decision => {
    const [next, d] = decide(state, cookie ? { cookie } : {}, now);
    state = next;
    show(now, cookie, d);
    if (d.type === 'forward') {
      state = ok
        ? apply(state, { type: 'responseReceived', member: d.member, status: 200 }, now + 5)
        : apply(state, { type: 'requestFailed', member: d.member, cause: 'refused' }, now + 5);
    }
    return d;
  };

  request(0, ''); // three new browsers: round robin, each told its route
  request(10, '');
  request(20, '');
  request(30, 'ROUTEID=.static2'); // a returning browser stays on static2
  request(40, 'ROUTEID=.static2', false); // static2 refuses the connection: it is in error for 60 s
  request(50, 'ROUTEID=.static2'); // its session moves, with a new cookie
  request(60_050, 'ROUTEID=.static2'); // after the retry period static2 is tried again and answers
  return lines;
}
