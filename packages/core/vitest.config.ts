import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const underMutation = process.env.STRYKER_MUTATOR_WORKER !== undefined;

/** The suites that take seconds: run last, after every quick table has had its chance. */
const SLOW = ['test/model.test.ts', 'test/properties.test.ts', 'test/methods-reference.test.ts', 'test/byrequests-reference.test.ts'];

/** Quick files first: under mutation testing a mutant's run stops at its first failing test. */
class QuickFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const slowness = (f: TestSpecification): number => SLOW.findIndex((s) => f.moduleId.endsWith(s));
    return Promise.resolve([...files].sort((a, b) => slowness(a) - slowness(b) || (a.moduleId < b.moduleId ? -1 : 1)));
  }
}

export default defineConfig({
  resolve: {
    // the examples import the package by name, as a user would; tests run them against the source
    alias: { '@lbkit/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    // mutation testing (a Stryker worker) instruments every line and shares the machine: more time per test
    testTimeout: underMutation ? 120_000 : 30_000,
    ...(underMutation ? { sequence: { sequencer: QuickFirst } } : {}),
  },
});
