/**
 * The adapter: the only modules of the playground that import `@lbkit/core` and `@lbkit/sim` live
 * in this folder, so an API change of the core or the simulator is fixed here and nowhere else.
 *
 * @module
 */
export { Driver, type Happening, histogramSvg, runToEnd, type RunSummary } from './driver.js';
export type { DecisionFacts, MemberFacts } from './facts.js';
export { buildScenario } from './scenario.js';
