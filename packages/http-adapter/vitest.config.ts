import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Heavy suites with their own scripts (npm run test:hostile, test:faults).
    exclude: ['test/hostile/**', 'test/faults/**', '**/node_modules/**'],
    testTimeout: 30_000,
  },
});
