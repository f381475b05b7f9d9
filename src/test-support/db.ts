/**
 * A fresh, migrated database for one test file: embedded PGlite in memory by default, or a newly
 * created database on the PostgreSQL server named by DOUDI_TEST_DATABASE_URL (scripts/test.js
 * runs the database suite once each way). In the db project it is a copy of the run's template
 * database (template.ts, the project's globalSetup), so the migrations run once per run, not per file.
 */
import { inject } from 'vitest';
import type { Database } from '../db/connection.ts';
import { openScratchDatabase } from '../db/scratch.ts';

export function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DOUDI_TEST_DATABASE_URL || undefined;
  const template = inject('doudiTestTemplate');
  if (serverUrl && template?.kind === 'postgres') return openScratchDatabase(serverUrl, 'memory://', { template: template.database });
  if (!serverUrl && template?.kind === 'pglite') return openScratchDatabase(undefined, 'memory://', { template: template.dump });
  return openScratchDatabase(serverUrl);
}
