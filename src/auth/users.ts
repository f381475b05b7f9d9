/** User accounts: argon2 password hashes, lockout after repeated failures, area scopes. */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { users } from './schema.ts';
import { findArea } from '../domain/areas.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import { passwordProblem } from './passwordRule.ts';
import { SCOPE_LENGTH, type Role } from './roles.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export type User = typeof users.$inferSelect;
export type PublicUser = Omit<User, 'passwordHash'>;

export function publicUser(u: User): PublicUser {
  const { passwordHash: _, ...rest } = u;
  return rest;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  department?: string | null;
  areaCode: string;
}

/** Refuses a password that is short or easy to guess (see passwordRule.ts); `related` are the account's own words. */
export function checkPasswordStrength(password: string, related: string[] = []): void {
  const problem = passwordProblem(password, related);
  if (problem) throw new AppError('WEAK_PASSWORD', problem, 'password');
}

export async function createUser(db: Db, u: NewUser, actor: string): Promise<PublicUser> {
  checkPasswordStrength(u.password, [u.username, u.displayName]);
  const area = findArea(u.areaCode);
  if (!area) throw new AppError('UNKNOWN_AREA', `行政区划代码 ${u.areaCode} 不存在`, 'areaCode');
  if (u.areaCode.length !== SCOPE_LENGTH[u.role]) {
    throw new AppError('SCOPE_LEVEL', `该角色的管辖范围应为 ${SCOPE_LENGTH[u.role]} 位区划代码`, 'areaCode');
  }
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, u.username));
  if (existing) throw new AppError('USERNAME_TAKEN', `用户名 ${u.username} 已存在`, 'username', 409);
  const passwordHash = await hash(u.password);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(users).values({
      username: u.username, displayName: u.displayName, passwordHash, role: u.role,
      department: u.department ?? null, areaCode: u.areaCode,
    }).returning();
    await appendAudit(tx, { actor, action: 'user.create', target: `user:${row.id}`, areaCode: u.areaCode,
      detail: { username: u.username, role: u.role, department: u.department ?? null } });
    return publicUser(row);
  });
}

export async function setUserDisabled(db: Db, id: number, disabled: boolean, actor: string): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ disabled, failedLogins: 0, lockedUntil: null }).where(eq(users.id, id)).returning();
    if (!row) throw new AppError('NOT_FOUND', '用户不存在', 'id', 404);
    await appendAudit(tx, { actor, action: disabled ? 'user.disable' : 'user.enable', target: `user:${id}`, areaCode: row.areaCode, detail: {} });
    return publicUser(row);
  });
}

export type LoginResult = { ok: true; user: User } | { ok: false; code: 'BAD_CREDENTIALS' | 'LOCKED' | 'DISABLED'; message: string };

/** The one answer to every wrong password, whether the name is unknown, locked, disabled or fine. */
export const BAD_CREDENTIALS_MESSAGE = `用户名或密码错误（连续错误 ${MAX_FAILED_LOGINS} 次将锁定 ${LOCKOUT_MINUTES} 分钟）`;
const BAD: LoginResult = { ok: false, code: 'BAD_CREDENTIALS', message: BAD_CREDENTIALS_MESSAGE };

/** A hash of a random password, made once with the same parameters as real ones: unknown names cost one verify too. */
let dummyHash: Promise<string> | undefined;

const notLocked = (now: Date) => or(isNull(users.lockedUntil), lte(users.lockedUntil, now));

function lockedMessage(until: Date): string {
  return `密码错误次数过多，账号已锁定至 ${until.toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })}`;
}

/**
 * Checks a password. A wrong password gets the same answer (BAD_CREDENTIALS, 401) and costs the same
 * argon2 verify whatever the account's state; only the right password learns that the account is
 * locked or disabled. Failures are counted in one UPDATE (row-locked by the database), which locks the
 * account on the MAX_FAILED_LOGINS-th, so parallel guesses cannot outrun the counter; a success is
 * accepted only if the account is still unlocked at the moment it is recorded.
 */
export async function checkLogin(db: Db, username: string, password: string, now = new Date()): Promise<LoginResult> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  if (!u) {
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password);
    await db.transaction(async (tx) => {
      await appendAudit(tx, { actor: username, action: 'auth.login_failed', target: null, areaCode: null, detail: { username, reason: 'unknown_user' } });
    });
    return BAD;
  }
  if (!(await verify(u.passwordHash, password))) {
    await db.transaction(async (tx) => {
      const lockAt = sql`${now.toISOString()}::timestamptz + make_interval(mins => ${LOCKOUT_MINUTES})`;
      const reaches = sql`${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS}`;
      // Counted only while unlocked; the count restarts from zero when it locks the account.
      const [row] = await tx.update(users).set({
        failedLogins: sql`case when ${reaches} then 0 else ${users.failedLogins} + 1 end`,
        lockedUntil: sql`case when ${reaches} then ${lockAt} else null end`,
      }).where(and(eq(users.id, u.id), notLocked(now))).returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
      const detail = !row ? { whileLocked: true } : row.lockedUntil ? { failed: MAX_FAILED_LOGINS, lockedUntil: row.lockedUntil } : { failed: row.failedLogins };
      await appendAudit(tx, { actor: username, action: row?.lockedUntil ? 'auth.lockout' : 'auth.login_failed', target: `user:${u.id}`, areaCode: u.areaCode, detail });
    });
    return BAD;
  }
  const refuse = async (code: 'LOCKED' | 'DISABLED', message: string): Promise<LoginResult> => {
    await db.transaction(async (tx) => {
      await appendAudit(tx, { actor: username, action: 'auth.login_refused', target: `user:${u.id}`, areaCode: u.areaCode, detail: { reason: code.toLowerCase() } });
    });
    return { ok: false, code, message };
  };
  if (u.disabled) return refuse('DISABLED', '账号已停用，请联系管理员');
  const [ok] = await db.update(users).set({ failedLogins: 0, lockedUntil: null })
    .where(and(eq(users.id, u.id), eq(users.disabled, false), notLocked(now))).returning();
  if (!ok) {
    const [cur] = await db.select({ lockedUntil: users.lockedUntil, disabled: users.disabled }).from(users).where(eq(users.id, u.id));
    if (cur?.disabled) return refuse('DISABLED', '账号已停用，请联系管理员');
    return refuse('LOCKED', lockedMessage(cur?.lockedUntil ?? now));
  }
  return { ok: true, user: ok };
}
