/**
 * A fresh, migrated database for one test file: embedded PGlite in memory by default, or a newly
 * created database on the PostgreSQL server named by DOUDI_TEST_DATABASE_URL (scripts/test.js
 * runs the database suite once each way).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../db/connection.ts';

export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DOUDI_TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: 'memory://' });
  const { default: pg } = await import('pg');
  const name = `doudi_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name}`);
      await drop.end();
    },
  };
}
