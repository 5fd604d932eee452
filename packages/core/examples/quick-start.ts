import { createPool, type Decision, formatSetCookie } from '@lbkit/core';

/** The seed's static pool: three decisions, a failure, a recovery. Returns what happened, one line each. */
export function quickStart(): string[] {
  const lines: string[] = [];
  const show = (now: number, cookie: string, d: Decision): void => {
    const what = d.type === 'reject' ? `reject (${d.reason})` : `→ ${d.member}${d.setCookie ? `, Set-Cookie: ${formatSetCookie(d.setCookie)}` : ''}`;
    lines.push(`t=${now} ${cookie || '(no cookie)'} ${what}`);
  };

  const pool = createPool({
    sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true, cookieAttributes: { httpOnly: true } },
    health: { retryMs: 60_000 },
    members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }],
  });

  // A request and its answer: decide, then report the outcome so the member is no longer busy.
  const request = (now: number, cookie: string, ok = true): Decision => {
    const d = pool.decide(cookie ? { cookie } : {}, now);
    show(now, cookie, d);
    if (d.type === 'forward') {
      pool.apply(ok ? { type: 'responseReceived', member: d.member, status: 200 } : { type: 'requestFailed', member: d.member, cause: 'refused' }, now + 5);
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
