import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { appendAudit, searchAudit, verifyAudit } from './audit.ts';

let database: Database;
beforeEach(async () => {
  database = await openTestDatabase();
  for (let i = 1; i <= 5; i++) {
    await appendAudit(database.db, { actor: `user${i % 2}`, action: i % 2 ? 'household.update' : 'member.reveal', target: `household:${i}`, areaCode: i < 4 ? '430525101201' : '430525102201', detail: { n: i, nested: { b: 1, a: [1, 2] } } });
  }
});
afterEach(() => database?.close());

describe('hash-chained audit log', () => {
  it('verifies an untouched chain', async () => {
    expect(await verifyAudit(database.db)).toEqual({ ok: true, entries: 5 });
  });

  it('links each entry to the hash of the one before', async () => {
    const rows = await queryRows<{ prev_hash: string; hash: string }>(database.db, sql`select prev_hash, hash from audit_log order by id`);
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('detects an entry whose content was edited by hand', async () => {
    await database.db.execute(sql`update audit_log set actor = 'someone_else' where id = 3`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, brokenAt: { id: 3, problem: expect.stringContaining('修改') } });
  });

  it('detects an edited detail even when the hashes were left alone', async () => {
    await database.db.execute(sql`update audit_log set detail = '{"n": 99}'::jsonb where id = 2`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, brokenAt: { id: 2 } });
  });

  it('detects a deleted entry', async () => {
    await database.db.execute(sql`delete from audit_log where id = 4`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, brokenAt: { id: 4, problem: expect.stringContaining('缺失') } });
  });

  it('detects an entry relinked to a forged previous hash', async () => {
    await database.db.execute(sql`update audit_log set prev_hash = ${'f'.repeat(64)} where id = 5`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, brokenAt: { id: 5, problem: expect.stringContaining('链接') } });
  });

  it('searches by action prefix and keeps to the area scope', async () => {
    const all = await searchAudit(database.db, { action: 'household', scope: '430525', limit: 50, offset: 0 });
    expect(all.total).toBe(3);
    const township = await searchAudit(database.db, { scope: '430525102', limit: 50, offset: 0 });
    expect(township.rows.map((r) => r.target).sort()).toEqual(['household:4', 'household:5']);
  });
});
