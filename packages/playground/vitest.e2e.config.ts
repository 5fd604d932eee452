import { defineConfig } from 'vitest/config';

// the browser test: run by `npm run test:e2e` after `vite build`, never by `npm test`
export default defineConfig({
  test: {
    include: ['test/**/*.e2e.ts'],
    testTimeout: 100_000,
    hookTimeout: 30_000,
  },
});
