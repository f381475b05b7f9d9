/**
 * `doudi user add` as a separate process: a hospital's account (role hospital, scoped to a county) is
 * created like any other, and a hospital scoped to a township is refused — on PGlite in a temporary
 * DOUDI_DATA, or (with DOUDI_TEST_DATABASE_URL) on a fresh PostgreSQL database.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';
import { users } from './schema.ts';
import { migratedDataDir, testServerDatabase } from '../test-support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-user-'));
const server = process.env.DOUDI_TEST_DATABASE_URL || '';
const data = server ? join(dir, 'data') : migratedDataDir(join(dir, 'data'));
let databaseUrl = '';
let dropDatabase = async () => {};

const doudi = (...args: string[]) => spawnSync(process.execPath, ['bin/doudi.js', 'user', 'add', ...args], { env: { ...process.env, DOUDI_DATA: data, DATABASE_URL: databaseUrl }, encoding: 'utf8' });

beforeAll(async () => { if (server) ({ url: databaseUrl, drop: dropDatabase } = await testServerDatabase(server)); });
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
});

it('creates a hospital account scoped to its county, and refuses one scoped to a township', async () => {
  const ok = doudi('--username', 'renmin', '--password', 'Yiyuan-Jiesuan-7391', '--role', 'hospital', '--area', '430525', '--name', '洞口县人民医院');
  expect(ok.status, ok.stderr).toBe(0);
  const bad = doudi('--username', 'xiangyuan', '--password', 'Yiyuan-Jiesuan-7391', '--role', 'hospital', '--area', '430525101', '--name', '江口镇卫生院');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('6 位');
  const d = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: data });
  try {
    expect(await d.db.select({ role: users.role, areaCode: users.areaCode, displayName: users.displayName }).from(users).where(eq(users.username, 'renmin')))
      .toEqual([{ role: 'hospital', areaCode: '430525', displayName: '洞口县人民医院' }]);
    expect(await d.db.select().from(users).where(eq(users.username, 'xiangyuan'))).toEqual([]);
  } finally { await d.close(); }
}, 120_000);
