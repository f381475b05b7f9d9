/**
 * The monthly coverage-gap search inside the server, as the monitoring refresh runs (src/monitoring/scheduler.ts):
 * `doudi serve` checks every hour whether each county with a published pack has had a search over the whole county
 * this calendar month — a search is recorded by its audit entry `supervision.gaps.run` (scheduled or started by a
 * county admin) — and runs one when it has not. A search itself is idempotent (gapStore.ts), so a second one in a
 * month would change nothing but the dates seen.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { currentPolicy } from '../policy/store.ts';
import { todayInChina } from '../registry/model.ts';
import { countiesIn } from '../verification/feeds.ts';
import { runGapSearch, type GapRun } from './gapStore.ts';

/** The actor of a scheduled search, as audited. */
export const GAP_SCHEDULE_ACTOR = 'system:schedule';

/** The date of the county's newest search over the whole county (a township's search does not count), or null. */
export async function lastGapSearch(db: Db, county: string): Promise<string | null> {
  const [row] = await db.select({ date: sql<string>`${auditLog.detail}->>'date'` }).from(auditLog)
    .where(and(eq(auditLog.action, 'supervision.gaps.run'), eq(auditLog.areaCode, county)))
    .orderBy(desc(sql`${auditLog.detail}->>'date'`)).limit(1);
  return row?.date ?? null;
}

/** Searches every county with a published pack whose search of this month (of `date`) has not run; returns what ran. */
export async function runDueGapSearches(db: Db, date = todayInChina()): Promise<{ county: string; run: GapRun }[]> {
  const out: { county: string; run: GapRun }[] = [];
  for (const county of await countiesIn(db, '')) {
    if (!(await currentPolicy(db, county))) continue;
    const last = await lastGapSearch(db, county);
    if (last && last >= `${date.slice(0, 7)}-01`) continue;
    out.push({ county, run: await runGapSearch(db, { scope: county, actor: GAP_SCHEDULE_ACTOR, date }) });
  }
  return out;
}

/** Checks now and every `everyMs` (default hourly) without keeping the process alive; returns the stop function. */
export function scheduleGapSearch(db: Db, log: (e: unknown) => void = () => {}, everyMs = 3600_000): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    runDueGapSearches(db).catch(log).finally(() => { running = false; });
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return () => clearInterval(timer);
}
