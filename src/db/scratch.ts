/**
 * A new, empty, migrated database: PGlite (in memory, or in `dataDir`), or a freshly created database
 * on the PostgreSQL server at `serverUrl`, dropped again on close. For tests and benchmarks.
 *
 * `template` makes it a copy of an already migrated database instead of a migration from scratch
 * (the test suite builds one per run, src/test-support/template.ts): on PostgreSQL the name of a
 * template database (`CREATE DATABASE … TEMPLATE …`), on PGlite the file of a dumped data directory.
 * The migrations still run on open, and find nothing left to do.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from './connection.ts';

export interface ScratchOptions {
  template?: string;
}

export async function openScratchDatabase(serverUrl: string | undefined, dataDir = 'memory://', opts: ScratchOptions = {}): Promise<Database> {
  if (!serverUrl) return openDatabase({ dataDir, loadDataDir: opts.template });
  const name = `doudi_scratch_${randomBytes(6).toString('hex')}`;
  await runOnServer(serverUrl, opts.template ? `create database ${name} template ${quoteIdent(opts.template)}` : `create database ${name}`);
  const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, name) });
  return { ...database, close: async () => { await database.close(); await runOnServer(serverUrl, `drop database if exists ${name}`); } };
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement (CREATE/DROP DATABASE cannot run in a transaction or pool) on its own connection. */
export async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try { await client.query(statement); } finally { await client.end(); }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
