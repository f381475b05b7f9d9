/**
 * A seeded database built once per run and copied per test file: `openSeededDatabase(key, seed)` runs `seed` on a
 * copy of the run's migrated template the first time a file asks for `key`, dumps the result next to the template
 * (template.ts removes it when the run ends), and gives that file and every later one asking for the same key an
 * in-memory PGlite loaded from the dump. Each caller gets its own copy, so a file that changes its database
 * changes nobody else's. The key names what `seed` builds: the same key must always mean the same seed.
 * Without the run's template (outside the db and e2e projects) `seed` simply runs on a fresh database.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type Database, type Db } from '../db/connection.ts';

export async function openSeededDatabase(key: string, seed: (db: Db) => Promise<void>): Promise<Database> {
  const template = inject('doudiTestTemplate')?.pglite;
  if (!template) {
    const database = await openDatabase({ dataDir: 'memory://' });
    try { await seed(database.db); } catch (err) { await database.close(); throw err; }
    return database;
  }
  if (!/^[\w.-]+$/.test(key)) throw new Error(`seed key ${key}: letters, digits, '.', '_' and '-' only`);
  const dump = join(template.seeds, `${key}.tar`);
  if (!existsSync(dump)) await buildDump(template.dump, dump, seed);
  return openDatabase({ dataDir: 'memory://', loadDataDir: dump });
}

/** Seeds a data directory started from the migrated template, then dumps it to `dump` (written whole, then renamed,
 * so a file running at the same time never reads half a dump; two that seed the same key at once both write it). */
async function buildDump(templateDump: string, dump: string, seed: (db: Db) => Promise<void>): Promise<void> {
  const seeds = join(dump, '..');
  mkdirSync(seeds, { recursive: true });
  const dir = mkdtempSync(join(seeds, 'building-'));
  try {
    const database = await openDatabase({ dataDir: join(dir, 'data'), loadDataDir: templateDump });
    try { await seed(database.db); } finally { await database.close(); }
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(join(dir, 'data'));
    try {
      writeFileSync(join(dir, 'data.tar'), new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    } finally {
      await pglite.close();
    }
    renameSync(join(dir, 'data.tar'), dump);
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
