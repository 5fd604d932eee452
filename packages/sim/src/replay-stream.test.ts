import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeLogEntry, type LogEntry } from '@lbkit/core';
import { describe, expect, it } from 'vitest';
import { replayFile } from './replay-stream.js';
import type { Scenario } from './scenario.js';
import { simulate } from './simulate.js';

const s: Scenario = {
  name: 'tiny',
  durationMs: 3_000,
  pools: { web: { method: 'p2c', members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] } },
  serverDefaults: { concurrency: 2, queue: 5, service: { type: 'exponential', meanMs: 8 } },
  balancers: { routes: [{ prefix: '/', pool: 'web' }] },
  clients: [{ type: 'open', name: 'c', arrivals: { type: 'poisson', ratePerSec: 300 }, paths: [{ path: '/' }] }],
};
const entries: LogEntry[] = [];
simulate(s, { seed: 4, record: (e) => entries.push(e) });
const lines = entries.map(encodeLogEntry);
const dir = mkdtempSync(join(tmpdir(), 'lbkit-replay-'));

function replayLines(ls: readonly string[]): ReturnType<typeof replayFile> {
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, ls.join('\n') + '\n');
  return replayFile(file);
}

describe('replayFile', () => {
  it('replays a recorded run, blank lines included', () => {
    expect(lines.length).toBeGreaterThan(1000);
    expect(replayLines(lines).exitCode).toBe(0);
    const spaced = [...lines.slice(0, 10), '', '   ', ...lines.slice(10)];
    const r = replayLines(spaced);
    expect(r.exitCode).toBe(0);
    expect(r.message).toMatch(/\d+ decisions and \d+ events replayed, every decision matches/);
  });

  it('gives the same answer whatever the block size (lines split across blocks, lines longer than a block)', () => {
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const whole = replayFile(file);
    expect(replayFile(file, 97)).toEqual(whole);
    const bad = [...lines];
    bad[30] = bad[30]!.replace('"type":"', '"type":"x');
    writeFileSync(file, bad.join('\n'));
    expect(replayFile(file, 61).message).toBe(replayFile(file).message);
    expect(replayFile(file, 61).message).toContain('events.jsonl:31:');
  });

  it('names the line of a changed decision, counting blank lines', () => {
    const n = lines.findIndex((l, i) => i > 50 && l.includes('"type":"decide"') && l.includes('"member":"a"'));
    const bad = [...lines];
    bad[n] = bad[n]!.replace('"member":"a","route":"a"', '"member":"b","route":"b"');
    const r = replayLines(['', ...bad]);
    expect(r.exitCode).toBe(1);
    expect(r.message).toContain(`events.jsonl:${n + 2}: decision`);
  });

  it('reports broken JSON and an entry the schema rejects by line, with the schema\'s words', () => {
    const broken = [...lines];
    broken[20] = '{"type":"decide",';
    const r1 = replayLines(broken);
    expect(r1.exitCode).toBe(2);
    expect(r1.message).toMatch(/events\.jsonl:21: \(entry\): /);
    const wrong = [...lines];
    const k = wrong.findIndex((l) => l.includes('"type":"apply"'));
    wrong[k] = wrong[k]!.replace(/"event":\{"type":"[a-zA-Z]+"/, '"event":{"type":"exploded"');
    const r2 = replayLines(wrong);
    expect(r2.exitCode).toBe(2);
    expect(r2.message).toContain(`events.jsonl:${k + 1}: event.type`);
  });
});
