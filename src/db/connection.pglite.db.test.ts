/**
 * The embedded database runs off the HTTP server's thread: a long query leaves the event loop free;
 * a data directory keeps its data across close and reopen; closing stops the database thread; PGlite's
 * WebAssembly is compiled once per process, not once per open.
 * (`.pglite.db.test.ts`: only the PGlite pass runs it, see vitest.config.ts.)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from './connection.ts';
import { migratedDataDir, openTestDatabase } from '../test-support/db.ts';

describe('embedded database (PGlite)', () => {
  it('runs a long query while the event loop keeps turning', async () => {
    const database = await openTestDatabase();
    try {
      let turns = 0;
      let done = false;
      const turn = () => { turns++; if (!done) setImmediate(turn); };
      const query = queryRows(database.db, sql`select count(*) from generate_series(1, 3000000)`).finally(() => { done = true; });
      setImmediate(turn);
      await query;
      // In-process PGlite runs the statement on this thread: no turn at all until it ends.
      expect(turns).toBeGreaterThan(100);
    } finally {
      await database.close();
    }
  });

  it('keeps a data directory across close and reopen, and closing stops the database thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-conn-'));
    try {
      // A copy of the run's migrated data directory (a new one is created and migrated by the run's template already).
      const first = await openDatabase({ dataDir: migratedDataDir(join(dir, 'data')) });
      await first.db.execute(sql`insert into areas (code, name, level) values ('430525', '洞口县', 'county')`);
      await first.close();
      await first.close(); // twice is harmless
      const again = await openDatabase({ dataDir: join(dir, 'data') });
      try {
        expect(await queryRows(again.db, sql`select name from areas`)).toEqual([{ name: '洞口县' }]);
      } finally {
        await again.close();
      }
      await expect(again.db.execute(sql`select 1`)).rejects.toThrow();
      expect(existsSync(join(dir, 'data'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps transactions apart: another query waits until the transaction ends', async () => {
    const database = await openTestDatabase();
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => { release = r; });
      const tx = database.db.transaction(async (t) => {
        await t.execute(sql`insert into areas (code, name, level) values ('430525', '洞口县', 'county')`);
        await held;
        throw new Error('rolled back');
      }).catch((e: Error) => e.message);
      const outside = queryRows<{ n: string | number }>(database.db, sql`select count(*) as n from areas`);
      release();
      expect(await tx).toBe('rolled back');
      // The other query neither saw the uncommitted row nor ran inside the transaction.
      expect(Number((await outside)[0].n)).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('compiles PGlite\'s WebAssembly once in the process and hands it to every database thread it starts', async () => {
    vi.resetModules();
    const compile = vi.spyOn(WebAssembly, 'compile');
    try {
      const fresh = await import('./connection.ts');
      for (let i = 0; i < 2; i++) {
        const database = await fresh.openDatabase({ dataDir: 'memory://', loadDataDir: inject('doudiTestTemplate')?.pglite.dump });
        try {
          expect(await queryRows(database.db, sql`select count(*)::int as n from areas`)).toEqual([{ n: 0 }]);
        } finally {
          await database.close();
        }
      }
      // PGlite's (several MB; the module loader compiles small WebAssembly of its own).
      expect(compile.mock.calls.filter(([bytes]) => (bytes as ArrayBufferView).byteLength > 1_000_000)).toHaveLength(1);
    } finally {
      compile.mockRestore();
    }
  });
});
