/**
 * The demo county's supervision figures (issue 24): the snapshots of the last 12 months, taken through the
 * store as the monthly schedule would, so a first `npm start` shows the trends filled. Idempotent.
 */
import type { Db } from '../db/connection.ts';
import { todayInChina } from '../registry/model.ts';
import { previousMonth, SNAPSHOT_ACTOR } from './scheduler.ts';
import { takeSnapshot } from './store.ts';

export async function seedSupervisionDemo(db: Db, county: string, today = todayInChina()): Promise<number> {
  const months: string[] = [];
  let d = today;
  for (let i = 0; i < 12; i++) { const m = previousMonth(d); months.unshift(m); d = `${m}-01`; }
  let taken = 0;
  for (const m of months) if ((await takeSnapshot(db, county, m, SNAPSHOT_ACTOR)).created) taken++;
  return taken;
}
