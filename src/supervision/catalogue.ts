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
import type { ResolvedPack } from '../policy/pack.ts';
import { tekunPersonsAsOf } from '../tekun/figures.ts';

export type Unit = 'ratio' | 'count' | 'fen' | 'days';
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

/** What a compute or list function is given: the area's code prefix (county, township or village) and the date. */
export interface IndicatorContext { db: Db; scope: string; asOf: string; pack: ResolvedPack }

export interface IndicatorDef {
  key: string;
  group: GroupKey;
  name: string;
  unit: Unit;
  definition: { numerator: string; denominator: string | null; asOf: string };
  /** The pack parameter holding the target and whether the value should reach it (atLeast) or stay under it (atMost). */
  target: { parameter: string; direction: Direction } | null;
  /** NNN:Lnnn of ../shared/seeds. */
  source: string;
  /** The base rows (see the header); absent when `compute` is given. */
  base?: (ctx: IndicatorContext) => SQL;
  /** The list behind the number: the base rows not in the numerator (default, for a share to raise) or those in it (a count to bring down). */
  listOf?: 'missing' | 'counted';
  /** A figure that is not a count of base rows: numerator and denominator by township code. */
  compute?: (ctx: IndicatorContext) => Promise<Map<string, Counts>>;
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

export const hasList = (def: IndicatorDef) => !!def.base;
