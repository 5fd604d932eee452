/**
 * Property tests of the core, driven end to end through the simulator over random pools, weights,
 * methods, affinity, clients and failure schedules. A failing case is shrunk by fast-check and
 * printed as a scenario file that `lbkit-sim run` accepts. The fast-check seed is printed; set
 * FC_SEED to re-run with another.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../src/scenario.js';
import { validateScenario } from '../src/scenario-validate.js';
import { simulate } from '../src/simulate.js';
import { recoveryArb, scenarioArb } from './arbitraries.js';
import { CoreOracle } from './oracle.js';
import { endsExactlyOnce, sessionsStayOn } from './trace-checks.js';

const SEED = Number(process.env.FC_SEED ?? 20_261_125);

/** Runs a property over scenarios; on failure prints the shrunk scenario as a runnable file. */
function holds(name: string, arb: fc.Arbitrary<Scenario>, problemsOf: (s: Scenario) => string[], numRuns: number): void {
  console.log(`${name}: fast-check seed ${SEED}, ${numRuns} runs`);
  const details = fc.check(fc.property(arb, (s) => problemsOf(s).length === 0), { seed: SEED, numRuns });
  if (details.failed && details.counterexample !== null) {
    const [scenario] = details.counterexample;
    const file = JSON.stringify({ ...scenario, name: `shrunk-${name.replace(/\W+/g, '-')}` }, null, 2);
    console.error(`${name} fails (seed ${SEED}, path ${details.counterexamplePath}). Save this as shrunk.json and run\n  lbkit-sim run shrunk.json\n${file}`);
    expect.fail(`${name}: ${problemsOf(scenario).join('\n')}`);
  }
  expect(details.failed, String(details.errorInstance)).toBe(false);
}

describe('properties of the core under failures, through the simulator', () => {
  it('every request ends exactly once; one outcome per forward; refusals only when nothing is usable; sessions stay while their member is usable', () => {
    holds(
      'ends-once',
      scenarioArb({ safeMember: false }),
      (s) => {
        expect(validateScenario(s).ok).toBe(true);
        const oracle = new CoreOracle();
        const { report, trace } = simulate(s, { keepTrace: true, record: oracle.record });
        // one outcome per forward: every instance's in-flight counts are back to zero after the drain
        const problems = [...endsExactlyOnce(trace), ...oracle.violations, ...oracle.inFlightLeft()];
        if (report.requests.lost !== 0) problems.push(`${report.requests.lost} lost`);
        return problems;
      },
      100,
    );
  });

  it('while one member never fails, no request is refused and its sessions never leave it', () => {
    holds(
      'safe-member',
      scenarioArb({ safeMember: true }),
      (s) => {
        const { report, trace } = simulate(s, { keepTrace: true });
        const problems = s.pools.web?.sticky === undefined ? [] : sessionsStayOn(trace, 'm0');
        if (report.requests.refused !== 0) problems.push(`${report.requests.refused} refused: ${JSON.stringify(report.requests.refusedBy)}`);
        return problems;
      },
      100,
    );
  });

  it('a recovered member gets traffic again within retry (or one health-check interval) plus one round', () => {
    holds(
      'recovery',
      recoveryArb(),
      (s) => {
        const { down, ...scenario } = s as Scenario & { down: number };
        const pool = scenario.pools.web!;
        const member = pool.members[down]!.id;
        const crash = scenario.faults![0]!;
        if (crash.kind !== 'crash') throw new Error('recoveryArb makes one crash');
        const back = crash.at + crash.forMs!;
        // One round of weighted round robin is one pick per unit of weight: sum(weights) requests.
        const gap = 1000 / (scenario.clients[0]!.type === 'open' ? scenario.clients[0]!.arrivals.ratePerSec : 1);
        const round = pool.members.reduce((a, m) => a + (m.weight ?? 1), 0) * gap;
        // The core learns the member is back when its retry period ends (passive), or at the first
        // passing health check when checks run (a passing check also clears a passive error).
        const check = scenario.balancers.healthCheck;
        const usableBy = back + (check === undefined ? (pool.health?.retryMs ?? 0) : check.intervalMs);
        const deadline = usableBy + round;
        const { trace } = simulate(scenario, { keepTrace: true });
        const first = trace.find((e) => e.type === 'requestForwarded' && e.member === member && e.at >= back);
        if (first === undefined) return [`${member} never got traffic after ${back}`];
        return first.at <= deadline + 1e-9 ? [] : [`${member} back at ${back}, first forward at ${first.at}, deadline ${deadline}`];
      },
      150,
    );
  });
});
