/**
 * Global setup of the database project (vitest.config.ts): migrates ONE template database per run,
 * through the normal open path (so a broken migration still fails the run), and hands it to every test
 * file, whose openTestDatabase (db.ts) then starts from a copy instead of running every migration again.
 * - PostgreSQL (DOUDI_TEST_DATABASE_URL): a database `doudi_template_…`, copied per file with
 *   `CREATE DATABASE … TEMPLATE …` and dropped when the run ends.
 * - PGlite: a migrated data directory, dumped once (PGlite's dumpDataDir, uncompressed tar) and loaded per
 *   file into a new in-memory PGlite (its loadDataDir). The directory itself stays for the run too: tests
 *   that run commands as processes on a DOUDI_DATA start from a copy of it (db.ts, migratedDataDir);
 *   built in both passes for them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connection.ts';
import { databaseUrl, runOnServer } from '../db/scratch.ts';

export interface TestTemplate {
  /** PostgreSQL pass: the template database. */
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
  const root = mkdtempSync(join(tmpdir(), 'doudi-template-'));
  let template: string | undefined;
  const teardown = async () => {
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    if (serverUrl && template) await runOnServer(serverUrl, `drop database if exists ${template}`);
  };
  try {
    // PGlite: always, since command-contract tests run their processes on an embedded data directory in both passes.
    const dataDir = join(root, 'data');
    await (await openDatabase({ dataDir })).close();
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(dataDir);
    const dump = join(root, 'data.tar');
    try {
      writeFileSync(dump, new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    } finally {
      await pglite.close();
    }
    if (serverUrl) {
      const name = `doudi_template_${randomBytes(6).toString('hex')}`;
      await runOnServer(serverUrl, `create database ${name}`);
      template = name;
      await (await openDatabase({ databaseUrl: databaseUrl(serverUrl, name) })).close();
    }
    project.provide('doudiTestTemplate', { postgres: template, pglite: { dataDir, dump } });
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
