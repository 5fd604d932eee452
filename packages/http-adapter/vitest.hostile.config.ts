import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/hostile/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
