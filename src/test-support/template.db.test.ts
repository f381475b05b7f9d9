/**
 * The database suite's template (template.ts): every test file's database starts as a copy of one database
 * migrated per run, and a PGlite opened with `loadDataDir` starts from the dumped data directory it names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, queryRows } from '../db/connection.ts';
import { openTestDatabase } from './db.ts';

const journal = JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };

describe('test databases from the run template', () => {
  it('gives each file a database with every migration applied, copied from the template built once per run', async () => {
    const template = inject('doudiTestTemplate');
    expect(template?.pglite.dump).toBeTruthy();
    if (process.env.DOUDI_TEST_DATABASE_URL) expect(template?.postgres).toMatch(/^doudi_test_[0-9a-f]{12}$/);
    const database = await openTestDatabase();
    try {
      const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(n).toBe(journal.entries.length);
    } finally {
      await database.close();
    }
  });

  it('opens a PGlite database holding what the dumped data directory it loads held', async () => {
    // Started from the run's template too (a PGlite made from nothing would run initdb, seconds of CPU).
    const source = await PGlite.create('memory://', { loadDataDir: new Blob([readFileSync(inject('doudiTestTemplate')!.pglite.dump)]) });
    const dump = join(tmpdir(), 'dump.tar');
    try {
      await source.exec(`create table marker (word text); insert into marker values ('兜底')`);
      writeFileSync(dump, new Uint8Array(await (await source.dumpDataDir('none')).arrayBuffer()));
    } finally {
      await source.close();
    }
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: dump });
    try {
      expect(await queryRows(database.db, sql`select word from marker`)).toEqual([{ word: '兜底' }]);
    } finally {
      await database.close();
    }
  });
});
