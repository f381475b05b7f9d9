/**
 * Entitlements (../shared/contract/PAYROLL.md): a household's approved place in a program — program,
 * start month, end month (null while active), bank account, and the household snapshot the decision
 * was taken on. The amount for month M is evaluate(snapshot in force for M, policy in force on M-01)
 * (amounts.ts), so a dated standard change reaches every recipient by itself, while a registry change
 * reaches the money only through a decision that takes a new snapshot (`takeSnapshot`, e.g. a review's
 * 'adjust'). Snapshots are append-only: the one in force for M is the latest whose from_month ≤ M.
 *
 * Interface used by the case workflow (src/cases) on approval and by the roster import:
 *   createEntitlement(tx, {...})  — one open entitlement per household and program (a 409 otherwise)
 *   takeSnapshot(tx, id, snapshot, fromMonth, actor, reason)
 *   endEntitlement(tx, id, endMonth, reason, actor) — endMonth is the last month paid
 *   listEntitlements(db, scope, householdId?) — area-scoped; bank account numbers masked
 * Each write appends its audit entry in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { entitlements, entitlementSnapshots } from './schema.ts';
import { households } from '../registry/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { maskAccount, maskBank } from '../domain/mask.ts';
import { InputError, parseHousehold } from '../policy/household.ts';
import { addMonth, isMonth } from './months.ts';

export const PROGRAMS = ['低保', '特困', '残疾人两项补贴'] as const;
export type Program = (typeof PROGRAMS)[number];
export interface BankAccount { bankName: string; accountNo: string; accountName: string }
export type EntitlementSource = { kind: 'case'; caseId: string } | { kind: 'roster'; fileSha256: string; row: number };

export interface EntitlementView {
  id: string;
  householdId: string;
  areaCode: string;
  program: Program;
  startMonth: string;
  endMonth: string | null;
  endReason: string | null;
  status: 'active' | 'ended';
  /** The account number is masked (maskAccount); payroll lines and the bank file carry the full one. */
  bank: BankAccount | null;
  source: EntitlementSource;
  createdBy: string;
  createdAt: string;
  /** Months from which each snapshot is in force, oldest first. */
  snapshots: { fromMonth: string; reason: string; actor: string; at: string }[];
}

export const isProgram = (p: unknown): p is Program => typeof p === 'string' && (PROGRAMS as readonly string[]).includes(p);

/** A bank account as given, checked: names not empty, the number 12–30 digits (spaces dropped). */
export function checkBank(bank: BankAccount, path = 'bank'): BankAccount {
  const bankName = String(bank.bankName ?? '').trim();
  const accountName = String(bank.accountName ?? '').trim();
  const accountNo = String(bank.accountNo ?? '').replace(/\s+/g, '');
  if (!bankName) throw new AppError('INVALID_BANK', '开户银行不能为空', `${path}.bankName`);
  if (!/^\d{12,30}$/.test(accountNo)) throw new AppError('INVALID_BANK', '银行账号应为 12–30 位数字', `${path}.accountNo`);
  if (!accountName) throw new AppError('INVALID_BANK', '账户名不能为空', `${path}.accountName`);
  return { bankName, accountNo, accountName };
}

/** The snapshot must be a household the engine accepts (EVALUATE.md input), checked when it is taken, not when paid. */
export function checkSnapshot(snapshot: unknown, path = 'snapshot'): Record<string, unknown> {
  try {
    parseHousehold(snapshot);
  } catch (e) {
    if (e instanceof InputError) throw new AppError('INVALID_SNAPSHOT', `家庭快照无效：${e.message}`, e.path === '$' ? path : `${path}.${e.path}`);
    throw e;
  }
  return snapshot as Record<string, unknown>;
}

function checkMonth(m: unknown, path: string): string {
  if (!isMonth(m)) throw new AppError('INVALID_MONTH', '月份应为 YYYY-MM 格式，如 2021-12', path);
  return m;
}

export async function createEntitlement(tx: Db, e: {
  householdId: string; areaCode: string; program: Program; startMonth: string;
  bank: BankAccount | null; snapshot: unknown;
  source: EntitlementSource; actor: string;
}): Promise<{ id: string }> {
  if (!isProgram(e.program)) throw new AppError('INVALID_PROGRAM', '救助项目应为 低保、特困 或 残疾人两项补贴', 'program');
  const startMonth = checkMonth(e.startMonth, 'startMonth');
  const bank = e.bank ? checkBank(e.bank) : null;
  const snapshot = checkSnapshot(e.snapshot);
  const [h] = await tx.select({ areaCode: households.areaCode, status: households.status }).from(households).where(eq(households.id, e.householdId));
  if (!h) throw new AppError('NOT_FOUND', '家庭不存在', 'householdId', 404);
  if (h.areaCode !== e.areaCode) throw new AppError('AREA_MISMATCH', `区划 ${e.areaCode} 与家庭所在村（社区）${h.areaCode} 不一致`, 'areaCode');
  const [open] = await tx.select({ id: entitlements.id }).from(entitlements)
    .where(and(eq(entitlements.householdId, e.householdId), eq(entitlements.program, e.program), isNull(entitlements.endMonth)));
  if (open) throw new AppError('ENTITLEMENT_EXISTS', `该家庭已在享受${e.program}（待遇 ${open.id}），请先终止或调整原待遇`, 'program', 409);
  const id = randomUUID();
  await tx.insert(entitlements).values({ id, householdId: e.householdId, areaCode: h.areaCode, program: e.program, startMonth, bank, source: e.source, createdBy: e.actor });
  await tx.insert(entitlementSnapshots).values({ entitlementId: id, areaCode: h.areaCode, fromMonth: startMonth, snapshot,
    reason: e.source.kind === 'case' ? '审批决定' : '在保对象花名册导入', actor: e.actor });
  await appendAudit(tx, { actor: e.actor, action: 'entitlement.create', target: `entitlement:${id}`, areaCode: h.areaCode,
    detail: { householdId: e.householdId, program: e.program, startMonth, source: e.source, bank: bank ? { bankName: bank.bankName, accountNo: maskAccount(bank.accountNo) } : null } });
  return { id };
}

async function openEntitlement(tx: Db, id: string) {
  const [row] = await tx.select().from(entitlements).where(eq(entitlements.id, id));
  if (!row) throw new AppError('NOT_FOUND', '待遇不存在', 'entitlementId', 404);
  return row;
}

/** A decision (review 'adjust', …) re-takes the household: amounts from `fromMonth` on are computed from this snapshot. */
export async function takeSnapshot(tx: Db, entitlementId: string, snapshot: unknown, fromMonth: string, actor: string, reason: string): Promise<void> {
  const e = await openEntitlement(tx, entitlementId);
  checkMonth(fromMonth, 'fromMonth');
  if (fromMonth < e.startMonth) throw new AppError('INVALID_MONTH', `起始月份不能早于待遇起始年月 ${e.startMonth}`, 'fromMonth');
  if (e.endMonth !== null && fromMonth > e.endMonth) throw new AppError('ENTITLEMENT_ENDED', `待遇已于 ${e.endMonth} 终止`, 'fromMonth', 409);
  if (!reason?.trim()) throw new AppError('REASON_REQUIRED', '请填写原因', 'reason');
  const checked = checkSnapshot(snapshot);
  await tx.insert(entitlementSnapshots).values({ entitlementId, areaCode: e.areaCode, fromMonth, snapshot: checked, reason: reason.trim(), actor });
  await appendAudit(tx, { actor, action: 'entitlement.snapshot', target: `entitlement:${entitlementId}`, areaCode: e.areaCode, detail: { fromMonth, reason: reason.trim() } });
}

/** Ends an open entitlement; `endMonth` is the last month paid (the month before the start for one never paid). */
export async function endEntitlement(tx: Db, entitlementId: string, endMonth: string, reason: string, actor: string): Promise<void> {
  const e = await openEntitlement(tx, entitlementId);
  checkMonth(endMonth, 'endMonth');
  if (e.endMonth !== null) throw new AppError('ENTITLEMENT_ENDED', `待遇已于 ${e.endMonth} 终止`, 'entitlementId', 409);
  if (endMonth < addMonth(e.startMonth, -1)) throw new AppError('INVALID_MONTH', `终止月份不能早于起始年月 ${e.startMonth} 的前一个月`, 'endMonth');
  if (!reason?.trim()) throw new AppError('REASON_REQUIRED', '请填写终止原因', 'reason');
  const done = await tx.update(entitlements).set({ endMonth, endReason: reason.trim(), version: e.version + 1 })
    .where(and(eq(entitlements.id, entitlementId), eq(entitlements.version, e.version), isNull(entitlements.endMonth))).returning({ id: entitlements.id });
  if (done.length === 0) throw new AppError('STALE', '待遇已被他人修改，请刷新后重试', 'entitlementId', 409);
  await appendAudit(tx, { actor, action: 'entitlement.end', target: `entitlement:${entitlementId}`, areaCode: e.areaCode, detail: { endMonth, reason: reason.trim() } });
}

/** Entitlements in scope; `reveal` (a route that audits it as `account.reveal`) keeps full account numbers. */
export async function listEntitlements(db: Db, scope: string, householdId?: string, opts: { reveal?: boolean } = {}): Promise<EntitlementView[]> {
  const where = householdId ? and(like(entitlements.areaCode, `${scope}%`), eq(entitlements.householdId, householdId)) : like(entitlements.areaCode, `${scope}%`);
  const rows = await db.select().from(entitlements).where(where).orderBy(asc(entitlements.householdId), asc(entitlements.program), desc(entitlements.startMonth)).limit(householdId ? 1000 : 10_000);
  const snaps = rows.length === 0 ? [] : await db.select({ entitlementId: entitlementSnapshots.entitlementId, fromMonth: entitlementSnapshots.fromMonth,
    reason: entitlementSnapshots.reason, actor: entitlementSnapshots.actor, at: entitlementSnapshots.at })
    .from(entitlementSnapshots).where(inArray(entitlementSnapshots.entitlementId, rows.map((r) => r.id))).orderBy(asc(entitlementSnapshots.fromMonth), asc(entitlementSnapshots.id));
  return rows.map((r) => ({
    id: r.id, householdId: r.householdId, areaCode: r.areaCode, program: r.program as Program, startMonth: r.startMonth, endMonth: r.endMonth,
    endReason: r.endReason, status: r.endMonth === null ? 'active' : 'ended',
    bank: opts.reveal ? r.bank ?? null : maskBank(r.bank ?? null),
    source: r.source as EntitlementSource, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
    snapshots: snaps.filter((s) => s.entitlementId === r.id).map((s) => ({ fromMonth: s.fromMonth, reason: s.reason, actor: s.actor, at: s.at.toISOString() })),
  }));
}
