/**
 * The event log as a file format: what a line may hold, how a bad line is reported (its number, the
 * path inside it, a fix), and what a replay reports for several pools.
 */
import { describe, expect, it } from 'vitest';
import { createPool, encodeLogEntry, type LogEntry, parseLog, type PoolConfig, replayLog } from '../src/index.js';

const config: PoolConfig = { sticky: { cookie: 'ROUTEID' }, method: 'bybusyness', members: [{ id: 'a' }, { id: 'b' }] };

/** A recorded run of two named pools, written by the handle's own recorder. */
function recorded(): LogEntry[] {
  const log: LogEntry[] = [];
  const one = createPool(config, { name: 'one', now: 0, record: (e) => log.push(e) });
  const two = createPool({ members: [{ id: 'x' }, { id: 'y' }] }, { name: 'two', now: 0, record: (e) => log.push(e) });
  one.decide({}, 1); // a
  two.decide({}, 1); // x
  one.apply({ type: 'requestFailed', member: 'a', cause: 'timeout' }, 2);
  one.decide({ cookie: 'ROUTEID=.a' }, 3); // a is in error: b, with a new cookie
  two.apply({ type: 'memberDisabled', member: 'x' }, 3);
  two.decide({}, 4); // y
  one.apply({ type: 'healthChecked', member: 'a', ok: true }, 5); // clears the error (rise 1)
  one.decide({ cookie: 'ROUTEID=.a' }, 6); // a by affinity
  return log;
}

describe('event log format', () => {
  it('a recorded run of two pools reads back entry for entry and replays', () => {
    const log = recorded();
    const text = `${log.map(encodeLogEntry).join('\r\n')}\n\n`;
    const r = parseLog(text);
    expect(r).toEqual({ ok: true, value: log });
    const report = replayLog(log);
    expect(report).toMatchObject({ ok: true, decisions: 5, events: 3, mismatch: null, missingStart: null });
    expect([...report.pools.keys()]).toEqual(['one', 'two']);
    // the replayed pools carry on as the originals would: one's a and b are both idle and healthy again
    expect(report.pools.get('one')!.member('a')).toMatchObject({ status: 'ok', busy: 1 });
    expect(report.pools.get('two')!.member('x')).toMatchObject({ disabled: true, busy: 1 });
  });

  it('the decisions recorded are the ones the rules give', () => {
    const decisions = recorded().flatMap((e) => (e.type === 'decide' ? [[e.pool, e.decision.type === 'forward' ? e.decision.member : e.decision.reason]] : []));
    expect(decisions).toEqual([
      ['one', 'a'],
      ['two', 'x'],
      ['one', 'b'],
      ['two', 'y'],
      ['one', 'a'],
    ]);
  });

  const bad: [name: string, line: string, code: string, path: (string | number)[]][] = [
    ['not JSON', '{"type":', 'invalid_json', []],
    ['an unknown entry type', '{"type":"note","at":1}', 'invalid_union', ['type']],
    ['a time that is not a number', '{"type":"apply","at":"1","event":{"type":"requestAbandoned","member":"a"}}', 'invalid_type', ['at']],
    ['an empty pool name', '{"type":"apply","pool":"","at":1,"event":{"type":"requestAbandoned","member":"a"}}', 'too_small', ['pool']],
    ['a pool name over 256 characters', `{"type":"apply","pool":"${'p'.repeat(257)}","at":1,"event":{"type":"requestAbandoned","member":"a"}}`, 'too_big', ['pool']],
    ['an unknown event', '{"type":"apply","at":1,"event":{"type":"memberDraining","member":"a"}}', 'invalid_union', ['event', 'type']],
    ['a status below 100', '{"type":"apply","at":1,"event":{"type":"responseReceived","member":"a","status":99}}', 'too_small', ['event', 'status']],
    ['an extra key', '{"type":"apply","at":1,"event":{"type":"requestAbandoned","member":"a"},"why":"x"}', 'unrecognized_keys', []],
    ['a decision with attempt 0', '{"type":"decide","at":1,"request":{},"decision":{"type":"reject","reason":"all-down","attempt":0}}', 'too_small', ['decision', 'attempt']],
    ['a request that tries an empty id', '{"type":"decide","at":1,"request":{"tried":[""]},"decision":{"type":"reject","reason":"all-down","attempt":2}}', 'too_small', ['request', 'tried', 0]],
  ];
  for (const [name, line, code, path] of bad) {
    it(`reports ${name} at its line, with the path inside it and a fix`, () => {
      const good = encodeLogEntry(recorded()[0]!);
      const r = parseLog(['', good, line, good].join('\n'));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toHaveLength(1);
      expect(r.error[0]!.line).toBe(3);
      const issue = r.error[0]!.issues[0]!;
      expect(issue).toMatchObject({ code, path });
      expect(issue.message).not.toBe('');
      expect(issue.fix).toBe(code === 'invalid_json' ? 'write one JSON object per line' : 'write the entry as documented in the @lbkit/core README (event log)');
    });
  }

  it('a time that JSON cannot hold is refused by the schema too', () => {
    const e = JSON.parse(encodeLogEntry(recorded()[1]!)) as Record<string, unknown>;
    e.at = 1e400; // JSON.stringify would write null; given as a value, it is Infinity
    const r = parseLog(JSON.stringify(e).replace('null', '1e400'));
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error[0]!.issues[0]!.path).toEqual(['at']);
  });

  it('replay names the entry of a pool that never started', () => {
    const log = recorded();
    const withoutTwo = log.filter((e) => !(e.type === 'start' && e.pool === 'two'));
    const index = withoutTwo.findIndex((e) => e.pool === 'two');
    expect(replayLog(withoutTwo)).toMatchObject({ ok: false, missingStart: index, mismatch: null, decisions: 1, events: 0 });
  });

  it('replay stops at the first decision that differs and names both', () => {
    const log = recorded();
    const index = log.map((e) => e.type).lastIndexOf('decide');
    const last = log[index] as Extract<LogEntry, { type: 'decide' }>;
    log[index] = { ...last, decision: { type: 'reject', reason: 'all-down', attempt: 1 } };
    expect(replayLog(log)).toMatchObject({
      ok: false,
      decisions: 5,
      events: 3,
      missingStart: null,
      mismatch: { index, pool: 'one', expected: { type: 'reject', reason: 'all-down' }, actual: { type: 'forward', member: 'a', affinity: true } },
    });
  });
});
