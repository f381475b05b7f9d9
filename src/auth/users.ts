/** User accounts: argon2 password hashes, lockout after repeated failures, area scopes. */
import { hash, verify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { users } from '../db/schema.ts';
import { findArea } from '../domain/areas.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from './audit.ts';
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

export function checkPasswordStrength(password: string): void {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('WEAK_PASSWORD', '密码至少 8 位，且须同时包含字母和数字', 'password');
  }
}

export async function createUser(db: Db, u: NewUser, actor: string): Promise<PublicUser> {
  checkPasswordStrength(u.password);
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

/** Checks a password; counts failures and locks the account for a while after too many. */
export async function checkLogin(db: Db, username: string, password: string, now = new Date()): Promise<LoginResult> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  const bad = { ok: false as const, code: 'BAD_CREDENTIALS' as const, message: '用户名或密码错误' };
  if (!u) return bad;
  if (u.disabled) return { ok: false, code: 'DISABLED', message: '账号已停用，请联系管理员' };
  if (u.lockedUntil && u.lockedUntil > now) {
    return { ok: false, code: 'LOCKED', message: `密码错误次数过多，账号已锁定至 ${u.lockedUntil.toLocaleTimeString('zh-CN', { hour12: false })}` };
  }
  if (!(await verify(u.passwordHash, password))) {
    const failed = u.failedLogins + 1;
    const lock = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
    await db.transaction(async (tx) => {
      await tx.update(users).set({ failedLogins: lock ? 0 : failed, lockedUntil: lock }).where(eq(users.id, u.id));
      await appendAudit(tx, { actor: username, action: lock ? 'auth.lockout' : 'auth.login_failed', target: `user:${u.id}`, areaCode: u.areaCode, detail: { failed } });
    });
    return lock ? { ok: false, code: 'LOCKED', message: `密码连续错误 ${MAX_FAILED_LOGINS} 次，账号锁定 ${LOCKOUT_MINUTES} 分钟` } : bad;
  }
  if (u.failedLogins > 0 || u.lockedUntil) await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, u.id));
  return { ok: true, user: u };
}
