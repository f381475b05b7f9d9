/**
 * Seeded databases built once per run (seeded.ts): the seed runs once per key, every caller gets a copy holding
 * what it wrote, and what one caller writes is not seen by the next.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { queryRows } from '../db/connection.ts';
import { openSeededDatabase } from './seeded.ts';

describe('seeded databases copied per caller', () => {
  it('runs the seed once per key and gives every caller its own copy of what it wrote', async () => {
    const key = `marker-${randomBytes(4).toString('hex')}`;
    let seeded = 0;
    const seed = async (db: Parameters<Parameters<typeof openSeededDatabase>[1]>[0]) => {
      seeded++;
      await db.execute(sql`create table marker (word text)`);
      await db.execute(sql`insert into marker values ('兜底')`);
    };
    const first = await openSeededDatabase(key, seed);
    try {
      expect(await queryRows(first.db, sql`select word from marker`)).toEqual([{ word: '兜底' }]);
      await first.db.execute(sql`insert into marker values ('只在第一份')`);
    } finally {
      await first.close();
    }
    const second = await openSeededDatabase(key, seed);
    try {
      expect(await queryRows(second.db, sql`select word from marker`)).toEqual([{ word: '兜底' }]);
      const [{ n }] = await queryRows<{ n: number }>(second.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(n).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
    expect(seeded).toBe(1);
    expect(existsSync(join(inject('doudiTestTemplate')!.pglite.seeds, `${key}.tar`))).toBe(true);
  });

  it('refuses a key that is not a plain file name', async () => {
    await expect(openSeededDatabase('../outside', async () => {})).rejects.toThrow(/seed key/);
  });
});
