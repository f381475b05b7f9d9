/** Working days on the national calendar with 调休, county overrides, and the Monday–Friday fallback outside the data. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addWorkingDays, COVERED_YEARS, coverageNote, explainDay, isWorkingDay, workingDaysBetween } from './calendar.ts';

describe('national calendar', () => {
  it('covers the years the package claims, 2004 to 2026 at least, with their holidays', () => {
    expect(COVERED_YEARS.from).toBeLessThanOrEqual(2004);
    expect(COVERED_YEARS.to).toBeGreaterThanOrEqual(2026);
    expect(explainDay('2004-10-01').kind).toBe('national');
    expect(explainDay('2026-10-01').kind).toBe('national');
    expect(explainDay('2026-02-17').reason).toBe('法定节假日（春节）');
  });

  it.each([
    ['2025-09-26', true, 'weekday'],
    ['2025-09-27', false, 'weekend'],
    ['2025-09-28', true, 'adjusted'], // Sunday, 调休 for 国庆
    ['2025-10-01', false, 'national'], ['2025-10-02', false, 'national'], ['2025-10-03', false, 'national'], ['2025-10-04', false, 'national'],
    ['2025-10-05', false, 'national'], ['2025-10-06', false, 'national'], ['2025-10-07', false, 'national'], ['2025-10-08', false, 'national'],
    ['2025-10-09', true, 'weekday'],
    ['2025-10-11', true, 'adjusted'], // Saturday, 调休 for 国庆
    ['2025-10-12', false, 'weekend'],
  ] as const)('%s is working=%s (%s)', (date, working, kind) => {
    expect(explainDay(date)).toMatchObject({ working, kind });
    expect(isWorkingDay(date, new Map())).toBe(working);
  });

  it('counts a deadline across 国庆/中秋 2025 including the Saturday 调休', () => {
    expect(addWorkingDays('2025-09-30', 1, new Map())).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-30', 5, new Map())).toBe('2025-10-14');
    expect(workingDaysBetween('2025-09-30', '2025-10-14', new Map())).toBe(5);
  });

  it('counts a deadline across 春节 2025 (01-28…02-04 off, Sunday 01-26 and Saturday 02-08 worked)', () => {
    expect(addWorkingDays('2025-01-24', 3, new Map())).toBe('2025-02-05');
    expect(addWorkingDays('2025-02-05', 3, new Map())).toBe('2025-02-08');
    expect(workingDaysBetween('2025-01-24', '2025-02-05', new Map())).toBe(3);
    expect(workingDaysBetween('2025-02-05', '2025-01-24', new Map())).toBe(-3);
  });

  it('gives the date itself for zero working days and refuses negative or fractional counts and bad dates', () => {
    expect(addWorkingDays('2025-10-01', 0, new Map())).toBe('2025-10-01');
    expect(() => addWorkingDays('2025-10-01', -1, new Map())).toThrow(RangeError);
    expect(() => addWorkingDays('2025-10-01', 1.5, new Map())).toThrow(RangeError);
    expect(() => isWorkingDay('2025-02-30', new Map())).toThrow(RangeError);
  });

  it('is consistent: the n-th working day after d is n working days after d, and is a working day', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2004-01-01'), max: new Date('2027-06-30'), noInvalidDate: true }), fc.integer({ min: 1, max: 40 }), (t, n) => {
      const d = t.toISOString().slice(0, 10);
      const due = addWorkingDays(d, n, new Map());
      return workingDaysBetween(d, due, new Map()) === n && isWorkingDay(due, new Map());
    }), { numRuns: 200 });
  });
});

describe('county overrides', () => {
  it('an override makes a day off or a working day whatever the national calendar says', () => {
    const overrides = new Map([['2025-10-09', false], ['2025-10-12', true]]);
    expect(explainDay('2025-10-09', overrides)).toMatchObject({ working: false, kind: 'override', reason: '本县调整为休息日' });
    expect(explainDay('2025-10-12', overrides)).toMatchObject({ working: true, kind: 'override', reason: '本县调整为工作日' });
    expect(addWorkingDays('2025-09-30', 1, overrides)).toBe('2025-10-10');
    expect(addWorkingDays('2025-09-30', 3, overrides)).toBe('2025-10-12');
  });
});

describe('years without holiday data', () => {
  it('falls back to Monday–Friday and says so', () => {
    const year = COVERED_YEARS.to + 2;
    const day = explainDay(`${year}-01-01`);
    expect(day.kind).toBe('fallback');
    expect(day.reason).toContain('按周一至周五为工作日计算');
    expect(coverageNote(`${year}-01-01`, `${year}-01-05`)).toContain('按周一至周五');
    expect(coverageNote('2025-01-01', '2025-12-31')).toBeNull();
    // An override still applies outside the data.
    expect(isWorkingDay(`${year}-01-01`, new Map([[`${year}-01-01`, false]]))).toBe(false);
  });
});
