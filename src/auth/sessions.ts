/** Server-side sessions: the cookie holds a random token, the database only its sha256. */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { sessions, users } from './schema.ts';
import type { User } from './users.ts';

export const SESSION_HOURS = 8;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createSession(db: Db, userId: number): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.insert(sessions).values({ tokenHash: sha256(token), userId, csrfToken, expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) });
  return { token, csrfToken };
}

export async function findSession(db: Db, token: string): Promise<{ user: User; csrfToken: string } | undefined> {
  const [row] = await db.select({ user: users, csrfToken: sessions.csrfToken }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, new Date())));
  if (!row || row.user.disabled) return undefined;
  return row;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}
