/**
 * Working days on the Chinese public-holiday calendar (法定节假日 and 调休 adjusted working days), from
 * the `chinese-days` package's data, with a county's own overrides on top. Pure: the overrides are
 * passed in as a map date → working (the store, calendarStore.ts, loads them per county).
 *
 * Conventions, used by every deadline (tasks.ts):
 * - `addWorkingDays(d, n)` is the n-th working day after `d` (the day `d` itself never counts), so a
 *   step opened on 2025-09-30 with 5 working days is due on 2025-10-14 (10-01…08 国庆/中秋, 10-11 调休).
 * - `workingDaysBetween(from, to)` counts the working days in (from, to]: the working days that pass
 *   from the end of `from` to the end of `to`; negative when `to` is before `from`.
 * - For a year the package has no data for (it covers the years in `COVERED_YEARS`), Monday–Friday
 *   are working days, and `explainDay` says so; a county override still applies.
 */
import { createRequire } from 'node:module';
import { isValidIsoDate } from '../domain/dates.ts';

const require = createRequire(import.meta.url);

interface ChineseDaysData {
  /** date → "English,中文,days" */
  holidays: Record<string, string>;
  /** 调休: weekend days that are working days. */
  workdays: Record<string, string>;
}

const data: ChineseDaysData = require('chinese-days/dist/chinese-days.json');

/** The years the package's holiday data covers (2004–2026 in chinese-days 1.5.7). */
export const COVERED_YEARS = (() => {
  const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
  return { from: Math.min(...years), to: Math.max(...years) };
})();

export type Overrides = Map<string, boolean>;

export const NO_OVERRIDES: Overrides = new Map();

export interface DayInfo {
  date: string;
  working: boolean;
  /** national | adjusted (调休) | weekend | weekday | override | fallback (no holiday data for the year) */
  kind: 'national' | 'adjusted' | 'weekend' | 'weekday' | 'override' | 'fallback';
  /** Chinese: why the day is or is not a working day. */
  reason: string;
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The calendar date `n` days after `date` (n may be negative). */
export function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function check(date: string): void {
  if (!isValidIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
}

/** Whether the day is a working day, and why. */
export function explainDay(date: string, overrides: Overrides = NO_OVERRIDES): DayInfo {
  check(date);
  const o = overrides.get(date);
  if (o !== undefined) return { date, working: o, kind: 'override', reason: o ? '本县调整为工作日' : '本县调整为休息日' };
  const year = Number(date.slice(0, 4));
  const dow = weekday(date);
  const weekend = dow === 0 || dow === 6;
  if (year < COVERED_YEARS.from || year > COVERED_YEARS.to) {
    return { date, working: !weekend, kind: 'fallback',
      reason: `${year} 年的法定节假日和调休尚未收录（节假日数据覆盖 ${COVERED_YEARS.from}–${COVERED_YEARS.to} 年），按周一至周五为工作日计算` };
  }
  const holiday = data.holidays[date];
  if (holiday) return { date, working: false, kind: 'national', reason: `法定节假日（${holiday.split(',')[1]}）` };
  const adjusted = data.workdays[date];
  if (adjusted) return { date, working: true, kind: 'adjusted', reason: `调休工作日（${adjusted.split(',')[1]}）` };
  return weekend ? { date, working: false, kind: 'weekend', reason: '周末' } : { date, working: true, kind: 'weekday', reason: '工作日' };
}

export function isWorkingDay(date: string, overrides: Overrides = NO_OVERRIDES): boolean {
  return explainDay(date, overrides).working;
}

/** The n-th working day after `date` (`date` itself never counts); n = 0 gives `date`. */
export function addWorkingDays(date: string, n: number, overrides: Overrides = NO_OVERRIDES): string {
  check(date);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d, overrides)) left--;
  }
  return d;
}

/** The working days in (from, to]; negative (−count of (to, from]) when `to` is before `from`. */
export function workingDaysBetween(from: string, to: string, overrides: Overrides = NO_OVERRIDES): number {
  check(from);
  check(to);
  if (to < from) return -workingDaysBetween(to, from, overrides);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, overrides)) count++;
  return count;
}

/** Every day of [from, to] explained (for the county's calendar page). */
export function explainRange(from: string, to: string, overrides: Overrides = NO_OVERRIDES): DayInfo[] {
  check(from);
  check(to);
  const out: DayInfo[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(explainDay(d, overrides));
  return out;
}

/** A Chinese note when any day of [from, to] lies outside the holiday data (deadlines counted Monday–Friday there). */
export function coverageNote(from: string, to: string): string | null {
  const a = Number(from.slice(0, 4));
  const b = Number(to.slice(0, 4));
  if (a >= COVERED_YEARS.from && b <= COVERED_YEARS.to) return null;
  return `期限涉及尚未收录法定节假日的年份（数据覆盖 ${COVERED_YEARS.from}–${COVERED_YEARS.to} 年），这些年份按周一至周五为工作日计算`;
}
