import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/interop/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    restoreMocks: true,
    // `npm run coverage` only (not part of `npm test`): lines of the core and the preload.
    coverage: {
      provider: 'v8',
      include: ['src-main/core/**/*.ts', 'src-preload/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 85 },
      // A figure even when an unrelated test fails (the suite is shared and long).
      reportOnFailure: true,
    },
  },
});
