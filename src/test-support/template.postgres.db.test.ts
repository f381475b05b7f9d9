/**
 * The PostgreSQL pass's test databases are cleaned up: each file's database is a copy of the run's template
 * named after it, and the end of the run drops the template and every copy still there (one a crashed file
 * left, still connected), but no database of another run on the same server.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { queryRows } from '../db/connection.ts';
import { databaseUrl, runOnServer } from '../db/scratch.ts';
import { openTestDatabase, testServerDatabase } from './db.ts';
import { dropRunDatabases } from './template.ts';

const server = process.env.DOUDI_TEST_DATABASE_URL!;

async function databases(prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return (await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1) order by datname', [prefix])).rows.map((r) => r.datname);
  } finally { await client.end(); }
}

it('names every test database after the run\'s template, so the run\'s end finds it', async () => {
  const template = inject('doudiTestTemplate')?.postgres;
  expect(template).toMatch(/^doudi_test_[0-9a-f]{12}$/);
  const database = await openTestDatabase();
  try {
    const [{ name }] = await queryRows<{ name: string }>(database.db, sql`select current_database() as name`);
    expect(name.startsWith(`${template}_`)).toBe(true);
  } finally { await database.close(); }
  const forCommand = await testServerDatabase(server);
  const commandDb = new URL(forCommand.url).pathname.slice(1);
  try {
    expect(commandDb.startsWith(`${template}_`)).toBe(true);
    expect(await databases(commandDb)).toEqual([commandDb]);
  } finally { await forCommand.drop(); }
  expect(await databases(commandDb)).toEqual([]);
});

it('drops the run\'s template and a copy left behind, even while connected, and leaves another run\'s databases', async () => {
  const run = `doudi_test_${randomBytes(6).toString('hex')}`;
  const other = `doudi_test_${randomBytes(6).toString('hex')}`;
  await runOnServer(server, `create database ${run}`);
  await runOnServer(server, `create database ${run}_left template ${run}`);
  await runOnServer(server, `create database ${other}`);
  // A connection a killed test file never closed.
  const left = new pg.Client({ connectionString: databaseUrl(server, `${run}_left`) });
  left.on('error', () => {});
  await left.connect();
  try {
    await dropRunDatabases(server, run);
    expect(await databases(run)).toEqual([]);
    expect(await databases(other)).toEqual([other]);
  } finally {
    await left.end().catch(() => {});
    await runOnServer(server, `drop database if exists ${run}_left with (force)`);
    await runOnServer(server, `drop database if exists ${run} with (force)`);
    await runOnServer(server, `drop database if exists ${other} with (force)`);
  }
});
