/** Months as the payments module writes them (YYYY-MM) and reads them from ledgers (YYYY-MM or YYYY年M月). Pure. */
import { todayInChina } from '../domain/dates.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: unknown): s is string {
  return typeof s === 'string' && MONTH.test(s) && s >= '2000-01' && s <= '2099-12';
}

/** `2021-12`, `2021年12月`, `2021年1月`, `2021/1`, `2021.01` → `2021-12` / `2021-01`; null when not a month. */
export function parseMonth(s: string): string | null {
  const m = /^\s*(\d{4})\s*(?:-|\/|\.|年)\s*(\d{1,2})\s*月?\s*$/.exec(s);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  const out = `${m[1]}-${String(month).padStart(2, '0')}`;
  return isMonth(out) ? out : null;
}

export function addMonth(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}`;
}

/** The first day of the month, the date the policy in force is read on. */
export const firstDay = (month: string) => `${month}-01`;

/** The current month in China (UTC+8). */
export function currentMonth(now = new Date()): string {
  return todayInChina(now).slice(0, 7);
}
