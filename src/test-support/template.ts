/**
 * Global setup of the database project (vitest.config.ts): migrates ONE template database per run,
 * through the normal open path (so a broken migration still fails the run), and hands it to every test
 * file, whose openTestDatabase (db.ts) then starts from a copy instead of running every migration again.
 * - PostgreSQL (DOUDI_TEST_DATABASE_URL): a database `doudi_template_…`, copied per file with
 *   `CREATE DATABASE … TEMPLATE …` and dropped when the run ends.
 * - PGlite: a migrated data directory, dumped once (PGlite's dumpDataDir, uncompressed tar) and loaded per
 *   file into a new in-memory PGlite (its loadDataDir). The directory itself stays for the run too
 *   (`dataDir`), for tests that hand a ready data directory to a command process.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connection.ts';
import { databaseUrl, runOnServer } from '../db/scratch.ts';

export type TestTemplate =
  | { kind: 'postgres'; database: string }
  | { kind: 'pglite'; dump: string; dataDir: string };

declare module 'vitest' {
  export interface ProvidedContext {
    doudiTestTemplate: TestTemplate | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DOUDI_TEST_DATABASE_URL || undefined;
  if (serverUrl) {
    const name = `doudi_template_${randomBytes(6).toString('hex')}`;
    await runOnServer(serverUrl, `create database ${name}`);
    const drop = () => runOnServer(serverUrl, `drop database if exists ${name}`);
    try {
      await (await openDatabase({ databaseUrl: databaseUrl(serverUrl, name) })).close();
    } catch (err) {
      await drop();
      throw err;
    }
    project.provide('doudiTestTemplate', { kind: 'postgres', database: name });
    return drop;
  }
  const root = mkdtempSync(join(tmpdir(), 'doudi-template-'));
  const remove = async () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  try {
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
    project.provide('doudiTestTemplate', { kind: 'pglite', dump, dataDir });
  } catch (err) {
    await remove();
    throw err;
  }
  return remove;
}
