/**
 * The daily run of the case workflow: 督办 of overdue deadlines (workflow's escalateOverdue) and the
 * reviews that have fallen due (reviews.createDueReviews). `doudi cases tick --date D` runs it once
 * for a date; `doudi serve` runs it at start and then every hour on an unref'd timer (each part is
 * idempotent for a day, so running it again the same day changes nothing).
 */
import type { Db } from '../db/connection.ts';
import { todayInChina } from '../registry/model.ts';
import { createDueReviews } from './reviews.ts';
import * as wf from './wf.ts';

export async function tick(db: Db, date = todayInChina()) {
  const escalations = await wf.escalateOverdue(db, date);
  const reviews = await createDueReviews(db, date);
  return { date, escalated: escalations.length, township: escalations.filter((e) => e.level === 1).length, county: escalations.filter((e) => e.level === 2).length, reviewsCreated: reviews.created };
}

/** Runs `tick` now and every `everyMs` (default hourly) without keeping the process alive; returns the stop function. */
export function scheduleCaseTick(db: Db, log: (e: unknown) => void = () => {}, everyMs = 3600_000): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    tick(db).catch(log).finally(() => { running = false; });
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return () => clearInterval(timer);
}
