/**
 * fast-check settings shared by the core's property and model tests.
 *
 * Every run prints its seed when it fails (fast-check's report: `{ seed: ..., path: ... }`); set
 * `FC_SEED` (and `FC_PATH`) to replay exactly that case. `FC_RUNS_SCALE` multiplies every run count,
 * e.g. `FC_RUNS_SCALE=10 npx vitest run test/` for a longer soak. Under mutation testing (a Stryker
 * worker) runs are a fifth unless FC_RUNS_SCALE says otherwise, and a failure is not shrunk: only
 * whether the property fails matters there, and shrinking scripts of 200 commands costs more than
 * finding the failure.
 */
import type fc from 'fast-check';

const underMutation = process.env.STRYKER_MUTATOR_WORKER !== undefined;
/** Under mutation testing a fifth of the runs (at the same full size): each of ~1,800 mutants reruns the suite. */
const scale = Number(process.env.FC_RUNS_SCALE ?? (underMutation ? '0.2' : '1'));

/** Parameters for `fc.assert`: `numRuns` runs (times FC_RUNS_SCALE), replaying FC_SEED/FC_PATH when given. */
export function runs(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return {
    numRuns: Math.max(1, Math.round(numRuns * scale)),
    endOnFailure: underMutation,
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    ...(path === undefined ? {} : { path }),
  };
}
