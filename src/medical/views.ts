/**
 * What the pages and the county read of medical assistance (docs/medical.md § HTTP API): settlements
 * as list rows (masked ID numbers, out-of-pocket after everything and the 临时救助 proposal of 004:L66),
 * a settlement's stored result (the hospital route's idempotent answer), the monthly statements of
 * 一站式 amounts owed to hospitals (JSON and xlsx), the household page's summary and the leader's
 * figures. Every read is limited to an area scope (the settlement's village code starts with it).
 */
import { and, asc, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../db/connection.ts';
import { households } from '../registry/schema.ts';
import { findArea } from '../domain/areas.ts';
import { fenToYuan, yuanToFen } from '../domain/money.ts';
import { maskIdNumber } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { safeCell } from '../payments/bankFile.ts';
import { PolicySource } from '../payments/policySource.ts';
import { PolicyError, resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { todayInChina } from '../registry/model.ts';
import { countyOf, FactsBuilder, loadHouseholds } from './facts.ts';
import { identityList, premiumList } from './lists.ts';
import { CATEGORIES, CATEGORY_LABELS, type CategoryOrNone } from './model.ts';
import { identityOn } from './rules.ts';
import { medicalSettlements } from './schema.ts';
import { yearAssisted, type SettlementResult } from './store.ts';

type SettlementRecord = typeof medicalSettlements.$inferSelect;

/** T − B − I − P − assistance − top-up: what the patient still bears after everything (never below 0). */
export const outOfPocketFen = (s: Pick<SettlementRecord, 'totalFen' | 'basicFen' | 'seriousFen' | 'recordedFen' | 'assistanceFen' | 'topUpFen'>) =>
  Math.max(0, s.totalFen - s.basicFen - s.seriousFen - s.recordedFen - s.assistanceFen - s.topUpFen);

/** Each county's published pack resolved on a date, cached; null when the county has none or it cannot resolve. */
export class PublishedPacks {
  private readonly source: PolicySource;
  private readonly cache = new Map<string, ResolvedPack | null>();
  constructor(db: Db) { this.source = PolicySource.published(db); }
  async on(county: string, date: string): Promise<ResolvedPack | null> {
    const k = `${county}|${date}`;
    if (!this.cache.has(k)) {
      let r: ResolvedPack | null = null;
      try { r = resolvePack((await this.source.forCounty(county)).pack, date); } catch (e) { if (!(e instanceof AppError) && !(e instanceof PolicyError)) throw e; }
      this.cache.set(k, r);
    }
    return this.cache.get(k)!;
  }
  /** medical.tempRelief.outOfPocket in fen (null: not set — no proposal). */
  async tempReliefFen(county: string, date: string): Promise<number | null> {
    const p = await this.on(county, date);
    const v = p ? optional<number>(p, 'medical.tempRelief.outOfPocket') : null;
    return v === null ? null : yuanToFen(v);
  }
}

function optional<T>(pack: ResolvedPack, name: string): T | null {
  try { return pack.value<T>(name) ?? null; } catch (e) { if (e instanceof PolicyError) return null; throw e; }
}

export interface SettlementView {
  id: number; settlementNo: string; channel: string; idNumber: string; name: string; householdId: string | null; householdNo: string | null; areaCode: string | null;
  visitType: string; hospitalLevel: string; hospitalName: string | null; date: string; totalYuan: number; policyYuan: number; basicYuan: number; seriousYuan: number;
  recordedYuan: number; disease: string | null; method: string; category: string; categoryLabel: string; ratio: number; baseYuan: number; assistanceYuan: number;
  topUpYuan: number; yearAssistedYuan: number; capRemainingYuan: number; paymentStatus: string; outOfPocketYuan: number; tempReliefProposed: boolean;
}

/** A settlement as lists show it: the ID number masked (src/domain/mask.ts), the 临时救助 proposal against the pack's threshold. */
export async function settlementView(s: SettlementRecord, ledgerKey: string | null, packs: PublishedPacks): Promise<SettlementView> {
  const oop = outOfPocketFen(s);
  const threshold = s.areaCode ? await packs.tempReliefFen(s.areaCode.slice(0, 6), s.settledOn) : null;
  return {
    id: s.id, settlementNo: s.settlementNo, channel: s.channel, idNumber: maskIdNumber(s.idNumber), name: s.name, householdId: s.householdId,
    householdNo: s.householdId ? ledgerKey ?? s.householdId : null, areaCode: s.areaCode, visitType: s.visitType, hospitalLevel: s.hospitalLevel, hospitalName: s.hospitalName,
    date: s.settledOn, totalYuan: fenToYuan(s.totalFen), policyYuan: fenToYuan(s.policyFen), basicYuan: fenToYuan(s.basicFen), seriousYuan: fenToYuan(s.seriousFen),
    recordedYuan: fenToYuan(s.recordedFen), disease: s.disease, method: s.method, category: s.category, categoryLabel: CATEGORY_LABELS[s.category as CategoryOrNone] ?? s.category,
    ratio: s.ratio, baseYuan: fenToYuan(s.baseFen), assistanceYuan: fenToYuan(s.assistanceFen), topUpYuan: fenToYuan(s.topUpFen), yearAssistedYuan: fenToYuan(s.yearAssistedFen),
    capRemainingYuan: fenToYuan(s.capRemainingFen), paymentStatus: s.paymentStatus, outOfPocketYuan: fenToYuan(oop), tempReliefProposed: threshold !== null && oop > threshold,
  };
}

const inScope = (scope: string) => like(medicalSettlements.areaCode, `${scope}%`);

export interface SettlementQuery { year?: number; month?: string; method?: string; category?: string; householdId?: string; page: number; pageSize: number }

export async function listSettlements(db: Db, scope: string, q: SettlementQuery): Promise<{ total: number; rows: SettlementView[] }> {
  const where: SQL[] = [inScope(scope)];
  if (q.year) where.push(eq(medicalSettlements.year, q.year));
  if (q.month) where.push(sql`to_char(${medicalSettlements.settledOn}, 'YYYY-MM') = ${q.month}`);
  if (q.method) where.push(eq(medicalSettlements.method, q.method));
  if (q.category) where.push(eq(medicalSettlements.category, q.category));
  if (q.householdId) where.push(eq(medicalSettlements.householdId, q.householdId));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(medicalSettlements).where(and(...where));
  const rows = await db.select({ s: medicalSettlements, ledgerKey: households.ledgerKey }).from(medicalSettlements)
    .leftJoin(households, eq(households.id, medicalSettlements.householdId)).where(and(...where))
    .orderBy(desc(medicalSettlements.settledOn), desc(medicalSettlements.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const packs = new PublishedPacks(db);
  const out: SettlementView[] = [];
  for (const r of rows) out.push(await settlementView(r.s, r.ledgerKey, packs));
  return { total: n, rows: out };
}

/** The stored figures of a settlement, as `settle` printed them when it was settled. */
export async function storedResult(db: Db, settlementNo: string): Promise<(SettlementResult & { areaCode: string | null }) | null> {
  const [r] = await db.select({ s: medicalSettlements, ledgerKey: households.ledgerKey }).from(medicalSettlements)
    .leftJoin(households, eq(households.id, medicalSettlements.householdId)).where(eq(medicalSettlements.settlementNo, settlementNo));
  if (!r) return null;
  const s = r.s;
  return {
    settlementNo: s.settlementNo, householdNo: s.householdId ? r.ledgerKey ?? s.householdId : null, category: s.category as CategoryOrNone, ratio: s.ratio,
    baseYuan: fenToYuan(s.baseFen), assistanceYuan: fenToYuan(s.assistanceFen), topUpYuan: fenToYuan(s.topUpFen), recordedYuan: fenToYuan(s.recordedFen),
    yearAssistedYuan: fenToYuan(s.yearAssistedFen), capRemainingYuan: fenToYuan(s.capRemainingFen), reasons: s.reasons as SettlementResult['reasons'], areaCode: s.areaCode,
  };
}

// ── statements of 一站式 amounts owed to hospitals ──

export const NO_HOSPITAL = '（未填医院名称）';

export interface Statement {
  month: string;
  totalYuan: number;
  hospitals: { hospitalName: string; settlements: number; assistanceYuan: number; topUpYuan: number; totalYuan: number;
    rows: { settlementNo: string; date: string; name: string; idNumber: string; visitType: string; category: string; categoryLabel: string; assistanceYuan: number; topUpYuan: number }[] }[];
}

/** The month's 一站式 settlements with assistance or top-up, by hospital (one hospital's only when `hospital` is given). */
export async function statements(db: Db, scope: string, month: string, hospital?: string): Promise<Statement> {
  const where: SQL[] = [inScope(scope), eq(medicalSettlements.method, '一站式'), sql`${medicalSettlements.assistanceFen} + ${medicalSettlements.topUpFen} > 0`,
    sql`to_char(${medicalSettlements.settledOn}, 'YYYY-MM') = ${month}`];
  if (hospital !== undefined) where.push(hospital === NO_HOSPITAL ? sql`${medicalSettlements.hospitalName} is null` : eq(medicalSettlements.hospitalName, hospital));
  const rows = await db.select().from(medicalSettlements).where(and(...where))
    .orderBy(asc(medicalSettlements.hospitalName), asc(medicalSettlements.settledOn), asc(medicalSettlements.settlementNo));
  const byHospital = new Map<string, Statement['hospitals'][number] & { fen: number; aFen: number; tFen: number }>();
  let total = 0;
  for (const s of rows) {
    const name = s.hospitalName ?? NO_HOSPITAL;
    let h = byHospital.get(name);
    if (!h) byHospital.set(name, (h = { hospitalName: name, settlements: 0, assistanceYuan: 0, topUpYuan: 0, totalYuan: 0, rows: [], fen: 0, aFen: 0, tFen: 0 }));
    h.settlements++;
    h.aFen += s.assistanceFen; h.tFen += s.topUpFen; h.fen += s.assistanceFen + s.topUpFen; total += s.assistanceFen + s.topUpFen;
    h.rows.push({ settlementNo: s.settlementNo, date: s.settledOn, name: s.name, idNumber: maskIdNumber(s.idNumber), visitType: s.visitType, category: s.category,
      categoryLabel: CATEGORY_LABELS[s.category as CategoryOrNone] ?? s.category, assistanceYuan: fenToYuan(s.assistanceFen), topUpYuan: fenToYuan(s.topUpFen) });
  }
  return { month, totalYuan: fenToYuan(total), hospitals: [...byHospital.values()].map(({ fen, aFen, tFen, ...h }) => ({ ...h, assistanceYuan: fenToYuan(aFen), topUpYuan: fenToYuan(tFen), totalYuan: fenToYuan(fen) })) };
}

export const STATEMENT_COLUMNS = ['结算编号', '结算日期', '姓名', '身份证号', '就诊类型', '救助类别', '医疗救助（元）', '补足（元）', '合计（元）'] as const;

/** The statement as xlsx: one sheet per hospital with its total; every cell formula-safe. */
export async function statementXlsx(s: Statement): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const used = new Set<string>();
  if (s.hospitals.length === 0) wb.addWorksheet(`${s.month} 无应付`).addRow([`${s.month} 没有应付定点医疗机构的一站式医疗救助`]);
  for (const h of s.hospitals) {
    let name = h.hospitalName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 28) || '医院';
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 25)}(${i})`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow([safeCell(`${h.hospitalName} ${s.month} 一站式医疗救助结算单`)]).font = { bold: true };
    ws.addRow([...STATEMENT_COLUMNS]).font = { bold: true };
    for (const r of h.rows) {
      ws.addRow([safeCell(r.settlementNo), r.date, safeCell(r.name), r.idNumber, r.visitType, r.categoryLabel, r.assistanceYuan, r.topUpYuan, fenToYuan(yuanToFen(r.assistanceYuan) + yuanToFen(r.topUpYuan))]);
    }
    ws.addRow(['合计', '', '', '', '', `${h.settlements} 笔`, h.assistanceYuan, h.topUpYuan, h.totalYuan]).font = { bold: true };
    [18, 12, 10, 22, 12, 20, 14, 12, 14].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
    for (const c of [7, 8, 9]) ws.getColumn(c).numFmt = '0.00';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ── the household page ──

export interface HouseholdMedical {
  year: number; date: string;
  members: { memberId: string; name: string; category: CategoryOrNone; categoryLabel: string; ratio: number; treatFirst: boolean;
    yearAssistedYuan: number; yearTopUpYuan: number; capYuan: number | null; capRemainingYuan: number | null; outOfPocketYuan: number }[];
  settlements: SettlementView[];
  tempRelief: { settlementNo: string; memberName: string; outOfPocketYuan: number; thresholdYuan: number }[];
}

/** The household's members with their medical category today, this year's assistance and what is left of the cap; this year's settlements; 临时救助 proposals. */
export async function householdMedical(db: Db, scope: string, householdId: string, year?: number): Promise<HouseholdMedical> {
  const [row] = await db.select({ id: households.id }).from(households).where(and(eq(households.id, householdId), like(households.areaCode, `${scope}%`)));
  if (!row) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'id', 404);
  const h = (await loadHouseholds(db, [householdId])).get(householdId)!;
  const today = todayInChina();
  const y = year ?? Number(today.slice(0, 4));
  const date = `${y}-12-31` < today ? `${y}-12-31` : today;
  const packs = new PublishedPacks(db);
  const pack = await packs.on(countyOf(h), date);
  const settlements = await db.select().from(medicalSettlements).where(and(eq(medicalSettlements.householdId, householdId), eq(medicalSettlements.year, y)))
    .orderBy(desc(medicalSettlements.settledOn), desc(medicalSettlements.id));
  const builder = pack ? new FactsBuilder(() => pack) : null;
  // What counts against the cap: the same sum settle() uses (store.ts yearAssisted).
  const usedFen = await yearAssisted(db, h.members.map((m) => m.idNumber), y);
  const capFen = pack ? yuanToFen(pack.value<number>('medical.annualCap')) : null;
  const members: HouseholdMedical['members'] = [];
  for (const m of h.members) {
    let category: CategoryOrNone = 'none';
    let ratio = 0;
    let treatFirst = false;
    if (builder && pack && m.birthDate <= date) {
      try {
        const id = identityOn(pack, builder.facts(h, m, date));
        if (id) { category = id.choice.category; ratio = id.choice.ratio; treatFirst = id.treatFirst; }
      } catch (e) { if (!(e instanceof AppError) && !(e instanceof PolicyError)) throw e; }
    }
    const own = settlements.filter((s) => s.idNumber === m.idNumber);
    const used = usedFen.get(m.idNumber) ?? 0;
    members.push({ memberId: m.id, name: m.name, category, categoryLabel: CATEGORY_LABELS[category], ratio, treatFirst,
      yearAssistedYuan: fenToYuan(used), yearTopUpYuan: fenToYuan(own.reduce((a, s) => a + s.topUpFen, 0)),
      capYuan: capFen === null ? null : fenToYuan(capFen), capRemainingYuan: capFen === null ? null : fenToYuan(Math.max(0, capFen - used)),
      outOfPocketYuan: fenToYuan(own.reduce((a, s) => a + outOfPocketFen(s), 0)) });
  }
  const views: SettlementView[] = [];
  const tempRelief: HouseholdMedical['tempRelief'] = [];
  for (const s of settlements) {
    const v = await settlementView(s, h.row.ledgerKey, packs);
    views.push(v);
    if (v.tempReliefProposed) {
      const t = (await packs.tempReliefFen(countyOf(h), s.settledOn))!;
      tempRelief.push({ settlementNo: s.settlementNo, memberName: s.name, outOfPocketYuan: v.outOfPocketYuan, thresholdYuan: fenToYuan(t) });
    }
  }
  return { year: y, date, members, settlements: views, tempRelief };
}

// ── figures ──

export interface Figures {
  year: number; area: string;
  byCategory: { category: string; categoryLabel: string; persons: number; settlements: number; assistanceYuan: number; topUpYuan: number }[];
  byTownship: { code: string; name: string; persons: number; settlements: number; assistanceYuan: number; topUpYuan: number }[];
  registeredPoorInpatient: { settlements: number; totalYuan: number; reimbursedYuan: number; ratio: number | null; targetRatio: number | null };
  oneStop: { settlements: number; oneStopSettlements: number; share: number | null };
  premium: { date: string; eligiblePersons: number; subsidisedPersons: number; totalYuan: number; coverage: number | null } | { date: string; error: string };
}

const ratioOf = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

/**
 * Inpatient settlements of registered-poor (建档立卡) persons in a year by township: how many, their total cost
 * and what was reimbursed (basic insurance, 大病保险, 医疗救助 and the top-up) in fen — the 实际补偿比 of 004:L30.
 * `upTo`: only those settled on or before that date (the supervision indicators as of a date).
 */
export async function registeredPoorInpatient(db: Db, scope: string, year: number, upTo?: string) {
  const township = sql<string>`substr(${medicalSettlements.areaCode}, 1, 9)`;
  const rows = await db.select({ code: township, n: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${medicalSettlements.totalFen}), 0)::text`,
    paid: sql<string>`coalesce(sum(${medicalSettlements.basicFen} + ${medicalSettlements.seriousFen} + ${medicalSettlements.recordedFen} + ${medicalSettlements.assistanceFen} + ${medicalSettlements.topUpFen}), 0)::text` })
    .from(medicalSettlements).innerJoin(households, eq(households.id, medicalSettlements.householdId))
    .where(and(inScope(scope), eq(medicalSettlements.year, year), eq(medicalSettlements.visitType, '住院'), eq(households.registeredPoor, true),
      upTo ? sql`${medicalSettlements.settledOn} <= ${upTo}` : undefined))
    .groupBy(township);
  return rows.map((r) => ({ code: r.code, n: r.n, total: Number(r.total), paid: Number(r.paid) }));
}

/** The county leader's figures for a year inside the user's area (docs/medical.md). */
export async function figures(db: Db, scope: string, year: number, actor: string): Promise<Figures> {
  const where = and(inScope(scope), eq(medicalSettlements.year, year));
  const assisted = sql`(${medicalSettlements.assistanceFen} + ${medicalSettlements.topUpFen} + ${medicalSettlements.recordedFen}) > 0`;
  const agg = {
    persons: sql<number>`count(distinct ${medicalSettlements.idNumber}) filter (where ${assisted})::int`,
    settlements: sql<number>`count(*) filter (where ${assisted})::int`,
    assistance: sql<string>`coalesce(sum(${medicalSettlements.assistanceFen} + ${medicalSettlements.recordedFen}), 0)::text`,
    topUp: sql<string>`coalesce(sum(${medicalSettlements.topUpFen}), 0)::text`,
  };
  const cats = await db.select({ category: medicalSettlements.category, ...agg }).from(medicalSettlements).where(where).groupBy(medicalSettlements.category);
  const order = [...CATEGORIES, 'none'] as string[];
  const byCategory = cats.filter((c) => c.settlements > 0).sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category)).map((c) => ({
    category: c.category, categoryLabel: CATEGORY_LABELS[c.category as CategoryOrNone] ?? c.category, persons: c.persons, settlements: c.settlements,
    assistanceYuan: fenToYuan(Number(c.assistance)), topUpYuan: fenToYuan(Number(c.topUp)) }));
  const township = sql<string>`substr(${medicalSettlements.areaCode}, 1, 9)`;
  const towns = await db.select({ code: township, ...agg }).from(medicalSettlements).where(where).groupBy(township).orderBy(township);
  const byTownship = towns.filter((t) => t.settlements > 0).map((t) => ({ code: t.code, name: findArea(t.code)?.name ?? t.code, persons: t.persons, settlements: t.settlements,
    assistanceYuan: fenToYuan(Number(t.assistance)), topUpYuan: fenToYuan(Number(t.topUp)) }));

  const rp = (await registeredPoorInpatient(db, scope, year)).reduce((a, t) => ({ n: a.n + t.n, total: a.total + t.total, paid: a.paid + t.paid }), { n: 0, total: 0, paid: 0 });
  const today = todayInChina();
  const date = `${year}-12-31` < today ? `${year}-12-31` : today;
  const county = scope.slice(0, 6);
  const pack = county.length === 6 ? await new PublishedPacks(db).on(county, date) : null;
  const target = pack ? optional<number>(pack, 'medical.topUp.ratio') : null;

  const [os] = await db.select({ n: sql<number>`count(*) filter (where ${medicalSettlements.assistanceFen} + ${medicalSettlements.topUpFen} > 0)::int`,
    oneStop: sql<number>`count(*) filter (where ${medicalSettlements.assistanceFen} + ${medicalSettlements.topUpFen} > 0 and ${medicalSettlements.method} = '一站式')::int` })
    .from(medicalSettlements).where(where);

  let premium: Figures['premium'];
  try {
    const policy = PolicySource.published(db);
    const [p, ids] = [await premiumList(db, { year, date, policy, area: scope, actor }), await identityList(db, { date, policy, area: scope, actor })];
    premium = { date, eligiblePersons: ids.persons, subsidisedPersons: p.persons, totalYuan: p.totalYuan, coverage: ratioOf(p.persons, ids.persons) };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    premium = { date, error: e.message };
  }
  return {
    year, area: scope, byCategory, byTownship,
    registeredPoorInpatient: { settlements: rp.n, totalYuan: fenToYuan(Number(rp.total)), reimbursedYuan: fenToYuan(Number(rp.paid)), ratio: ratioOf(Number(rp.paid), Number(rp.total)), targetRatio: target },
    oneStop: { settlements: os.n, oneStopSettlements: os.oneStop, share: ratioOf(os.oneStop, os.n) },
    premium,
  };
}

// ── the 综合救助意见 (household screening) ──

export interface MedicalOpinion { memberId: string; name: string; category: CategoryOrNone; categoryLabel: string; ratio: number; treatFirst: boolean; text: string }

/**
 * The medical-assistance line of a household's 综合救助意见 on a date: each member in a category (as on the
 * identity list: without a disease, so the major-disease bonus is named apart), with the ratio and 先诊疗后付费.
 */
export async function medicalOpinion(db: Db, householdId: string, pack: ResolvedPack, date: string): Promise<{ members: MedicalOpinion[] } | { error: string }> {
  const h = (await loadHouseholds(db, [householdId])).get(householdId);
  if (!h) return { members: [] };
  const builder = new FactsBuilder(() => pack);
  const out: MedicalOpinion[] = [];
  try {
    const bonus = optional<number>(pack, 'medical.majorDiseaseBonus') ?? 0;
    for (const m of h.members) {
      if (m.birthDate > date) continue;
      const id = identityOn(pack, builder.facts(h, m, date));
      if (!id || id.choice.category === 'none') continue;
      const pct = (r: number) => `${Math.round(r * 10000) / 100}%`;
      const label = CATEGORY_LABELS[id.choice.category];
      out.push({ memberId: m.id, name: m.name, category: id.choice.category, categoryLabel: label, ratio: id.choice.ratio, treatFirst: id.treatFirst,
        text: `${m.name}：医疗救助（${label}），政策范围内自付费用按 ${pct(id.choice.ratio)} 救助${bonus > 0 && id.choice.ratio < 1 ? `，重大疾病提高 ${pct(bonus)}` : ''}${id.treatFirst ? '；享受先诊疗后付费、一站式结算' : ''}` });
    }
  } catch (e) {
    if (e instanceof AppError || e instanceof PolicyError) return { error: `医疗救助类别无法确定：${e.message}` };
    throw e;
  }
  return { members: out };
}
