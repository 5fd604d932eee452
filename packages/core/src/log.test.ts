import { describe, expect, it } from 'vitest';
import { apply, initialState, decide, encodeLogEntry, parseLog, replayLog } from './index.js';
import type { BalancerRequest, BalancerState, LogEntry } from './index.js';

/** Records a short run of two pools the way a proxy would. */
function record(): LogEntry[] {
  const pools: Record<string, BalancerState> = {
    dynamic: initialState({ members: [{ id: 'dynamic1' }, { id: 'dynamic2' }, { id: 'dynamic3' }] }),
    static: initialState({ sticky: { cookie: 'ROUTEID' }, method: 'p2c', members: [{ id: 'static1' }, { id: 'static2' }] }),
  };
  const log: LogEntry[] = Object.entries(pools).map(([pool, state]) => ({ type: 'start', pool, at: 0, state }));
  const requests: [string, BalancerRequest][] = [
    ['dynamic', {}],
    ['static', {}],
    ['static', { cookie: 'ROUTEID=.static2' }],
    ['dynamic', {}],
  ];
  let at = 0;
  for (const [pool, request] of requests) {
    at += 10;
    const [next, decision] = decide(pools[pool]!, request, at);
    pools[pool] = next;
    log.push({ type: 'decide', pool, at, request, decision });
    if (decision.type === 'forward') {
      const event = { type: 'requestFailed', member: decision.member, cause: 'refused' } as const;
      pools[pool] = apply(pools[pool]!, event, at + 1);
      log.push({ type: 'apply', pool, at: at + 1, event });
    }
  }
  return log;
}

describe('event log', () => {
  it('replays a recorded run and reproduces every decision', () => {
    const text = record().map(encodeLogEntry).join('\n') + '\n';
    const parsed = parseLog(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const report = replayLog(parsed.value);
    expect(report).toMatchObject({ ok: true, decisions: 4, events: 4, mismatch: null });
  });

  it('names the first decision that differs', () => {
    const log = record();
    const index = log.findIndex((e, i) => e.type === 'decide' && i > 3);
    const e = log[index] as Extract<LogEntry, { type: 'decide' }>;
    if (e.decision.type !== 'forward') throw new Error('expected a forward');
    log[index] = { ...e, decision: { ...e.decision, member: 'forged' } };
    const report = replayLog(log);
    expect(report.ok).toBe(false);
    expect(report.mismatch?.index).toBe(index);
    expect(report.mismatch?.expected).toMatchObject({ member: 'forged' });
  });

  it('reports an entry for a pool that never started', () => {
    const report = replayLog([{ type: 'apply', pool: 'ghost', at: 0, event: { type: 'memberEnabled', member: 'x' } }]);
    expect(report).toMatchObject({ ok: false, missingStart: 0 });
  });

  it('lists every bad line with its number', () => {
    const good = encodeLogEntry(record()[0]!);
    const r = parseLog([good, '{not json', '{"type":"apply","at":1,"event":{"type":"explode"}}', ''].join('\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((b) => b.line)).toEqual([2, 3]);
    expect(r.error[0]!.issues[0]!.code).toBe('invalid_json');
  });

  it('refuses a start state whose arrays do not match its members', () => {
    const start = record()[0] as Extract<LogEntry, { type: 'start' }>;
    const broken = { ...start, state: { ...start.state, busy: [] } };
    expect(parseLog(JSON.stringify(broken)).ok).toBe(false);
  });
});
