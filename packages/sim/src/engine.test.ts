import { describe, expect, it } from 'vitest';
import type { Scenario } from './scenario.js';
import type { SimEvent } from './sim-events.js';
import { simulate } from './simulate.js';

/** Two members, 5 ms constant service, no network delay, one request every 10 ms. */
function pair(faults: Scenario['faults'], extra: Partial<Scenario> = {}): Scenario {
  return {
    name: 'pair',
    durationMs: 80,
    pools: { web: { members: [{ id: 'a' }, { id: 'b' }], health: { retryMs: 20 } } },
    serverDefaults: { concurrency: 4, queue: 4, service: { type: 'constant', ms: 5 } },
    balancers: { routes: [{ prefix: '/', pool: 'web' }], timeoutMs: 50 },
    clients: [{ type: 'open', name: 'c', arrivals: { type: 'fixed', ratePerSec: 100 }, paths: [{ path: '/' }] }],
    faults,
    ...extra,
  };
}

/** The trace as a marble-like line per request: `t:member` forwards, `!cause` failures, `=status` or `x reason`. */
function timeline(trace: readonly SimEvent[]): string[] {
  const lines = new Map<number, string>();
  for (const e of trace) {
    if (!('request' in e)) continue;
    const add = (s: string) => lines.set(e.request, (lines.get(e.request) ?? '') + s);
    if (e.type === 'requestSent') add(`${e.at}`);
    if (e.type === 'requestForwarded') add(` ${e.at}:${e.member}`);
    if (e.type === 'attemptFailed') add(` !${e.cause}@${e.at}`);
    if (e.type === 'requestServed') add(` =${e.status}@${e.at}`);
    if (e.type === 'requestRefused') add(` x${e.reason}@${e.at}`);
    if (e.type === 'requestAbandoned') add(` ~gave-up@${e.at}`);
  }
  return [...lines.values()];
}

describe('engine timelines', () => {
  it('fails over a refused request and brings the member back after retry', () => {
    const { trace } = simulate(pair([{ kind: 'crash', server: 'a', at: 15, forMs: 30 }]), { keepTrace: true });
    expect(timeline(trace)).toEqual([
      '0 0:a =200@5',
      '10 10:b =200@15',
      '20 20:a !refused@20 20:b =200@25', // a is down: refused, a in error until 40, b takes it
      '30 30:b =200@35',
      '40 40:b =200@45', // a's retry period is over, but byrequests charged a for the failed pick at 20
      '50 50:a =200@55', // a (recovered at 45) gets its turn again
      '60 60:b =200@65',
      '70 70:a =200@75',
    ]);
  });

  it('resets the requests in flight when a server crashes', () => {
    const { trace } = simulate(pair([{ kind: 'crash', server: 'a', at: 2, forMs: 100 }], { durationMs: 10 }), { keepTrace: true });
    expect(timeline(trace)).toEqual(['0 0:a !reset@2 2:b =200@7']);
  });

  it('times out an attempt to a server the balancer cannot reach, and drops its late answer', () => {
    const { trace, report } = simulate(pair([{ kind: 'partition', balancer: 0, server: 'a', at: 0, forMs: 3 }], { durationMs: 10 }), { keepTrace: true });
    // cut off at the time of sending: no answer, the 50 ms timeout fires, b serves it
    expect(timeline(trace)).toEqual(['0 0:a !timeout@50 50:b =200@55']);
    expect(report.requests.lateReplies).toBe(0);
  });

  it('answers 503 when a server\'s queue is full, and refuses when every member is down', () => {
    const full = pair([], { durationMs: 10, serverDefaults: { concurrency: 1, queue: 0, service: { type: 'constant', ms: 30 } } });
    const twoAtOnce = { ...full, clients: [...full.clients, { ...full.clients[0]!, name: 'd' }, { ...full.clients[0]!, name: 'e' }] };
    expect(timeline(simulate(twoAtOnce, { keepTrace: true }).trace)).toEqual(['0 0:a =200@30', '0 0:b =200@30', '0 0:a =503@0']);
    const down = pair([{ kind: 'crash', server: 'a', at: 0 }, { kind: 'crash', server: 'b', at: 0 }], { durationMs: 30 });
    expect(timeline(simulate(down, { keepTrace: true }).trace)).toEqual([
      '0 0:a !refused@0 0:b !refused@0 xall-down@0', // both tried, both now in error
      '10 xall-down@10', // nothing usable until the retry period (20 ms) ends
      '20 20:b !refused@20 20:a !refused@20 xall-down@20', // both retried, still down
    ]);
  });

  it('abandons the attempt in flight when the client gives up, and drops the late answer', () => {
    const slow = pair([], { durationMs: 10, serverDefaults: { concurrency: 1, queue: 4, service: { type: 'constant', ms: 30 } } });
    const impatient = { ...slow, clients: [{ ...slow.clients[0]!, giveUpMs: 20 }] };
    const { trace, report } = simulate(impatient, { keepTrace: true });
    expect(timeline(trace)).toEqual(['0 0:a ~gave-up@20']);
    expect(report.requests).toMatchObject({ sent: 1, served: 0, abandoned: 1, lateReplies: 1, lost: 0 });
  });
});
