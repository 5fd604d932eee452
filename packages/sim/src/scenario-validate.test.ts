import { describe, expect, it } from 'vitest';
import type { ScenarioData } from './scenario.js';
import { formatIssue, validateScenario } from './scenario-validate.js';
import { parseScenario, ScenarioError } from './scenario-file.js';

const good: ScenarioData = {
  name: 'ok',
  durationMs: 1000,
  pools: { web: { members: [{ id: 'a' }, { id: 'b' }] } },
  serverDefaults: { concurrency: 1, queue: 0, service: { type: 'constant', ms: 1 } },
  balancers: { routes: [{ prefix: '/', pool: 'web' }] },
  clients: [{ type: 'open', name: 'c', arrivals: { type: 'poisson', ratePerSec: 10 }, paths: [{ path: '/' }] }],
};

function issuesOf(input: unknown): string[] {
  const r = validateScenario(input);
  return r.ok ? [] : r.issues.map((i) => formatIssue('s.json', i));
}

describe('validateScenario', () => {
  it('accepts a valid scenario', () => {
    expect(validateScenario(good).ok).toBe(true);
  });

  it.each([
    ['an unknown distribution', { ...good, serverDefaults: { ...good.serverDefaults, service: { type: 'gamma', ms: 1 } } }, 's.json: serverDefaults.service.type:'],
    ['a negative duration', { ...good, durationMs: -1 }, 's.json: durationMs: Too small'],
    ['a misspelt key', { ...good, clinets: [] }, 'remove the unknown key'],
    ['an invalid pool (from the core validator)', { ...good, pools: { web: { members: [{ id: 'a', weight: 0 }] } } }, 's.json: pools.web.members[0].weight:'],
    ['a route to no pool', { ...good, balancers: { routes: [{ prefix: '/', pool: 'nope' }] } }, 's.json: balancers.routes[0].pool: no pool "nope" (fix: use one of: web)'],
    ['a fault on no server', { ...good, faults: [{ kind: 'crash', server: 'z', at: 1 }] }, 's.json: faults[0].server: no server "z"'],
    ['a partition of a missing balancer', { ...good, faults: [{ kind: 'partition', balancer: 2, server: 'a', at: 1 }] }, 'balancer 2 does not exist (count is 1)'],
    ['a zero constant think time', { ...good, clients: [{ type: 'sessions', name: 's', sessions: 1, think: { type: 'constant', ms: 0 }, requestsPerSession: 1, paths: [{ path: '/' }] }] }, 'clients[0].think: a constant think time must be > 0 ms'],
    ['a path no route matches', { ...good, balancers: { routes: [{ prefix: '/api/', pool: 'web' }] } }, 's.json: clients[0].paths[0].path: no route matches "/"'],
  ])('rejects %s, naming the path and a fix', (_, input, expected) => {
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.includes(expected) && i.includes('(fix: '))).toBe(true);
  });
});

describe('parseScenario', () => {
  it('reads YAML by extension', () => {
    const yaml = `name: y\ndurationMs: 10\npools: { web: { members: [{ id: a }] } }\nserverDefaults: { concurrency: 1, queue: 0, service: { type: constant, ms: 1 } }\nbalancers: { routes: [{ prefix: /, pool: web }] }\nclients: [{ type: open, name: c, arrivals: { type: fixed, ratePerSec: 1 }, paths: [{ path: / }] }]\n`;
    expect(parseScenario(yaml, 'x.yaml').name).toBe('y');
  });

  it('throws a ScenarioError naming the file for bad syntax', () => {
    expect(() => parseScenario('{ nope', 'bad.json')).toThrow(ScenarioError);
    expect(() => parseScenario('{ nope', 'bad.json')).toThrow(/^bad\.json: \(root\): not valid JSON/);
  });
});
