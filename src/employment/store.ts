/**
 * The records of 就业救助 (docs/employment.md), each query limited to the actor's area (404 outside), each
 * change audited in the same transaction:
 * - services per person (recommendation, guidance, training, 两后生 schooling, placement), typed or from 人社's file;
 * - 公益性岗位 and their holders, the term limit (rules.ts welfareJobTerm) enforced when someone is placed;
 * - employment back into assistance: a placement or a 公益性岗位 marks the member employed with the wage
 *   in the registry (saveHousehold: history, audit) and proposes a review of the household's approved 低保
 *   (cases/reviews.ts proposeReviews) — the work-cost deduction and 渐退 come from the engine when a
 *   person decides that review; nothing here touches an entitlement;
 * - who can work and who does on a date, and the 零就业家庭 with how long they have been without work.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { packFor } from '../cases/lookups.ts';
import { proposeReviews } from '../cases/reviews.ts';
import { casePrograms, caseReviews, cases } from '../cases/schema.ts';
import { addMonths, ageOn, dateInChina } from '../domain/dates.ts';
import { findArea } from '../domain/areas.ts';
import { maskIdNumber } from '../domain/mask.ts';
import { fenToYuan, yuanToFen } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import type { ResolvedPack } from '../policy/pack.ts';
import { householdHistory, households, members } from '../registry/schema.ts';
import { saveHousehold, type Actor } from '../registry/store.ts';
import { householdAsInput } from '../verification/resolve.ts';
import { addDays } from '../workflow/calendar.ts';
import type { ServiceInput } from './model.ts';
import { canWork, daysBetween, isLiangHouShengAge, param, welfareJobTerm, zeroEmployment } from './rules.ts';
import { employmentServices, employmentWageRecords, welfareJobHolders, welfareJobs, type Payee } from './schema.ts';
import { SERVICE_KINDS, STATUS_SOURCES } from './vocabulary.ts';

type MemberRow = typeof members.$inferSelect;
type HouseholdRow = typeof households.$inferSelect;

const notFound = (what = '人员') => new AppError('NOT_FOUND', `${what}不存在或不在您的管辖范围内`, 'memberId', 404);

/** The pack in force on `date` for the actor's county. */
export async function packOn(db: Db, area: string, date: string): Promise<ResolvedPack> {
  return (await packFor(db, area, date)).pack;
}

/** An active member of an active household inside the actor's area, with the household; 404 otherwise. */
export async function memberInScope(db: Db, actor: Actor, memberId: string): Promise<{ m: MemberRow; h: HouseholdRow }> {
  const [r] = await db.select({ m: members, h: households }).from(members).innerJoin(households, eq(households.id, members.householdId))
    .where(and(eq(members.id, memberId), like(members.areaCode, `${actor.areaCode}%`)));
  if (!r) throw notFound();
  if (r.m.status !== 'active' || r.h.status !== 'active') throw new AppError('MEMBER_INACTIVE', '该人员已不在有效家庭中，不能登记就业服务', 'memberId', 409);
  return r;
}

/** The last day of a holding: the day left, else the term limit. */
export const holdingLastDay = (h: { endedOn: string | null; maxLastDay: string }) => h.endedOn ?? h.maxLastDay;

export interface Status { employed: boolean; source: keyof typeof STATUS_SOURCES | null; employer: string | null; since: string | null }

/** Each member's employment on `date`: an open placement, a 公益性岗位 held, a month paid in the wage feed, else the registry's 就业. */
export async function statusOn(db: Db, ms: Pick<MemberRow, 'id' | 'employed'>[], date: string): Promise<Map<string, Status>> {
  const ids = ms.map((m) => m.id);
  const out = new Map<string, Status>(ms.map((m) => [m.id, { employed: m.employed, source: m.employed ? 'registry' : null, employer: null, since: null }]));
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const paid = await db.select({ memberId: employmentWageRecords.memberId, employer: employmentWageRecords.employer, date: employmentWageRecords.date }).from(employmentWageRecords)
      .where(and(inArray(employmentWageRecords.memberId, chunk), sql`${employmentWageRecords.date} <= ${date}`, sql`${employmentWageRecords.endDate} >= ${date}`));
    for (const p of paid) out.set(p.memberId, { employed: true, source: 'wage', employer: p.employer, since: p.date });
    const placed = await db.select({ memberId: employmentServices.memberId, employer: employmentServices.employer, date: employmentServices.date }).from(employmentServices)
      .where(and(inArray(employmentServices.memberId, chunk), eq(employmentServices.kind, 'placement'), sql`${employmentServices.date} <= ${date}`,
        or(isNull(employmentServices.endDate), sql`${employmentServices.endDate} >= ${date}`))).orderBy(asc(employmentServices.date));
    for (const p of placed) out.set(p.memberId, { employed: true, source: 'placement', employer: p.employer, since: p.date });
    const held = await db.select({ memberId: welfareJobHolders.memberId, start: welfareJobHolders.startDate, name: welfareJobs.name }).from(welfareJobHolders)
      .innerJoin(welfareJobs, eq(welfareJobs.id, welfareJobHolders.jobId))
      .where(and(inArray(welfareJobHolders.memberId, chunk), sql`${welfareJobHolders.startDate} <= ${date}`, sql`coalesce(${welfareJobHolders.endedOn}, ${welfareJobHolders.maxLastDay}) >= ${date}`));
    for (const h of held) out.set(h.memberId, { employed: true, source: 'welfareJob', employer: `公益性岗位：${h.name}`, since: h.start });
  }
  return out;
}

/** The members inside `ids` at work on `date` by the employment records alone (a placement, a 公益性岗位 or the wage feed; not the registry's flag). */
export async function workingByRecords(db: Db, ids: string[], date: string): Promise<Map<string, Status>> {
  const status = await statusOn(db, ids.map((id) => ({ id, employed: false })), date);
  return new Map([...status].filter(([, s]) => s.employed));
}

export interface EmploymentEnding { memberId: string; householdId: string; areaCode: string; name: string; what: string; lastDay: string }

/**
 * Active members inside `area` whose last placement or 公益性岗位 ended before `date` and who have no
 * placement or 公益性岗位 on `date` (the ending, not the registry's flag, which stays 就业 until the
 * township changes it): the employment records as monitoring's job-loss clue.
 */
export async function employmentEndings(db: Db, area: string, date: string): Promise<EmploymentEnding[]> {
  const active = and(like(members.areaCode, `${area}%`), eq(members.status, 'active'), eq(households.status, 'active'));
  const last = new Map<string, EmploymentEnding>();
  const keep = (e: EmploymentEnding) => { const o = last.get(e.memberId); if (!o || o.lastDay < e.lastDay) last.set(e.memberId, e); };
  for (const p of await db.select({ memberId: members.id, householdId: members.householdId, areaCode: members.areaCode, name: members.name, employer: employmentServices.employer, end: employmentServices.endDate })
    .from(employmentServices).innerJoin(members, eq(members.id, employmentServices.memberId)).innerJoin(households, eq(households.id, members.householdId))
    .where(and(active, eq(employmentServices.kind, 'placement'), sql`${employmentServices.endDate} < ${date}`))) {
    keep({ memberId: p.memberId, householdId: p.householdId, areaCode: p.areaCode, name: p.name, what: `就业安置（${p.employer ?? ''}）`, lastDay: String(p.end) });
  }
  for (const h of await db.select({ memberId: members.id, householdId: members.householdId, areaCode: members.areaCode, name: members.name, job: welfareJobs.name,
    end: sql<string>`coalesce(${welfareJobHolders.endedOn}, ${welfareJobHolders.maxLastDay})` })
    .from(welfareJobHolders).innerJoin(welfareJobs, eq(welfareJobs.id, welfareJobHolders.jobId)).innerJoin(members, eq(members.id, welfareJobHolders.memberId))
    .innerJoin(households, eq(households.id, members.householdId))
    .where(and(active, sql`coalesce(${welfareJobHolders.endedOn}, ${welfareJobHolders.maxLastDay}) < ${date}`))) {
    keep({ memberId: h.memberId, householdId: h.householdId, areaCode: h.areaCode, name: h.name, what: `公益性岗位（${h.job}）`, lastDay: String(h.end) });
  }
  const working = await workingByRecords(db, [...last.keys()], date);
  return [...last.values()].filter((e) => !working.has(e.memberId));
}

/**
 * Since when a 零就业家庭 has been without work: the day after the last placement or 公益性岗位 of a member
 * ended (or the last month the wage feed paid one), else the day the registry last marked a member not employed, else the day the household was registered.
 */
async function zeroSince(db: Db, householdIds: string[], date: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const later = (id: string, d: string | null) => { if (d && d <= date && (!out.has(id) || out.get(id)! < d)) out.set(id, d); };
  for (let i = 0; i < householdIds.length; i += 1000) {
    const chunk = householdIds.slice(i, i + 1000);
    for (const h of await db.select({ id: households.id, createdAt: households.createdAt }).from(households).where(inArray(households.id, chunk))) later(h.id, dateInChina(h.createdAt));
    for (const p of await db.select({ id: employmentServices.householdId, end: sql<string>`max(${employmentServices.endDate})` }).from(employmentServices)
      .where(and(inArray(employmentServices.householdId, chunk), eq(employmentServices.kind, 'placement'), sql`${employmentServices.endDate} < ${date}`)).groupBy(employmentServices.householdId)) {
      later(p.id, addDays(String(p.end), 1));
    }
    for (const p of await db.select({ id: welfareJobHolders.householdId, end: sql<string>`max(coalesce(${welfareJobHolders.endedOn}, ${welfareJobHolders.maxLastDay}))` }).from(welfareJobHolders)
      .where(and(inArray(welfareJobHolders.householdId, chunk), sql`coalesce(${welfareJobHolders.endedOn}, ${welfareJobHolders.maxLastDay}) < ${date}`)).groupBy(welfareJobHolders.householdId)) {
      later(p.id, addDays(String(p.end), 1));
    }
    for (const p of await db.select({ id: employmentWageRecords.householdId, end: sql<string>`max(${employmentWageRecords.endDate})` }).from(employmentWageRecords)
      .where(and(inArray(employmentWageRecords.householdId, chunk), sql`${employmentWageRecords.endDate} < ${date}`)).groupBy(employmentWageRecords.householdId)) {
      later(p.id, addDays(String(p.end), 1));
    }
    for (const e of await db.select({ id: householdHistory.householdId, at: sql<string>`max(${householdHistory.at})` }).from(householdHistory)
      .where(and(inArray(householdHistory.householdId, chunk), sql`exists (select 1 from jsonb_array_elements(${householdHistory.changes}) c where c->>'field' like '%.employed' and c->>'new' = 'false')`))
      .groupBy(householdHistory.householdId)) {
      later(e.id, dateInChina(e.at));
    }
  }
  return out;
}

export interface ZeroHousehold { householdId: string; householdNo: string; headName: string; areaCode: string; township: string; village: string; able: number; since: string; days: number }

/** The latest birth date of a person `years` old on `date` (by `addMonths`, as rules.ts: 29 February counts its birthday on 28 February in a common year). */
function latestBirth(date: string, years: number): string {
  const c = addMonths(date, -12 * years);
  const next = addDays(c, 1);
  return addMonths(next, 12 * years) <= date ? next : c;
}

/**
 * The members (alias `m`) able to work on `date` as an SQL condition — rules.ts `canWork` set-based: labour
 * capacity, not in school, at least the pack's minimum age and before the retirement birthday of the person's
 * sex, as bounds on the birth date (a comparison per member rather than date arithmetic).
 */
function ableSql(pack: ResolvedPack, date: string) {
  const min = latestBirth(date, param<number>(pack, 'employment.workingAge.min'));
  const male = latestBirth(date, param<number>(pack, 'employment.retirementAge.male'));
  const female = latestBirth(date, param<number>(pack, 'employment.retirementAge.female'));
  return sql`(m.labor_capacity <> 'none' and m.schooling = 'none' and m.birth_date <= ${min}::date
    and m.birth_date > (case when m.sex = 'female' then ${female}::date else ${male}::date end))`;
}

/**
 * The members at work on `date` by the employment records (`statusOn` set-based: a month paid in the wage
 * feed, an open placement or a 公益性岗位 held on the date), as a subquery of member ids; the registry's 就业 is
 * the member's own flag.
 */
function workingSql(date: string) {
  return sql`select w.member_id from employment_wage_records w where w.date <= ${date}::date and w.end_date >= ${date}::date
    union select s.member_id from employment_services s where s.kind = 'placement' and s.date <= ${date}::date and (s.end_date is null or s.end_date >= ${date}::date)
    union select j.member_id from welfare_job_holders j where j.start_date <= ${date}::date and coalesce(j.ended_on, j.max_last_day) >= ${date}::date`;
}

/**
 * The 零就业家庭 inside `area` on `date` in one pass over the members (rules.ts `zeroEmployment`: some active
 * member able to work, none of them at work): household id, the household's area and how many can work.
 * Empty when the area has no pack in force and no active member (nothing to count).
 */
async function zeroRows(db: Db, area: string, date: string): Promise<{ id: string; areaCode: string; able: number }[]> {
  let pack: ResolvedPack;
  try {
    pack = await packOn(db, area, date);
  } catch (e) {
    // No pack and nobody to judge: nothing to count (as before: the pack is needed only when there are members).
    if (e instanceof AppError && e.code === 'NO_POLICY') {
      const [any] = await db.select({ id: members.id }).from(members).innerJoin(households, eq(households.id, members.householdId))
        .where(and(like(members.areaCode, `${area}%`), eq(members.status, 'active'), eq(households.status, 'active'))).limit(1);
      if (!any) return [];
    }
    throw e;
  }
  const able = ableSql(pack, date);
  // The records at work are few: one hash of their member ids joined once, rather than three look-ups per member.
  const r = await queryRows<{ id: string; areaCode: string; able: number }>(db, sql`with working as (${workingSql(date)})
    select a.household_id as id, h.area_code as "areaCode", a.able::int as able from (
      select m.household_id, count(*) as able, bool_or(m.employed or w.member_id is not null) as working
      from members m left join working w on w.member_id = m.id
      where m.area_code like ${`${area}%`} and m.status = 'active' and ${able}
      group by m.household_id) a
    join households h on h.id = a.household_id and h.status = 'active'
    where not a.working`);
  return r.map((x) => ({ id: x.id, areaCode: x.areaCode, able: Number(x.able) }));
}

/** How many 零就业家庭 inside `area` on `date`, by township (the leader's figures and the supervision indicator; no list). */
export async function zeroHouseholdCounts(db: Db, area: string, date: string): Promise<{ code: string; name: string; households: number }[]> {
  const by = new Map<string, number>();
  for (const z of await zeroRows(db, area, date)) by.set(z.areaCode.slice(0, 9), (by.get(z.areaCode.slice(0, 9)) ?? 0) + 1);
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => ({ code, name: findArea(code)?.name ?? code, households: n }));
}

export interface ZeroHousehold { householdId: string; householdNo: string; headName: string; areaCode: string; township: string; village: string; able: number; since: string; days: number }

/** The 零就业家庭 inside `area` on `date`, by township, with since when and how many days. */
export async function zeroHouseholds(db: Db, area: string, date: string): Promise<{ date: string; total: number; byTownship: { code: string; name: string; households: number }[]; rows: ZeroHousehold[] }> {
  const zero = await zeroRows(db, area, date);
  if (zero.length === 0) return { date, total: 0, byTownship: [], rows: [] };
  const since = await zeroSince(db, zero.map((z) => z.id), date);
  const hs = new Map<string, { ledgerKey: string | null; headName: string; areaCode: string }>();
  for (let i = 0; i < zero.length; i += 1000) {
    for (const h of await db.select({ id: households.id, ledgerKey: households.ledgerKey, headName: households.headName, areaCode: households.areaCode }).from(households)
      .where(inArray(households.id, zero.slice(i, i + 1000).map((z) => z.id)))) hs.set(h.id, h);
  }
  const rows = zero.map((z) => {
    const h = hs.get(z.id)!;
    const s = since.get(z.id) ?? date;
    return { householdId: z.id, householdNo: h.ledgerKey ?? z.id, headName: h.headName, areaCode: h.areaCode, township: findArea(h.areaCode.slice(0, 9))?.name ?? h.areaCode.slice(0, 9),
      village: findArea(h.areaCode)?.name ?? h.areaCode, able: z.able, since: s, days: daysBetween(s, date) - 1 };
  }).sort((a, b) => a.areaCode.localeCompare(b.areaCode) || b.days - a.days);
  const byTownship = new Map<string, number>();
  for (const r of rows) byTownship.set(r.areaCode.slice(0, 9), (byTownship.get(r.areaCode.slice(0, 9)) ?? 0) + 1);
  return { date, total: rows.length, byTownship: [...byTownship].map(([code, n]) => ({ code, name: findArea(code)?.name ?? code, households: n })), rows };
}

/** Working-age members able to work inside `area` on `date`, with their employment (masked ID numbers, age instead of birth date). */
export async function workforce(db: Db, area: string, date: string, q: { employed?: boolean; page: number; pageSize: number }) {
  const ms = await db.select().from(members).innerJoin(households, eq(households.id, members.householdId))
    .where(and(like(members.areaCode, `${area}%`), eq(members.status, 'active'), eq(households.status, 'active'), sql`${members.laborCapacity} <> 'none'`, eq(members.schooling, 'none')))
    .orderBy(asc(members.areaCode), asc(households.id), asc(members.position));
  if (ms.length === 0) return { date, total: 0, employed: 0, rows: [] };
  const pack = await packOn(db, area, date);
  const able = ms.filter((r) => canWork(pack, r.members, date));
  const status = await statusOn(db, able.map((r) => r.members), date);
  const rows = able.map(({ members: m, households: h }) => {
    const s = status.get(m.id)!;
    return { memberId: m.id, householdId: h.id, householdNo: h.ledgerKey ?? h.id, name: m.name, idNumber: maskIdNumber(m.idNumber), age: ageOn(m.birthDate, date), sex: m.sex,
      laborCapacity: m.laborCapacity, village: findArea(m.areaCode)?.name ?? m.areaCode, employed: s.employed, source: s.source, employer: s.employer, since: s.since,
      monthlyIncomeYuan: fenToYuan(m.monthlyIncomeFen) };
  }).filter((r) => q.employed === undefined || r.employed === q.employed);
  return { date, total: rows.length, employed: rows.filter((r) => r.employed).length, rows: rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize) };
}

/**
 * Employment back into the registry and, for a 低保 household, a review proposed: the member is marked
 * employed with the monthly wage (when given) through the registry's own saveHousehold, and each approved
 * 低保 program of the household gets a review due today, which a person decides (the engine applies the
 * work-cost deduction and, above the standard, offers 渐退).
 */
async function recordEmployment(tx: Db, actor: Actor, m: MemberRow, h: HouseholdRow, wageFen: number | null, why: string, today: string) {
  const ms = await tx.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active'))).orderBy(asc(members.position), asc(members.createdAt));
  const input = householdAsInput(h, ms);
  const target = input.members.find((x) => x.id === m.id)!;
  target.employed = true;
  if (wageFen !== null) target.monthlyIncomeYuan = fenToYuan(wageFen);
  const saved = await saveHousehold(tx, actor, h.id, input, why, h.version);
  const reviews = await proposeReviews(tx, h.id, ['低保'], today, actor.username, why);
  return { registryChanged: saved.changed, reviews };
}

export interface AddOptions { today: string; source: 'entry' | 'file'; fileId?: number }

/** Records one service to one person (in the caller's transaction when given one). */
export async function addService(db: Db, actor: Actor, s: ServiceInput, o: AddOptions) {
  if (s.date > o.today) throw new AppError('FUTURE_DATE', `日期 ${s.date} 晚于今天，只能登记已经发生的服务`, 'date');
  const { m, h } = await memberInScope(db, actor, s.memberId);
  const pack = await packOn(db, h.areaCode, s.date);
  if (s.kind === 'school' && !isLiangHouShengAge(pack, m.birthDate, s.date)) {
    throw new AppError('NOT_LIANG_HOU_SHENG', `入学时 ${ageOn(m.birthDate, s.date)} 岁，不在“两后生”年龄范围（${pack.value('employment.liangHouSheng.minAge')}-${pack.value('employment.liangHouSheng.maxAge')} 岁）内`, 'date', 422);
  }
  let clearedZeroSince: string | null = null;
  if (s.kind === 'placement') {
    const hm = await db.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active')));
    const before = await statusOn(db, hm, s.date);
    if (zeroEmployment(pack, hm, new Set([...before].filter(([, x]) => x.employed).map(([k]) => k)), s.date).zero) {
      clearedZeroSince = (await zeroSince(db, [h.id], s.date)).get(h.id) ?? s.date;
    }
  }
  const id = randomUUID();
  const row = {
    id, memberId: m.id, householdId: h.id, areaCode: m.areaCode, kind: s.kind, date: s.date, endDate: s.endDate ?? null, course: s.course ?? null, days: s.days ?? null,
    completed: s.completed ?? null, employedAfter: s.employedAfter ?? null, employer: s.employer ?? null, monthlyWageFen: s.monthlyWageYuan == null ? null : yuanToFen(s.monthlyWageYuan),
    broker: s.broker ?? null, payee: (s.payee ?? null) as Payee | null, clearedZeroSince, note: s.note ?? null, source: o.source, fileId: o.fileId ?? null, createdBy: actor.username,
  };
  const work = async (tx: Db) => {
    await tx.insert(employmentServices).values(row);
    await appendAudit(tx, { actor: actor.username, action: 'employment.service', target: `employment-service:${id}`, areaCode: m.areaCode,
      detail: { kind: s.kind, memberId: m.id, date: s.date, source: o.source, ...(clearedZeroSince ? { clearedZeroSince } : {}) } });
    const placedNow = s.kind === 'placement' && (s.endDate == null || s.endDate >= o.today);
    const back = placedNow ? await recordEmployment(tx, actor, m, h, row.monthlyWageFen, `就业安置：${s.employer}，${s.date} 起`, o.today) : null;
    return { id, kind: s.kind, clearedZeroSince, registryChanged: back?.registryChanged ?? false, reviews: back?.reviews ?? [] };
  };
  return o.source === 'file' ? work(db) : db.transaction((tx) => work(tx as unknown as Db));
}

/** The services recorded inside the actor's area (a person, a household or a year), newest first. */
export async function listServices(db: Db, area: string, q: { memberId?: string; householdId?: string; year?: number; kind?: string; page: number; pageSize: number }) {
  const where = [like(employmentServices.areaCode, `${area}%`)];
  if (q.memberId) where.push(eq(employmentServices.memberId, q.memberId));
  if (q.householdId) where.push(eq(employmentServices.householdId, q.householdId));
  if (q.kind) where.push(eq(employmentServices.kind, q.kind));
  if (q.year) where.push(sql`extract(year from ${employmentServices.date}) = ${q.year}`);
  const rows = await db.select({ s: employmentServices, name: members.name, idNumber: members.idNumber }).from(employmentServices).innerJoin(members, eq(members.id, employmentServices.memberId))
    .where(and(...where)).orderBy(desc(employmentServices.date), desc(employmentServices.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(employmentServices).where(and(...where));
  return { total, rows: rows.map(({ s, name, idNumber }) => serviceView(s, name, idNumber)) };
}

function serviceView(s: typeof employmentServices.$inferSelect, name: string, idNumber: string) {
  return { id: s.id, memberId: s.memberId, householdId: s.householdId, name, idNumber: maskIdNumber(idNumber), kind: s.kind, kindLabel: SERVICE_KINDS[s.kind as keyof typeof SERVICE_KINDS] ?? s.kind,
    date: s.date, endDate: s.endDate, course: s.course, days: s.days, completed: s.completed, employedAfter: s.employedAfter, employer: s.employer,
    monthlyWageYuan: s.monthlyWageFen === null ? null : fenToYuan(s.monthlyWageFen), broker: s.broker, hasPayee: s.payee !== null, clearedZeroSince: s.clearedZeroSince,
    source: s.source, createdBy: s.createdBy };
}

/** Ends an open placement on its last day (the person left work); the registry's 就业 is left to the household page. */
export async function endPlacement(db: Db, actor: Actor, id: string, endDate: string, today: string) {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(employmentServices).where(and(eq(employmentServices.id, id), like(employmentServices.areaCode, `${actor.areaCode}%`)));
    if (!s) throw new AppError('NOT_FOUND', '服务记录不存在或不在您的管辖范围内', 'id', 404);
    if (s.kind !== 'placement' && s.kind !== 'school') throw new AppError('NOT_ENDABLE', '只有就业安置和“两后生”学历教育需要登记结束日期', 'id', 409);
    if (s.endDate) throw new AppError('ALREADY_ENDED', `该记录已于 ${s.endDate} 结束`, 'id', 409);
    if (endDate < s.date) throw new AppError('INVALID_INPUT', '结束日期不能早于开始日期', 'endDate');
    if (endDate > today) throw new AppError('FUTURE_DATE', '结束日期不能晚于今天', 'endDate');
    await tx.update(employmentServices).set({ endDate }).where(eq(employmentServices.id, id));
    await appendAudit(tx, { actor: actor.username, action: 'employment.service.end', target: `employment-service:${id}`, areaCode: s.areaCode, detail: { kind: s.kind, endDate } });
    return { id, endDate };
  });
}

// ---- 公益性岗位 ----

export async function createJob(db: Db, actor: Actor, j: { name: string; employer: string; areaCode: string; startDate: string; endDate?: string | null }) {
  if (!j.areaCode.startsWith(actor.areaCode) || !findArea(j.areaCode)) throw new AppError('OUT_OF_SCOPE', '岗位所在地不是您管辖范围内的乡镇或村（社区）', 'areaCode', 403);
  if (j.endDate && j.endDate < j.startDate) throw new AppError('INVALID_INPUT', '撤销日期不能早于开发日期', 'endDate');
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(welfareJobs).values({ id, name: j.name, employer: j.employer, areaCode: j.areaCode, startDate: j.startDate, endDate: j.endDate ?? null, createdBy: actor.username });
    await appendAudit(tx as unknown as Db, { actor: actor.username, action: 'employment.job.create', target: `welfare-job:${id}`, areaCode: j.areaCode, detail: { name: j.name, employer: j.employer } });
  });
  return { id };
}

/** The 公益性岗位 inside the actor's area with their holders (current and past) on `date`. */
export async function listJobs(db: Db, area: string, date: string) {
  const jobs = await db.select().from(welfareJobs).where(like(welfareJobs.areaCode, `${area}%`)).orderBy(asc(welfareJobs.areaCode), asc(welfareJobs.createdAt));
  const holders = jobs.length === 0 ? [] : await db.select({ h: welfareJobHolders, name: members.name, idNumber: members.idNumber }).from(welfareJobHolders)
    .innerJoin(members, eq(members.id, welfareJobHolders.memberId))
    .where(and(inArray(welfareJobHolders.jobId, jobs.map((j) => j.id)), like(welfareJobHolders.areaCode, `${area}%`))).orderBy(desc(welfareJobHolders.startDate));
  return {
    date,
    rows: jobs.map((j) => ({
      ...j, township: findArea(j.areaCode.slice(0, 9))?.name ?? j.areaCode,
      holders: holders.filter((x) => x.h.jobId === j.id).map(({ h, name, idNumber }) => ({
        id: h.id, memberId: h.memberId, householdId: h.householdId, name, idNumber: maskIdNumber(idNumber), startDate: h.startDate, maxLastDay: h.maxLastDay, toRetirement: h.toRetirement,
        endedOn: h.endedOn, endReason: h.endReason, current: h.startDate <= date && holdingLastDay(h) >= date,
      })),
    })),
  };
}

/** Days a member held subsidised 公益性岗位 before `start`. */
async function daysHeldBefore(db: Db, memberId: string, start: string): Promise<number> {
  const hs = await db.select().from(welfareJobHolders).where(eq(welfareJobHolders.memberId, memberId));
  let days = 0;
  for (const h of hs) {
    const last = holdingLastDay(h);
    if (h.startDate <= start && last >= start) throw new AppError('ALREADY_HOLDING', `该人员 ${h.startDate} 起已在公益性岗位上（至 ${last}），同一时间只能在一个岗位`, 'memberId', 409);
    if (h.startDate > start) throw new AppError('LATER_HOLDING', `该人员 ${h.startDate} 起另有公益性岗位记录，不能登记更早的上岗`, 'startDate', 409);
    days += daysBetween(h.startDate, last);
  }
  return days;
}

/**
 * Places a person on a 公益性岗位 from `startDate`: the term limit (3 years in all, or to retirement when it is
 * less than 5 years away, the pack's numbers) is found from the birth date and the pack on the start date; a
 * planned last day after it is refused (422). The member is marked employed at the minimum wage.
 */
export async function assignHolder(db: Db, actor: Actor, jobId: string, b: { memberId: string; startDate: string; lastDay?: string | null; payee?: Payee | null }, today: string) {
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [job] = await tx.select().from(welfareJobs).where(and(eq(welfareJobs.id, jobId), like(welfareJobs.areaCode, `${actor.areaCode.slice(0, 9)}%`)));
    if (!job || !(job.areaCode.startsWith(actor.areaCode) || actor.areaCode.startsWith(job.areaCode))) throw new AppError('NOT_FOUND', '公益性岗位不存在或不在您的管辖范围内', 'id', 404);
    if (b.startDate < job.startDate || (job.endDate && b.startDate > job.endDate)) throw new AppError('INVALID_INPUT', `上岗日期应在岗位存续期间（${job.startDate} 起${job.endDate ? `，至 ${job.endDate}` : ''}）`, 'startDate');
    const { m, h } = await memberInScope(tx, actor, b.memberId);
    const pack = await packOn(tx, m.areaCode, b.startDate);
    const previous = await daysHeldBefore(tx, m.id, b.startDate);
    const term = welfareJobTerm(pack, m, b.startDate, previous);
    if (!term.ok) throw new AppError('TERM_LIMIT', term.message, 'memberId', 422);
    if (b.lastDay && b.lastDay > term.lastDay) throw new AppError('TERM_LIMIT', `计划离岗日期 ${b.lastDay} 超过补贴期限：${term.reason}`, 'lastDay', 422);
    if (b.lastDay && b.lastDay < b.startDate) throw new AppError('INVALID_INPUT', '计划离岗日期不能早于上岗日期', 'lastDay');
    const maxLastDay = b.lastDay && b.lastDay < term.lastDay ? b.lastDay : term.lastDay;
    const last = job.endDate && job.endDate < maxLastDay ? job.endDate : maxLastDay;
    const id = randomUUID();
    await tx.insert(welfareJobHolders).values({ id, jobId, memberId: m.id, householdId: h.id, areaCode: m.areaCode, startDate: b.startDate, maxLastDay: last, toRetirement: term.toRetirement,
      payee: b.payee ?? null, createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'employment.job.assign', target: `welfare-job:${jobId}`, areaCode: m.areaCode,
      detail: { holderId: id, memberId: m.id, startDate: b.startDate, maxLastDay: last, toRetirement: term.toRetirement, previousDays: previous } });
    const back = b.startDate <= today && last >= today
      ? await recordEmployment(tx, actor, m, h, yuanToFen(pack.value<number>('tekun.minimumWage')), `公益性岗位：${job.name}，${b.startDate} 起`, today) : null;
    return { id, maxLastDay: last, toRetirement: term.toRetirement, reason: term.reason, registryChanged: back?.registryChanged ?? false, reviews: back?.reviews ?? [] };
  });
}

/** A holder leaves before the term ends: the subsidy stops with the last day held. */
export async function endHolder(db: Db, actor: Actor, holderId: string, b: { endedOn: string; reason: string }) {
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [h] = await tx.select().from(welfareJobHolders).where(and(eq(welfareJobHolders.id, holderId), like(welfareJobHolders.areaCode, `${actor.areaCode}%`)));
    if (!h) throw new AppError('NOT_FOUND', '在岗记录不存在或不在您的管辖范围内', 'id', 404);
    if (h.endedOn) throw new AppError('ALREADY_ENDED', `该人员已于 ${h.endedOn} 离岗`, 'id', 409);
    if (b.endedOn < h.startDate) throw new AppError('INVALID_INPUT', '离岗日期不能早于上岗日期', 'endedOn');
    if (b.endedOn > h.maxLastDay) throw new AppError('INVALID_INPUT', `离岗日期不能晚于补贴期限的最后一天 ${h.maxLastDay}`, 'endedOn');
    await tx.update(welfareJobHolders).set({ endedOn: b.endedOn, endReason: b.reason }).where(eq(welfareJobHolders.id, holderId));
    await appendAudit(tx, { actor: actor.username, action: 'employment.job.end', target: `welfare-job:${h.jobId}`, areaCode: h.areaCode, detail: { holderId, endedOn: b.endedOn, reason: b.reason } });
    return { id: holderId, endedOn: b.endedOn };
  });
}

/** The household page's 就业 block: who can work and who does, services, 公益性岗位, 零就业 state and the reviews proposed. */
export async function householdEmployment(db: Db, area: string, householdId: string, date: string) {
  const [h] = await db.select().from(households).where(and(eq(households.id, householdId), like(households.areaCode, `${area}%`)));
  if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'id', 404);
  const pack = await packOn(db, h.areaCode, date);
  const ms = await db.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active'))).orderBy(asc(members.position));
  const status = await statusOn(db, ms, date);
  const employed = new Set([...status].filter(([, s]) => s.employed).map(([k]) => k));
  const z = zeroEmployment(pack, ms, employed, date);
  const services = await listServices(db, h.areaCode, { householdId: h.id, page: 1, pageSize: 200 });
  const reviews = await db.select({ id: caseReviews.id, program: casePrograms.program, dueDate: caseReviews.dueDate, caseId: caseReviews.caseId }).from(caseReviews)
    .innerJoin(casePrograms, eq(casePrograms.id, caseReviews.programId)).innerJoin(cases, eq(cases.id, caseReviews.caseId))
    .where(and(eq(cases.householdId, h.id), eq(caseReviews.status, 'due'))).orderBy(asc(caseReviews.dueDate));
  return {
    date, zero: z.zero, zeroSince: z.zero ? (await zeroSince(db, [h.id], date)).get(h.id) ?? null : null,
    members: ms.map((m) => ({ id: m.id, name: m.name, age: ageOn(m.birthDate, date), canWork: canWork(pack, m, date), ...status.get(m.id)!, monthlyIncomeYuan: fenToYuan(m.monthlyIncomeFen) })),
    services: services.rows, reviewsDue: reviews,
  };
}
