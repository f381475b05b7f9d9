/**
 * A fresh, migrated database for one test file: embedded PGlite in memory by default, or a newly
 * created database on the PostgreSQL server named by DOUDI_TEST_DATABASE_URL (scripts/test.js
 * runs the database suite once each way).
 */
import type { Database } from '../db/connection.ts';
import { openScratchDatabase } from '../db/scratch.ts';

export function openTestDatabase(): Promise<Database> {
  return openScratchDatabase(process.env.DOUDI_TEST_DATABASE_URL || undefined);
}
