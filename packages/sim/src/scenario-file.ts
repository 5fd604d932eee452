/**
 * Reading scenario files from disk: JSON, or YAML for `.yaml`/`.yml`. The boundary where invalid
 * scenarios become a thrown {@link ScenarioError}.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Scenario } from './scenario.js';
import { formatIssue, type ScenarioIssue, validateScenario } from './scenario-validate.js';

/**
 * A scenario that cannot be read or is invalid; `issues` has every problem, the message one per line.
 *
 * @example
 * ```ts
 * try { loadScenario('bad.json') } catch (e) { if (e instanceof ScenarioError) console.error(e.message) }
 * ```
 */
export class ScenarioError extends Error {
  readonly code = 'LBK_ERR_INVALID_SCENARIO';
  constructor(
    readonly file: string,
    readonly issues: readonly ScenarioIssue[],
  ) {
    super(issues.map((i) => formatIssue(file, i)).join('\n'));
    this.name = 'ScenarioError';
  }
}

/**
 * Parses scenario text (JSON, or YAML when `file` ends in `.yaml`/`.yml`) and validates it.
 *
 * @throws {@link ScenarioError} with every problem.
 * @example
 * ```ts
 * const s = parseScenario('{"name":"x", ...}', 'inline.json')
 * ```
 */
export function parseScenario(text: string, file: string): Scenario {
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [{ path: [], message: `not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message}`, fix: 'fix the syntax at the position given' }]);
  }
  const r = validateScenario(data);
  if (!r.ok) throw new ScenarioError(file, r.issues);
  return r.value;
}

/**
 * Reads and validates a scenario file.
 *
 * @throws {@link ScenarioError} when the file is missing, unreadable or invalid.
 * @example
 * ```ts
 * const scenario = loadScenario('packages/sim/scenarios/seed-lab.json')
 * ```
 */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(file, [{ path: [], message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, fix: 'check the path' }]);
  }
  return parseScenario(text, file);
}
