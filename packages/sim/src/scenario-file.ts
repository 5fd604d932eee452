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
import { withSettings } from './scenario-set.js';

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
  return scenarioFromData(parseScenarioText(text, file), file);
}

/** The raw data of scenario text (JSON, or YAML for `.yaml`/`.yml`), not yet validated. */
function parseScenarioText(text: string, file: string): unknown {
  try {
    return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [{ path: [], message: `not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message}`, fix: 'fix the syntax at the position given' }]);
  }
}

/**
 * Validates raw scenario data, after applying `--set` pairs to it (see `scenario-set.ts`).
 *
 * @throws {@link ScenarioError} with every problem; `SettingError` when a path cannot be set.
 * @example
 * ```ts
 * const s = scenarioFromData(readScenarioData('mm1.json'), 'mm1.json', [['balancers.timeoutMs', 'none']])
 * ```
 */
export function scenarioFromData(data: unknown, file: string, settings: readonly (readonly [string, unknown])[] = []): Scenario {
  const r = validateScenario(withSettings(data, settings));
  if (!r.ok) throw new ScenarioError(settings.length === 0 ? file : `${file} (with --set ${settings.map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(' ')})`, r.issues);
  return r.value;
}

/**
 * Reads a scenario file's raw data (JSON or YAML), not yet validated: what sweeps vary.
 *
 * @throws {@link ScenarioError} when the file is missing, unreadable or not JSON/YAML.
 * @example
 * ```ts
 * const data = readScenarioData('packages/sim/scenarios/mm1.json')
 * ```
 */
export function readScenarioData(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(file, [{ path: [], message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, fix: 'check the path' }]);
  }
  return parseScenarioText(text, file);
}

/**
 * Reads and validates a scenario file, with optional `--set` pairs applied first.
 *
 * @throws {@link ScenarioError} when the file is missing, unreadable or invalid.
 * @example
 * ```ts
 * const scenario = loadScenario('packages/sim/scenarios/seed-lab.json')
 * ```
 */
export function loadScenario(file: string, settings: readonly (readonly [string, unknown])[] = []): Scenario {
  return scenarioFromData(readScenarioData(file), file, settings);
}
