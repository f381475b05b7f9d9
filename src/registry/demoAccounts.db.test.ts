/** Demo accounts in a production database: those still on a published demo password are disabled, others kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog, users } from '../auth/schema.ts';
import { checkLogin } from '../auth/users.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { DEMO_COUNTY, DEMO_LOGINS, DEMO_PASSWORD, disableDemoAccounts, seedAreas, seedDemoUsers, upgradeDemoPasswords } from './seed.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoUsers(database.db);
});
afterAll(() => database?.close());

describe('demo accounts in demo mode', () => {
  it('move from an old published demo password to the current one, so the printed logins work', async () => {
    await database.db.update(users).set({ passwordHash: await hash('Doudi2026') }).where(eq(users.username, 'shenji'));
    expect(await upgradeDemoPasswords(database.db)).toEqual(['shenji']);
    expect((await checkLogin(database.db, 'shenji', DEMO_PASSWORD)).ok).toBe(true);
    expect(await upgradeDemoPasswords(database.db)).toEqual([]);
  });
});

describe('demo accounts in production', () => {
  it('are all created by seedDemoUsers under the password rule', async () => {
    expect(await database.db.select().from(users)).toHaveLength(DEMO_LOGINS.length);
  });

  it('are disabled when they still use a published demo password, old or new, and kept when their password was changed', async () => {
    await database.db.update(users).set({ passwordHash: await hash('Doudi2026') }).where(eq(users.username, 'minzheng'));
    await database.db.update(users).set({ passwordHash: await hash('Qingshui-Wan-6402') }).where(eq(users.username, 'cun'));
    const disabled = await disableDemoAccounts(database.db);
    expect(disabled.sort()).toEqual(['admin', 'minzheng', 'shenji', 'xiangcun', 'xiangzhen']);
    expect((await checkLogin(database.db, 'admin', DEMO_PASSWORD)).ok).toBe(false);
    expect((await checkLogin(database.db, 'cun', 'Qingshui-Wan-6402')).ok).toBe(true);
    const [admin] = await database.db.select().from(users).where(eq(users.username, 'admin'));
    expect(await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.disable'), eq(auditLog.target, `user:${admin.id}`)))).toHaveLength(1);
    expect(await disableDemoAccounts(database.db)).toEqual([]);
  });
});
