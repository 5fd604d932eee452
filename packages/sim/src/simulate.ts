/**
 * One call to run a scenario to the end and get its report (and its trace, when kept).
 *
 * @module
 */
import { Simulation, type SimOptions } from './engine.js';
import { buildReport, type SimReport } from './report.js';
import type { Scenario } from './scenario.js';
import type { SimEvent } from './sim-events.js';

/**
 * What {@link simulate} returns.
 *
 * @example
 * ```ts
 * const { report, trace }: SimResult = simulate(scenario, { keepTrace: true })
 * ```
 */
export interface SimResult {
  readonly report: SimReport;
  /** Every event, when `keepTrace` was set; else empty. */
  readonly trace: readonly SimEvent[];
}

/**
 * Runs `scenario` to the end.
 *
 * @example
 * ```ts
 * const { report } = simulate(loadScenario('scenarios/seed-lab.json'), { seed: 42 })
 * console.log(report.latency.p99, report.traceHash)
 * ```
 */
export function simulate(scenario: Scenario, options: SimOptions = {}): SimResult {
  const sim = new Simulation(scenario, options);
  sim.run();
  return { report: buildReport(sim), trace: sim.tracer.events };
}
