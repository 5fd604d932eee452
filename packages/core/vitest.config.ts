import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // the examples import the package by name, as a user would; tests run them against the source
    alias: { '@lbkit/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    // mutation testing (a Stryker worker) instruments every line and shares the machine: more time per test
    testTimeout: process.env.STRYKER_MUTATOR_WORKER === undefined ? 30_000 : 120_000,
  },
});
