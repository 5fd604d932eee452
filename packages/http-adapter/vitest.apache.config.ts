import { defineConfig } from 'vitest/config';

// The differential suite against real Apache httpd: `npm run test:apache` (not part of `npm test`).
export default defineConfig({
  test: {
    include: ['test-apache/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
