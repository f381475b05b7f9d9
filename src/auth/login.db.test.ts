/**
 * Logging in through the HTTP app: the lockout counter under parallel guesses, one answer for every
 * wrong password (unknown, locked, disabled or fine), audited failures, and the password rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { auditLog, users } from './schema.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';
import { verifyAudit } from './audit.ts';
import { checkLogin, createUser, MAX_FAILED_LOGINS, setUserDisabled } from './users.ts';

const PASSWORD = 'Tongxin-Qiao-4817';
let database: Database;
let app: FastifyInstance;
let admin: { cookie: string; csrf: string };

/** Each test logs in from its own address, so the per-address rate limit of /api/login stays out of the way. */
function login(username: string, password: string, ip: string) {
  return app.inject({ method: 'POST', url: '/api/login', payload: { username, password }, remoteAddress: ip });
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  for (const username of ['racer', 'steady', 'frozen', 'gone', 'timed']) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role: 'village_staff', areaCode: JIANGKOU_VILLAGE }, 'test');
  }
  await createUser(database.db, { username: 'boss', displayName: 'boss', password: PASSWORD, role: 'county_admin', areaCode: '430525' }, 'test');
  app = await buildServer(database);
  const r = await login('boss', PASSWORD, '10.0.0.1');
  admin = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('login lockout', () => {
  it('locks an account hit by 12 parallel wrong passwords, and refuses the right one while locked', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => login('racer', `wrong-${i}`, '10.0.1.1')));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(12).fill(401));
    expect(new Set(replies.map((r) => r.json().error.code))).toEqual(new Set(['BAD_CREDENTIALS']));
    const [row] = await database.db.select().from(users).where(eq(users.username, 'racer'));
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const right = await login('racer', PASSWORD, '10.0.1.1');
    expect(right.statusCode).toBe(401);
    expect(right.json().error).toMatchObject({ code: 'LOCKED', message: expect.stringContaining('锁定') });
    const lockouts = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.lockout'), eq(auditLog.target, `user:${row.id}`)));
    expect(lockouts).toHaveLength(1);
    // The lockout's detail carries lockedUntil (a Date when written): the chain still verifies.
    expect(lockouts[0].detail).toMatchObject({ lockedUntil: expect.any(String) });
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('counts every wrong password in the database, one by one', async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      await login('steady', 'wrong', '10.0.2.1');
      const [row] = await database.db.select().from(users).where(eq(users.username, 'steady'));
      expect(row.failedLogins).toBe(i);
    }
    expect((await login('steady', PASSWORD, '10.0.2.1')).statusCode).toBe(200);
    const [row] = await database.db.select().from(users).where(eq(users.username, 'steady'));
    expect(row.failedLogins).toBe(0);
  });

  it('gives a wrong password the same answer for unknown, existing, locked and disabled accounts', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('frozen', 'wrong', '10.0.3.1');
    const [gone] = await database.db.select().from(users).where(eq(users.username, 'gone'));
    await setUserDisabled(database.db, gone.id, true, 'test');
    const answers = await Promise.all(['nobody-here', 'timed', 'frozen', 'gone'].map((u) => login(u, 'wrong-password', '10.0.3.2')));
    const shapes = answers.map((r) => ({ status: r.statusCode, body: r.json() }));
    for (const s of shapes) expect(s).toEqual(shapes[0]);
    expect(shapes[0]).toEqual({ status: 401, body: { error: { code: 'BAD_CREDENTIALS', message: expect.stringContaining('用户名或密码错误'), path: null } } });
    // The right password is told why it cannot log in.
    expect((await login('gone', PASSWORD, '10.0.3.2')).json().error.code).toBe('DISABLED');
    expect((await login('frozen', PASSWORD, '10.0.3.2')).json().error.code).toBe('LOCKED');
  });

  it('spends about as long on an unknown username as on a wrong password', async () => {
    const time = async (username: string) => { const t = performance.now(); await checkLogin(database.db, username, 'wrong-password'); return performance.now() - t; };
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 3; i++) { unknown.push(await time('nobody-at-all')); known.push(await time('timed')); }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    // Before the fix an unknown name returned without hashing: tens of times faster.
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
  });

  it('writes a failed login of an unknown username to the audit log', async () => {
    await login('ghost.user', 'whatever-1', '10.0.4.1');
    const rows = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.login_failed'), isNull(auditLog.target), eq(auditLog.actor, 'ghost.user')));
    expect(rows).toHaveLength(1);
    expect(rows[0].detail).toMatchObject({ username: 'ghost.user' });
  });
});

describe('password rule', () => {
  for (const password of ['password1', 'Doudi2026', 'password123', 'Doudi@2026', 'Admin12345', 'qwertyuiop12']) {
    it(`refuses ${password} for a new user, in Chinese at the password field`, async () => {
      const r = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { username: 'newbie', displayName: '新人', password, role: 'county_staff', areaCode: '430525' } });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'WEAK_PASSWORD', path: 'password', message: expect.stringMatching(/密码/) });
    });
  }

  it('accepts a few unrelated words with digits', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { username: 'newcomer', displayName: '新人', password: 'Hongshan-Qiao-3719', role: 'county_staff', areaCode: '430525' } });
    expect(r.statusCode).toBe(200);
    expect((await login('newcomer', 'Hongshan-Qiao-3719', '10.0.5.1')).statusCode).toBe(200);
  });

  it('refuses a password that is the username with a few digits', async () => {
    await expect(createUser(database.db, { username: 'liuxiaoming', displayName: '刘晓明', password: 'liuxiaoming2026', role: 'county_staff', areaCode: '430525' }, 'test'))
      .rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
  });
});
