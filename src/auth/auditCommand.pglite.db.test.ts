/**
 * `doudi demo` then `doudi audit verify` as an operator runs them, before and after a hand edit of the audit table.
 * The checks of the demo data and of the tampered table run as separate processes (exit status and output as the
 * operator sees them); the other calls run the same commands in this process.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';
import { appendAudit } from './audit.ts';
import { migratedDataDir } from '../test-support/db.ts';
import { doudiInProcess, doudiProcess } from '../test-support/doudi.ts';

const env = (dataDir: string) => ({ DOUDI_DATA: dataDir, DATABASE_URL: '', DOUDI_AUDIT_ANCHOR: '' });
/** In this process (src/test-support/doudi.ts); `doudiAsProcess` for the calls that prove the command's exit status and output as a process. */
const doudi = (dataDir: string, ...args: string[]) => doudiInProcess(args, env(dataDir));
const doudiAsProcess = (dataDir: string, ...args: string[]) => doudiProcess(args, env(dataDir));

const temps: string[] = [];
const tempDataDir = () => {
  const root = mkdtempSync(join(tmpdir(), 'doudi-audit-'));
  temps.push(root);
  return migratedDataDir(join(root, 'data'));
};
afterEach(() => { for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true }); });

/** Runs SQL (or appends) on the PGlite data directory the command uses, and closes it again. */
async function onData(dataDir: string, fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<unknown>) {
  const database = await openDatabase({ dataDir });
  try { await fn(database.db); } finally { await database.close(); }
}

describe('doudi audit verify', () => {
  it('passes on the demo data and fails once a row of the audit table is edited by hand', async () => {
    const dataDir = tempDataDir();
    expect((await doudi(dataDir, 'demo', '--households', '30')).status).toBe(0);
    const ok = doudiAsProcess(dataDir, 'audit', 'verify');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('哈希链校验通过');
    await onData(dataDir, (db) => db.execute(sql`update audit_log set actor = 'intruder' where id = (select max(id) from audit_log)`));
    const tampered = doudiAsProcess(dataDir, 'audit', 'verify');
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('审计日志被篡改');
  }, 120_000);

  it('anchors the head beside the data, then fails naming the anchor when the newest entries are deleted or the table emptied', async () => {
    const dataDir = tempDataDir();
    await onData(dataDir, async (db) => { for (let i = 0; i < 4; i++) await appendAudit(db, { actor: 'a', action: 'household.update', detail: { i } }); });
    const first = await doudi(dataDir, 'audit', 'verify');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('尚无链头锚点');
    const anchorFile = join(dataDir, 'audit-head.log');
    expect(JSON.parse(readFileSync(anchorFile, 'utf8'))).toMatchObject({ id: 4 });
    expect((await doudi(dataDir, 'audit', 'verify')).stdout).toContain('1 个均在日志中');

    await onData(dataDir, (db) => db.execute(sql`delete from audit_log where id >= 3`));
    const deleted = await doudi(dataDir, 'audit', 'verify');
    expect(deleted.status).toBe(1);
    expect(deleted.stdout).toContain('第 4 条 entry 4: 锚定的链头已不在日志中');
    expect(deleted.stdout).toContain(anchorFile);

    await onData(dataDir, (db) => db.execute(sql`truncate audit_log`));
    const emptied = await doudi(dataDir, 'audit', 'verify');
    expect(emptied.status).toBe(1);
    expect(emptied.stdout).toContain('锚定的链头已不在日志中');
    // A failed verify anchors nothing: the evidence stays the newest line.
    expect(readFileSync(anchorFile, 'utf8').trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('checks a head hash kept elsewhere with --head: exit 0 when it is in the chain, 1 when not, 2 when it is no hash', async () => {
    const dataDir = tempDataDir();
    await onData(dataDir, (db) => appendAudit(db, { actor: 'a', action: 'household.update' }));
    const ok = await doudi(dataDir, 'audit', 'verify');
    const head = /^ {2}([0-9a-f]{64})$/m.exec(ok.stdout)?.[1];
    expect(head).toBeDefined();
    expect((await doudi(dataDir, 'audit', 'verify', '--head', head!)).status).toBe(0);
    const wrong = await doudi(dataDir, 'audit', 'verify', '--head', 'ab'.repeat(32));
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain('指定的链头哈希 abababababab… 不在日志中');
    expect((await doudi(dataDir, 'audit', 'verify', '--head', 'xyz')).status).toBe(2);
  }, 120_000);
});
