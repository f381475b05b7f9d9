/** `doudi demo` then `doudi audit verify` as an operator runs them, before and after a hand edit of the audit table. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';

const doudi = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/doudi.js', ...args], { encoding: 'utf8', env: { ...process.env, DOUDI_DATA: dataDir, DATABASE_URL: '' } });

describe('doudi audit verify', () => {
  it.skipIf(!!process.env.DOUDI_TEST_DATABASE_URL)('passes on the demo data and fails once a row of the audit table is edited by hand', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'doudi-audit-')), 'data');
    expect(doudi(dataDir, 'demo', '--households', '30').status).toBe(0);
    const ok = doudi(dataDir, 'audit', 'verify');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('哈希链校验通过');
    const database = await openDatabase({ dataDir });
    await database.db.execute(sql`update audit_log set actor = 'intruder' where id = (select max(id) from audit_log)`);
    await database.close();
    const tampered = doudi(dataDir, 'audit', 'verify');
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('审计日志被篡改');
  }, 120_000);
});
