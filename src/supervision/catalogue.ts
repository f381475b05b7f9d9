/**
 * 督导指标目录 (issue 24 item 1): the one list of the figures the documents hold a county to. Each indicator has
 * its Chinese name, definition (numerator, denominator, as-of), unit, target (a policy pack parameter and its
 * direction, or none) and source line, and is computed by SQL over the records — never typed in.
 *
 * Most indicators are counted over a "base" query: one row per person, household, case step, … of the area
 * as of the date, with the columns `area_code` (12-digit village code, or a shorter code for a county-level
 * record), `household_id`, `member_id` (or null), `num` and `den` (booleans: counted in the numerator,
 * the denominator) and `reason` (Chinese, why the row keeps the figure from its target). The figure per
 * township is `count(*) filter (where num)` / `count(*) filter (where den)` grouped by the 9-digit code; the
 * county is their sum; the list behind the number is the base rows that miss the target. Indicators that
 * are not counts of records (a standard's rise, money) have their own `compute`.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/connection.ts';
import { zeroHouseholds } from '../employment/store.ts';
import { figures as employmentFigures } from '../employment/views.ts';
import { registeredPoorInpatient } from '../medical/views.ts';
import { compliance } from '../monitoring/cadres.ts';
import { resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { occupancyTargetParameter, tekunPersonsAsOf } from '../tekun/figures.ts';

import type { Unit } from './lights.ts';
export type { Unit };
export type Direction = 'atLeast' | 'atMost';

export const GROUPS = [
  { key: 'coverage', name: '覆盖' },
  { key: 'tekun', name: '特困供养' },
  { key: 'medical', name: '医疗保障' },
  { key: 'employment', name: '就业' },
  { key: 'monitoring', name: '防返贫监测' },
  { key: 'deadlines', name: '办理时限' },
  { key: 'funds', name: '资金' },
] as const;
export type GroupKey = (typeof GROUPS)[number]['key'];

/** A numerator and denominator (null: the indicator is a count or an amount). */
export interface Counts { numerator: number; denominator: number | null }

/**
 * What a compute or list function is given: the area's code prefix (county, township or village), the date,
 * the county's pack on that date, and `shared`: one result per key for the indicators computed together
 * (the employment figures serve three indicators and are computed once).
 */
export interface IndicatorContext { db: Db; scope: string; asOf: string; pack: ResolvedPack; shared?: Map<string, Promise<unknown>> }

/** A context whose indicators share the figures they have in common. */
export const indicatorContext = (db: Db, scope: string, asOf: string, pack: ResolvedPack): IndicatorContext => ({ db, scope, asOf, pack, shared: new Map() });

function shared<T>(ctx: IndicatorContext, key: string, f: () => Promise<T>): Promise<T> {
  if (!ctx.shared) return f();
  let p = ctx.shared.get(key) as Promise<T> | undefined;
  if (!p) { p = f(); ctx.shared.set(key, p); }
  return p;
}
/** The employment figures of the area for the year of the date (src/employment/views.ts), once per context. */
const employmentOf = (ctx: IndicatorContext) => shared(ctx, 'employment', () => employmentFigures(ctx.db, ctx.scope, Number(ctx.asOf.slice(0, 4)), ctx.asOf));

export interface IndicatorDef {
  key: string;
  group: GroupKey;
  name: string;
  unit: Unit;
  definition: { numerator: string; denominator: string | null; asOf: string };
  /** What the numerator and denominator count: people, households, steps… (default) or money in fen (a standard's rise). */
  parts?: 'fen';
  /**
   * The pack parameter holding the target (or, for a target that changes with the date, the function naming the
   * one in force; null: none) and whether the value should reach it (atLeast) or stay under it (atMost).
   */
  target: { parameter: string | ((pack: ResolvedPack, asOf: string) => string | null); direction: Direction } | null;
  /** NNN:Lnnn of ../shared/seeds. */
  source: string;
  /** The base rows (see the header); absent when `compute` is given. */
  base?: (ctx: IndicatorContext) => SQL;
  /** The list behind the number: the base rows not in the numerator (default, for a share to raise) or those in it (a count to bring down). */
  listOf?: 'missing' | 'counted';
  /** A figure that is not a count of base rows: numerator and denominator by township code. */
  compute?: (ctx: IndicatorContext) => Promise<Map<string, Counts>>;
  /** With `compute`: the records behind the number from the capability's own list (all of them; paged here). */
  rows?: (ctx: IndicatorContext) => Promise<RawListRow[]>;
}

const month = (asOf: string) => asOf.slice(0, 7);
const like = (scope: string) => `${scope}%`;

/** An entitlement of `program` in force in the month of `asOf` for household column `hh`. */
export const entitledSql = (program: string, hh: SQL, asOf: string) => sql`exists (select 1 from entitlements e where e.household_id = ${hh}
  and e.program = ${program} and e.start_month <= ${month(asOf)} and (e.end_month is null or e.end_month >= ${month(asOf)}))`;

/**
 * The active members of the active households of the area. The registry keeps no state as of a past date
 * (only its change history), so the facts of a person are today's; the monthly snapshots keep a past figure.
 */
const registeredMembers = (scope: string) => sql`members m join households h on h.id = m.household_id
  where m.status = 'active' and h.status = 'active' and h.area_code like ${like(scope)}`;

/** The rural 低保 standard in force (fen per person and month), null before the pack's first date for it. */
function ruralStandardFen(pack: ResolvedPack): number | null {
  try { return Math.round(pack.value<number>('dibao.standard.rural') * 100); } catch { return null; }
}

/** The programs whose monthly payments are shown (the payroll's programs). */
const FUND_PROGRAMS = [
  { key: 'dibao', program: '低保', name: '低保金' },
  { key: 'tekun', program: '特困', name: '特困供养金' },
  { key: 'disability', program: '残疾人两项补贴', name: '残疾人两项补贴' },
  { key: 'medical', program: '医疗救助', name: '医疗救助金' },
  { key: 'temporary', program: '临时救助', name: '临时救助金' },
] as const;

export const CATALOGUE: readonly IndicatorDef[] = [
  {
    key: 'coverage.lianwuOnDibao', group: 'coverage', name: '“两无”脱贫人口纳入低保率', unit: 'ratio',
    definition: {
      numerator: '其中所在家庭截至当月享受低保的人数',
      denominator: '脱贫户（建档立卡）中无劳动能力且本人无收入的在册人员数',
      asOf: '截至统计日：在册家庭、当月在保的低保待遇',
    },
    target: { parameter: 'supervision.targets.lianwuOnDibao', direction: 'atLeast' }, source: '003:L24',
    base: ({ scope, asOf }) => sql`select h.area_code, h.id as household_id, m.id as member_id,
        ${entitledSql('低保', sql`h.id`, asOf)} as num, true as den, '所在家庭未享受低保' as reason
      from ${registeredMembers(scope)} and h.registered_poor and m.labor_capacity = 'none' and m.monthly_income_fen = 0`,
  },
  {
    key: 'tekun.centralisation', group: 'tekun', name: '特困人员集中供养率', unit: 'ratio',
    definition: {
      numerator: '其中统计日在供养机构集中供养的人数',
      denominator: '统计日特困人员数（当月在保的特困家庭在册成员，及在院人员）',
      asOf: '截至统计日：在住（入住日不晚于统计日且未离院）',
    },
    target: { parameter: 'tekun.targets.centralisation', direction: 'atLeast' }, source: '003:L24',
    base: ({ scope, asOf }) => sql`select p.area_code, p.household_id, p.member_id, p.concentrated as num, true as den, '分散供养' as reason
      from (${tekunPersonsAsOf(scope, asOf)}) p`,
  },
  {
    key: 'tekun.centralisationUnable', group: 'tekun', name: '生活不能自理特困人员集中供养率', unit: 'ratio',
    definition: {
      numerator: '其中统计日集中供养的人数',
      denominator: '统计日特困人员中最近一次评估为半护理或全护理的人数',
      asOf: '截至统计日：统计日及以前最近一次生活自理能力评估',
    },
    target: { parameter: 'tekun.targets.centralisationUnable', direction: 'atLeast' }, source: '003:L24',
    base: ({ scope, asOf }) => sql`select p.area_code, p.household_id, p.member_id, p.concentrated as num, true as den, '生活不能自理，分散供养' as reason
      from (${tekunPersonsAsOf(scope, asOf)}) p where p.level in ('partial', 'unable')`,
  },
  {
    key: 'tekun.occupancy', group: 'tekun', name: '有集中供养意愿的特困人员入住率', unit: 'ratio',
    definition: {
      numerator: '统计日在供养机构集中供养的特困人员数',
      denominator: '统计日集中供养的人数加上最近一次询问（统计日及以前）愿意集中供养而仍在家的人数',
      asOf: '截至统计日；目标为统计日所在时段（6 月底、9 月底、12 月底前）政策包设定的入住率',
    },
    target: { parameter: (pack, asOf) => occupancyTargetParameter(pack, asOf)?.parameter ?? null, direction: 'atLeast' }, source: '004:L89',
    base: ({ scope, asOf }) => sql`select p.area_code, p.household_id, p.member_id, p.concentrated as num, true as den, '愿意集中供养，尚未入住' as reason
      from (${tekunPersonsAsOf(scope, asOf)}) p where p.concentrated or p.willing`,
  },
  {
    key: 'coverage.dibaoRise', group: 'coverage', name: '农村低保标准年增幅', unit: 'ratio', parts: 'fen',
    definition: {
      numerator: '统计日农村低保标准比一年前提高的金额（分/人/月）',
      denominator: '一年前（统计日前一年的同一天）的农村低保标准（分/人/月）',
      asOf: '两个日期各自生效的政策包参数（全县统一，不分乡镇）',
    },
    target: { parameter: 'supervision.targets.dibaoRise', direction: 'atLeast' }, source: '003:L32',
    compute: async ({ scope, asOf, pack }) => {
      const before = resolvePack(pack.pack, `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`);
      const [now, then] = [ruralStandardFen(pack), ruralStandardFen(before)];
      return new Map([[scope, now === null || then === null ? { numerator: 0, denominator: 0 } : { numerator: now - then, denominator: then }]]);
    },
  },
  {
    key: 'coverage.twoLines', group: 'coverage', name: '农村低保标准与扶贫标准之比（两线合一）', unit: 'ratio', parts: 'fen',
    definition: {
      numerator: '统计日农村低保标准按年计（分/人/年）',
      denominator: '统计日扶贫标准（分/人/年；政策包未设置则不计算）',
      asOf: '统计日生效的政策包参数（全县统一，不分乡镇）',
    },
    target: { parameter: 'supervision.targets.twoLines', direction: 'atLeast' }, source: '003:L24',
    compute: async ({ scope, pack }) => {
      const line = pack.value<number | null>('dibao.povertyLine');
      const rural = ruralStandardFen(pack);
      return new Map([[scope, { numerator: (rural ?? 0) * 12, denominator: line === null || rural === null ? 0 : Math.round(line * 100) }]]);
    },
  },
  {
    key: 'tekun.bedUse', group: 'tekun', name: '供养机构床位利用率', unit: 'ratio',
    definition: {
      numerator: '统计日在住人数',
      denominator: '本辖区供养机构（含县级机构）的床位数',
      asOf: '截至统计日：入住日不晚于统计日且未离院；床位数为机构现登记数',
    },
    target: { parameter: 'tekun.targets.bedUse', direction: 'atLeast' }, source: '003:L24',
    compute: async ({ db, scope, asOf }) => {
      const rows = await queryRows<{ code: string; residents: number | string; beds: number | string }>(db, sql`
        select substr(i.area_code, 1, 9) as code, sum(i.beds) as beds,
          sum((select count(*) from tekun_stays s where s.institution_id = i.id and s.admitted_on <= ${asOf}::date and (s.discharged_on is null or s.discharged_on > ${asOf}::date))) as residents
        from tekun_institutions i where i.area_code like ${like(scope)} group by 1`);
      return new Map(rows.map((r) => [r.code, { numerator: Number(r.residents), denominator: Number(r.beds) }]));
    },
  },
  {
    key: 'medical.reimbursement', group: 'medical', name: '脱贫人口住院实际补偿比', unit: 'ratio',
    definition: {
      numerator: '统计日所在年度、统计日及以前结算的脱贫户（建档立卡）成员住院费用中基本医保、大病保险、医疗救助及医疗扶助补偿的金额（分）',
      denominator: '同上住院结算的医疗总费用（分）',
      asOf: '统计日所在年度 1 月 1 日至统计日的结算',
    },
    target: { parameter: 'medical.topUp.ratio', direction: 'atLeast' }, source: '004:L30',
    compute: async ({ db, scope, asOf }) => new Map((await registeredPoorInpatient(db, scope, Number(asOf.slice(0, 4)), asOf))
      .map((t) => [t.code, { numerator: t.paid, denominator: t.total }])),
  },
  {
    key: 'employment.zeroHouseholds', group: 'employment', name: '零就业家庭户数', unit: 'count',
    definition: { numerator: '统计日有劳动年龄、有劳动能力成员但无一人就业的家庭户数', denominator: null, asOf: '统计日的登记信息和就业记录（与就业救助统计同一口径）' },
    target: { parameter: 'supervision.targets.zeroHouseholds', direction: 'atMost' }, source: '000:L148',
    compute: async (ctx) => new Map((await employmentOf(ctx)).byTownship
      .map((t) => [t.code, { numerator: t.zeroHouseholds, denominator: null }])),
    rows: async ({ db, scope, asOf }) => (await zeroHouseholds(db, scope, asOf)).rows
      .map((z) => ({ householdId: z.householdId, householdNo: z.householdNo, name: z.headName, areaCode: z.areaCode, reason: `零就业家庭，自 ${z.since} 起 ${z.days} 天` })),
  },
  {
    key: 'employment.employedAfterTraining', group: 'employment', name: '培训后就业率', unit: 'ratio',
    definition: { numerator: '其中培训后实现就业的人次', denominator: '统计日所在年度已结业的技能培训人次', asOf: '统计日所在年度的就业服务记录（与就业救助统计同一口径）' },
    target: { parameter: 'employment.targets.employedAfterTraining', direction: 'atLeast' }, source: '004:L102',
    compute: async (ctx) => new Map((await employmentOf(ctx)).byTownship
      .map((t) => [t.code, { numerator: t.employedAfter, denominator: t.trainingsCompleted }])),
  },
  {
    key: 'employment.met311', group: 'employment', name: '“311”就业服务达标率', unit: 'ratio',
    definition: { numerator: '其中已获得规定次数的岗位推荐、职业指导和技能培训的人数', denominator: '统计日所在年度接受过就业服务的人数', asOf: '统计日所在年度的就业服务记录（与就业救助统计同一口径）' },
    target: { parameter: 'supervision.targets.met311', direction: 'atLeast' }, source: '002:L293',
    compute: async (ctx) => new Map((await employmentOf(ctx)).byTownship
      .map((t) => [t.code, { numerator: t.met311, denominator: t.persons }])),
  },
  {
    key: 'monitoring.warningsInTime', group: 'monitoring', name: '预警按期处置率', unit: 'ratio',
    definition: {
      numerator: '其中在处置期限内处置的条数',
      denominator: '统计日及以前发出、处置期限已到或已处置的预警条数',
      asOf: '截至统计日：处置日期不晚于统计日才算已处置',
    },
    target: { parameter: 'supervision.targets.warningsInTime', direction: 'atLeast' }, source: '002:L669',
    base: ({ scope, asOf }) => sql`select w.area_code, w.household_id, null::text as member_id,
        (w.status = 'handled' and (w.handled_at at time zone 'Asia/Shanghai')::date <= least(w.due_on, ${asOf}::date)) as num, true as den,
        case when w.status = 'handled' and (w.handled_at at time zone 'Asia/Shanghai')::date <= ${asOf}::date then '超过处置期限才处置' else '逾期未处置' end as reason
      from monitoring_warnings w where w.area_code like ${like(scope)} and w.raised_on <= ${asOf}::date
        and (w.due_on <= ${asOf}::date or (w.status = 'handled' and (w.handled_at at time zone 'Asia/Shanghai')::date <= ${asOf}::date))`,
  },
  {
    key: 'monitoring.visits', group: 'monitoring', name: '帮扶干部走访达标率', unit: 'ratio',
    definition: {
      numerator: '其中走访（联系）不逾期的户数',
      denominator: '统计日有监测帮扶干部或结对联系干部的家庭户数（按干部计）',
      asOf: '截至统计日的走访记录，按政策包的走访周期（与走访考核同一口径）',
    },
    target: { parameter: 'supervision.targets.visits', direction: 'atLeast' }, source: '001:L876',
    compute: async ({ db, scope, asOf }) => new Map((await compliance(db, { username: 'system:supervision', role: 'county_admin', areaCode: scope }, asOf)).byTownship
      .map((t) => [t.key, { numerator: t.households - t.overdue, denominator: t.households }])),
    rows: async ({ db, scope, asOf }) => (await compliance(db, { username: 'system:supervision', role: 'county_admin', areaCode: scope }, asOf)).rows
      .filter((r) => r.status === 'overdue')
      .map((r) => ({ householdId: r.householdId, householdNo: null, name: r.headName, areaCode: r.areaCode, reason: `${r.kind === 'monitoring' ? '监测帮扶干部' : '结对联系干部'} ${r.cadre} 走访逾期（最近一次 ${r.lastVisit ?? '无'}）` })),
  },
  {
    key: 'deadlines.onTime', group: 'deadlines', name: '案件按期办结率', unit: 'ratio',
    definition: {
      numerator: '其中在办理期限（含暂停、延期）内办结的步骤数',
      denominator: '统计日所在年度 1 月 1 日至统计日办结的案件办理步骤数',
      asOf: '办结日期在统计日所在年度内且不晚于统计日',
    },
    target: { parameter: 'supervision.targets.onTime', direction: 'atLeast' }, source: '000:L172',
    base: ({ scope, asOf }) => sql`select t.area_code, c.household_id, null::text as member_id,
        (t.done_at at time zone 'Asia/Shanghai')::date <= t.due_at as num, true as den, '超期办结：' || t.step as reason
      from workflow_tasks t join cases c on c.id = t.subject_id
      where t.subject_type = 'case' and t.status = 'done' and t.area_code like ${like(scope)} and c.household_id is not null
        and (t.done_at at time zone 'Asia/Shanghai')::date between ${`${asOf.slice(0, 4)}-01-01`}::date and ${asOf}::date`,
  },
  {
    key: 'deadlines.overdueOpen', group: 'deadlines', name: '超期未办结案件步骤数', unit: 'count',
    definition: { numerator: '统计日仍未办结且已过办理期限的案件步骤数（暂停计时的除外）', denominator: null, asOf: '统计日当天：已开始、当日未办结、期限早于统计日' },
    target: { parameter: 'supervision.targets.overdueOpen', direction: 'atMost' }, source: '000:L172', listOf: 'counted',
    base: ({ scope, asOf }) => sql`select t.area_code, c.household_id, null::text as member_id, true as num, false as den,
        '超期未办结：' || t.step || '（期限 ' || t.due_at::text || '）' as reason
      from workflow_tasks t join cases c on c.id = t.subject_id
      where t.subject_type = 'case' and t.area_code like ${like(scope)} and c.household_id is not null and t.opened_on <= ${asOf}::date and t.due_at < ${asOf}::date
        and (t.status = 'open' and t.paused_since is null or t.status = 'done' and (t.done_at at time zone 'Asia/Shanghai')::date > ${asOf}::date)`,
  },
  {
    key: 'deadlines.escalatedDone', group: 'deadlines', name: '督办事项办结率', unit: 'ratio',
    definition: { numerator: '其中统计日已办结的条数', denominator: '统计日及以前被督办（乡镇或县级）的案件步骤数', asOf: '截至统计日：督办日期、办结日期不晚于统计日' },
    target: { parameter: 'supervision.targets.escalatedDone', direction: 'atLeast' }, source: '000:L172',
    base: ({ scope, asOf }) => sql`select t.area_code, c.household_id, null::text as member_id,
        (t.status = 'done' and (t.done_at at time zone 'Asia/Shanghai')::date <= ${asOf}::date) as num, true as den, '督办后仍未办结：' || t.step as reason
      from workflow_tasks t join cases c on c.id = t.subject_id
      where t.subject_type = 'case' and t.area_code like ${like(scope)} and c.household_id is not null and t.escalation > 0 and t.escalated_at <= ${asOf}::date`,
  },
  {
    key: 'deadlines.samplesDone', group: 'deadlines', name: '双随机抽查完成率', unit: 'ratio',
    definition: { numerator: '其中已登记抽查结果的件数', denominator: '统计日及以前受理、被抽中县级入户抽查的案件数', asOf: '截至统计日受理的案件；抽查结果按现登记' },
    target: { parameter: 'supervision.targets.samplesDone', direction: 'atLeast' }, source: '000:L194',
    base: ({ scope, asOf }) => sql`select c.area_code, c.household_id, null::text as member_id, c.sample_result is not null as num, true as den, '抽查结果未登记：' || c.number as reason
      from cases c where c.sampled and c.area_code like ${like(scope)} and c.household_id is not null and (c.created_at at time zone 'Asia/Shanghai')::date <= ${asOf}::date`,
  },
  ...FUND_PROGRAMS.map((program): IndicatorDef => ({
    key: `funds.paid.${program.key}`, group: 'funds', name: `${program.name}当月发放金额`, unit: 'fen',
    definition: { numerator: `统计日所在月份已审批发放名册中${program.name}的金额（分，不含银行退回）`, denominator: null, asOf: '统计日所在月份的发放月' },
    target: null, source: '000:L130',
    compute: async ({ db, scope, asOf }) => {
      const rows = await queryRows<{ code: string; fen: number | string }>(db, sql`select substr(l.area_code, 1, 9) as code, sum(l.amount_fen) as fen
        from payroll_lines l join payrolls p on p.id = l.payroll_id
        where p.status = 'approved' and l.bank_status <> 'failed' and l.program = ${program.program} and l.period = ${month(asOf)} and l.area_code like ${like(scope)} group by 1`);
      return new Map(rows.map((r) => [r.code, { numerator: Number(r.fen), denominator: null }]));
    },
  })),
];

export const INDICATORS: ReadonlyMap<string, IndicatorDef> = new Map(CATALOGUE.map((d) => [d.key, d]));

/** The township (9 digits) of an area code; a county-level record keeps its shorter code. */
export const townshipOf = (code: string) => code.slice(0, 9);

/** Numerator and denominator by township of one indicator. */
export async function computeByTownship(def: IndicatorDef, ctx: IndicatorContext): Promise<Map<string, Counts>> {
  if (def.compute) return def.compute(ctx);
  const rows = await queryRows<{ township: string; numerator: number | string; denominator: number | string }>(ctx.db, sql`
    select substr(b.area_code, 1, 9) as township, count(*) filter (where b.num) as numerator, count(*) filter (where b.den) as denominator
    from (${def.base!(ctx)}) b group by 1`);
  const ratio = def.unit === 'ratio';
  return new Map(rows.map((r) => [r.township, { numerator: Number(r.numerator), denominator: ratio ? Number(r.denominator) : null }]));
}

/** The sum of townships' counts (the county, or the user's area). */
export function sumCounts(def: IndicatorDef, counts: Iterable<Counts>): Counts {
  let numerator = 0;
  let denominator = 0;
  for (const c of counts) { numerator += c.numerator; denominator += c.denominator ?? 0; }
  return { numerator, denominator: def.unit === 'ratio' ? denominator : null };
}

/** A list row of the records behind a number, before masking. */
export interface RawListRow { householdId: string; householdNo: string | null; name: string; areaCode: string; reason: string }

/** The base rows that keep the indicator from its target, a page of them and their total; null for an indicator without a list. */
export async function listBehind(def: IndicatorDef, ctx: IndicatorContext, page: number, pageSize: number): Promise<{ rows: RawListRow[]; total: number } | null> {
  if (def.rows) {
    const all = await def.rows(ctx);
    const rows = all.slice((page - 1) * pageSize, page * pageSize);
    const missing = rows.filter((r) => r.householdNo === null).map((r) => r.householdId);
    if (missing.length) {
      const keys = new Map((await queryRows<{ id: string; ledger_key: string | null }>(ctx.db, sql`select id, ledger_key from households where id in ${missing}`)).map((h) => [h.id, h.ledger_key]));
      for (const r of rows) r.householdNo ??= keys.get(r.householdId) ?? null;
    }
    return { total: all.length, rows };
  }
  if (!def.base) return null;
  const where = def.listOf === 'counted' ? sql`b.num` : sql`b.den and not b.num`;
  const [{ total }] = await queryRows<{ total: number | string }>(ctx.db, sql`select count(*) as total from (${def.base(ctx)}) b where ${where}`);
  const rows = await queryRows<{ household_id: string; ledger_key: string | null; name: string | null; head_name: string; area_code: string; reason: string }>(ctx.db, sql`
    select b.household_id, h.ledger_key, m.name, h.head_name, b.area_code, b.reason
    from (${def.base(ctx)}) b join households h on h.id = b.household_id left join members m on m.id = b.member_id
    where ${where} order by b.area_code, b.household_id, b.member_id limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return {
    total: Number(total),
    rows: rows.map((r) => ({ householdId: r.household_id, householdNo: r.ledger_key, name: r.name ?? r.head_name, areaCode: r.area_code, reason: r.reason })),
  };
}

export const hasList = (def: IndicatorDef) => !!def.base || !!def.rows;
