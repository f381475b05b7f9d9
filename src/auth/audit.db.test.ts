import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { anchorAuditHead, appendAudit, auditAnchorPath, auditHead, searchAudit, startAuditAnchor, verifyAudit } from './audit.ts';

let database: Database;
let dir: string | undefined;
const tempAnchor = () => join((dir ??= mkdtempSync(join(tmpdir(), 'doudi-anchor-'))), 'audit-head.log');
const anchorLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: number; hash: string });
// One database for the file; each test starts from the same five entries, ids from 1.
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(() => database?.close());
beforeEach(async () => {
  await database.db.execute(sql`truncate audit_log restart identity`);
  for (let i = 1; i <= 5; i++) {
    await appendAudit(database.db, { actor: `user${i % 2}`, action: i % 2 ? 'household.update' : 'member.reveal', target: `household:${i}`, areaCode: i < 4 ? '430525101201' : '430525102201', detail: { n: i, nested: { b: 1, a: [1, 2] } } });
  }
});
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('hash-chained audit log', () => {
  it('verifies an untouched chain', async () => {
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, entries: 5, problems: [], head: { id: 5 } });
  });

  it('verifies an entry whose detail held a date (as a lockout does), hashed as stored', async () => {
    await appendAudit(database.db, { actor: 'u', action: 'auth.lockout', target: 'user:1', areaCode: '430525', detail: { failed: 5, lockedUntil: new Date('2026-12-06T04:10:14.617Z') } });
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, entries: 6, problems: [] });
  });

  it('searches by action group, by area, and by a part of the actor\'s name', async () => {
    await database.db.execute(sql`insert into users (username, display_name, password_hash, role, area_code) values ('user1', '张审核', 'x', 'county_staff', '430525') on conflict do nothing`);
    try {
      const registry = await searchAudit(database.db, { group: 'reveal', scope: '430525', limit: 10, offset: 0 });
      expect(registry.rows.map((r) => r.action)).toEqual(['member.reveal', 'member.reveal']);
      const area = await searchAudit(database.db, { area: '430525102', scope: '430525', limit: 10, offset: 0 });
      expect(area.rows.map((r) => r.id)).toEqual([5, 4]);
      const named = await searchAudit(database.db, { actor: '审核', scope: '430525', limit: 10, offset: 0 });
      expect(named.rows.map((r) => r.id)).toEqual([5, 3, 1]);
      expect((await searchAudit(database.db, { actor: '%', scope: '430525', limit: 10, offset: 0 })).total).toBe(0);
    } finally {
      await database.db.execute(sql`delete from users where username = 'user1'`);
    }
  });

  it('links each entry to the hash of the one before', async () => {
    const rows = await queryRows<{ prev_hash: string; hash: string }>(database.db, sql`select prev_hash, hash from audit_log order by id`);
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('detects an entry whose content was edited by hand', async () => {
    await database.db.execute(sql`update audit_log set actor = 'someone_else' where id = 3`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problems: [{ id: 3, problem: expect.stringContaining('修改') }] });
  });

  it('detects an edited detail even when the hashes were left alone', async () => {
    await database.db.execute(sql`update audit_log set detail = '{"n": 99}'::jsonb where id = 2`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problems: [{ id: 2 }] });
  });

  it('detects a deleted entry in the middle at the link of the entry after it', async () => {
    await database.db.execute(sql`delete from audit_log where id = 4`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problems: [{ id: 5, problem: expect.stringContaining('被删除') }] });
  });

  it('detects deleted first entries', async () => {
    await database.db.execute(sql`delete from audit_log where id <= 2`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problems: [{ id: 3, problem: expect.stringContaining('起点') }] });
  });

  it('accepts gaps in ids: a rolled-back append burns sequence values (as after a crash) and the chain still verifies', async () => {
    await database.db.transaction(async (tx) => {
      await appendAudit(tx, { actor: 'x', action: 'household.update' });
      tx.rollback();
    }).catch((e: Error) => { if (!/rollback/i.test(e.message)) throw e; });
    await database.db.execute(sql`select setval(pg_get_serial_sequence('audit_log', 'id'), 40)`);
    await appendAudit(database.db, { actor: 'y', action: 'household.update' });
    await appendAudit(database.db, { actor: 'z', action: 'household.update' });
    const ids = (await queryRows<{ id: string }>(database.db, sql`select id from audit_log order by id`)).map((r) => Number(r.id));
    expect(ids).toEqual([1, 2, 3, 4, 5, 41, 42]);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, entries: 7, problems: [], head: { id: 42 } });
  });

  it('reports every break, not only the first: two separate edits are both reported and the walk reaches the end', async () => {
    await database.db.execute(sql`update audit_log set actor = 'someone_else' where id = 2`);
    await database.db.execute(sql`update audit_log set target = 'household:999' where id = 4`);
    const r = await verifyAudit(database.db);
    expect(r).toMatchObject({ ok: false, entries: 5, head: { id: 5 } });
    expect(r.problems.map((p) => p.id)).toEqual([2, 4]);
  });

  it('detects an entry relinked to a forged previous hash', async () => {
    await database.db.execute(sql`update audit_log set prev_hash = ${'f'.repeat(64)} where id = 5`);
    // The stored hash no longer recomputes from the forged link either: both are reported.
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problems: [{ id: 5, problem: expect.stringContaining('链接') }, { id: 5, problem: expect.stringContaining('修改') }] });
  });

  it('searches by action prefix and keeps to the area scope', async () => {
    const all = await searchAudit(database.db, { action: 'household', scope: '430525', limit: 50, offset: 0 });
    expect(all.total).toBe(3);
    const township = await searchAudit(database.db, { scope: '430525102', limit: 50, offset: 0 });
    expect(township.rows.map((r) => r.target).sort()).toEqual(['household:4', 'household:5']);
  });
});

describe('the chain head anchored outside the table', () => {
  it('verifies against its anchor file while the anchored head is still in the chain', async () => {
    const file = tempAnchor();
    expect(await anchorAuditHead(database.db, file)).toMatchObject({ id: 5 });
    await appendAudit(database.db, { actor: 'a', action: 'household.update' });
    expect(await verifyAudit(database.db, { anchorFile: file })).toMatchObject({ ok: true, entries: 6, anchors: 1, problems: [] });
  });

  it('writes a line only when the head has changed', async () => {
    const file = tempAnchor();
    await anchorAuditHead(database.db, file);
    await anchorAuditHead(database.db, file);
    await appendAudit(database.db, { actor: 'a', action: 'household.update' });
    await anchorAuditHead(database.db, file);
    expect(anchorLines(file).map((l) => l.id)).toEqual([5, 6]);
  });

  it('detects deleting the newest entries and names the anchor', async () => {
    const file = tempAnchor();
    await anchorAuditHead(database.db, file);
    await database.db.execute(sql`delete from audit_log where id >= 4`);
    const r = await verifyAudit(database.db, { anchorFile: file });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ id: 5, problem: expect.stringContaining('锚定的链头已不在日志中') }]);
    expect(r.problems[0].problem).toContain(file);
  });

  it('detects deleted newest entries even after later appends relinked the chain to the shorter head', async () => {
    const file = tempAnchor();
    await anchorAuditHead(database.db, file);
    await database.db.execute(sql`delete from audit_log where id >= 4`);
    await appendAudit(database.db, { actor: 'a', action: 'household.update' });
    await anchorAuditHead(database.db, file);
    const r = await verifyAudit(database.db, { anchorFile: file });
    expect(r.problems).toEqual([{ id: 5, problem: expect.stringContaining('锚定的链头已不在日志中') }]);
  });

  it('detects an emptied (truncated) table', async () => {
    const file = tempAnchor();
    await anchorAuditHead(database.db, file);
    await database.db.execute(sql`truncate audit_log restart identity`);
    expect(await verifyAudit(database.db, { anchorFile: file })).toMatchObject({ ok: false, entries: 0, problems: [{ id: 5 }] });
  });

  it('detects a chain rebuilt with recomputed hashes, where the anchored entry now has another hash', async () => {
    const file = tempAnchor();
    await anchorAuditHead(database.db, file);
    await database.db.execute(sql`truncate audit_log restart identity`);
    for (let i = 0; i < 5; i++) await appendAudit(database.db, { actor: 'forger', action: 'household.update' });
    expect(await verifyAudit(database.db, { anchorFile: file })).toMatchObject({ ok: false, problems: [{ id: 5, problem: expect.stringContaining('锚定的链头不符') }] });
  });

  it('checks a head hash kept elsewhere: found anywhere in the chain is ok, a hash not in it is a problem', async () => {
    const head = (await auditHead(database.db))!;
    await appendAudit(database.db, { actor: 'a', action: 'household.update' });
    expect(await verifyAudit(database.db, { head: head.hash })).toMatchObject({ ok: true });
    expect(await verifyAudit(database.db, { head: 'ab'.repeat(32) })).toMatchObject({ ok: false, problems: [{ id: null, problem: expect.stringContaining('不在日志中') }] });
  });

  it('anchors only committed entries: an append still open (then rolled back) is not anchored', async () => {
    const file = tempAnchor();
    let anchoring: Promise<unknown> | undefined;
    await database.db.transaction(async (tx) => {
      await appendAudit(tx, { actor: 'x', action: 'household.update' });
      // On PostgreSQL this reads on another connection at once; PGlite runs it after the transaction ends.
      anchoring = anchorAuditHead(database.db, file);
      await new Promise((r) => setTimeout(r, 100));
      tx.rollback();
    }).catch((e: Error) => { if (!/rollback/i.test(e.message)) throw e; });
    expect(await anchoring).toMatchObject({ id: 5 });
    expect(anchorLines(file).map((l) => l.id)).toEqual([5]);
  });

  it('keeps anchoring from a timer and anchors the final head on stop', async () => {
    const file = tempAnchor();
    const anchor = await startAuditAnchor(database.db, file, 3_600_000);
    await appendAudit(database.db, { actor: 'a', action: 'household.update' });
    await anchor.stop();
    expect(anchorLines(file).map((l) => l.id)).toEqual([5, 6]);
  });

  it('skips a torn last line (a crash mid-write) and still checks the complete ones', async () => {
    const file = tempAnchor();
    await anchorAuditHead(database.db, file);
    writeFileSync(file, readFileSync(file, 'utf8') + '{"id":9,"ha', { flag: 'w' });
    expect(await verifyAudit(database.db, { anchorFile: file })).toMatchObject({ ok: true, anchors: 1 });
  });

  it('puts the anchor beside the PGlite data, in ./data for PostgreSQL, or where DOUDI_AUDIT_ANCHOR says', () => {
    expect(auditAnchorPath('pglite', { dataDir: '/srv/doudi' }, {})).toBe(join('/srv/doudi', 'audit-head.log'));
    expect(auditAnchorPath('pglite', { dataDir: 'memory://' }, {})).toBeNull();
    expect(auditAnchorPath('postgres', { databaseUrl: 'postgres://x' }, {})).toBe(join('data', 'audit-head.log'));
    expect(auditAnchorPath('postgres', { databaseUrl: 'postgres://x' }, { DOUDI_AUDIT_ANCHOR: '/var/log/doudi-head.log' })).toBe('/var/log/doudi-head.log');
  });
});

describe('concurrent appends', () => {
  it('never fork the chain: 50 appends outside transactions and 20 inside, all at once, link to 70 different previous entries', async () => {
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => appendAudit(database.db, { actor: 'pool', action: 'auth.login', detail: { i } })),
      ...Array.from({ length: 20 }, (_, i) => database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await appendAudit(tx, { actor: 'tx', action: 'household.update', detail: { i } });
      })),
    ]);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, entries: 75, problems: [] });
    const [{ n, distinct }] = await queryRows<{ n: number; distinct: number }>(database.db, sql`select count(*)::int as n, count(distinct prev_hash)::int as distinct from audit_log`);
    expect({ n, distinct }).toEqual({ n: 75, distinct: 75 });
  });
});
