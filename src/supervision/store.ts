/**
 * 督导 (issue 24 items 1, 3): the indicators of the catalogue for an area and a date, with their targets from
 * the county's pack and the traffic light; the trend by month or quarter (from the stored monthly snapshots
 * where one exists); the ranking of townships; the list behind a number (masked); the monthly snapshots.
 * Every read is limited to the actor's area (a township user sees only their township, 403 for another).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import type { Role } from '../auth/roles.ts';
import { areaChain, descendants, findArea, isWithin } from '../domain/areas.ts';
import { daysInMonth } from '../domain/dates.ts';
import { maskName } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { requirePack } from '../monitoring/signals.ts';
import { citation } from '../policy/citations.ts';
import type { ResolvedPack } from '../policy/pack.ts';
import { PARAMETERS } from '../policy/parameters.ts';
import { CATALOGUE, GROUPS, INDICATORS, computeByTownship, indicatorContext, hasList, listBehind, sumCounts, type Counts, type IndicatorDef } from './catalogue.ts';
import { lightOf, valueOf } from './lights.ts';
import { supervisionSnapshots, type SnapshotValues } from './schema.ts';

export interface SupervisionActor { username: string; role: Role; areaCode: string }

const countyOf = (code: string) => code.slice(0, 6);
export const areaName = (code: string) => findArea(code)?.name ?? code;
/** 九位乡镇 of the county (or the one township / village of a narrower scope). */
const townshipsIn = (scope: string) => (scope.length >= 9 ? [scope.slice(0, 9)] : descendants(scope).filter((a) => a.code.length === 9).map((a) => a.code));

/** The area the actor asks about: their own, or one inside it (403 outside, 400 for an unknown code). */
export function areaFor(actor: SupervisionActor, area?: string): string {
  if (!area) return actor.areaCode;
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(area) || !findArea(area)) throw new AppError('INVALID_AREA', `未知的行政区划代码：${area}`, 'area', 400);
  if (!isWithin(area, actor.areaCode)) throw new AppError('FORBIDDEN', '无权查看本辖区以外地区的督导指标', 'area', 403);
  return area;
}

export function indicatorOf(key: string): IndicatorDef {
  const def = INDICATORS.get(key);
  if (!def) throw new AppError('NOT_FOUND', `没有这项督导指标：${key}`, 'key', 404);
  return def;
}

export const ratioValue = (c: Counts, def: IndicatorDef): number | null => valueOf(def.unit, c.numerator, c.denominator);

/** The target in force (null when the indicator has none or the pack leaves it unset). */
export function targetOf(def: IndicatorDef, pack: ResolvedPack) {
  if (!def.target) return null;
  const parameter = typeof def.target.parameter === 'string' ? def.target.parameter : def.target.parameter(pack, pack.date);
  if (!parameter) return null;
  const value = pack.value<number | null>(parameter);
  if (value === null || value === undefined) return null;
  return { value, direction: def.target.direction, parameter, label: PARAMETERS[parameter]?.label ?? parameter };
}

/** Numerator and denominator by township of every indicator (or those given) for an area and date. */
async function computeAll(db: Db, scope: string, asOf: string, pack: ResolvedPack, defs: readonly IndicatorDef[] = CATALOGUE) {
  const out = new Map<string, Map<string, Counts>>();
  const ctx = indicatorContext(db, scope, asOf, pack);
  for (const def of defs) out.set(def.key, await computeByTownship(def, ctx));
  return out;
}


function indicatorView(def: IndicatorDef, c: Counts, pack: ResolvedPack) {
  const target = targetOf(def, pack);
  const value = ratioValue(c, def);
  return {
    key: def.key, group: def.group, name: def.name, unit: def.unit, parts: def.parts ?? 'count', value, numerator: c.numerator, denominator: c.denominator,
    definition: def.definition, target, light: lightOf(def.unit, value, target, pack.value<number>('supervision.amberMargin')),
    source: { ref: def.source, citation: citation(def.source) ?? def.source }, hasList: hasList(def),
  };
}
export type IndicatorView = ReturnType<typeof indicatorView>;

/** GET /api/supervision/indicators: every indicator for the area as of the date. */
export async function indicators(db: Db, actor: SupervisionActor, asOf: string, area?: string) {
  const scope = areaFor(actor, area);
  const pack = await requirePack(db, scope, asOf);
  const all = await computeAll(db, scope, asOf, pack);
  return {
    asOf, area: { code: scope, name: areaName(scope) }, groups: GROUPS.map((g) => ({ key: g.key, name: g.name })),
    indicators: CATALOGUE.map((def) => indicatorView(def, sumCounts(def, all.get(def.key)!.values()), pack)),
  };
}

/** GET …/:key/townships: each township in the actor's scope, ranked best first by the target's direction (higher first without one). */
export async function townships(db: Db, actor: SupervisionActor, key: string, asOf: string) {
  const def = indicatorOf(key);
  const scope = actor.areaCode;
  const pack = await requirePack(db, scope, asOf);
  const byTownship = await computeByTownship(def, { db, scope, asOf, pack });
  const target = targetOf(def, pack);
  const margin = pack.value<number>('supervision.amberMargin');
  const rows = townshipsIn(scope).map((code) => {
    const c = byTownship.get(code) ?? { numerator: 0, denominator: def.unit === 'ratio' ? 0 : null };
    const value = ratioValue(c, def);
    return { code, name: areaName(code), value, numerator: c.numerator, denominator: c.denominator, light: lightOf(def.unit, value, target, margin), rank: 0 };
  });
  const down = target?.direction === 'atMost';
  rows.sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || (down ? (a.value ?? 0) - (b.value ?? 0) : (b.value ?? 0) - (a.value ?? 0)) || a.code.localeCompare(b.code));
  let rank = 0;
  rows.forEach((r, i) => { if (r.value !== null) rank = i > 0 && rows[i - 1].value === r.value ? rank : i + 1; r.rank = r.value === null ? 0 : rank; });
  return { key, rows };
}

/** The last day of a month YYYY-MM. */
export const lastDay = (month: string) => `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;
const shiftMonth = (month: string, by: number) => {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/** The counts of one indicator for an area from a snapshot: the county row, or the township(s) inside the area. */
function fromSnapshot(values: SnapshotValues, def: IndicatorDef, scope: string): Counts | null {
  const rows = values[def.key];
  if (!rows) return null;
  if (scope.length === 6) { const c = rows[scope]; return c ? { numerator: c[0], denominator: c[1] } : null; }
  if (scope.length === 9) { const c = rows[scope]; return c ? { numerator: c[0], denominator: c[1] } : { numerator: 0, denominator: def.unit === 'ratio' ? 0 : null }; }
  return null; // a village: snapshots hold townships, computed instead
}

/** GET …/:key/trend: the last 12 months (or 8 quarters) ending at `to`, from snapshots where stored. */
export async function trend(db: Db, actor: SupervisionActor, key: string, by: 'month' | 'quarter', to: string, area?: string) {
  const def = indicatorOf(key);
  const scope = areaFor(actor, area);
  const periods: { period: string; month: string }[] = [];
  if (by === 'month') for (let i = 11; i >= 0; i--) { const m = shiftMonth(to, -i); periods.push({ period: m, month: m }); }
  else {
    const q = Math.floor((Number(to.slice(5, 7)) - 1) / 3);
    const last = `${to.slice(0, 4)}-${String(q * 3 + 3).padStart(2, '0')}`;
    for (let i = 7; i >= 0; i--) { const m = shiftMonth(last, -3 * i); periods.push({ period: `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`, month: m }); }
  }
  const stored = await db.select().from(supervisionSnapshots)
    .where(and(eq(supervisionSnapshots.county, countyOf(scope)), inArray(supervisionSnapshots.month, periods.map((p) => p.month))));
  const snap = new Map(stored.map((s) => [s.month, s.values]));
  const points = [];
  for (const p of periods) {
    const asOf = lastDay(p.month);
    const pack = await requirePack(db, scope, asOf);
    const s = snap.get(p.month);
    let c = s ? fromSnapshot(s, def, scope) : null;
    const snapshot = c !== null;
    c ??= sumCounts(def, (await computeByTownship(def, { db, scope, asOf, pack })).values());
    points.push({ period: p.period, value: ratioValue(c, def), numerator: c.numerator, denominator: c.denominator, target: targetOf(def, pack)?.value ?? null, snapshot });
  }
  return { key, points };
}

export const townshipNameOf = (code: string) => areaChain(code.slice(0, 9)).find((a) => a.code.length === 9)?.name ?? '县级';
export const villageNameOf = (code: string) => (code.length === 12 ? areaName(code) : '');

/** GET …/:key/list: the records behind the number that keep it from its target (names masked). */
export async function list(db: Db, actor: SupervisionActor, key: string, asOf: string, area: string | undefined, page: number, pageSize: number) {
  const def = indicatorOf(key);
  const scope = areaFor(actor, area);
  const pack = await requirePack(db, scope, asOf);
  const r = await listBehind(def, { db, scope, asOf, pack }, page, pageSize);
  const columns = [{ key: 'householdNo', title: '户编号' }, { key: 'name', title: '姓名' }, { key: 'township', title: '乡镇' }, { key: 'village', title: '村（社区）' }, { key: 'reason', title: '原因' }];
  return {
    key, title: `${def.name}：${def.listOf === 'counted' ? '计入的记录' : '未达标的记录'}`, columns,
    rows: (r?.rows ?? []).map((x) => ({ householdId: x.householdId, householdNo: x.householdNo ?? '', name: maskName(x.name), township: townshipNameOf(x.areaCode), village: villageNameOf(x.areaCode), reason: x.reason })),
    total: r?.total ?? 0,
  };
}

/** The stored snapshots of the actor's county, newest first. */
export async function snapshots(db: Db, actor: SupervisionActor) {
  const rows = await db.select({ month: supervisionSnapshots.month, takenAt: supervisionSnapshots.takenAt, takenBy: supervisionSnapshots.takenBy }).from(supervisionSnapshots)
    .where(eq(supervisionSnapshots.county, countyOf(actor.areaCode))).orderBy(asc(supervisionSnapshots.month));
  return { rows: rows.reverse().map((r) => ({ month: r.month, takenAt: r.takenAt instanceof Date ? r.takenAt.toISOString() : String(r.takenAt), takenBy: r.takenBy })) };
}

/**
 * Takes the county's snapshot of `month` (as of its last day): every indicator for the county and each
 * township. Idempotent: a second call returns the stored one (`created: false`). Audited supervision.snapshot.
 */
export async function takeSnapshot(db: Db, county: string, month: string, takenBy: string) {
  const [existing] = await db.select().from(supervisionSnapshots).where(and(eq(supervisionSnapshots.county, county), eq(supervisionSnapshots.month, month)));
  if (existing) return { created: false, month, takenAt: String(existing.takenAt instanceof Date ? existing.takenAt.toISOString() : existing.takenAt), takenBy: existing.takenBy };
  const asOf = lastDay(month);
  const pack = await requirePack(db, county, asOf);
  const all = await computeAll(db, county, asOf, pack);
  const values: SnapshotValues = {};
  for (const def of CATALOGUE) {
    const rows = all.get(def.key)!;
    const v: Record<string, [number, number | null]> = {};
    for (const [code, c] of rows) if (code.length === 9) v[code] = [c.numerator, c.denominator];
    const total = sumCounts(def, rows.values());
    v[county] = [total.numerator, total.denominator];
    values[def.key] = v;
  }
  const row = await db.transaction(async (tx) => {
    const [r] = await tx.insert(supervisionSnapshots).values({ county, month, asOf, values, takenBy }).onConflictDoNothing().returning();
    if (r) await appendAudit(tx, { actor: takenBy, action: 'supervision.snapshot', target: `supervision_snapshot:${county}:${month}`, areaCode: county, detail: { month, asOf } });
    return r;
  });
  if (!row) return takeSnapshot(db, county, month, takenBy);
  return { created: true, month, takenAt: row.takenAt instanceof Date ? row.takenAt.toISOString() : String(row.takenAt), takenBy };
}
