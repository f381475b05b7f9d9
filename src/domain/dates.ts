/** Calendar dates are ISO `YYYY-MM-DD` strings; these helpers never touch time zones. */

export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Full years between birth and date (age on that date). A 29 February birthday falls on 28 February
 * in common years (民法典 第二百零二条: a period ending on a day the month lacks ends on its last day).
 */
export function ageOn(birthDate: string, date: string): number {
  const by = Number(birthDate.slice(0, 4));
  const dy = Number(date.slice(0, 4));
  const age = dy - by;
  const birthday = birthDate.slice(5) === '02-29' && daysInMonth(dy, 2) === 28 ? '02-28' : birthDate.slice(5);
  return date.slice(5) >= birthday ? age : age - 1;
}

/** The date `months` months after `date`, clamped to the month's last day (2021-01-31 + 1 → 2021-02-28). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12 + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** China is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The date in China at instant `t` (a timestamp from the database, a Date or milliseconds): 2026-12-06T16:30Z is 2026-12-07. */
export function dateInChina(t: Date | string | number): string {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in China: the date a county's officers and applicants live on, whatever the server's clock zone. */
export function todayInChina(now = new Date()): string {
  return dateInChina(now);
}

/** China time to the second, 2026-12-06 11:45:17, for instants shown to people. */
export function timeInChina(t: Date | string | number): string {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
