/**
 * The leader's figures of 就业救助 by township (docs/employment.md § 统计): 零就业家庭 now and cleared in the
 * year with the days it took, services per person against the pack's "311" targets, employment after
 * training against its target, 公益性岗位 filled and ending in the year, allowances paid (approved payroll
 * lines by program) — as JSON and as xlsx.
 */
import ExcelJS from 'exceljs';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { findArea } from '../domain/areas.ts';
import { AppError } from '../errors.ts';
import { fenToYuan } from '../domain/money.ts';
import { payrollLines, payrolls } from '../payments/schema.ts';
import { safeCell } from '../payments/bankFile.ts';
import { daysBetween, serviceTargets } from './rules.ts';
import { employmentServices, employmentWorkshopMonths, welfareJobHolders } from './schema.ts';
import { packOn, zeroHouseholdCounts } from './store.ts';
import { EMPLOYMENT_PROGRAMS } from './vocabulary.ts';

export interface TownshipFigures {
  code: string; name: string;
  zeroHouseholds: number; cleared: number; avgClearDays: number | null;
  persons: number; recommendation: number; guidance: number; training: number; school: number; placement: number; met311: number;
  trainingsCompleted: number; employedAfter: number; employedAfterShare: number | null;
  holders: number; endingThisYear: number;
  /** 以工代训: workshop months recorded in the year and their amount (paid to enterprises, not through the household payroll). */
  workshopMonths: number; workTrainingYuan: number;
  paidYuan: Record<string, number>;
}

const blank = (code: string): TownshipFigures => ({
  code, name: findArea(code)?.name ?? code, zeroHouseholds: 0, cleared: 0, avgClearDays: null, persons: 0, recommendation: 0, guidance: 0, training: 0, school: 0, placement: 0,
  met311: 0, trainingsCompleted: 0, employedAfter: 0, employedAfterShare: null, holders: 0, endingThisYear: 0, workshopMonths: 0, workTrainingYuan: 0, paidYuan: {},
});

export async function figures(db: Db, area: string, year: number, date: string) {
  // No pack yet (a county that has published none) means no records to count either: no targets.
  const pack = await packOn(db, area, date).catch((e) => { if (e instanceof AppError && e.code === 'NO_POLICY') return null; throw e; });
  const by = new Map<string, TownshipFigures>();
  const t = (areaCode: string) => { const c = areaCode.slice(0, 9); let f = by.get(c); if (!f) { f = blank(c); by.set(c, f); } return f; };

  for (const z of await zeroHouseholdCounts(db, area, date)) t(z.code).zeroHouseholds = z.households;

  const services = await db.select({ memberId: employmentServices.memberId, areaCode: employmentServices.areaCode, kind: employmentServices.kind, date: employmentServices.date,
    completed: employmentServices.completed, employedAfter: employmentServices.employedAfter, clearedZeroSince: employmentServices.clearedZeroSince })
    .from(employmentServices).where(and(like(employmentServices.areaCode, `${area}%`), sql`extract(year from ${employmentServices.date}) = ${year}`));
  const perPerson = new Map<string, { areaCode: string; recommendation: number; guidance: number; training: number }>();
  const clearDays = new Map<string, number[]>();
  for (const s of services) {
    const f = t(s.areaCode);
    f[s.kind as 'recommendation' | 'guidance' | 'training' | 'school' | 'placement']++;
    const p = perPerson.get(s.memberId) ?? { areaCode: s.areaCode, recommendation: 0, guidance: 0, training: 0 };
    if (s.kind === 'recommendation' || s.kind === 'guidance' || s.kind === 'training') p[s.kind]++;
    perPerson.set(s.memberId, p);
    if (s.kind === 'training' && s.completed) { f.trainingsCompleted++; if (s.employedAfter) f.employedAfter++; }
    if (s.kind === 'placement' && s.clearedZeroSince) {
      f.cleared++;
      const l = clearDays.get(f.code) ?? [];
      l.push(daysBetween(s.clearedZeroSince, s.date) - 1);
      clearDays.set(f.code, l);
    }
  }
  for (const p of perPerson.values()) { const f = t(p.areaCode); f.persons++; if (pack && serviceTargets(pack, p).met) f.met311++; }

  const holders = await db.select({ areaCode: welfareJobHolders.areaCode, start: welfareJobHolders.startDate, last: sql<string>`coalesce(${welfareJobHolders.endedOn}, ${welfareJobHolders.maxLastDay})`,
    endedOn: welfareJobHolders.endedOn }).from(welfareJobHolders).where(like(welfareJobHolders.areaCode, `${area}%`));
  for (const h of holders) {
    const last = String(h.last);
    if (h.start <= date && last >= date) t(h.areaCode).holders++;
    if (!h.endedOn && last.startsWith(String(year))) t(h.areaCode).endingThisYear++;
  }

  const workshops = await db.select({ areaCode: employmentWorkshopMonths.areaCode, n: sql<number>`count(*)::int`, fen: sql<number>`sum(${employmentWorkshopMonths.amountFen})::bigint` })
    .from(employmentWorkshopMonths).where(and(like(employmentWorkshopMonths.areaCode, `${area}%`), sql`substr(${employmentWorkshopMonths.month}, 1, 4) = ${String(year)}`))
    .groupBy(employmentWorkshopMonths.areaCode);
  for (const w of workshops) { const f = t(w.areaCode); f.workshopMonths += w.n; f.workTrainingYuan = fenToYuan(Math.round(f.workTrainingYuan * 100) + Number(w.fen)); }

  const paid = await db.select({ areaCode: payrollLines.areaCode, program: payrollLines.program, fen: sql<number>`sum(${payrollLines.amountFen})::bigint` }).from(payrollLines)
    .innerJoin(payrolls, eq(payrolls.id, payrollLines.payrollId))
    .where(and(like(payrollLines.areaCode, `${area}%`), inArray(payrollLines.program, Object.values(EMPLOYMENT_PROGRAMS)), eq(payrolls.status, 'approved'),
      sql`${payrollLines.bankStatus} <> 'failed'`, sql`substr(${payrollLines.period}, 1, 4) = ${String(year)}`))
    .groupBy(payrollLines.areaCode, payrollLines.program);
  for (const p of paid) { const f = t(p.areaCode); f.paidYuan[p.program] = fenToYuan((f.paidYuan[p.program] ? Math.round(f.paidYuan[p.program] * 100) : 0) + Number(p.fen)); }

  for (const f of by.values()) {
    const l = clearDays.get(f.code);
    f.avgClearDays = l?.length ? Math.round(l.reduce((a, b) => a + b, 0) / l.length) : null;
    f.employedAfterShare = f.trainingsCompleted ? Math.round((f.employedAfter / f.trainingsCompleted) * 1000) / 1000 : null;
  }
  const byTownship = [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    year, date, byTownship,
    targets: pack && { ...serviceTargets(pack, { recommendation: 0, guidance: 0, training: 0 }).targets, employedAfterTraining: pack.value<number | null>('employment.targets.employedAfterTraining'),
      trainedPerYear: pack.value<number | null>('employment.targets.trainedPerYear') },
  };
}

/** The figures as a workbook: one row per township, then the county's totals. */
export async function figuresXlsx(f: Awaited<ReturnType<typeof figures>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const ws = wb.addWorksheet(`${f.year}年就业救助`);
  const programs = Object.values(EMPLOYMENT_PROGRAMS);
  ws.addRow(['乡镇（街道）', '零就业家庭（户）', '本年清零（户）', '平均清零天数', '服务人数', '岗位推荐（次）', '职业指导（次）', '技能培训（次）', '“两后生”（人）', '就业安置（人次）',
    '达到“311”人数', '培训结业（人次）', '培训后就业（人次）', '培训后就业率', '公益性岗位在岗（人）', '本年期满（人）', '以工代训车间月数', '以工代训补贴（元）', ...programs.map((p) => `${p}（元）`)]).font = { bold: true };
  const row = (name: string, x: Omit<TownshipFigures, 'code' | 'name'>) => ws.addRow([safeCell(name), x.zeroHouseholds, x.cleared, x.avgClearDays ?? '', x.persons, x.recommendation, x.guidance, x.training,
    x.school, x.placement, x.met311, x.trainingsCompleted, x.employedAfter, x.employedAfterShare ?? '', x.holders, x.endingThisYear, x.workshopMonths, x.workTrainingYuan, ...programs.map((p) => x.paidYuan[p] ?? 0)]);
  for (const x of f.byTownship) row(x.name, x);
  const sum = (k: keyof TownshipFigures) => f.byTownship.reduce((a, x) => a + (x[k] as number), 0);
  const total = {
    zeroHouseholds: sum('zeroHouseholds'), cleared: sum('cleared'), avgClearDays: null, persons: sum('persons'), recommendation: sum('recommendation'), guidance: sum('guidance'),
    training: sum('training'), school: sum('school'), placement: sum('placement'), met311: sum('met311'), trainingsCompleted: sum('trainingsCompleted'), employedAfter: sum('employedAfter'),
    employedAfterShare: null, holders: sum('holders'), endingThisYear: sum('endingThisYear'), workshopMonths: sum('workshopMonths'),
    workTrainingYuan: fenToYuan(f.byTownship.reduce((a, x) => a + Math.round(x.workTrainingYuan * 100), 0)),
    paidYuan: Object.fromEntries(programs.map((p) => [p, fenToYuan(f.byTownship.reduce((a, x) => a + Math.round((x.paidYuan[p] ?? 0) * 100), 0))])),
  };
  row('合计', total).font = { bold: true };
  ws.columns.forEach((c) => { c.width = 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
