/**
 * Accounts and their traces: users (with their area scope), sessions (only the token's hash is stored) and
 * the append-only, hash-chained audit log.
 */
import { bigserial, boolean, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { areaCode, createdAt } from '../db/columns.ts';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  department: text('department'),
  /** Area scope: the user reads and writes only rows whose area_code starts with this. */
  areaCode: areaCode(),
  disabled: boolean('disabled').notNull().default(false),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: createdAt(),
});

export const sessions = pgTable('sessions', {
  /** sha256 of the session token; the token itself lives only in the user's cookie. */
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Append-only and hash-chained: each entry's hash covers its content and the previous hash. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target'),
  areaCode: text('area_code'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [index('audit_log_actor_idx').on(t.actor), index('audit_log_action_idx').on(t.action)]);
