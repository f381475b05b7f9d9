/**
 * The audit log: every write and every reveal of personal data, append-only and hash-chained.
 * Each entry's hash is sha256 over the previous entry's hash and this entry's content, and each entry
 * stores the previous entry's hash, so editing, relinking or deleting a row breaks a link; `doudi audit
 * verify` checks every link and reports every break. Deleting the newest entries leaves a shorter chain
 * whose links all hold: the chain's head is therefore also anchored outside the table, in an append-only
 * file (`audit-head.log`) that verify checks, and printed so it can be kept elsewhere (`--head`).
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { and, asc, desc, eq, gt, gte, inArray, is, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, DbKind, OpenOptions } from '../db/connection.ts';
import { insertJsonRows } from '../db/jsonRows.ts';
import { auditLog, users } from './schema.ts';
import { AUDIT_GROUPS, type AuditGroup } from './auditLabels.ts';

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

/**
 * The detail as it will be stored: plain JSON, the same value that reading the jsonb column gives back
 * (a Date becomes its ISO string, undefined members and functions are dropped, NaN becomes null). The
 * hash is computed over this and this is what is inserted, so the entry verifies after the round trip;
 * hashing the caller's object instead would hash a Date as {} and the stored entry would look altered.
 */
export function plainDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  const plain: unknown = JSON.parse(JSON.stringify(detail ?? {}));
  return plain && typeof plain === 'object' && !Array.isArray(plain) ? plain as Record<string, unknown> : {};
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
 * Appends entries. Call inside the transaction of the change it records (pass its `tx`), so the change
 * and its audit entry commit together; given the database itself, it opens a transaction of its own.
 * Either way the transaction-level advisory lock is held from reading the last hash until commit, so
 * concurrent writers never link two entries to the same previous entry (on PostgreSQL an autocommit
 * `pg_advisory_xact_lock` would be released at once).
 */
export async function appendAudit(db: Db, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (is(db, PgTransaction)) return appendInTransaction(db, entries);
  await db.transaction((tx) => appendInTransaction(tx as unknown as Db, entries));
}

async function appendInTransaction(tx: Db, entries: AuditEntry[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7311)`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prev = last?.hash ?? GENESIS_HASH;
  const rows = entries.map((e) => {
    // Microsecond-free ISO timestamps survive the timestamptz round trip unchanged.
    // The detail as jsonb will return it (a Date becomes its ISO string), so the hash is over what is stored.
    const row = { at: new Date().toISOString(), actor: e.actor, action: e.action, target: e.target ?? null,
      areaCode: e.areaCode ?? null, detail: plainDetail(e.detail) };
    const hash = entryHash(prev, row);
    const full = { ...row, prevHash: prev, hash };
    prev = hash;
    return full;
  });
  await insertJsonRows(tx, auditLog, rows);
}

/** The newest entry of the chain: its id, hash and time. */
export interface AuditHead {
  id: number;
  hash: string;
  at: string;
}

export interface AuditProblem {
  /** The entry concerned (for an anchor, the anchored entry's id); null for a `--head` hash not found. */
  id: number | null;
  /** In Chinese, then English. */
  problem: string;
}

export interface VerifyOptions {
  /** The append-only file of anchored heads; every head in it must still be in the chain with its hash. */
  anchorFile?: string | null;
  /** A head hash kept elsewhere (a printed report): it must be the hash of an entry in the chain. */
  head?: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** Every break found, in id order (anchor and `--head` problems last). Empty when ok. */
  problems: AuditProblem[];
  /** The newest entry, null for an empty log. */
  head: AuditHead | null;
  /** Anchored heads read from the anchor file (0 when there is none). */
  anchors: number;
}

const short = (hash: string) => hash.slice(0, 12);

/**
 * Walks the whole chain in id order, in pages, and checks it by its links: each entry's hash recomputes
 * from its content and its stored previous hash, and its previous hash is the hash of the entry before it
 * (the genesis hash for the first). Gaps in ids are not breaks: a rolled-back append burns sequence values.
 * Then every anchored head (and `head`) must be an entry of the chain with the same hash.
 */
export async function verifyAudit(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const anchors = opts.anchorFile ? await readAnchors(opts.anchorFile) : [];
  const anchored = new Map<number, AuditHead>();
  for (const a of anchors) anchored.set(a.id, a);
  const problems: AuditProblem[] = [];
  const anchorProblems: AuditProblem[] = [];
  let prev = GENESIS_HASH;
  let prevId: number | null = null;
  let head: AuditHead | null = null;
  let headFound = false;
  let count = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.id, prevId ?? 0)).orderBy(asc(auditLog.id)).limit(5000);
    if (page.length === 0) break;
    for (const row of page) {
      count++;
      const at = new Date(row.at).toISOString();
      if (row.prevHash !== prev) {
        problems.push({ id: row.id, problem: prevId === null
          ? '第一条记录不是链的起点：更早的记录被删除，或本条被改链 first entry does not start the chain: earlier entries deleted, or this entry relinked'
          : `与上一条记录（第 ${prevId} 条）的链接不符：其间的记录被删除，或本条被改链 link to the previous entry (id ${prevId}) broken: entries in between deleted, or this entry relinked` });
      }
      if (entryHash(row.prevHash, { ...row, at }) !== row.hash) {
        problems.push({ id: row.id, problem: '记录内容或哈希被修改 entry content or hash altered' });
      }
      const a = anchored.get(row.id);
      if (a) {
        anchored.delete(row.id);
        if (a.hash !== row.hash) {
          anchorProblems.push({ id: row.id, problem: `与锚定的链头不符（锚定的哈希 ${short(a.hash)}…，现为 ${short(row.hash)}…，锚点文件 ${opts.anchorFile}）：记录被改写 differs from the anchored head (hash ${short(a.hash)}…): entry rewritten` });
        }
      }
      if (opts.head && row.hash === opts.head) headFound = true;
      prev = row.hash;
      prevId = row.id;
      head = { id: row.id, hash: row.hash, at };
    }
  }
  const missing = [...anchored.values()].sort((x, y) => y.id - x.id);
  if (missing.length > 0) {
    const newest = missing[0];
    const more = missing.length > 1 ? `；另有 ${missing.length - 1} 个更早的锚点缺失（第 ${missing.slice(1, 21).map((m) => m.id).join('、')}${missing.length > 21 ? '…' : ''} 条） and ${missing.length - 1} older anchored heads missing too` : '';
    anchorProblems.unshift({ id: newest.id, problem: `锚定的链头已不在日志中（${newest.at} 的记录，哈希 ${short(newest.hash)}…，锚点文件 ${opts.anchorFile}）：最新的记录被删除或日志被清空 the anchored head (entry of ${newest.at}, hash ${short(newest.hash)}…, anchor file ${opts.anchorFile}) is gone from the log: newest entries deleted or the table emptied${more}` });
  }
  problems.push(...anchorProblems);
  if (opts.head && !headFound) {
    problems.push({ id: null, problem: `指定的链头哈希 ${short(opts.head)}… 不在日志中：记录被删除或改写 the given head hash is not in the log: entries deleted or rewritten` });
  }
  return { ok: problems.length === 0, entries: count, problems, head, anchors: anchors.length };
}

/**
 * Where the chain head is anchored: DOUDI_AUDIT_ANCHOR when set; otherwise `audit-head.log` beside the
 * PGlite data, or `./data/audit-head.log` for PostgreSQL. Null for an in-memory PGlite (nothing to anchor).
 */
export function auditAnchorPath(kind: DbKind, opts: OpenOptions, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.DOUDI_AUDIT_ANCHOR) return env.DOUDI_AUDIT_ANCHOR;
  if (kind === 'postgres') return join('data', 'audit-head.log');
  const dir = opts.dataDir ?? './data';
  return dir.startsWith('memory://') ? null : join(dir, 'audit-head.log');
}

/** One anchor per line: `{"id":…,"hash":"…","at":"…","anchoredAt":"…"}`. Lines that do not parse are skipped. */
async function readAnchors(file: string): Promise<AuditHead[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return ''; throw e; });
  return text.split('\n').flatMap((line) => {
    const a = parseAnchor(line);
    return a ? [a] : [];
  });
}

function parseAnchor(line: string): AuditHead | null {
  try {
    const a = JSON.parse(line) as Partial<AuditHead>;
    return Number.isSafeInteger(a.id) && typeof a.hash === 'string' && /^[0-9a-f]{64}$/.test(a.hash) && typeof a.at === 'string'
      ? { id: a.id!, hash: a.hash, at: a.at } : null;
  } catch {
    return null;
  }
}

/** The newest committed entry (read outside any transaction, so only committed entries are seen). */
export async function auditHead(db: Db): Promise<AuditHead | null> {
  const [row] = await db.select({ id: auditLog.id, hash: auditLog.hash, at: auditLog.at }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row ? { id: row.id, hash: row.hash, at: new Date(row.at).toISOString() } : null;
}

/**
 * Appends the current head to the anchor file unless it is already the file's last line. Pass the
 * database, not a transaction: the head read must be committed, or a rollback would leave an anchor
 * of an entry that never existed.
 */
export async function anchorAuditHead(db: Db, file: string): Promise<AuditHead | null> {
  const head = await auditHead(db);
  if (!head) return null;
  const last = await lastAnchor(file);
  if (last && last.id === head.id && last.hash === head.hash) return head;
  await mkdir(dirname(file), { recursive: true });
  // One short write with O_APPEND: lines of concurrent writers do not interleave.
  await appendFile(file, JSON.stringify({ ...head, anchoredAt: new Date().toISOString() }) + '\n', { flag: 'a' });
  return head;
}

async function lastAnchor(file: string): Promise<AuditHead | null> {
  const fh = await open(file, 'r').catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return null; throw e; });
  if (!fh) return null;
  try {
    const { size } = await fh.stat();
    const length = Math.min(size, 4096);
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n').filter(Boolean);
    return lines.length ? parseAnchor(lines[lines.length - 1]) : null;
  } finally {
    await fh.close();
  }
}

/**
 * Anchors the head now and then every `everyMs` (an unref'd timer: it never keeps the process alive).
 * Entries committed since the last anchor are not yet covered; `stop()` anchors once more.
 * A failure (disk full, database closed) is reported once on stderr and retried on the next tick.
 */
export async function startAuditAnchor(db: Db, file: string, everyMs = 60_000): Promise<{ stop(): Promise<void> }> {
  let warned = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = anchorAuditHead(db, file).then(() => { warned = false; }, (e: Error) => {
      if (!warned) process.stderr.write(`审计链头锚定失败 audit head anchoring failed (${file}): ${e.message}\n`);
      warned = true;
    });
    return running;
  };
  await tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await tick();
    },
  };
}

export interface AuditQuery {
  /** A user name, or part of a user's display name (all users of that name). */
  actor?: string;
  /** An action, or a prefix of actions. */
  action?: string;
  /** A group of actions (auditLabels.ts). */
  group?: AuditGroup;
  /** Only entries of this area; entries without an area are left out. */
  area?: string;
  target?: string;
  from?: string;
  to?: string;
  /** Only entries inside this area scope (entries without an area are county-wide). */
  scope: string;
  limit: number;
  offset: number;
}

/** A LIKE pattern matching the text literally. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchAudit(db: Db, q: AuditQuery) {
  const conds: SQL[] = [];
  if (q.actor) {
    const named = db.select({ username: users.username }).from(users).where(like(users.displayName, `%${escapeLike(q.actor)}%`));
    conds.push(or(eq(auditLog.actor, q.actor), inArray(auditLog.actor, named))!);
  }
  if (q.action) conds.push(like(auditLog.action, `${escapeLike(q.action)}%`));
  if (q.group) conds.push(or(...AUDIT_GROUPS[q.group].prefixes.map((p) => like(auditLog.action, `${escapeLike(p)}%`)))!);
  // An area outside the scope finds nothing (the scope condition below still holds).
  if (q.area) conds.push(like(auditLog.areaCode, `${q.area}%`));
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
