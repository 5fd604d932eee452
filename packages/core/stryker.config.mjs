// @ts-check
/**
 * Mutation testing of the core (`npm run mutation`): StrykerJS 9.6 with the vitest runner. Not run in
 * CI: CPU-heavy. `concurrency: 2` and incremental mode keep it usable on a shared 2-core machine; to
 * work on one file, `npx stryker run --mutate src/health.ts`.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/**/*.ts', '!src/**/*.test.ts', '!src/index.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  // a mutant that loops forever is caught by its timeout: keep the wait short
  timeoutMS: 10_000,
  // module-level constants (zod schemas, the fix texts) would each rerun the whole suite: see the README
  ignoreStatic: true,
  // only the mutated sources: the README test compares examples/ with the README verbatim
  disableTypeChecks: 'src/**/*.ts',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
