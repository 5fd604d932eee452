import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // the figures import the core by name, as a user would; the tests run them against its source
    alias: [
      { find: /^@lbkit\/core\/internals$/, replacement: fileURLToPath(new URL('../packages/core/src/internals.ts', import.meta.url)) },
      { find: /^@lbkit\/core$/, replacement: fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 10_000,
  },
});
