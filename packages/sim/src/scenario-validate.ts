/**
 * Scenario validation: the schema, the core's own pool validator, and the cross-references between
 * them (routes name pools, faults name servers, partitions name balancers). Every problem comes back
 * with its path and a fix.
 *
 * @module
 */
import { formatPath, type PoolConfig, validatePoolConfig } from '@lbkit/core';
import { type Scenario, type ScenarioData, scenarioSchema } from './scenario.js';

/**
 * One problem in a scenario.
 *
 * @example
 * ```ts
 * const issue: ScenarioIssue = { path: ['faults', 0, 'server'], message: 'no server "static9"', fix: 'name a member of one of the pools' }
 * ```
 */
export interface ScenarioIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly fix: string;
}

/**
 * Either the value or every problem found.
 *
 * @example
 * ```ts
 * const r: ScenarioResult = validateScenario(data)
 * if (r.ok) simulate(r.value)
 * ```
 */
export type ScenarioResult = { readonly ok: true; readonly value: Scenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

const FIXES: readonly [RegExp, string][] = [
  [/type$/, 'use one of the documented types (see packages/sim/README.md, "Scenario format")'],
  [/Ms$|ms$/, 'give a duration in milliseconds (a number ≥ 0)'],
  [/^pools/, 'give each pool a core PoolConfig: { "members": [{ "id": "a" }], "method": "byrequests" }'],
  [/^clients/, 'see the client examples in packages/sim/scenarios/seed-lab.json'],
  [/^faults/, 'see the fault list in packages/sim/README.md'],
];

function fixFor(path: readonly (string | number)[], code: string): string {
  if (code === 'unrecognized_keys') return 'remove the unknown key or check its spelling';
  const p = path.join('.');
  for (const [re, fix] of FIXES) if (re.test(p)) return fix;
  return 'check the value against the scenario format in packages/sim/README.md';
}

function crossIssues(s: ScenarioData, pools: Readonly<Record<string, PoolConfig>>): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const servers = new Set<string>();
  for (const pool of Object.values(pools)) for (const m of pool.members) servers.add(m.id);
  s.balancers.routes.forEach((r, i) => {
    if (!(r.pool in pools)) issues.push({ path: ['balancers', 'routes', i, 'pool'], message: `no pool "${r.pool}"`, fix: `use one of: ${Object.keys(pools).join(', ')}` });
  });
  for (const id of Object.keys(s.servers ?? {})) {
    if (!servers.has(id)) issues.push({ path: ['servers', id], message: `"${id}" is not a member of any pool`, fix: 'remove it or add it to a pool' });
  }
  const count = s.balancers.count ?? 1;
  const names = new Set<string>();
  s.clients.forEach((c, i) => {
    c.paths.forEach((p, k) => {
      if (!s.balancers.routes.some((r) => p.path.startsWith(r.prefix))) {
        issues.push({ path: ['clients', i, 'paths', k, 'path'], message: `no route matches "${p.path}"`, fix: 'add a route whose prefix starts the path, e.g. { "prefix": "/", "pool": "…" }' });
      }
    });
    if (names.has(c.name)) issues.push({ path: ['clients', i, 'name'], message: `client name "${c.name}" is used twice`, fix: 'give each client its own name (it keys its random stream)' });
    names.add(c.name);
  });
  (s.faults ?? []).forEach((f, i) => {
    const named = f.kind === 'random' ? f.servers : [f.server];
    for (const id of named) {
      if (!servers.has(id)) issues.push({ path: ['faults', i, f.kind === 'random' ? 'servers' : 'server'], message: `no server "${id}"`, fix: 'name a member of one of the pools' });
    }
    if (f.kind === 'partition' && f.balancer >= count) {
      issues.push({ path: ['faults', i, 'balancer'], message: `balancer ${f.balancer} does not exist (count is ${count})`, fix: `use 0 to ${count - 1}` });
    }
  });
  return issues;
}

/**
 * Checks scenario data and returns the {@link Scenario} or every problem with its path and a fix.
 *
 * @example
 * ```ts
 * const r = validateScenario(JSON.parse(text))
 * if (!r.ok) for (const i of r.issues) console.error(formatIssue('my.json', i))
 * ```
 */
export function validateScenario(input: unknown): ScenarioResult {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const path = i.path.map((p) => (typeof p === 'number' ? p : String(p)));
        return { path, message: i.message, fix: fixFor(path, i.code) };
      }),
    };
  }
  const data = parsed.data;
  const issues: ScenarioIssue[] = [];
  const pools: Record<string, PoolConfig> = {};
  for (const [name, raw] of Object.entries(data.pools)) {
    const r = validatePoolConfig(raw);
    if (r.ok) pools[name] = raw as PoolConfig;
    else for (const i of r.error) issues.push({ path: ['pools', name, ...i.path], message: i.message, fix: i.fix });
  }
  if (Object.keys(data.pools).length === 0) issues.push({ path: ['pools'], message: 'no pools', fix: 'define at least one pool' });
  if (issues.length === 0) issues.push(...crossIssues(data, pools));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { ...data, pools } };
}

/**
 * One issue as a line: `file: path: message (fix: …)`.
 *
 * @example
 * ```ts
 * formatIssue('lab.json', { path: ['faults', 0, 'server'], message: 'no server "x"', fix: 'name a member' })
 * // 'lab.json: faults[0].server: no server "x" (fix: name a member)'
 * ```
 */
export function formatIssue(file: string, issue: ScenarioIssue): string {
  const where = issue.path.length === 0 ? '(root)' : formatPath(issue.path);
  return `${file}: ${where}: ${issue.message} (fix: ${issue.fix})`;
}
