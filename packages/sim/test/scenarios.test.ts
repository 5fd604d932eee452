import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario-file.js';
import { compareMethods } from '../src/cli-compare.js';
import { simulate } from '../src/simulate.js';

const dir = new URL('../scenarios/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f));

describe('shipped scenarios', () => {
  it('include the seed lab and a handful more', () => {
    expect(files).toContain('seed-lab.json');
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s validates, runs to the end and loses nothing', (file) => {
    const { report } = simulate(loadScenario(dir + file));
    expect(report.requests.sent).toBeGreaterThan(1000);
    expect(report.requests.lost).toBe(0);
    // every request counted once, by how it ended
    const q = report.requests;
    expect(q.succeeded + q.errors + q.refused + q.timedOut + q.abandoned).toBe(q.sent);
    expect(q.served).toBe(q.succeeded + q.errors);
    expect(report.latency.count).toBe(q.succeeded);
  });

  it('seed-lab: round robin over dynamic1-3, and static2 crashing then coming back', () => {
    const { report, trace } = simulate(loadScenario(dir + 'seed-lab.json'), { keepTrace: true });
    const dynamic = report.pools.dynamic!.members;
    for (const m of Object.values(dynamic)) expect(Math.abs(m.share - 1 / 3)).toBeLessThan(0.001);
    // Apache's order: dynamic1, dynamic2, dynamic3, dynamic1, …
    const order = trace.filter((e) => e.type === 'requestForwarded' && e.pool === 'dynamic').slice(0, 6).map((e) => (e.type === 'requestForwarded' ? e.member : ''));
    expect(order).toEqual(['dynamic1', 'dynamic2', 'dynamic3', 'dynamic1', 'dynamic2', 'dynamic3']);
    // static2 is out while crashed and serves again after it comes back (within retry = 60 s)
    const static2 = trace.filter((e) => e.type === 'requestServed' && e.member === 'static2').map((e) => e.at);
    expect(static2.some((t) => t > 120_500 && t < 300_000)).toBe(false);
    expect(static2.some((t) => t >= 300_000 && t <= 360_000)).toBe(true);
    expect(report.requests.affinityBreaks).toBeGreaterThan(0);
    expect(report.requests.refused).toBe(0);
  });

  it('the teaching scenarios teach what they say', () => {
    const p99 = (file: string, methods: Parameters<typeof compareMethods>[1]) =>
      Object.fromEntries(compareMethods(loadScenario(dir + file), methods, undefined, undefined).map((r) => [r.method, r.report.latency]));
    // a slow server: least-busy steers around it, round robin does not
    const slow = p99('slow-server.json', ['byrequests', 'bybusyness']);
    expect(slow.bybusyness!.p99 * 20).toBeLessThan(slow.byrequests!.p99);
    // heavy-tailed service at 90 %: p2c gets most of the way from round robin to least-busy
    const mixed = p99('p2c-vs-round-robin.json', ['byrequests', 'p2c', 'bybusyness']);
    expect(mixed.p2c!.mean).toBeLessThan(mixed.byrequests!.mean / 3);
    expect(mixed.bybusyness!.mean).toBeLessThan(mixed.p2c!.mean);
    // weights 5:3:1 give shares of 5/9, 3/9, 1/9
    const w = simulate(loadScenario(dir + 'weights.json')).report.pools.app!.members;
    expect(w.big!.share).toBeCloseTo(5 / 9, 3);
    expect(w.small!.share).toBeCloseTo(1 / 9, 3);
  });
});
