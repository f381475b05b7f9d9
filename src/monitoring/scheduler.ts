/**
 * The quarterly refresh (每季度一更新, 002:L673) inside the server: `doudi serve` checks every hour whether
 * each county's monitor run of the current period has happened — periods of `monitoring.refresh.everyMonths`
 * calendar months from January (3: the quarters) — and runs `runMonitor` over the county when it has not.
 * Idempotent: a run of the period (scheduled, `POST /api/monitoring/run` or `doudi monitor` over the whole
 * county) is recorded by its audit entry `monitoring.run`, so the period is not run again, and a run itself
 * raises nothing twice (dedupe keys, signals.ts). The last run is shown on the monitoring board.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { todayInChina } from '../registry/model.ts';
import { countiesIn } from '../verification/feeds.ts';
import { countyPack, runMonitor, type MonitorRun } from './signals.ts';

/** The actor of a scheduled run, as audited. */
export const SCHEDULE_ACTOR = 'system:schedule';

export interface LastRun { date: string; at: string; actor: string; signals: number; raised: number; scheduled: boolean }

/** The county's newest monitor run over the whole county (a narrower `--area` run does not count), or null. */
export async function lastMonitorRun(db: Db, county: string): Promise<LastRun | null> {
  const [row] = await db.select().from(auditLog)
    .where(and(eq(auditLog.action, 'monitoring.run'), eq(auditLog.areaCode, county), sql`length(coalesce(${auditLog.detail}->>'scope', '')) <= 6`))
    .orderBy(desc(sql`${auditLog.detail}->>'date'`), desc(auditLog.id)).limit(1);
  if (!row) return null;
  const d = row.detail as { date?: string; signals?: number; raised?: number };
  return { date: d.date ?? row.at.slice(0, 10), at: row.at, actor: row.actor, signals: d.signals ?? 0, raised: d.raised ?? 0, scheduled: row.actor === SCHEDULE_ACTOR };
}

/** The first day of the period of `everyMonths` months (counted from January) that holds `date`. */
export function periodStart(date: string, everyMonths: number): string {
  const month = Number(date.slice(5, 7)) - 1;
  return `${date.slice(0, 4)}-${String(Math.floor(month / everyMonths) * everyMonths + 1).padStart(2, '0')}-01`;
}

/** The first day of the next period (when the next scheduled run falls due). */
export function nextPeriodStart(date: string, everyMonths: number): string {
  const start = periodStart(date, everyMonths);
  const i = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + everyMonths;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}

/** The county's schedule on `date`: its period, whether this period's run is done, the last run. Null without a pack. */
export async function refreshSchedule(db: Db, county: string, date: string) {
  const pack = await countyPack(db, county, date);
  if (!pack) return null;
  const everyMonths = pack.value<number>('monitoring.refresh.everyMonths');
  const last = await lastMonitorRun(db, county);
  const from = periodStart(date, everyMonths);
  return { everyMonths, periodStart: from, nextDue: nextPeriodStart(date, everyMonths), last, due: !last || last.date < from };
}

/** Runs the monitor for every county whose run of the current period is due; returns what ran. */
export async function runDueRefreshes(db: Db, date = todayInChina()): Promise<{ county: string; run: MonitorRun }[]> {
  const out: { county: string; run: MonitorRun }[] = [];
  for (const county of await countiesIn(db, '')) {
    const s = await refreshSchedule(db, county, date);
    if (!s?.due) continue;
    out.push({ county, run: await runMonitor(db, date, county, SCHEDULE_ACTOR) });
  }
  return out;
}

/** Checks now and every `everyMs` (default hourly) without keeping the process alive; returns the stop function. */
export function scheduleMonitorRefresh(db: Db, log: (e: unknown) => void = () => {}, everyMs = 3600_000): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    runDueRefreshes(db).catch(log).finally(() => { running = false; });
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return () => clearInterval(timer);
}
