/**
 * Leaves files in the temporary directory on purpose, as a careless test or a killed child process
 * would; tempDir.test.ts runs this file and checks that nothing of it remains.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('writes to the temporary directory, itself and through a child process, without removing anything', () => {
  writeFileSync(join(tmpdir(), 'left-by-test.txt'), 'x');
  const child = spawnSync(process.execPath, ['-e', "require('fs').writeFileSync(require('path').join(require('os').tmpdir(), 'left-by-child.txt'), 'x')"]);
  expect(child.status).toBe(0);
  expect(existsSync(join(tmpdir(), 'left-by-child.txt'))).toBe(true);
});
