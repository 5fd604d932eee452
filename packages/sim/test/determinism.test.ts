import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario-file.js';
import { simulate } from '../src/simulate.js';
import { traceText } from '../src/trace.js';

const seedLab = loadScenario(new URL('../scenarios/seed-lab.json', import.meta.url).pathname);
const short = { ...seedLab, durationMs: 60_000, faults: [{ kind: 'crash' as const, server: 'static2', at: 10_000, forMs: 20_000 }] };

describe('determinism', () => {
  it('gives a byte-identical trace and report for the same scenario and seed', () => {
    const a = simulate(short, { seed: 5, keepTrace: true });
    const b = simulate(short, { seed: 5, keepTrace: true });
    expect(a.trace.length).toBeGreaterThan(1000);
    expect(traceText(a.trace)).toBe(traceText(b.trace));
    expect(JSON.stringify(a.report)).toBe(JSON.stringify(b.report));
    expect(a.report.traceHash).toBe(b.report.traceHash);
  });

  it('gives a different trace hash for a different seed', () => {
    expect(simulate(short, { seed: 5 }).report.traceHash).not.toBe(simulate(short, { seed: 6 }).report.traceHash);
  });

  it('computes the same hash whether or not the trace is kept', () => {
    expect(simulate(short, { seed: 9 }).report.traceHash).toBe(simulate(short, { seed: 9, keepTrace: true }).report.traceHash);
  });

  it('keeps a client\'s draws when another client or server is added (independent streams)', () => {
    const open = (name: string, path: string) => ({ type: 'open' as const, name, arrivals: { type: 'poisson' as const, ratePerSec: 50 }, paths: [{ path }] });
    const base = { ...short, clients: [open('api', '/api/jokes/')] };
    const more = {
      ...base,
      pools: { ...base.pools, extra: { members: [{ id: 'extra1' }] } },
      balancers: { ...base.balancers, routes: [...base.balancers.routes, { prefix: '/extra/', pool: 'extra' }] },
      clients: [...base.clients, open('other', '/extra/x')],
    };
    const sends = (s: typeof base) =>
      simulate(s, { seed: 3, keepTrace: true })
        .trace.filter((e) => e.type === 'requestSent' && e.client === 'api')
        .map((e) => e.at);
    const a = sends(base);
    expect(a.length).toBeGreaterThan(2000);
    expect(sends(more)).toEqual(a);
  });
});
