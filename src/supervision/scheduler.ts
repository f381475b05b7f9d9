/**
 * The monthly snapshot inside the server (issue 24 item 3): `doudi serve` checks every hour whether each
 * county with a published pack has the snapshot of last month, and takes it when not (as of the month's last
 * day, actor system:schedule). Idempotent: a snapshot is stored once per county and month (store.ts).
 */
import type { Db } from '../db/connection.ts';
import { currentPolicy } from '../policy/store.ts';
import { todayInChina } from '../registry/model.ts';
import { countiesIn } from '../verification/feeds.ts';
import { takeSnapshot } from './store.ts';

export const SNAPSHOT_ACTOR = 'system:schedule';

/** The month before the one holding `date` (YYYY-MM). */
export function previousMonth(date: string): string {
  const i = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 2;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Takes last month's snapshot of every county that lacks it; returns the counties whose snapshot was taken now. */
export async function takeDueSnapshots(db: Db, date = todayInChina()): Promise<string[]> {
  const month = previousMonth(date);
  const taken: string[] = [];
  for (const county of await countiesIn(db, '')) {
    if (!(await currentPolicy(db, county))) continue;
    if ((await takeSnapshot(db, county, month, SNAPSHOT_ACTOR)).created) taken.push(county);
  }
  return taken;
}

/** Checks now and every `everyMs` (default hourly) without keeping the process alive; returns the stop function. */
export function scheduleSnapshots(db: Db, log: (e: unknown) => void = () => {}, everyMs = 3600_000): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    takeDueSnapshots(db).catch(log).finally(() => { running = false; });
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return () => clearInterval(timer);
}
