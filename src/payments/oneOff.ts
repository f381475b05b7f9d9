/**
 * One-off payments a decision orders, paid through the monthly payroll (issue 18 item 11): an approved
 * 临时救助 (000:L158) becomes one row of `one_off_payments`, or one row per instalment when it is approved
 * "一次审批、分阶段救助" — instalment i due i months after the first. The payroll's line source `oneOffLines`
 * pays every row due in or before the payroll's month that no other payroll has taken, as one line per
 * household and program (所属期 = the payroll's month), naming the rows it pays (detail.oneOffs); a row named
 * by a line of another payroll is never taken again. A household without an account is listed as waiting.
 */
import { and, asc, eq, inArray, like, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { oneOffPayments, payrollLines } from './schema.ts';
import { households, members } from '../registry/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { fenToYuan } from '../domain/money.ts';
import { maskAccount } from '../domain/mask.ts';
import { checkBank, type BankAccount } from './entitlements.ts';
import { addMonth, isMonth } from './months.ts';

export interface OneOffOrder {
  householdId: string;
  areaCode: string;
  program: string;
  /** The month the first (or only) part is due. */
  firstMonth: string;
  /** The parts in fen, in order (one element for a one-off); each > 0. */
  partsFen: number[];
  bank: BankAccount | null;
  source: Record<string, unknown>;
  actor: string;
}

/** Orders a payment through the payroll, in the caller's transaction, with its audit entry. Returns the rows' due months and amounts. */
export async function scheduleOneOff(tx: Db, o: OneOffOrder) {
  if (!isMonth(o.firstMonth)) throw new AppError('INVALID_MONTH', '月份应为 YYYY-MM', 'month');
  if (o.partsFen.length === 0 || o.partsFen.some((f) => !Number.isInteger(f) || f <= 0)) throw new AppError('INVALID_AMOUNT', '每次发放金额应大于 0', 'amountYuan');
  const bank = o.bank ? checkBank(o.bank) : null;
  let month = o.firstMonth;
  const rows: (typeof oneOffPayments.$inferInsert)[] = [];
  o.partsFen.forEach((amountFen, i) => {
    rows.push({ householdId: o.householdId, areaCode: o.areaCode, program: o.program, dueMonth: month, amountFen, part: i + 1, parts: o.partsFen.length, bank, source: o.source, createdBy: o.actor });
    month = addMonth(month, 1);
  });
  const made = await tx.insert(oneOffPayments).values(rows).returning({ id: oneOffPayments.id, dueMonth: oneOffPayments.dueMonth, amountFen: oneOffPayments.amountFen });
  await appendAudit(tx, { actor: o.actor, action: 'payment.oneoff.schedule', target: `household:${o.householdId}`, areaCode: o.areaCode,
    detail: { program: o.program, source: o.source, parts: made.map((r) => ({ id: r.id, dueMonth: r.dueMonth, amountFen: r.amountFen })), account: bank ? maskAccount(bank.accountNo) : null } });
  return made.map((r) => ({ id: r.id, dueMonth: r.dueMonth, amountYuan: fenToYuan(r.amountFen) }));
}

/** The rows ordered by one source (e.g. a case program), with the payroll line that took each, if any. */
export async function oneOffsOf(db: Db, sourceKey: string, value: string) {
  const rows = await db.select().from(oneOffPayments).where(sql`${oneOffPayments.source} ->> ${sourceKey} = ${value}`).orderBy(asc(oneOffPayments.part));
  if (rows.length === 0) return [];
  const lines = await db.select({ id: payrollLines.id, payrollId: payrollLines.payrollId, period: payrollLines.period, detail: payrollLines.detail, bankStatus: payrollLines.bankStatus })
    .from(payrollLines).where(and(eq(payrollLines.householdId, rows[0].householdId), eq(payrollLines.program, rows[0].program)));
  return rows.map((r) => {
    const line = lines.find((l) => ((l.detail.oneOffs as number[] | undefined) ?? []).includes(r.id));
    return { id: r.id, part: r.part, parts: r.parts, dueMonth: r.dueMonth, amountYuan: fenToYuan(r.amountFen), payrollMonth: line?.period ?? null, bankStatus: line?.bankStatus ?? null };
  });
}

export interface OneOffLine {
  entitlementId: null; householdId: string; areaCode: string; program: string; period: string; kind: 'regular';
  amountFen: number; payee: Record<string, unknown>; detail: Record<string, unknown>;
}
export interface OneOffWaiting { householdNo: string; householdId: string; program: string; month: string; reason: string }

/** The one-off lines the payroll of `month` for `area` should hold (payrollId: the payroll being re-prepared, if any). */
export async function oneOffLines(db: Db, o: { month: string; area: string; payrollId: string | null }): Promise<{ lines: OneOffLine[]; waiting: OneOffWaiting[] }> {
  const due = await db.select().from(oneOffPayments)
    .where(and(like(oneOffPayments.areaCode, `${o.area}%`), sql`${oneOffPayments.dueMonth} <= ${o.month}`)).orderBy(asc(oneOffPayments.id));
  if (due.length === 0) return { lines: [], waiting: [] };
  const programs = [...new Set(due.map((r) => r.program))];
  const others = await db.select({ detail: payrollLines.detail }).from(payrollLines)
    .where(and(inArray(payrollLines.program, programs), like(payrollLines.areaCode, `${o.area}%`), ...(o.payrollId ? [ne(payrollLines.payrollId, o.payrollId)] : [])));
  const taken = new Set(others.flatMap((l) => (l.detail.oneOffs as number[] | undefined) ?? []));
  const groups = new Map<string, typeof due>();
  for (const r of due) {
    if (taken.has(r.id)) continue;
    const k = `${r.householdId}|${r.program}`;
    const g = groups.get(k);
    if (g) g.push(r); else groups.set(k, [r]);
  }
  if (groups.size === 0) return { lines: [], waiting: [] };
  const ids = [...new Set([...groups.values()].map((g) => g[0].householdId))];
  const hs = new Map((await db.select({ id: households.id, ledgerKey: households.ledgerKey, status: households.status }).from(households).where(inArray(households.id, ids))).map((h) => [h.id, h]));
  const ms = await db.select({ householdId: members.householdId, name: members.name, idNumber: members.idNumber, relation: members.relation })
    .from(members).where(and(inArray(members.householdId, ids), eq(members.status, 'active'))).orderBy(asc(members.position));
  const lines: OneOffLine[] = [];
  const waiting: OneOffWaiting[] = [];
  for (const list of groups.values()) {
    const { householdId, program } = list[0];
    const h = hs.get(householdId);
    const householdNo = h?.ledgerKey ?? householdId;
    const amountFen = list.reduce((a, r) => a + r.amountFen, 0);
    const what = `${program} ${fenToYuan(amountFen)} 元（${list.map((r) => (r.parts > 1 ? `第 ${r.part}/${r.parts} 期` : '一次性')).join('、')}）`;
    if (h && h.status !== 'active') { waiting.push({ householdNo, householdId, program, month: o.month, reason: `家庭已注销，应付${what}，请人工处理` }); continue; }
    const bank = [...list].reverse().find((r) => r.bank)?.bank ?? null;
    if (!bank) { waiting.push({ householdNo, householdId, program, month: o.month, reason: `等待银行账户：${what}，审批时未登记账户` }); continue; }
    const people = ms.filter((m) => m.householdId === householdId);
    const holder = people.find((m) => m.name === bank.accountName) ?? people.find((m) => m.relation === 'head') ?? people[0];
    lines.push({
      entitlementId: null, householdId, areaCode: list[0].areaCode, program, period: o.month, kind: 'regular', amountFen,
      payee: { bankName: bank.bankName, accountNo: bank.accountNo, accountName: bank.accountName, idNumber: holder?.idNumber ?? '' },
      detail: { oneOffs: list.map((r) => r.id), parts: list.map((r) => ({ id: r.id, part: r.part, parts: r.parts, dueMonth: r.dueMonth, amountFen: r.amountFen, source: r.source })) },
    });
  }
  return { lines, waiting };
}
