/**
 * Global setup of the database and browser projects (vitest.config.ts): migrates ONE template database per run,
 * through the normal open path (so a broken migration still fails the run), and hands it to every test
 * file, whose openTestDatabase (db.ts) then starts from a copy instead of running every migration again.
 * - PostgreSQL (DOUDI_TEST_DATABASE_URL): a database `doudi_test_<run>`, copied per file with
 *   `CREATE DATABASE … TEMPLATE …` into databases named `doudi_test_<run>_…`. When the run ends every
 *   database with the run's name is dropped, also those a crashed or killed test file left; runs of other
 *   checkouts on the same server have other names and are left alone.
 * - PGlite: a migrated data directory, dumped once (PGlite's dumpDataDir, uncompressed tar) and loaded per
 *   file into a new in-memory PGlite (its loadDataDir). The directory itself stays for the run too: tests
 *   that run commands as processes on a DOUDI_DATA start from a copy of it (db.ts, migratedDataDir);
 *   built in both passes for them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connection.ts';
import { databaseUrl, quoteIdent, runOnServer } from '../db/scratch.ts';

export interface TestTemplate {
  /** PostgreSQL pass: the template database; its copies' names start with this name and `_`. */
  postgres?: string;
  /** The migrated PGlite data directory (for command processes), and its dump (for in-memory databases). */
  pglite: { dataDir: string; dump: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    doudiTestTemplate: TestTemplate | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DOUDI_TEST_DATABASE_URL || undefined;
  // `npm test` builds the PGlite template once for all its passes (DOUDI_TEST_PGLITE_TEMPLATE, a directory it removes
  // itself at the end); a vitest run started by hand builds its own.
  const shared = process.env.DOUDI_TEST_PGLITE_TEMPLATE || undefined;
  const root = shared ?? mkdtempSync(join(tmpdir(), 'doudi-template-'));
  const run = `doudi_test_${randomBytes(6).toString('hex')}`;
  const teardown = async () => {
    if (!shared) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    if (serverUrl) await dropRunDatabases(serverUrl, run);
  };
  try {
    // PGlite: always, since command-contract tests run their processes on an embedded data directory in both passes.
    const pglite = shared && existsSync(join(shared, 'data.tar')) ? pgliteTemplatePaths(shared) : await buildPgliteTemplate(root);
    if (serverUrl) {
      await runOnServer(serverUrl, `create database ${run}`);
      await (await openDatabase({ databaseUrl: databaseUrl(serverUrl, run) })).close();
    }
    project.provide('doudiTestTemplate', { postgres: serverUrl ? run : undefined, pglite });
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}

function pgliteTemplatePaths(root: string): TestTemplate['pglite'] {
  return { dataDir: join(root, 'data'), dump: join(root, 'data.tar') };
}

/**
 * Migrates a PGlite data directory `root`/data through the normal open path and dumps it to `root`/data.tar
 * (written last, under another name first, so that a present data.tar is always whole).
 */
export async function buildPgliteTemplate(root: string): Promise<TestTemplate['pglite']> {
  const paths = pgliteTemplatePaths(root);
  await (await openDatabase({ dataDir: paths.dataDir })).close();
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(paths.dataDir);
  try {
    writeFileSync(`${paths.dump}.part`, new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await pglite.close();
  }
  renameSync(`${paths.dump}.part`, paths.dump);
  return paths;
}

/** Drops the run's template and every copy of it still there (a file that crashed before closing its database). */
export async function dropRunDatabases(serverUrl: string, run: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname = $1 or starts_with(datname, $2) order by datname desc`, [run, `${run}_`]);
    for (const { datname } of rows) await client.query(`drop database if exists ${quoteIdent(datname)} with (force)`);
  } finally { await client.end(); }
}

// `npx tsx src/test-support/template.ts DIR`: builds the PGlite template in DIR (npm test, before its database passes).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildPgliteTemplate(process.argv[2]);
