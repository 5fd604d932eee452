/**
 * `npm run test:faults`: steady load while members are killed, restarted, hung, reset and made to
 * fail. `FAULTS_QUICK=1` (CI) runs 12 s of faults instead of 60 s; `FAULTS_SEED` repeats a run.
 */
import { expect, it } from 'vitest';
import { formatReport, runFaults } from './scenario.js';

const quick = process.env['FAULTS_QUICK'] === '1';
const seed = Number(process.env['FAULTS_SEED'] ?? 20261126);

it('answers every request, runs no POST twice, fails over refused GETs, and returns to its baseline', async () => {
  const report = await runFaults({ members: 3, clients: 12, warmupMs: quick ? 2_000 : 5_000, faultMs: quick ? 12_000 : 60_000, seed });
  process.stdout.write(`\nFault run (seed ${seed}, ${quick ? 'quick' : 'full'}):\n${formatReport(report)}\n`);
  const faults = Object.values(report.faults).reduce((a, b) => a + b, 0);
  expect(faults, 'faults were injected').toBeGreaterThanOrEqual(quick ? 6 : 30);
  expect(report.outcomes.length).toBeGreaterThan(100);
  expect(report.outcomes.filter((o) => o.status === 0), 'lost requests').toEqual([]);
  expect(report.duplicated, 'non-idempotent requests executed twice').toEqual([]);
  expect(report.refusedWhileUp, 'GETs refused while a member was up').toEqual([]);
  expect(report.final.fds, 'descriptors back to baseline').toBeLessThanOrEqual(report.baseline.fds);
  expect(report.final.rss, 'memory back near baseline').toBeLessThanOrEqual(report.baseline.rss + 48 * 1_048_576);
}, 180_000);
