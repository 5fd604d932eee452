/**
 * `@lbkit/sim/node`: the parts of the simulator that need Node (worker threads, files) or a
 * statistics library, kept out of the main entry so that `@lbkit/sim` still bundles for a browser:
 * experiments (grids × replications with Student-t intervals, on worker threads), their CSV/JSON/HTML
 * files, the textbook validation cases, and streaming replay of event logs.
 *
 * @example
 * ```ts
 * import { parseSetting, readScenarioData } from '@lbkit/sim'
 * import { runExperiment } from '@lbkit/sim/node'
 *
 * const result = await runExperiment({ data: readScenarioData('scenarios/mm1.json'), file: 'mm1.json',
 *   axes: [parseSetting('clients.0.arrivals.ratePerSec=500,900')], seed: 1, replications: 10, level: 0.95 })
 * console.log(result.points[1]?.figures['latency.mean'])
 * ```
 *
 * @module
 */
export { covers, interval, type Interval } from './confidence.js';
export { grid, observe, pairedDifference, summarise, type ExperimentResult, type GridPoint, type Observation, type PointResult } from './experiment.js';
export { runExperiment, runReplication, type ExperimentSpec, type ReplicationTask, type RunOptions } from './experiment-run.js';
export { experimentCsv, writeExperiment } from './experiment-files.js';
export { renderExperimentHtml } from './experiment-html.js';
export { farm, validationCases, type ValidationCase } from './validate-cases.js';
export { replayFile } from './replay-stream.js';
export type { ReplayOutcome } from './cli-replay.js';
