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
  /** PostgreSQL: the new database's name starts with this (default `doudi_scratch`), so whoever owns the prefix can drop what a crash left. */
  prefix?: string;
}

export async function openScratchDatabase(serverUrl: string | undefined, dataDir = 'memory://', opts: ScratchOptions = {}): Promise<Database> {
  if (!serverUrl) return openDatabase({ dataDir, loadDataDir: opts.template });
  const scratch = await createServerDatabase(serverUrl, opts);
  const database = await openDatabase({ databaseUrl: scratch.url });
  return { ...database, close: async () => { await database.close(); await scratch.drop(); } };
}

/** The empty database behind openScratchDatabase on PostgreSQL, unopened: its URL (e.g. a command process's DATABASE_URL) and how to drop it. */
export async function createServerDatabase(serverUrl: string, opts: ScratchOptions = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${opts.prefix ?? 'doudi_scratch'}_${randomBytes(6).toString('hex')}`;
  await runOnServer(serverUrl, opts.template ? `create database ${name} template ${quoteIdent(opts.template)}` : `create database ${name}`);
  return { url: databaseUrl(serverUrl, name), drop: () => runOnServer(serverUrl, `drop database if exists ${name} with (force)`) };
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
