import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './html-report.js';
import type { Scenario } from './scenario.js';
import { simulate } from './simulate.js';

const s: Scenario = {
  name: 'html <test>',
  durationMs: 2_000,
  pools: { web: { members: [{ id: 'a' }, { id: 'b' }] } },
  serverDefaults: { concurrency: 2, queue: 10, service: { type: 'exponential', meanMs: 5 } },
  balancers: { routes: [{ prefix: '/', pool: 'web' }], healthCheck: { intervalMs: 100 } },
  clients: [{ type: 'open', name: 'c', arrivals: { type: 'poisson', ratePerSec: 200 }, paths: [{ path: '/' }] }],
  faults: [{ kind: 'crash', server: 'a', at: 500, forMs: 500 }],
};

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(simulate(s).report);

  it('is one self-contained page: no script, no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('has the load, latency and health plots', () => {
    for (const title of ['Load per member: pool web', 'Latency distribution', 'Health']) expect(html).toContain(`aria-label="${title}`);
    expect(html).toContain('fault a'); // the injected crash row
    expect(html).toContain('b0/web/a'); // the balancer's view of a
  });

  it('escapes names', () => {
    expect(html).toContain('html &lt;test&gt;');
    expect(html).not.toContain('html <test>');
  });
});

describe('renderHtmlReport for a large pool and a warm-up', () => {
  const big: Scenario = {
    name: 'big',
    durationMs: 300,
    warmupMs: 50,
    bucketMs: 40, // the last bucket (280–300) is half as wide
    pools: { farm: { method: 'p2c', members: Array.from({ length: 40 }, (_, i) => ({ id: `m${i}` })) } },
    serverDefaults: { concurrency: 1, queue: 'unbounded', service: { type: 'exponential', meanMs: 1 } },
    balancers: { routes: [{ prefix: '/', pool: 'farm' }], timeoutMs: 'none' },
    clients: [{ type: 'open', name: 'c', arrivals: { type: 'poisson', ratePerSec: 28_000 }, paths: [{ path: '/' }] }],
  };
  const report = simulate(big).report;
  const html = renderHtmlReport(report);

  it('draws 40 members as their spread and the three busiest, not 40 lines', () => {
    expect(html).toContain('median of 40; band: min–');
    expect(html.match(/busiest: m\d+/g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toContain('<title>m17</title>');
  });

  it('marks the warm-up, ends the curves at the horizon and scales the short last bucket', () => {
    expect(html).toContain('warm-up ends');
    expect(html).toContain('class="warmup"');
    expect(report.series.succeeded).toHaveLength(8);
    expect(report.series.lastBucketMs).toBe(20);
    // the rate in the half-width last bucket is like the others (no false drop): within 35 % of the mean
    const rates = report.series.succeeded.map((c, i) => (c * 1000) / (i === 7 ? 20 : 40));
    const mean = rates.slice(2, 7).reduce((a, b) => a + b, 0) / 5;
    expect(Math.abs(rates[7]! - mean) / mean).toBeLessThan(0.35);
  });

  it('shows the theory of a matching scenario', () => {
    expect(report.theory?.model).toBe('supermarket');
    expect(html).toContain('Theory: <b>p2c over 40: supermarket limit');
  });
});
