/**
 * 医疗救助 in the monthly payroll (../shared/contract/MEDICAL.md, PAYROLL.md): the 个人垫付 assistance and
 * top-ups owed to households become payroll lines of program `医疗救助`, one per household and settlement
 * month (所属期 = that month; the sum of its settlements), paid into the household's entitlement account,
 * else the account the settlement file gave, else listed as waiting for an account. A settlement is
 * taken by one payroll only: the lines name their settlements (detail.settlements), and a settlement
 * named by a line of another payroll is never taken again; when the payroll is approved its
 * settlements are marked paid. A settlement month whose regular line was already approved gets a
 * 补发 (back) line for settlements that came later; beyond that it is left to a person (needsReview).
 * The payroll preparation (src/payments/payroll.ts) calls `medicalPayrollLines` and `markMedicalPaid`.
 */
import { and, asc, desc, eq, inArray, isNotNull, like, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { entitlements, payrollLines } from '../payments/schema.ts';
import { households, members } from '../registry/schema.ts';
import { fenToYuan } from '../domain/money.ts';
import { medicalSettlements } from './schema.ts';

export const MEDICAL_PROGRAM = '医疗救助';

type Bank = { bankName: string; accountNo: string; accountName: string };

export interface MedicalLine {
  entitlementId: string | null; householdId: string; areaCode: string; program: string; period: string; kind: 'regular' | 'back';
  amountFen: number; payee: Record<string, unknown>; detail: Record<string, unknown>;
}
export interface MedicalWaiting { householdNo: string; householdId: string; program: string; month: string; reason: string }

/** The 医疗救助 lines the payroll of `month` for `area` should hold (payrollId: the payroll being re-prepared, if any). */
export async function medicalPayrollLines(db: Db, o: { month: string; area: string; payrollId: string | null }): Promise<{ lines: MedicalLine[]; waiting: MedicalWaiting[] }> {
  const owed = await db.select({ id: medicalSettlements.id, settlementNo: medicalSettlements.settlementNo, householdId: medicalSettlements.householdId, areaCode: medicalSettlements.areaCode,
    idNumber: medicalSettlements.idNumber, name: medicalSettlements.name, settledOn: medicalSettlements.settledOn, assistanceFen: medicalSettlements.assistanceFen,
    topUpFen: medicalSettlements.topUpFen, bank: medicalSettlements.bank })
    .from(medicalSettlements)
    .where(and(eq(medicalSettlements.method, '个人垫付'), inArray(medicalSettlements.paymentStatus, ['owed', 'waitingAccount']), isNotNull(medicalSettlements.householdId),
      like(medicalSettlements.areaCode, `${o.area}%`), sql`to_char(${medicalSettlements.settledOn}, 'YYYY-MM') <= ${o.month}`))
    .orderBy(asc(medicalSettlements.settledOn), asc(medicalSettlements.id));
  if (owed.length === 0) return { lines: [], waiting: [] };

  // Lines of other payrolls: their settlements are taken; their (household, period, kind) keys are used.
  const others = await db.select({ householdId: payrollLines.householdId, period: payrollLines.period, kind: payrollLines.kind, detail: payrollLines.detail })
    .from(payrollLines).where(and(eq(payrollLines.program, MEDICAL_PROGRAM), like(payrollLines.areaCode, `${o.area}%`), ...(o.payrollId ? [ne(payrollLines.payrollId, o.payrollId)] : [])));
  const taken = new Set(others.flatMap((l) => (l.detail.settlements as number[] | undefined) ?? []));
  const usedKeys = new Set(others.map((l) => `${l.householdId}|${l.period}|${l.kind}`));

  const groups = new Map<string, typeof owed>();
  for (const s of owed) {
    if (taken.has(s.id) || s.assistanceFen + s.topUpFen <= 0) continue;
    const k = `${s.householdId}|${s.settledOn.slice(0, 7)}`;
    const g = groups.get(k);
    if (g) g.push(s); else groups.set(k, [s]);
  }
  const householdIds = [...new Set([...groups.values()].map((g) => g[0].householdId!))];
  if (householdIds.length === 0) return { lines: [], waiting: [] };

  // The household's entitlement account (an active entitlement first, then the latest), its members and number.
  const accounts = new Map<string, { id: string; bank: Bank }>();
  const hs = new Map<string, { ledgerKey: string | null; status: string; members: { name: string; idNumber: string; relation: string }[] }>();
  for (let i = 0; i < householdIds.length; i += 1000) {
    const chunk = householdIds.slice(i, i + 1000);
    const es = await db.select({ id: entitlements.id, householdId: entitlements.householdId, bank: entitlements.bank, endMonth: entitlements.endMonth })
      .from(entitlements).where(and(inArray(entitlements.householdId, chunk), isNotNull(entitlements.bank)))
      .orderBy(sql`${entitlements.endMonth} is null desc`, desc(entitlements.startMonth), asc(entitlements.id));
    for (const e of es) if (e.bank && !accounts.has(e.householdId)) accounts.set(e.householdId, { id: e.id, bank: e.bank as Bank });
    for (const h of await db.select({ id: households.id, ledgerKey: households.ledgerKey, status: households.status }).from(households).where(inArray(households.id, chunk))) hs.set(h.id, { ledgerKey: h.ledgerKey, status: h.status, members: [] });
    const ms = await db.select({ householdId: members.householdId, name: members.name, idNumber: members.idNumber, relation: members.relation })
      .from(members).where(and(inArray(members.householdId, chunk), eq(members.status, 'active'))).orderBy(asc(members.position));
    for (const m of ms) hs.get(m.householdId)?.members.push(m);
  }

  const lines: MedicalLine[] = [];
  const waiting: MedicalWaiting[] = [];
  for (const [k, list] of groups) {
    const [householdId, period] = k.split('|');
    const h = hs.get(householdId);
    const householdNo = h?.ledgerKey ?? householdId;
    const amountFen = list.reduce((a, s) => a + s.assistanceFen + s.topUpFen, 0);
    const what = `医疗救助 ${fenToYuan(amountFen)} 元（个人垫付，${list.length} 笔：${list.map((s) => s.settlementNo).slice(0, 5).join('、')}${list.length > 5 ? '…' : ''}）`;
    if (h && h.status !== 'active') { waiting.push({ householdNo, householdId, program: MEDICAL_PROGRAM, month: period, reason: `家庭已注销，应付${what}，请人工处理` }); continue; }
    const fromEntitlement = accounts.get(householdId);
    const fileBank = [...list].reverse().find((s) => s.bank)?.bank ?? null;
    const bank = fromEntitlement?.bank ?? fileBank;
    if (!bank) { waiting.push({ householdNo, householdId, program: MEDICAL_PROGRAM, month: period, reason: `等待银行账户：${what}，家庭没有待遇账户，结算数据也未提供账户` }); continue; }
    const kind = !usedKeys.has(`${householdId}|${period}|regular`) ? 'regular' : !usedKeys.has(`${householdId}|${period}|back`) ? 'back' : null;
    if (!kind) { waiting.push({ householdNo, householdId, program: MEDICAL_PROGRAM, month: period, reason: `${period} 的医疗救助已发放并已补发过一次，又有${what}，请人工处理` }); continue; }
    const ms = h?.members ?? [];
    const holder = ms.find((m) => m.name === bank.accountName) ?? list.find((s) => s.name === bank.accountName) ?? ms.find((m) => m.relation === 'head') ?? ms[0];
    lines.push({
      entitlementId: fromEntitlement?.id ?? null, householdId, areaCode: list[0].areaCode!, program: MEDICAL_PROGRAM, period, kind, amountFen,
      payee: { bankName: bank.bankName, accountNo: bank.accountNo, accountName: bank.accountName, idNumber: holder?.idNumber ?? '' },
      detail: { settlements: list.map((s) => s.id), settlementNos: list.map((s) => s.settlementNo), account: fromEntitlement ? 'entitlement' : 'file',
        assistanceFen: list.reduce((a, s) => a + s.assistanceFen, 0), topUpFen: list.reduce((a, s) => a + s.topUpFen, 0) },
    });
  }
  return { lines, waiting };
}

/** On approval: the settlements the payroll's 医疗救助 lines pay are marked paid (never taken again). */
export async function markMedicalPaid(tx: Db, payrollId: string): Promise<void> {
  const ls = await tx.select({ detail: payrollLines.detail }).from(payrollLines).where(and(eq(payrollLines.payrollId, payrollId), eq(payrollLines.program, MEDICAL_PROGRAM)));
  const ids = ls.flatMap((l) => (l.detail.settlements as number[] | undefined) ?? []);
  for (let i = 0; i < ids.length; i += 1000) {
    await tx.update(medicalSettlements).set({ paymentStatus: 'paid' }).where(inArray(medicalSettlements.id, ids.slice(i, i + 1000)));
  }
}
