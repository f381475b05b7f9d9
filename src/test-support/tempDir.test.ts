import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';

it('gives each test file its own TMPDIR (tempDir.ts)', () => {
  expect(basename(tmpdir())).toMatch(/^doudi-vitest-/);
});

it('removes what a test file and its child processes wrote to the temporary directory when the file ends', { timeout: 120_000 }, () => {
  const outer = mkdtempSync(join(tmpdir(), 'outer-'));
  const vitest = new URL('../../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [vitest, 'run', '--project', 'unit', 'src/test-support/tempDirLeaves.test.ts'], { env: { ...process.env, TMPDIR: outer }, encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(readdirSync(outer)).toEqual([]);
});
