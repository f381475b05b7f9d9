import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, dateInChina, daysInMonth, isValidIsoDate, timeInChina, todayInChina } from './dates.ts';

describe('calendar dates', () => {
  it('knows which dates exist, leap years included', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('1900-02-29')).toBe(false);
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    expect(isValidIsoDate('2021-13-01')).toBe(false);
    expect(isValidIsoDate('2021-1-01')).toBe(false);
  });

  it('counts age in full years on the date', () => {
    expect(ageOn('1961-07-01', '2021-06-30')).toBe(59);
    expect(ageOn('1961-07-01', '2021-07-01')).toBe(60);
    expect(ageOn('2004-02-29', '2022-02-27')).toBe(17);
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(18); // common year: the birthday is 28 February (民法典 第二百零二条)
    expect(ageOn('2004-02-29', '2024-02-28')).toBe(19); // leap year: 29 February
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });

  it('adds months, clamping to the last day of shorter months', () => {
    expect(addMonths('2021-03-01', 12)).toBe('2022-03-01');
    expect(addMonths('2021-01-31', 1)).toBe('2021-02-28');
    expect(addMonths('2021-11-15', 3)).toBe('2022-02-15');
    expect(addMonths('2021-03-15', -3)).toBe('2020-12-15');
  });

  it('knows the length of every month, 29 February in leap years only (2000 yes, 1900 and 2100 no)', () => {
    for (let y = 1880; y <= 2200; y++) for (let m = 1; m <= 12; m++) expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
    expect([daysInMonth(2000, 2), daysInMonth(1900, 2), daysInMonth(2100, 2), daysInMonth(2024, 2)]).toEqual([29, 28, 28, 29]);
  });
});


describe('dates in China (UTC+8) whatever the server clock zone', () => {
  it('turns to the next day at midnight in China, 16:00 UTC, not at midnight UTC', () => {
    expect(todayInChina(new Date('2026-12-06T15:59:59Z'))).toBe('2026-12-06');
    expect(todayInChina(new Date('2026-12-06T16:00:00Z'))).toBe('2026-12-07');
    expect(todayInChina(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('reads a stored timestamp as a Date, ISO text or milliseconds alike', () => {
    const t = '2026-12-06T16:30:05.000Z';
    expect(dateInChina(t)).toBe('2026-12-07');
    expect(dateInChina(new Date(t))).toBe('2026-12-07');
    expect(dateInChina(Date.parse(t))).toBe('2026-12-07');
    expect(timeInChina(t)).toBe('2026-12-07 00:30:05');
  });
});
