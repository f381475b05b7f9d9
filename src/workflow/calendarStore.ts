/**
 * Storage of the county working-day overrides (calendar_overrides) that calendar.ts applies over the
 * national calendar. A county admin sets or removes an override for a day of their county; each change
 * is audited with the value it replaced.
 */
import { and, asc, eq, gt, gte, like, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { calendarOverrides, workflowTasks } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../registry/store.ts';
import { COVERED_YEARS, type Overrides } from './calendar.ts';

export type CalendarOverride = typeof calendarOverrides.$inferSelect;

/** The county (6 digits) of an area code of any level below a county. */
export function countyOf(areaCode: string): string {
  return areaCode.slice(0, 6);
}

/** The overrides of the county holding `areaCode`, as the map calendar.ts takes. */
export async function countyOverrides(db: Db, areaCode: string): Promise<Overrides> {
  const rows = await db.select({ date: calendarOverrides.date, working: calendarOverrides.working }).from(calendarOverrides)
    .where(eq(calendarOverrides.areaCode, countyOf(areaCode)));
  return new Map(rows.map((r) => [r.date, r.working]));
}

export async function listOverrides(db: Db, county: string, from: string, to: string): Promise<CalendarOverride[]> {
  return db.select().from(calendarOverrides)
    .where(and(eq(calendarOverrides.areaCode, county), gte(calendarOverrides.date, from), lte(calendarOverrides.date, to)))
    .orderBy(asc(calendarOverrides.date));
}

/**
 * Sets (working true/false) or removes (null: the national calendar applies again) the override of a
 * day in the actor's county. Only a user whose scope is a whole county may do it.
 */
export async function setOverride(db: Db, actor: Actor, input: { date: string; working: boolean | null; note: string }): Promise<CalendarOverride | null> {
  if (actor.areaCode.length !== 6) throw new AppError('COUNTY_ONLY', '只有县级管理员可以调整本县的工作日', 'areaCode', 403);
  const county = actor.areaCode;
  return db.transaction(async (tx) => {
    const [previous] = await tx.select().from(calendarOverrides)
      .where(and(eq(calendarOverrides.areaCode, county), eq(calendarOverrides.date, input.date))).for('update');
    let row: CalendarOverride | null = null;
    if (input.working === null) {
      if (!previous) throw new AppError('NO_OVERRIDE', '该日期没有本县的调整，无需恢复', 'date', 404);
      await tx.delete(calendarOverrides).where(eq(calendarOverrides.id, previous.id));
    } else {
      [row] = await tx.insert(calendarOverrides)
        .values({ areaCode: county, date: input.date, working: input.working, note: input.note, createdBy: actor.username })
        .onConflictDoUpdate({ target: [calendarOverrides.areaCode, calendarOverrides.date],
          set: { working: input.working, note: input.note, createdBy: actor.username, createdAt: new Date() } })
        .returning();
    }
    await appendAudit(tx as unknown as Db, { actor: actor.username, action: 'workflow.calendar.set', target: input.date, areaCode: county,
      detail: { date: input.date, working: input.working, note: input.note, previous: previous ? { working: previous.working, note: previous.note } : null } });
    return row;
  });
}

/** A year after the holiday data's last year in which open deadlines of the area fall. */
export interface UncoveredYear {
  year: number;
  /** Open deadlines (workflow tasks) of the area due in that year. */
  deadlines: number;
  /** Days of that year the county has already set by hand (本县调整). */
  overrides: number;
}

/**
 * The years without national holiday data (after `COVERED_YEARS.to`) in which an open deadline of
 * the actor's area falls: such a deadline was counted with Monday–Friday as working days, so a
 * holiday (元旦, 春节) counts as one until the county enters that year's days or the data is upgraded.
 */
export async function uncoveredDeadlineYears(db: Db, areaCode: string): Promise<UncoveredYear[]> {
  const year = sql<number>`extract(year from ${workflowTasks.dueAt})::int`;
  const rows = await db.select({ year, deadlines: sql<number>`count(*)::int` }).from(workflowTasks)
    .where(and(eq(workflowTasks.status, 'open'), like(workflowTasks.areaCode, `${areaCode}%`), gt(workflowTasks.dueAt, `${COVERED_YEARS.to}-12-31`)))
    .groupBy(year).orderBy(year);
  if (rows.length === 0) return [];
  const setYear = sql<number>`extract(year from ${calendarOverrides.date})::int`;
  const set = await db.select({ year: setYear, n: sql<number>`count(*)::int` }).from(calendarOverrides)
    .where(and(eq(calendarOverrides.areaCode, countyOf(areaCode)), gt(calendarOverrides.date, `${COVERED_YEARS.to}-12-31`))).groupBy(setYear);
  const byYear = new Map(set.map((r) => [Number(r.year), Number(r.n)]));
  return rows.map((r) => ({ year: Number(r.year), deadlines: Number(r.deadlines), overrides: byYear.get(Number(r.year)) ?? 0 }));
}
