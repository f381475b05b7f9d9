/**
 * The audit log: every write and every reveal of personal data, append-only and hash-chained.
 * Each entry's hash is sha256 over the previous entry's hash and this entry's content, so editing
 * or deleting any row breaks the chain from there on; `doudi audit verify` walks it.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, like, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { auditLog } from '../db/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  areaCode?: string | null;
  detail?: Record<string, unknown>;
}

type Row = typeof auditLog.$inferSelect;

function entryHash(prevHash: string, e: Pick<Row, 'at' | 'actor' | 'action' | 'target' | 'areaCode' | 'detail'>): string {
  const content = JSON.stringify([e.at, e.actor, e.action, e.target ?? null, e.areaCode ?? null, canonical(e.detail)]);
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

/** JSON with sorted keys, so the hash does not depend on key order after a jsonb round trip. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/**
 * Appends entries. Call inside the transaction of the change it records, so the change and its
 * audit entry commit together. A transaction-level advisory lock serialises writers of the chain.
 */
export async function appendAudit(db: Db, ...entries: AuditEntry[]): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7311)`);
  const [last] = await db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prev = last?.hash ?? GENESIS_HASH;
  const rows = entries.map((e) => {
    // Microsecond-free ISO timestamps survive the timestamptz round trip unchanged.
    const row = { at: new Date().toISOString(), actor: e.actor, action: e.action, target: e.target ?? null,
      areaCode: e.areaCode ?? null, detail: e.detail ?? {} };
    const hash = entryHash(prev, row);
    const full = { ...row, prevHash: prev, hash };
    prev = hash;
    return full;
  });
  await db.insert(auditLog).values(rows);
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt?: { id: number; problem: string };
}

/** Walks the whole chain in id order, in pages. */
export async function verifyAudit(db: Db): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  let expectedId = 1;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(5000);
    if (page.length === 0) break;
    for (const row of page) {
      count++;
      if (row.id !== expectedId) return { ok: false, entries: count, brokenAt: { id: expectedId, problem: `第 ${expectedId} 条记录缺失（被删除） entry missing` } };
      if (row.prevHash !== prev) return { ok: false, entries: count, brokenAt: { id: row.id, problem: '与上一条记录的链接不符 link to previous entry broken' } };
      const at = new Date(row.at).toISOString();
      if (entryHash(prev, { ...row, at }) !== row.hash) return { ok: false, entries: count, brokenAt: { id: row.id, problem: '记录内容被修改 entry content altered' } };
      prev = row.hash;
      lastId = row.id;
      expectedId = row.id + 1;
    }
  }
  return { ok: true, entries: count };
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
  /** Only entries inside this area scope (entries without an area are county-wide). */
  scope: string;
  limit: number;
  offset: number;
}

export async function searchAudit(db: Db, q: AuditQuery) {
  const conds: SQL[] = [];
  if (q.actor) conds.push(eq(auditLog.actor, q.actor));
  if (q.action) conds.push(like(auditLog.action, `${q.action}%`));
  if (q.target) conds.push(eq(auditLog.target, q.target));
  if (q.from) conds.push(gte(auditLog.at, q.from));
  if (q.to) conds.push(lte(auditLog.at, `${q.to}T23:59:59.999Z`));
  conds.push(sql`coalesce(${auditLog.areaCode}, ${q.scope}) like ${q.scope + '%'}`);
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.limit).offset(q.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { rows, total };
}
