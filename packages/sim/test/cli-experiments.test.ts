/**
 * End-to-end tests of the experiment commands (sweep, compare --replications, validate, run --set),
 * through `main` as the shell calls it, on small bounded runs.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';

const mm1 = new URL('../scenarios/mm1.json', import.meta.url).pathname;
const slow = new URL('../scenarios/slow-server.json', import.meta.url).pathname;
let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lbkit-sim-exp-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('lbkit-sim sweep', () => {
  it('runs the grid with replications and writes CSV, JSON and an HTML report with bands and theory', async () => {
    const args = ['sweep', mm1, '--set', 'durationMs=3000', '--set', 'warmupMs=500', '--set', 'clients.0.arrivals.ratePerSec=300,600', '--replications', '4', '--workers', '1', '--out', dir];
    expect(await main(args)).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(json.points).toHaveLength(2);
    expect(json.points[1].values).toEqual([['durationMs', 3000], ['warmupMs', 500], ['clients.0.arrivals.ratePerSec', 600]]);
    expect(json.points[1].replications).toHaveLength(4);
    // M/M/1 with mean service 1 ms at 600/s: W = 1/(1 − 0.6) = 2.5 ms
    expect(json.points[1].theory.sojournMs).toBeCloseTo(2.5, 10);
    const ci = json.points[1].figures['latency.mean'];
    expect(ci.n).toBe(4);
    expect(ci.halfWidth).toBeGreaterThan(0);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('point,durationMs,warmupMs,clients.0.arrivals.ratePerSec,figure,n,mean,half_width,low,high,sd,level,theory_ms');
    expect(csv.find((l) => l.startsWith('1,3000,500,600,latency.mean,4,'))).toMatch(/,0\.95,2\.5$/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('aria-label="Mean latency of successful answers"');
    expect(html).toContain('fill-opacity="0.18"'); // a confidence band
    expect(html).toContain('stroke-dasharray="6 4"'); // the theory line
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(out.join('\n')).toMatch(/ratePerSec\s+latency mean ms/);
  });

  it('rejects a sweep without --set and a bad path, naming the fix', async () => {
    expect(await main(['sweep', mm1])).toBe(2);
    expect(await main(['sweep', mm1, '--set', 'clients.nobody.arrivals.ratePerSec=1,2', '--replications', '2'])).toBe(2);
    expect(err.join('\n')).toContain('no entry named "nobody" (use an index or one of poisson)');
  });
});

describe('lbkit-sim compare --replications', () => {
  it('runs each method on the same replications and writes the same files', async () => {
    const args = ['compare', slow, '--methods', 'byrequests,bybusyness', '--replications', '3', '--set', 'durationMs=20000', '--set', 'faults=[{"kind":"slow","server":"app3","at":2000,"forMs":10000,"factor":8}]', '--workers', '1', '--out', dir];
    expect(await main(args)).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(json.points.map((p: { values: unknown[][] }) => p.values[0])).toEqual([['pools.*.method', 'byrequests'], ['pools.*.method', 'bybusyness']]);
    // common random numbers: both methods saw exactly the same requests
    const sent = (i: number) => json.points[i].replications.map((o: Record<string, number>) => o['rate.succeeded']! + o['rate.errors']! + o['rate.refused']! + o['rate.timedOut']! + o['rate.abandoned']!);
    expect(sent(0)).toEqual(sent(1));
    // least-busy steers around the slow server: its p99 is far lower
    expect(json.points[1].figures['latency.p99'].mean * 5).toBeLessThan(json.points[0].figures['latency.p99'].mean);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Paired differences');
    expect(html).toContain('>bybusyness</text>');
    expect(existsSync(join(dir, 'results.csv'))).toBe(true);
  });
});

describe('lbkit-sim validate', () => {
  it('passes the M/M/1 cases in quick mode and prints the table', async () => {
    expect(await main(['validate', '--quick', '--only', 'M/M/1,'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/\| case\s+\| theory \|/);
    expect(text).toMatch(/M\/M\/1, ρ 0\.8: W = 1\/\(μ−λ\)\s+\|\s+5\.0000 \|/);
    expect(text).toContain('all 4 cases pass');
  });

  it('exits 1 when a case fails (here: a 1 % interval is far too narrow to hold the theory)', async () => {
    expect(await main(['validate', '--quick', '--only', 'utilisation', '--replications', '3', '--level', '0.01', '--workers', '1'])).toBe(1);
    expect(out.join('\n')).toContain('1 of 1 cases FAIL');
  });
});

describe('lbkit-sim run --set and --method', () => {
  it('changes the method and any field without editing the file, and reports the theory', async () => {
    const args = ['run', mm1, '--set', 'durationMs=5000', '--set', 'pools.single.members=[{"id":"a"},{"id":"b"}]', '--set', 'clients.poisson.arrivals.ratePerSec=1400', '--method', 'random', '--out', dir];
    expect(await main(args)).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.durationMs).toBe(5000);
    expect(Object.keys(report.pools.single.members)).toEqual(['a', 'b']);
    expect(report.theory.label).toBe('random over 2: 2 × M/M/1 (Poisson splitting)');
    expect(report.theory.sojournMs).toBeCloseTo(1 / (1 - 0.7), 10);
    expect(out.join('\n')).toContain('theory (random over 2');
  });

  it('refuses several values on run and names sweep', async () => {
    expect(await main(['run', mm1, '--set', 'durationMs=1000,2000'])).toBe(2);
    expect(err.join('\n')).toContain('use "lbkit-sim sweep" for several');
  });
});
