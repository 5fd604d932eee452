/**
 * `@lbkit/sim`: a discrete-event simulator that drives the `@lbkit/core` balancer through clients,
 * servers, network delay, health checks and faults, in virtual time.
 *
 * @example
 * ```ts
 * import { loadScenario, simulate } from '@lbkit/sim'
 *
 * const { report } = simulate(loadScenario('scenarios/seed-lab.json'), { seed: 42 })
 * console.log(report.latency.p99, report.requests.affinityBreaks, report.traceHash)
 * ```
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */
export { VirtualClock } from './clock.js';
export { fnv1a32, Rng, streamRoot } from './rng.js';
export { EventQueue } from './queue.js';
export { meanOf, samplerOf, type Distribution, type Sampler } from './distributions.js';
export {
  distributionSchema,
  scenarioSchema,
  serverSchema,
  type ClientSpec,
  type FaultSpec,
  type Scenario,
  type ScenarioData,
  type ServerSpec,
} from './scenario.js';
export { formatIssue, validateScenario, type ScenarioIssue, type ScenarioResult } from './scenario-validate.js';
export { loadScenario, parseScenario, ScenarioError } from './scenario-file.js';
export { expandFaults, type FaultAction, type FaultKind } from './faults.js';
export { Histogram, Histograms, type LatencySummary } from './histogram.js';
export { Metrics, type FaultMark, type TimelineMark } from './metrics.js';
export { MemberMetrics, PoolMetrics } from './pool-metrics.js';
export { TraceHash, Tracer, traceText, type SimEventListener } from './trace.js';
export type {
  AttemptFailed,
  FaultChanged,
  MemberStatusChanged,
  RequestForwarded,
  RequestAbandoned,
  RequestRefused,
  RequestSent,
  RequestServed,
  SimEvent,
} from './sim-events.js';
export { Simulation, type SimOptions } from './engine.js';
export { buildReport, type MemberReport, type SimReport } from './report.js';
export { simulate, type SimResult } from './simulate.js';
export { ofType, simulate$, type StreamOptions } from './streams.js';
export { renderHtmlReport } from './html-report.js';
export { Level, Levels } from './level.js';
export { BucketRows } from './bucket-rows.js';
export { ServerMetrics } from './metrics.js';
export type { ServerReport } from './report.js';
export { enM1Sojourn, erlangC, jsqSojourn, mm1Sojourn, mmcSojourn, supermarketSojourn } from './queueing-theory.js';
export { predict, type TheoryPrediction } from './theory-match.js';
export { parseSetting, SettingError, withSetting, withSettings, type Setting } from './scenario-set.js';
export { readScenarioData, scenarioFromData } from './scenario-file.js';
export { colourOf, esc, fmt, lineChart, logHistogram, PALETTE, timeline, type ChartOptions, type Series, type Shade, type TimelineRow } from './svg-plot.js';
