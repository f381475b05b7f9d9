/**
 * The monitoring dashboard (issue 9 item 7): monitored households by type, risk factor, level and
 * township; warnings raised vs handled and the age of open ones; measures and removals by month;
 * visit compliance. And its xlsx export (exceljs streaming writer; names masked, no ID numbers,
 * phones or bank data; the route sends it no-store and audits it). Area-scoped.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { and, count, eq, isNotNull, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { areas, households } from '../registry/schema.ts';
import { monitoringHouseholds, monitoringMeasures, monitoringWarnings } from './schema.ts';
import { maskName } from '../domain/mask.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { compliance } from './cadres.ts';
import { refreshSchedule } from './scheduler.ts';
import { LEVELS, RISK_FACTORS, RULES, type RiskFactor, type RuleName } from './rules.ts';

export async function dashboard(db: Db, actor: Actor, today = todayInChina()) {
  const scope = `${actor.areaCode}%`;
  const mh = await db.select({ type: monitoringHouseholds.type, status: monitoringHouseholds.status, township: sql<string>`substr(${monitoringHouseholds.areaCode}, 1, 9)`,
    riskFactors: monitoringHouseholds.riskFactors, warningLevel: monitoringHouseholds.warningLevel }).from(monitoringHouseholds).where(like(monitoringHouseholds.areaCode, scope));
  const monitored = mh.filter((h) => h.status === 'monitored');
  const tally = <T>(xs: T[], key: (x: T) => string[]) => {
    const m: Record<string, number> = {};
    for (const x of xs) for (const k of key(x)) m[k] = (m[k] ?? 0) + 1;
    return m;
  };
  const warnings = await db.select({ level: monitoringWarnings.level, rule: monitoringWarnings.rule, status: monitoringWarnings.status, township: sql<string>`substr(${monitoringWarnings.areaCode}, 1, 9)`,
    month: sql<string>`substr(${monitoringWarnings.raisedOn}::text, 1, 7)`, n: count(), oldest: sql<string | null>`min(${monitoringWarnings.raisedOn})::text`,
    ages: sql<number[]>`coalesce(array_agg((${today}::date - ${monitoringWarnings.raisedOn})) filter (where ${monitoringWarnings.status} = 'open'), '{}')` })
    .from(monitoringWarnings).where(like(monitoringWarnings.areaCode, scope))
    .groupBy(monitoringWarnings.level, monitoringWarnings.rule, monitoringWarnings.status, sql`substr(${monitoringWarnings.areaCode}, 1, 9)`, sql`substr(${monitoringWarnings.raisedOn}::text, 1, 7)`);
  const sum = (pred: (w: (typeof warnings)[number]) => boolean) => warnings.filter(pred).reduce((s, w) => s + w.n, 0);
  const ages = warnings.flatMap((w) => w.ages.map(Number));
  const ageBuckets = { '0-7 天': 0, '8-15 天': 0, '16-30 天': 0, '30 天以上': 0 };
  for (const a of ages) ageBuckets[a <= 7 ? '0-7 天' : a <= 15 ? '8-15 天' : a <= 30 ? '16-30 天' : '30 天以上']++;
  const measures = await db.select({ month: sql<string>`substr(${monitoringMeasures.startOn}::text, 1, 7)`, n: count() }).from(monitoringMeasures)
    .where(like(monitoringMeasures.areaCode, scope)).groupBy(sql`substr(${monitoringMeasures.startOn}::text, 1, 7)`);
  const removals = await db.select({ month: sql<string>`substr(${monitoringHouseholds.removedOn}::text, 1, 7)`, n: count() }).from(monitoringHouseholds)
    .where(and(like(monitoringHouseholds.areaCode, scope), isNotNull(monitoringHouseholds.removedOn))).groupBy(sql`substr(${monitoringHouseholds.removedOn}::text, 1, 7)`);
  const identified = await db.select({ month: sql<string>`substr(${monitoringHouseholds.identifiedOn}::text, 1, 7)`, n: count() }).from(monitoringHouseholds)
    .where(like(monitoringHouseholds.areaCode, scope)).groupBy(sql`substr(${monitoringHouseholds.identifiedOn}::text, 1, 7)`);
  const months = [...new Set([...warnings.map((w) => w.month), ...measures.map((m) => m.month), ...removals.map((r) => r.month), ...identified.map((r) => r.month)])].sort();
  const townships = [...new Set([...monitored.map((h) => h.township), ...warnings.map((w) => w.township)])].sort();
  const names = new Map((await db.select().from(areas).where(like(areas.code, `${actor.areaCode.slice(0, 6)}%`))).map((a) => [a.code, a.name]));
  const comp = await compliance(db, actor, today);
  // The county's periodic monitor run (每季度一更新, 002:L673): the last run and when the next falls due.
  const refresh = await refreshSchedule(db, actor.areaCode.slice(0, 6), today);
  return {
    refresh,
    monitored: monitored.length, removed: mh.length - monitored.length,
    byType: tally(monitored, (h) => [h.type]),
    /** The monitored households' graded warnings (shown until removal, 002:L669). */
    byLevel: Object.keys(LEVELS).map((l) => ({ level: l, households: monitored.filter((h) => h.warningLevel === l).length })),
    byFactor: Object.fromEntries(Object.entries(tally(monitored, (h) => h.riskFactors)).map(([k, v]) => [RISK_FACTORS[k as RiskFactor] ?? k, v])),
    byTownship: townships.map((t) => ({ code: t, name: names.get(t) ?? t, monitored: monitored.filter((h) => h.township === t).length,
      openWarnings: sum((w) => w.township === t && w.status === 'open') })),
    warnings: {
      raised: sum(() => true), handled: sum((w) => w.status === 'handled'), open: sum((w) => w.status === 'open'),
      byLevel: Object.keys(LEVELS).map((l) => ({ level: l, raised: sum((w) => w.level === l), handled: sum((w) => w.level === l && w.status === 'handled') })),
      byRule: Object.keys(RULES).map((r) => ({ rule: r, name: RULES[r as RuleName], raised: sum((w) => w.rule === r), handled: sum((w) => w.rule === r && w.status === 'handled') })).filter((r) => r.raised),
      openAge: ageBuckets,
    },
    months: months.map((m) => ({ month: m, warnings: sum((w) => w.month === m), identified: identified.find((x) => x.month === m)?.n ?? 0,
      measures: measures.find((x) => x.month === m)?.n ?? 0, removals: removals.find((x) => x.month === m)?.n ?? 0 })),
    visits: { ok: comp.rows.filter((r) => r.status === 'ok').length, due: comp.rows.filter((r) => r.status === 'due').length, overdue: comp.rows.filter((r) => r.status === 'overdue').length,
      byTownship: comp.byTownship.map((g) => ({ ...g, name: names.get(g.key) ?? g.key })) },
  };
}

/** The monitored households in scope as xlsx, streamed: one row per household (masked head name, no ID numbers), and the open warnings. Returns the row count. */
export async function writeMonitoringExport(db: Db, actor: Actor, output: Writable): Promise<number> {
  const names = new Map((await db.select().from(areas).where(like(areas.code, `${actor.areaCode.slice(0, 6)}%`))).map((a) => [a.code, a.name]));
  const rows = await db.select({ m: monitoringHouseholds, headName: households.headName }).from(monitoringHouseholds).innerJoin(households, eq(households.id, monitoringHouseholds.householdId))
    .where(like(monitoringHouseholds.areaCode, `${actor.areaCode}%`)).orderBy(monitoringHouseholds.areaCode);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('监测对象');
  sheet.addRow(['乡镇（街道）', '村（社区）', '户主（脱敏）', '监测对象类别', '风险因子', '状态', '纳入日期', '风险消除日期', '预警等级']).commit();
  for (const { m, headName } of rows) {
    sheet.addRow([names.get(m.areaCode.slice(0, 9)) ?? m.areaCode.slice(0, 9), names.get(m.areaCode) ?? m.areaCode, maskName(headName), m.type,
      m.riskFactors.map((f) => RISK_FACTORS[f as RiskFactor] ?? f).join('、'), m.status === 'monitored' ? '监测中' : '已消除风险', m.identifiedOn, m.removedOn ?? '',
      m.warningLevel ? LEVELS[m.warningLevel as keyof typeof LEVELS] ?? m.warningLevel : '']).commit();
  }
  sheet.commit();
  const ws = await db.select({ w: monitoringWarnings, headName: households.headName }).from(monitoringWarnings).innerJoin(households, eq(households.id, monitoringWarnings.householdId))
    .where(and(like(monitoringWarnings.areaCode, `${actor.areaCode}%`), eq(monitoringWarnings.status, 'open'))).orderBy(monitoringWarnings.areaCode);
  const w2 = workbook.addWorksheet('未处置预警');
  w2.addRow(['村（社区）', '户主（脱敏）', '预警规则', '等级', '预警日期', '办理期限']).commit();
  for (const { w, headName } of ws) {
    w2.addRow([names.get(w.areaCode) ?? w.areaCode, maskName(headName), RULES[w.rule as RuleName] ?? w.rule, LEVELS[w.level as keyof typeof LEVELS] ?? w.level, w.raisedOn, w.dueOn]).commit();
  }
  w2.commit();
  await workbook.commit();
  return rows.length;
}
