/**
 * A fresh, migrated database for one test file: embedded PGlite in memory by default, or a newly
 * created database on the PostgreSQL server named by DOUDI_TEST_DATABASE_URL (scripts/test.js
 * runs the database suite once each way). In the db project it is a copy of the run's template
 * database (template.ts, the project's globalSetup), so the migrations run once per run, not per file.
 */
import { cpSync } from 'node:fs';
import { inject } from 'vitest';
import type { Database } from '../db/connection.ts';
import { createServerDatabase, openScratchDatabase } from '../db/scratch.ts';

export function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DOUDI_TEST_DATABASE_URL || undefined;
  const template = inject('doudiTestTemplate');
  if (serverUrl) return openScratchDatabase(serverUrl, 'memory://', serverCopy());
  return openScratchDatabase(undefined, 'memory://', { template: template?.pglite.dump });
}

/**
 * PostgreSQL pass: a new database on the server of DOUDI_TEST_DATABASE_URL for a command process's
 * DATABASE_URL, a copy of the run's template (already migrated) and named after it, so that it is dropped
 * when the run ends even if the file's own `drop` never runs.
 */
export function testServerDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  return createServerDatabase(serverUrl, serverCopy());
}

function serverCopy() {
  const template = inject('doudiTestTemplate')?.postgres;
  return { template, prefix: template };
}

/**
 * `dir` made a migrated PGlite data directory (a copy of the run's template) for a command process's
 * DOUDI_DATA, so the process does not run every migration again; returns `dir`. Without a template
 * (outside the db project) `dir` is left alone and the process creates and migrates it itself.
 */
export function migratedDataDir(dir: string): string {
  const template = inject('doudiTestTemplate');
  if (template) cpSync(template.pglite.dataDir, dir, { recursive: true });
  return dir;
}
