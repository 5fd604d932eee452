import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';

const seedLab = JSON.parse(readFileSync(new URL('../scenarios/seed-lab.json', import.meta.url), 'utf8'));
let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lbkit-sim-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

function shortLab(): string {
  const file = join(dir, 'lab.json');
  const faults = [{ kind: 'crash', server: 'static2', at: 5_000, forMs: 5_000 }];
  writeFileSync(file, JSON.stringify({ ...seedLab, durationMs: 20_000, faults }));
  return file;
}

describe('lbkit-sim', () => {
  it('run writes a JSON report and a self-contained HTML report with plots', async () => {
    expect(await main(['run', shortLab(), '--out', join(dir, 'o'), '--seed', '3'])).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'o', 'report.json'), 'utf8'));
    expect(report.seed).toBe(3);
    expect(report.requests.lost).toBe(0);
    const html = readFileSync(join(dir, 'o', 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(out.join('\n')).toContain('seed-lab (seed 3)');
  });

  it('run --record writes a log that replay verifies, and replay names the first line that differs', async () => {
    expect(await main(['run', shortLab(), '--out', dir, '--record'])).toBe(0);
    const log = join(dir, 'events.jsonl');
    expect(await main(['replay', log])).toBe(0);
    expect(out.at(-1)).toMatch(/every decision matches/);
    const lines = readFileSync(log, 'utf8').split('\n');
    const n = lines.findIndex((l, i) => i > 100 && l.includes('"member":"dynamic2"') && l.includes('"type":"decide"'));
    lines[n] = lines[n]!.replace('"member":"dynamic2","route":"dynamic2"', '"member":"dynamic3","route":"dynamic3"');
    writeFileSync(log, lines.join('\n'));
    expect(await main(['replay', log])).toBe(1);
    expect(err.join('\n')).toContain(`events.jsonl:${n + 1}: decision`);
  });

  it('compare runs each method on the same seed, side by side', async () => {
    expect(await main(['compare', shortLab(), '--methods', 'byrequests,p2c', '--seed', '2'])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('seed 2');
    expect(text).toMatch(/^byrequests\s+\d+/m);
    expect(text).toMatch(/^p2c\s+\d+/m);
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['run'], 'expected exactly one scenario file'],
    [['run', 'x.json', '--sed', '1'], "Unknown option '--sed'"],
    [['compare', 'x.json'], '--methods is required'],
    [['compare', 'x.json', '--methods', 'byrequests,fastest'], 'unknown method "fastest"'],
    [['run', '/nonexistent.json'], '/nonexistent.json: (root): cannot read: ENOENT'],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    expect(await main(args)).toBe(2);
    expect(err.join('\n')).toContain(message);
  });

  it('prints help for every command and exits 0', async () => {
    for (const args of [["--help"], ["run", "--help"], ["compare", "-h"], ["replay", "--help"], ["sweep", "--help"], ["validate", "-h"]]) expect(await main(args)).toBe(0);
    expect(out.join('\n')).toContain('lbkit-sim run <scenario>');
  });
});
