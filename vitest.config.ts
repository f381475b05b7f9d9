import { defineConfig } from 'vitest/config';

// Three suites: pure unit tests, database tests (run once per database by scripts/test.js),
// and browser tests. See docs/architecture.md, "Tests".
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/**/*.db.test.ts'] } },
      { test: { name: 'db', include: ['src/**/*.db.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
