import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three suites: pure unit tests, database tests (run once per database by scripts/test.js),
// and browser tests. See docs/architecture.md, "Tests". Each test file runs with its own TMPDIR,
// removed when the file ends (src/test-support/tempDir.ts). Timeouts only stop a hung test; none measures speed
// (a few unit tests read large files or the national division table, slow on a busy two-core machine).
const setupFiles = ['src/test-support/tempDir.ts'];
// A database test about one database only is named for it and runs in that pass alone, not as a skipped test
// in the other: `*.pglite.db.test.ts` (the embedded engine), `*.postgres.db.test.ts` (the server).
const onPostgres = !!process.env.DOUDI_TEST_DATABASE_URL;
// Files run at once: vitest's default is one less than the cores, one file at a time on two cores. A unit or database
// file keeps a core busy only part of the time (it waits on its database thread or server, on command processes, on
// files), so as many files as cores: on two cores the PGlite pass went from about 64 % of the machine to nearly all.
const filesAtOnce = Math.max(2, availableParallelism());
export default defineConfig({
  test: {
    projects: [
      // Unit files share their workers' module cache (isolate: false: no module is loaded again per file; the setup
      // file still runs per file). Database and browser files keep one module graph each: with a shared cache a database
      // file's module state leaked into the next file on the same worker (a medical command test failed only after
      // others). A database file that mocks a module imports what uses it afresh (vi.resetModules, see
      // src/seedDemoCounty.db.test.ts).
      { test: { name: 'unit', maxWorkers: filesAtOnce, include: ['src/**/*.test.ts'], exclude: ['src/**/*.db.test.ts'], isolate: false, testTimeout: 30_000, setupFiles } },
      { test: { name: 'db', maxWorkers: filesAtOnce, include: ['src/**/*.db.test.ts'], exclude: [onPostgres ? 'src/**/*.pglite.db.test.ts' : 'src/**/*.postgres.db.test.ts'], globalSetup: ['src/test-support/template.ts'], testTimeout: 60_000, hookTimeout: 60_000, setupFiles } },
      // Browser files run one after another in one worker, each with its own module graph (sharing the cache saved about
      // 1.5 s of CPU per file, but a whole run with it failed once in a file that passes alone; not worth the doubt).
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], globalSetup: ['e2e/buildWeb.ts', 'src/test-support/template.ts'], expect: { poll: { timeout: 15_000 } }, testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false, setupFiles } },
    ],
  },
});
