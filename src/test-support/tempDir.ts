/**
 * Every test file gets its own temporary directory as TMPDIR, removed when the file ends (a vitest
 * setup file, see vitest.config.ts). It catches what tests do not create themselves: the temporary
 * copies of worksheets that exceljs's streamed reader leaves when a read stops early or its process
 * is killed, upload and socket directories of servers under test, and whatever child processes
 * (which inherit TMPDIR) write. Files that tests create on purpose are still removed by the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const previous = process.env.TMPDIR;
const dir = mkdtempSync(join(tmpdir(), 'doudi-vitest-'));
process.env.TMPDIR = dir;

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});
