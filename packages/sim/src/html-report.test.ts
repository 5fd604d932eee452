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
