/**
 * A new, empty, migrated database: PGlite (in memory, or in `dataDir`), or a freshly created database
 * on the PostgreSQL server at `serverUrl`, dropped again on close. For tests and benchmarks.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from './connection.ts';

export async function openScratchDatabase(serverUrl: string | undefined, dataDir = 'memory://'): Promise<Database> {
  if (!serverUrl) return openDatabase({ dataDir });
  const { default: pg } = await import('pg');
  const name = `doudi_scratch_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try { await client.query(statement); } finally { await client.end(); }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return { ...database, close: async () => { await database.close(); await run(`drop database if exists ${name}`); } };
}
