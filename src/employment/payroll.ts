/**
 * 就业救助 in the monthly payroll (a line source of src/payments/payroll.ts, like src/medical/payroll.ts): the
 * money of employment assistance owed up to month M becomes payroll lines, one per household, program and
 * month owed (所属期):
 * - 公益性岗位补贴: each month a holder held the job, the pack's minimum wage (by days in a part month);
 * - 培训生活费补贴: a completed training, per day attended, in the month it ended;
 * - “两后生”生活费补助: a year's amount on the start of each school year, at most the pack's years;
 * - 就业创业服务补贴: the broker's reward in the month the person completes the pack's months in work.
 * Each item has a reference (detail.refs); an item named by a line of another payroll is never paid again.
 * Paid into the account the record gives (the holder's, the training institution's, the school's, the
 * broker's), else the household's entitlement account; without one, or with two different accounts for one
 * household and month, the item waits for a person (needsReview). A month whose regular line was paid by an
 * earlier payroll gets a 补发 line for items that came later; beyond that it is left to a person.
 */
import { and, asc, desc, inArray, isNotNull, like, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { daysInMonth } from '../domain/dates.ts';
import { fenToYuan } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { entitlements, payrollLines } from '../payments/schema.ts';
import type { PolicySource } from '../payments/policySource.ts';
import { resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { households, members } from '../registry/schema.ts';
import { brokerRewardDue, liangHouShengDue, trainingAllowanceFen, welfareJobSubsidyFen } from './rules.ts';
import { employmentServices, welfareJobHolders, type Payee } from './schema.ts';
import { EMPLOYMENT_PROGRAMS } from './vocabulary.ts';

const PROGRAMS = Object.values(EMPLOYMENT_PROGRAMS) as string[];

export interface EmploymentLine {
  entitlementId: string | null; householdId: string; areaCode: string; program: string; period: string; kind: 'regular' | 'back';
  amountFen: number; payee: Record<string, unknown>; detail: Record<string, unknown>;
}
export interface EmploymentWaiting { householdNo: string; householdId: string; program: string; month: string; reason: string }

/** One amount owed: its reference, the household and person, the program and month, the account named by the record. */
interface Item { ref: string; householdId: string; memberId: string; areaCode: string; program: string; period: string; amountFen: number; payee: Payee | null; what: string }

const monthEnd = (m: string) => `${m}-${String(daysInMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7)))).padStart(2, '0')}`;
const nextMonth = (m: string) => { const [y, mo] = m.split('-').map(Number); return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`; };

/** The 就业救助 lines the payroll of `month` for `area` should hold (payrollId: the payroll being re-prepared, if any). */
export async function employmentPayrollLines(db: Db, o: { month: string; area: string; payrollId: string | null; policy: PolicySource }): Promise<{ lines: EmploymentLine[]; waiting: EmploymentWaiting[] }> {
  const end = monthEnd(o.month);
  const waiting: EmploymentWaiting[] = [];
  const packs = new Map<string, ResolvedPack>();
  const packOn = async (area: string, date: string) => {
    const k = `${area.slice(0, 6)}|${date}`;
    let p = packs.get(k);
    if (!p) { p = resolvePack((await o.policy.forCounty(area.slice(0, 6))).pack, date); packs.set(k, p); }
    return p;
  };
  const items: Item[] = [];
  const tryItem = async (base: Omit<Item, 'amountFen'>, amount: () => Promise<number>) => {
    try {
      const amountFen = await amount();
      if (amountFen > 0) items.push({ ...base, amountFen });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      waiting.push({ householdNo: base.householdId, householdId: base.householdId, program: base.program, month: base.period, reason: `无法计算${base.what}：${e.message}` });
    }
  };

  const holders = await db.select().from(welfareJobHolders).where(and(like(welfareJobHolders.areaCode, `${o.area}%`), sql`${welfareJobHolders.startDate} <= ${end}`));
  for (const h of holders) {
    const last = h.endedOn ?? h.maxLastDay;
    for (let p = h.startDate.slice(0, 7); p <= o.month && p <= last.slice(0, 7); p = nextMonth(p)) {
      const period = p;
      await tryItem({ ref: `job:${h.id}:${period}`, householdId: h.householdId, memberId: h.memberId, areaCode: h.areaCode, program: EMPLOYMENT_PROGRAMS.welfareJob, period, payee: h.payee, what: `${period} 公益性岗位补贴` },
        async () => welfareJobSubsidyFen(await packOn(h.areaCode, `${period}-01`), { start: h.startDate, lastDay: last }, period));
    }
  }

  const services = await db.select().from(employmentServices).where(and(like(employmentServices.areaCode, `${o.area}%`), inArray(employmentServices.kind, ['training', 'school', 'placement']),
    sql`${employmentServices.date} <= ${end}`));
  for (const s of services) {
    const base = { householdId: s.householdId, memberId: s.memberId, areaCode: s.areaCode, payee: s.payee };
    if (s.kind === 'training' && s.completed && s.days) {
      const ended = s.endDate ?? s.date;
      if (ended > end) continue;
      await tryItem({ ...base, ref: `svc:${s.id}`, program: EMPLOYMENT_PROGRAMS.training, period: ended.slice(0, 7), what: `培训生活费补贴（${s.course ?? ''}，${s.days} 天）` },
        async () => trainingAllowanceFen(await packOn(s.areaCode, ended), s.days!));
    } else if (s.kind === 'school') {
      let dues: ReturnType<typeof liangHouShengDue> = [];
      try { dues = liangHouShengDue(await packOn(s.areaCode, s.date), { start: s.date, end: s.endDate }); } catch (e) {
        if (!(e instanceof AppError)) throw e;
        waiting.push({ householdNo: s.householdId, householdId: s.householdId, program: EMPLOYMENT_PROGRAMS.school, month: s.date.slice(0, 7), reason: `无法计算“两后生”生活费补助：${e.message}` });
      }
      for (const d of dues.filter((x) => x.due <= end)) {
        await tryItem({ ...base, ref: `svc:${s.id}:${d.year}`, program: EMPLOYMENT_PROGRAMS.school, period: d.due.slice(0, 7), what: `“两后生”生活费补助第 ${d.year} 年（${s.course ?? ''}）` }, async () => d.amountFen);
      }
    } else if (s.kind === 'placement' && s.broker) {
      let due: ReturnType<typeof brokerRewardDue> = null;
      try { due = brokerRewardDue(await packOn(s.areaCode, s.date), { start: s.date, end: s.endDate }); } catch (e) {
        if (!(e instanceof AppError)) throw e;
        waiting.push({ householdNo: s.householdId, householdId: s.householdId, program: EMPLOYMENT_PROGRAMS.broker, month: s.date.slice(0, 7), reason: `无法计算就业创业服务补贴：${e.message}` });
      }
      if (due && due.due <= end) {
        const d = due;
        await tryItem({ ...base, ref: `broker:${s.id}`, program: EMPLOYMENT_PROGRAMS.broker, period: d.due.slice(0, 7), what: `劳务经纪人 ${s.broker} 就业创业服务补贴（介绍至 ${s.employer ?? ''}）` }, async () => d.amountFen);
      }
    }
  }
  if (items.length === 0) return { lines: [], waiting };

  // Lines of other payrolls: their items are taken; their (household, program, period, kind) keys are used.
  const others = await db.select({ householdId: payrollLines.householdId, program: payrollLines.program, period: payrollLines.period, kind: payrollLines.kind, detail: payrollLines.detail })
    .from(payrollLines).where(and(inArray(payrollLines.program, PROGRAMS), like(payrollLines.areaCode, `${o.area}%`), ...(o.payrollId ? [ne(payrollLines.payrollId, o.payrollId)] : [])));
  const taken = new Set(others.flatMap((l) => (l.detail.refs as string[] | undefined) ?? []));
  const usedKeys = new Set(others.map((l) => `${l.householdId}|${l.program}|${l.period}|${l.kind}`));

  const groups = new Map<string, Item[]>();
  for (const it of items) {
    if (taken.has(it.ref)) continue;
    const k = `${it.householdId}|${it.program}|${it.period}`;
    const g = groups.get(k);
    if (g) g.push(it); else groups.set(k, [it]);
  }
  const householdIds = [...new Set([...groups.values()].map((g) => g[0].householdId))];
  const accounts = new Map<string, { id: string; bank: Payee }>();
  const hs = new Map<string, { ledgerKey: string | null; status: string }>();
  const people = new Map<string, { name: string; idNumber: string; householdId: string }>();
  for (let i = 0; i < householdIds.length; i += 1000) {
    const chunk = householdIds.slice(i, i + 1000);
    const es = await db.select({ id: entitlements.id, householdId: entitlements.householdId, bank: entitlements.bank }).from(entitlements)
      .where(and(inArray(entitlements.householdId, chunk), isNotNull(entitlements.bank))).orderBy(sql`${entitlements.endMonth} is null desc`, desc(entitlements.startMonth), asc(entitlements.id));
    for (const e of es) if (e.bank && !accounts.has(e.householdId)) accounts.set(e.householdId, { id: e.id, bank: e.bank as Payee });
    for (const h of await db.select({ id: households.id, ledgerKey: households.ledgerKey, status: households.status }).from(households).where(inArray(households.id, chunk))) hs.set(h.id, h);
    for (const m of await db.select({ id: members.id, name: members.name, idNumber: members.idNumber, householdId: members.householdId }).from(members).where(inArray(members.householdId, chunk))) people.set(m.id, m);
  }

  const lines: EmploymentLine[] = [];
  for (const list of groups.values()) {
    const { householdId, program, period } = list[0];
    const householdNo = hs.get(householdId)?.ledgerKey ?? householdId;
    const amountFen = list.reduce((a, it) => a + it.amountFen, 0);
    const what = `${program} ${fenToYuan(amountFen)} 元（${list.map((it) => it.what).slice(0, 3).join('；')}${list.length > 3 ? '…' : ''}）`;
    const wait = (reason: string) => waiting.push({ householdNo, householdId, program, month: period, reason });
    if (hs.get(householdId)?.status !== 'active') { wait(`家庭已注销，应付${what}，请人工处理`); continue; }
    const named = [...new Set(list.map((it) => (it.payee ? JSON.stringify([it.payee.bankName, it.payee.accountNo, it.payee.accountName]) : '')))];
    if (named.length > 1) { wait(`同一家庭同月的${program}须付入不同账户，请人工处理：${what}`); continue; }
    const fromEntitlement = list[0].payee ? null : accounts.get(householdId) ?? null;
    const bank = list[0].payee ?? fromEntitlement?.bank ?? null;
    if (!bank) { wait(`等待银行账户：${what}，记录未提供收款账户，家庭也没有待遇账户`); continue; }
    const kind = !usedKeys.has(`${householdId}|${program}|${period}|regular`) ? 'regular' : !usedKeys.has(`${householdId}|${program}|${period}|back`) ? 'back' : null;
    if (!kind) { wait(`${period} 的${program}已发放并已补发过一次，又有${what}，请人工处理`); continue; }
    const person = people.get(list[0].memberId);
    lines.push({
      entitlementId: fromEntitlement?.id ?? null, householdId, areaCode: list[0].areaCode, program, period, kind, amountFen,
      payee: { bankName: bank.bankName, accountNo: bank.accountNo, accountName: bank.accountName, idNumber: person && person.name === bank.accountName ? person.idNumber : '' },
      detail: { refs: list.map((it) => it.ref), items: list.map((it) => ({ ref: it.ref, memberId: it.memberId, amountFen: it.amountFen, what: it.what })), account: fromEntitlement ? 'entitlement' : 'record' },
    });
  }
  return { lines, waiting };
}
