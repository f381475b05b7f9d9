/**
 * Disaster relief in the monthly payroll (../shared/contract/PAYROLL.md): the due instalments of approved cash
 * relief become payroll lines under each kind's own program name (vocabulary.RELIEF_PROGRAMS), one per
 * household, program and month (所属期 = the instalment's month), paid into the account the relief gave, else
 * the household's entitlement account, else listed as waiting for one. An instalment is taken by one payroll
 * only (the lines name it in detail.instalments) and marked paid when that payroll is approved.
 *
 * The emergency period (000:L164, `disaster_emergencies`) adds one line a month of program 应急期临时生活补贴
 * to each 低保/特困 household of its area: the pack's raise of what the household's 低保/特困 lines of that
 * month pay, plus the temporary allowance per member; months already past when it was declared are back-paid
 * in the next payroll prepared (each household, month and kind is paid once: the payroll's natural key).
 * src/payments/payroll.ts calls `disasterPayrollLines`, `emergencyPayrollLines` and `markDisasterPaid`.
 */
import { and, asc, desc, eq, inArray, isNotNull, like, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { entitlements, payrollLines } from '../payments/schema.ts';
import { households, members } from '../registry/schema.ts';
import { fenToYuan } from '../domain/money.ts';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { currentPolicy } from '../policy/store.ts';
import { emergencyExtra, monthsOfPeriod } from './rules.ts';
import { disasterEmergencies, disasterInstalments, disasterRelief } from './schema.ts';
import { DISASTER_PROGRAMS, EMERGENCY_PROGRAM, RELIEF_PROGRAMS, type ReliefKind } from './vocabulary.ts';

type Bank = { bankName: string; accountNo: string; accountName: string };

export interface DisasterLine {
  entitlementId: string | null; householdId: string; areaCode: string; program: string; period: string; kind: 'regular' | 'back';
  amountFen: number; payee: Record<string, unknown>; detail: Record<string, unknown>;
}
export interface DisasterWaiting { householdNo: string; householdId: string; program: string; month: string; reason: string }

/** Lines of other payrolls of these programs: their (household, program, period, kind) keys are used, their instalments taken. */
async function otherLines(db: Db, programs: string[], area: string, payrollId: string | null) {
  const others = await db.select({ householdId: payrollLines.householdId, program: payrollLines.program, period: payrollLines.period, kind: payrollLines.kind, detail: payrollLines.detail })
    .from(payrollLines).where(and(inArray(payrollLines.program, programs), like(payrollLines.areaCode, `${area}%`), ...(payrollId ? [ne(payrollLines.payrollId, payrollId)] : [])));
  return { taken: new Set(others.flatMap((l) => (l.detail.instalments as string[] | undefined) ?? [])), used: new Set(others.map((l) => `${l.householdId}|${l.program}|${l.period}|${l.kind}`)) };
}

/** Each household's entitlement account (an open entitlement first), its number, status and members. */
async function householdsOf(db: Db, ids: string[]) {
  const accounts = new Map<string, { id: string; bank: Bank }>();
  const hs = new Map<string, { ledgerKey: string | null; status: string; members: { name: string; idNumber: string; relation: string }[] }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const es = await db.select({ id: entitlements.id, householdId: entitlements.householdId, bank: entitlements.bank }).from(entitlements)
      .where(and(inArray(entitlements.householdId, chunk), isNotNull(entitlements.bank))).orderBy(sql`${entitlements.endMonth} is null desc`, desc(entitlements.startMonth), asc(entitlements.id));
    for (const e of es) if (e.bank && !accounts.has(e.householdId)) accounts.set(e.householdId, { id: e.id, bank: e.bank as Bank });
    for (const h of await db.select({ id: households.id, ledgerKey: households.ledgerKey, status: households.status }).from(households).where(inArray(households.id, chunk))) hs.set(h.id, { ledgerKey: h.ledgerKey, status: h.status, members: [] });
    const ms = await db.select({ householdId: members.householdId, name: members.name, idNumber: members.idNumber, relation: members.relation })
      .from(members).where(and(inArray(members.householdId, chunk), eq(members.status, 'active'))).orderBy(asc(members.position));
    for (const m of ms) hs.get(m.householdId)?.members.push(m);
  }
  return { accounts, hs };
}

function payeeOf(bank: Bank, ms: { name: string; idNumber: string; relation: string }[]) {
  const holder = ms.find((m) => m.name === bank.accountName) ?? ms.find((m) => m.relation === 'head') ?? ms[0];
  return { bankName: bank.bankName, accountNo: bank.accountNo, accountName: bank.accountName, idNumber: holder?.idNumber ?? '' };
}

/** The relief lines the payroll of `month` for `area` should hold (payrollId: the payroll being re-prepared, if any). */
export async function disasterPayrollLines(db: Db, o: { month: string; area: string; payrollId: string | null }): Promise<{ lines: DisasterLine[]; waiting: DisasterWaiting[] }> {
  const due = await db.select({ i: disasterInstalments, kind: disasterRelief.kind, bank: disasterRelief.bank, eventId: disasterRelief.eventId })
    .from(disasterInstalments).innerJoin(disasterRelief, eq(disasterRelief.id, disasterInstalments.reliefId))
    .where(and(eq(disasterInstalments.status, 'due'), like(disasterInstalments.areaCode, `${o.area}%`), lte(disasterInstalments.month, o.month)))
    .orderBy(asc(disasterInstalments.month), asc(disasterInstalments.id));
  if (due.length === 0) return { lines: [], waiting: [] };
  const { taken, used } = await otherLines(db, Object.values(RELIEF_PROGRAMS), o.area, o.payrollId);
  const groups = new Map<string, typeof due>();
  for (const d of due) {
    if (taken.has(d.i.id)) continue;
    const k = `${d.i.householdId}|${RELIEF_PROGRAMS[d.kind as ReliefKind]}|${d.i.month}`;
    const g = groups.get(k);
    if (g) g.push(d); else groups.set(k, [d]);
  }
  const { accounts, hs } = await householdsOf(db, [...new Set([...groups.values()].map((g) => g[0].i.householdId))]);
  const lines: DisasterLine[] = [];
  const waiting: DisasterWaiting[] = [];
  for (const [k, list] of groups) {
    const [householdId, program, period] = k.split('|');
    const h = hs.get(householdId);
    const householdNo = h?.ledgerKey ?? householdId;
    const amountFen = list.reduce((a, d) => a + d.i.amountFen, 0);
    const what = `${program} ${fenToYuan(amountFen)} 元`;
    if (h && h.status !== 'active') { waiting.push({ householdNo, householdId, program, month: period, reason: `家庭已注销，应付${what}，请人工处理` }); continue; }
    const own = [...list].reverse().find((d) => d.bank)?.bank ?? null;
    const fromEntitlement = accounts.get(householdId);
    const bank = own ?? fromEntitlement?.bank ?? null;
    if (!bank) { waiting.push({ householdNo, householdId, program, month: period, reason: `等待银行账户：${what}，救助申报未登记账户，家庭也没有待遇账户` }); continue; }
    const kind = !used.has(`${householdId}|${program}|${period}|regular`) ? 'regular' : !used.has(`${householdId}|${program}|${period}|back`) ? 'back' : null;
    if (!kind) { waiting.push({ householdNo, householdId, program, month: period, reason: `${period} 的${program}已发放并已补发过一次，又有${what}，请人工处理` }); continue; }
    lines.push({ entitlementId: own ? null : fromEntitlement?.id ?? null, householdId, areaCode: list[0].i.areaCode, program, period, kind, amountFen,
      payee: payeeOf(bank, h?.members ?? []), detail: { instalments: list.map((d) => d.i.id), relief: [...new Set(list.map((d) => d.i.reliefId))], seq: list.map((d) => d.i.seq), account: own ? 'relief' : 'entitlement' } });
  }
  return { lines, waiting };
}

/** On approval: the instalments the payroll's relief lines pay are marked paid. */
export async function markDisasterPaid(tx: Db, payrollId: string): Promise<void> {
  const ls = await tx.select({ detail: payrollLines.detail }).from(payrollLines).where(and(eq(payrollLines.payrollId, payrollId), inArray(payrollLines.program, DISASTER_PROGRAMS)));
  const ids = ls.flatMap((l) => (l.detail.instalments as string[] | undefined) ?? []);
  for (let i = 0; i < ids.length; i += 1000) await tx.update(disasterInstalments).set({ status: 'paid' }).where(inArray(disasterInstalments.id, ids.slice(i, i + 1000)));
}

/**
 * The emergency period's lines for the payroll of `month`: for each declared period touching a month up to
 * `month`, each 低保/特困 household of its area paid in that month (by this run's lines for `month`, `current`,
 * or by other payrolls' lines for earlier months) gets the pack's extra for that month, once.
 */
export async function emergencyPayrollLines(db: Db, o: { month: string; area: string; payrollId: string | null; current: readonly (Omit<DisasterLine, 'kind'> & { kind: string })[] }): Promise<DisasterLine[]> {
  const ems = await db.select().from(disasterEmergencies)
    .where(and(or(like(disasterEmergencies.areaCode, `${o.area}%`), sql`${o.area} like ${disasterEmergencies.areaCode} || '%'`), sql`to_char(${disasterEmergencies.startsOn}, 'YYYY-MM') <= ${o.month}`));
  if (ems.length === 0) return [];
  const { used } = await otherLines(db, [EMERGENCY_PROGRAM], o.area, o.payrollId);
  const out = new Map<string, DisasterLine>();
  const packs = new Map<string, ReturnType<typeof resolvePack> | null>();
  for (const em of ems) {
    const area = em.areaCode.length > o.area.length ? em.areaCode : o.area;
    for (const m of monthsOfPeriod(em.startsOn, em.endsOn).filter((x) => x <= o.month)) {
      const paid = m === o.month
        ? o.current.filter((l) => l.period === m && l.kind === 'regular' && (l.program === '低保' || l.program === '特困') && l.areaCode.startsWith(area))
        : await db.select({ entitlementId: payrollLines.entitlementId, householdId: payrollLines.householdId, areaCode: payrollLines.areaCode, program: payrollLines.program,
          period: payrollLines.period, kind: payrollLines.kind, amountFen: payrollLines.amountFen, payee: payrollLines.payee, detail: payrollLines.detail, payeeKind: payrollLines.payeeKind })
          .from(payrollLines).where(and(eq(payrollLines.period, m), eq(payrollLines.kind, 'regular'), inArray(payrollLines.program, ['低保', '特困']), like(payrollLines.areaCode, `${area}%`),
            ...(o.payrollId ? [ne(payrollLines.payrollId, o.payrollId)] : []))) as DisasterLine[];
      if (paid.length === 0) continue;
      // A 特困 amount split by payee (src/tekun/payroll.ts) has a care line paid to an institution or carer: the
      // emergency line is the household's, so it takes the payee of a line paid to the person.
      const toPerson = (l: object) => ((l as { payeeKind?: string }).payeeKind ?? 'person') === 'person' ? 0 : 1;
      paid.sort((a, b) => toPerson(a) - toPerson(b));
      const county = area.slice(0, 6);
      if (!packs.has(`${county}|${m}`)) {
        const row = await currentPolicy(db, county);
        packs.set(`${county}|${m}`, row ? resolvePack(loadPack(row.yaml), `${m}-01`) : null);
      }
      const pack = packs.get(`${county}|${m}`);
      if (!pack) continue;
      const people = new Map<string, number>();
      const ids = [...new Set(paid.map((l) => l.householdId))];
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await db.select({ householdId: members.householdId, n: sql<number>`count(*)::int` }).from(members)
          .where(and(inArray(members.householdId, ids.slice(i, i + 1000)), eq(members.status, 'active'))).groupBy(members.householdId);
        for (const r of rows) people.set(r.householdId, r.n);
      }
      for (const l of paid) {
        const extra = emergencyExtra(pack, { program: l.program, monthlyFen: l.amountFen, people: people.get(l.householdId) ?? 1 });
        if (extra.amountFen <= 0) continue;
        const kind = m < o.month ? 'back' : 'regular';
        if (used.has(`${l.householdId}|${EMERGENCY_PROGRAM}|${m}|${kind}`)) continue;
        const k = `${l.householdId}|${m}`;
        const prev = out.get(k);
        if (prev) {
          // 低保 and 特困 lines of one household and month: one emergency line; the allowance per person is paid once.
          const raiseOnly = emergencyExtra(pack, { program: l.program, monthlyFen: l.amountFen, people: 0 });
          prev.amountFen += raiseOnly.amountFen;
          prev.detail = { ...prev.detail, reasons: [...(prev.detail.reasons as string[]), ...raiseOnly.reasons] };
          continue;
        }
        out.set(k, { entitlementId: l.entitlementId, householdId: l.householdId, areaCode: l.areaCode, program: EMERGENCY_PROGRAM, period: m, kind, amountFen: extra.amountFen,
          payee: l.payee, detail: { emergency: em.id, reasons: extra.reasons, ...(kind === 'back' ? { backPaid: true } : {}) } });
      }
    }
  }
  return [...out.values()];
}

