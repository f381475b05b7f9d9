/**
 * 特困供养 figures (issue 20 item 5) and the person list they are counted from. The 特困 persons of an area:
 * the active members of active households holding an open 特困 entitlement, and anyone in an institution now.
 * For each: 集中/分散 (an open stay), the newest assessment and its reassessment date (the pack's
 * tekun.reassessMonths), the newest willingness answer (a willing person at home waits since the date asked),
 * the carer's agreement and its end. Figures, by township and in total: 集中供养率, the same among those who
 * cannot care for themselves (半护理, 全护理), willing but not placed, 入住率 (placed among those placed or
 * waiting), assessments done / missing / overdue, agreements expiring (tekun.agreementNoticeDays); by
 * institution: beds, residents, bed use. The targets are the county pack's (tekun.targets.*), null when unset.
 */
import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { areaChain } from '../domain/areas.ts';
import { addMonths } from '../domain/dates.ts';
import { maskName } from '../domain/mask.ts';
import { entitlements } from '../payments/schema.ts';
import { loadPack, resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { currentPolicy } from '../policy/store.ts';
import { AppError } from '../errors.ts';
import { households, members } from '../registry/schema.ts';
import { tekunAssessments, tekunCarers, tekunInstitutions, tekunStays, tekunWillingness } from './schema.ts';
import { listInstitutions, type TekunActor } from './store.ts';
import { CARE_LEVELS, INSTITUTION_KINDS, OCCUPANCY_TARGET_MONTHS } from './vocabulary.ts';

export interface TekunPerson {
  memberId: string; householdId: string; name: string; areaCode: string; township: string;
  setting: 'concentrated' | 'dispersed'; institution: string | null; bed: string | null; stayId: string | null;
  level: keyof typeof CARE_LEVELS | null; assessedOn: string | null; reassessOn: string | null; assessmentOverdue: boolean;
  willing: boolean | null; askedOn: string | null; waitingDays: number | null;
  carer: string | null; agreementTo: string | null; agreementExpiring: boolean;
}

/** The actor's county's current pack resolved on `today` (409 without one): reassessment months, notice days, targets. */
export async function countyPack(db: Db, actor: TekunActor, today: string) {
  const policy = await currentPolicy(db, actor.areaCode.slice(0, 6));
  if (!policy) throw new AppError('NO_POLICY', '本县尚未发布政策包，请县级管理员先发布', undefined, 409);
  return resolvePack(loadPack(policy.yaml), today);
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
export const townshipName = (code: string) => areaChain(code.slice(0, 9)).find((a) => a.code.length === 9)?.name ?? code.slice(0, 9);

/** The 特困 persons of the actor's area, with their support, assessment, willingness and carer as of `today`. */
export async function tekunPersons(db: Db, actor: TekunActor, pack: ResolvedPack, today: string): Promise<TekunPerson[]> {
  const scope = `${actor.areaCode}%`;
  const entitled = await db.select({ householdId: entitlements.householdId }).from(entitlements)
    .where(and(eq(entitlements.program, '特困'), isNull(entitlements.endMonth), like(entitlements.areaCode, scope)));
  const stays = await db.select({ id: tekunStays.id, memberId: tekunStays.memberId, householdId: tekunStays.householdId, bed: tekunStays.bed, institution: tekunInstitutions.name })
    .from(tekunStays).innerJoin(tekunInstitutions, eq(tekunInstitutions.id, tekunStays.institutionId)).where(and(isNull(tekunStays.dischargedOn), like(tekunStays.areaCode, scope)));
  const householdIds = [...new Set([...entitled.map((e) => e.householdId), ...stays.map((s) => s.householdId)])];
  if (householdIds.length === 0) return [];
  const stayOf = new Map(stays.map((s) => [s.memberId, s]));
  const entitledSet = new Set(entitled.map((e) => e.householdId));
  const ms: { id: string; householdId: string; name: string; areaCode: string }[] = [];
  for (let i = 0; i < householdIds.length; i += 5000) {
    ms.push(...await db.select({ id: members.id, householdId: members.householdId, name: members.name, areaCode: households.areaCode }).from(members)
      .innerJoin(households, eq(households.id, members.householdId))
      .where(and(inArray(members.householdId, householdIds.slice(i, i + 5000)), eq(members.status, 'active'), eq(households.status, 'active')))
      .orderBy(asc(households.areaCode), asc(members.householdId), asc(members.position)));
  }
  const people = ms.filter((m) => entitledSet.has(m.householdId) || stayOf.has(m.id));
  const ids = people.map((m) => m.id);
  const latest = <T extends { memberId: string }>(rows: T[]) => { const out = new Map<string, T>(); for (const r of rows) if (!out.has(r.memberId)) out.set(r.memberId, r); return out; };
  const assessments = new Map<string, { memberId: string; level: string; assessedOn: string }>();
  const willingness = new Map<string, { memberId: string; willing: boolean; askedOn: string }>();
  const carers = new Map<string, { memberId: string; name: string; agreementTo: string }>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    for (const [k, v] of latest(await db.select({ memberId: tekunAssessments.memberId, level: tekunAssessments.level, assessedOn: tekunAssessments.assessedOn }).from(tekunAssessments)
      .where(inArray(tekunAssessments.memberId, chunk)).orderBy(desc(tekunAssessments.assessedOn), desc(tekunAssessments.createdAt)))) assessments.set(k, v);
    for (const [k, v] of latest(await db.select({ memberId: tekunWillingness.memberId, willing: tekunWillingness.willing, askedOn: tekunWillingness.askedOn }).from(tekunWillingness)
      .where(inArray(tekunWillingness.memberId, chunk)).orderBy(desc(tekunWillingness.askedOn), desc(tekunWillingness.id)))) willingness.set(k, v);
    for (const [k, v] of latest(await db.select({ memberId: tekunCarers.memberId, name: tekunCarers.name, agreementTo: tekunCarers.agreementTo }).from(tekunCarers)
      .where(and(inArray(tekunCarers.memberId, chunk), isNull(tekunCarers.endedOn))))) carers.set(k, v);
  }
  const reassessMonths = pack.value<number>('tekun.reassessMonths');
  const noticeDays = pack.value<number>('tekun.agreementNoticeDays');
  return people.map((m) => {
    const s = stayOf.get(m.id);
    const a = assessments.get(m.id);
    const w = willingness.get(m.id);
    const c = s ? undefined : carers.get(m.id);
    const reassessOn = a ? addMonths(a.assessedOn, reassessMonths) : null;
    return {
      memberId: m.id, householdId: m.householdId, name: maskName(m.name), areaCode: m.areaCode, township: townshipName(m.areaCode),
      setting: s ? 'concentrated' : 'dispersed', institution: s?.institution ?? null, bed: s?.bed ?? null, stayId: s?.id ?? null,
      level: (a?.level ?? null) as TekunPerson['level'], assessedOn: a?.assessedOn ?? null, reassessOn, assessmentOverdue: reassessOn !== null && reassessOn <= today,
      willing: w?.willing ?? null, askedOn: w?.askedOn ?? null, waitingDays: !s && w?.willing ? Math.max(0, days(w.askedOn, today)) : null,
      carer: c ? maskName(c.name) : null, agreementTo: c?.agreementTo ?? null, agreementExpiring: !!c && days(today, c.agreementTo) <= noticeDays,
    };
  });
}

/**
 * The 特困 persons of an area as of a date, as SQL (for the supervision indicators, src/supervision/): the
 * active members of active households holding a 特困 entitlement in force in the date's month, and anyone in
 * an institution that day (admitted on or before it, not discharged by it). Columns: area_code (the
 * household's village), household_id, member_id, concentrated (in an institution that day), level (the
 * newest self-care assessment on or before the date, or null), willing (the newest willingness answer on or before
 * the date was yes).
 */
export function tekunPersonsAsOf(scope: string, asOf: string): SQL {
  const month = asOf.slice(0, 7);
  return sql`with stay as (select distinct member_id from tekun_stays where area_code like ${`${scope}%`} and admitted_on <= ${asOf}::date and (discharged_on is null or discharged_on > ${asOf}::date)),
    entitled as (select distinct household_id from entitlements e where e.program = '特困' and e.area_code like ${`${scope}%`}
      and e.start_month <= ${month} and (e.end_month is null or e.end_month >= ${month})),
    person as (select m.id as member_id, m.household_id, h.area_code from members m join households h on h.id = m.household_id
        where m.status = 'active' and h.status = 'active' and m.household_id in (select household_id from entitled)
      union
      select m.id, m.household_id, h.area_code from members m join households h on h.id = m.household_id
        where m.status = 'active' and h.status = 'active' and m.id in (select member_id from stay))
    select p.area_code, p.household_id, p.member_id, p.member_id in (select member_id from stay) as concentrated,
      (select a.level from tekun_assessments a where a.member_id = p.member_id and a.assessed_on <= ${asOf}::date order by a.assessed_on desc, a.created_at desc limit 1) as level,
      coalesce((select w.willing from tekun_willingness w where w.member_id = p.member_id and w.asked_on <= ${asOf}::date order by w.asked_on desc, w.id desc limit 1), false) as willing
    from person p`;
}

export interface Counts {
  persons: number; concentrated: number; centralisationRate: number | null;
  cannotCare: number; cannotCareConcentrated: number; cannotCareRate: number | null;
  willingWaiting: number; occupancyRate: number | null;
  assessed: number; notAssessed: number; assessmentsOverdue: number; agreementsExpiring: number;
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

/** The figures of a set of persons (pure). 入住率: placed among those placed or willing and waiting. */
export function countsOf(ps: readonly TekunPerson[]): Counts {
  const concentrated = ps.filter((p) => p.setting === 'concentrated').length;
  const cannot = ps.filter((p) => p.level === 'partial' || p.level === 'unable');
  const cannotConc = cannot.filter((p) => p.setting === 'concentrated').length;
  const waiting = ps.filter((p) => p.waitingDays !== null).length;
  return {
    persons: ps.length, concentrated, centralisationRate: rate(concentrated, ps.length),
    cannotCare: cannot.length, cannotCareConcentrated: cannotConc, cannotCareRate: rate(cannotConc, cannot.length),
    willingWaiting: waiting, occupancyRate: rate(concentrated, concentrated + waiting),
    assessed: ps.filter((p) => p.level !== null).length, notAssessed: ps.filter((p) => p.level === null).length,
    assessmentsOverdue: ps.filter((p) => p.assessmentOverdue).length, agreementsExpiring: ps.filter((p) => p.agreementExpiring).length,
  };
}

/** The occupancy target in force for `today`: the first of June/September/December not yet past that the pack sets — its parameter and month. */
export function occupancyTargetParameter(pack: ResolvedPack, today: string): { month: number; parameter: string } | null {
  const month = Number(today.slice(5, 7));
  for (const [name, due] of Object.entries(OCCUPANCY_TARGET_MONTHS).sort((a, b) => a[1] - b[1])) {
    if (month <= due && pack.value<number | null>(`tekun.targets.${name}`) !== null) return { month: due, parameter: `tekun.targets.${name}` };
  }
  return null;
}

/** The occupancy target in force for `today`, as the pack sets it. */
export function occupancyTarget(pack: ResolvedPack, today: string): { month: number; target: number } | null {
  const t = occupancyTargetParameter(pack, today);
  return t && { month: t.month, target: pack.value<number>(t.parameter) };
}

export async function tekunFigures(db: Db, actor: TekunActor, pack: ResolvedPack, today: string) {
  const persons = await tekunPersons(db, actor, pack, today);
  const byTownship = new Map<string, TekunPerson[]>();
  for (const p of persons) { const k = p.areaCode.slice(0, 9); const l = byTownship.get(k); if (l) l.push(p); else byTownship.set(k, [p]); }
  const institutions = (await listInstitutions(db, actor)).map((i) => ({ id: i.id, name: i.name, kind: i.kind, areaCode: i.areaCode, township: i.areaCode.length === 9 ? townshipName(i.areaCode) : '县级',
    beds: i.beds, nursingBeds: i.nursingBeds, stars: i.stars, demonstration: i.demonstration, residents: i.residents, bedUse: rate(i.residents, i.beds) }));
  const beds = institutions.reduce((a, i) => a + i.beds, 0);
  const residents = institutions.reduce((a, i) => a + i.residents, 0);
  const t = (name: string) => pack.value<number | null>(`tekun.targets.${name}`);
  return {
    today,
    total: { ...countsOf(persons), beds, residents, bedUse: rate(residents, beds) },
    targets: { centralisation: t('centralisation'), centralisationUnable: t('centralisationUnable'), bedUse: t('bedUse'), willingPlaced: t('willingPlaced'), occupancy: occupancyTarget(pack, today) },
    byTownship: [...byTownship].sort(([a], [b]) => a.localeCompare(b)).map(([code, ps]) => ({ code, name: townshipName(code), ...countsOf(ps) })),
    institutions,
  };
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/** The figures as an xlsx workbook (names of no person: counts only): 乡镇, 供养机构. */
export async function figuresWorkbook(f: Awaited<ReturnType<typeof tekunFigures>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('按乡镇');
  ws.addRow([`特困供养统计（截至 ${f.today}）`]).font = { bold: true };
  ws.addRow(['乡镇', '特困人员', '集中供养', '集中供养率', '生活不能自理', '其中集中供养', '不能自理集中供养率', '愿意集中未入住', '入住率', '已评估', '未评估', '复评逾期', '协议即将到期']).font = { bold: true };
  const row = (name: string, c: Counts) => [name, c.persons, c.concentrated, pct(c.centralisationRate), c.cannotCare, c.cannotCareConcentrated, pct(c.cannotCareRate), c.willingWaiting, pct(c.occupancyRate),
    c.assessed, c.notAssessed, c.assessmentsOverdue, c.agreementsExpiring];
  for (const t of f.byTownship) ws.addRow(row(t.name, t));
  ws.addRow(row('合计', f.total)).font = { bold: true };
  ws.addRow([]);
  ws.addRow(['目标', `集中供养率 ${pct(f.targets.centralisation)}`, `不能自理集中供养率 ${pct(f.targets.centralisationUnable)}`, `床位利用率 ${pct(f.targets.bedUse)}`,
    f.targets.occupancy ? `${f.targets.occupancy.month} 月底入住率 ${pct(f.targets.occupancy.target)}` : '入住率 —']);
  ws.getColumn(1).width = 16;
  const wi = wb.addWorksheet('按供养机构');
  wi.addRow(['供养机构', '类型', '所属', '床位', '护理型床位', '在住', '床位利用率', '星级', '示范']).font = { bold: true };
  for (const i of f.institutions) wi.addRow([i.name, INSTITUTION_KINDS[i.kind as keyof typeof INSTITUTION_KINDS] ?? i.kind, i.township, i.beds, i.nursingBeds, i.residents, pct(i.bedUse), i.stars, i.demonstration ? '是' : '否']);
  wi.addRow(['合计', '', '', f.total.beds, '', f.total.residents, pct(f.total.bedUse)]).font = { bold: true };
  wi.getColumn(1).width = 20;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The 工作台's part: assessments missing or due for reassessment within the area, the most urgent first. */
export async function reassessmentQueue(db: Db, actor: TekunActor, pack: ResolvedPack, today: string, first: number) {
  const ps = (await tekunPersons(db, actor, pack, today)).filter((p) => p.level === null || p.assessmentOverdue);
  ps.sort((a, b) => (a.reassessOn ?? '').localeCompare(b.reassessOn ?? ''));
  return { count: ps.length, rows: ps.slice(0, first).map((p) => ({ memberId: p.memberId, householdId: p.householdId, name: p.name, township: p.township, reassessOn: p.reassessOn, notAssessed: p.level === null })) };
}
