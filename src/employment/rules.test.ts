/** The pure rules of 就业救助 against worked examples: who can work, 零就业家庭, the 公益性岗位 term and subsidy, the allowances, the "311" targets. */
import { describe, expect, it } from 'vitest';
import { resolvePack } from '../policy/pack.ts';
import { packWith } from '../policy/testing.ts';
import { brokerRewardDue, canWork, liangHouShengDue, serviceTargets, trainingAllowanceFen, welfareJobSubsidyFen, welfareJobTerm, workTrainingFen, zeroEmployment } from './rules.ts';

const EMPLOYMENT = { retirementAge: { male: 60, female: 50 }, training: { dailyAllowance: 20 }, liangHouSheng: { perYear: 6000 }, broker: { reward: 300 }, workTraining: { perMonth: 3000 } };
const pack = (employment: Record<string, unknown> = EMPLOYMENT, date = '2024-01-01') => resolvePack(packWith({ tekun: { minimumWage: 1550 }, employment }), date);

describe('who can work and 零就业家庭', () => {
  const m = (id: string, birthDate: string, o: Partial<{ sex: string; laborCapacity: string; schooling: string }> = {}) =>
    ({ id, birthDate, sex: 'male', laborCapacity: 'full', schooling: 'none', ...o });
  it.each([
    ['a man of 40 with full capacity', m('a', '1984-01-01'), true],
    ['partial capacity still counts', m('a', '1984-01-01', { laborCapacity: 'partial' }), true],
    ['no labour capacity', m('a', '1984-01-01', { laborCapacity: 'none' }), false],
    ['a 17-year-old in senior school', m('a', '2006-05-01', { schooling: 'senior' }), false],
    ['a 16-year-old out of school, on his birthday', m('a', '2008-01-01'), true],
    ['a 15-year-old', m('a', '2008-01-02'), false],
    ['a man the day before 60', m('a', '1964-01-02'), true],
    ['a man on his 60th birthday', m('a', '1964-01-01'), false],
    ['a woman of 50 (the pack\'s female retirement age)', m('a', '1973-06-01', { sex: 'female' }), false],
  ])('%s: %s', (_what, person, expected) => {
    expect(canWork(pack(), person, '2024-01-01')).toBe(expected);
  });

  it.each([
    ['two able members, none employed: zero', [m('a', '1980-01-01'), m('b', '1982-01-01')], [], true],
    ['one of two able members placed: cleared', [m('a', '1980-01-01'), m('b', '1982-01-01')], ['b'], false],
    ['only an elderly member works; the able one does not: zero', [m('a', '1950-01-01'), m('b', '1990-01-01')], ['a'], true],
    ['no one able to work: not a zero-employment household', [m('a', '1950-01-01'), m('b', '1990-01-01', { laborCapacity: 'none' })], [], false],
  ])('%s', (_what, ms, employed, zero) => {
    expect(zeroEmployment(pack(), ms, new Set(employed), '2024-01-01').zero).toBe(zero);
  });

  it('names the missing retirement age in Chinese when the pack has none', () => {
    expect(() => canWork(pack({}), m('a', '1980-01-01'), '2024-01-01')).toThrow(/法定退休年龄（男）/);
  });
});

describe('公益性岗位 term (002:L305)', () => {
  it.each([
    ['a man of 40: three years', { birthDate: '1984-03-01', sex: 'male' }, '2024-01-01', 0, { ok: true, lastDay: '2026-12-31', toRetirement: false }],
    ['three years less the days held before', { birthDate: '1984-03-01', sex: 'male' }, '2024-01-01', 100, { ok: true, lastDay: '2026-09-22', toRetirement: false }],
    ['three years already held: refused', { birthDate: '1984-03-01', sex: 'male' }, '2024-01-01', 1096, { ok: false }],
    ['a man of 56: to the day before his 60th birthday', { birthDate: '1968-03-01', sex: 'male' }, '2024-01-01', 0, { ok: true, lastDay: '2028-02-29', toRetirement: true }],
    ['five years and a day before retirement: three years only', { birthDate: '1969-01-01', sex: 'male' }, '2023-12-31', 0, { ok: true, lastDay: '2026-12-30', toRetirement: false }],
    ['exactly five years before retirement: three years only (not "less than five")', { birthDate: '1969-01-01', sex: 'male' }, '2024-01-01', 0, { ok: true, lastDay: '2026-12-31', toRetirement: false }],
    ['a day less than five years: to retirement, whatever was held before', { birthDate: '1969-01-01', sex: 'male' }, '2024-01-02', 1000, { ok: true, lastDay: '2028-12-31', toRetirement: true }],
    ['a woman of 47 (retires at 50): to retirement', { birthDate: '1977-05-10', sex: 'female' }, '2024-06-01', 0, { ok: true, lastDay: '2027-05-09', toRetirement: true }],
    ['already retired: refused', { birthDate: '1960-01-01', sex: 'male' }, '2024-01-01', 0, { ok: false }],
  ])('%s', (_what, person, start, previous, expected) => {
    expect(welfareJobTerm(pack(), person, start, previous)).toMatchObject(expected);
  });

  it.each([
    ['a whole month: the minimum wage', { start: '2024-01-01', lastDay: null }, '2024-03', 1550_00],
    ['from the 16th of a 30-day month: 15/30', { start: '2024-04-16', lastDay: null }, '2024-04', 775_00],
    ['ending on the 10th of a 31-day month: 10/31', { start: '2024-01-01', lastDay: '2024-05-10' }, '2024-05', 50000],
    ['after the last day: nothing', { start: '2024-01-01', lastDay: '2024-05-10' }, '2024-06', 0],
    ['before the start: nothing', { start: '2024-07-01', lastDay: null }, '2024-06', 0],
  ])('subsidy: %s', (_what, holding, month, fen) => {
    expect(welfareJobSubsidyFen(pack(), holding, month)).toBe(fen);
  });
});

describe('allowances (002:L283-303)', () => {
  it.each([
    ['20 yuan a day for 15 days', EMPLOYMENT, 15, 300_00],
    ['no allowance in a pack that pays none', {}, 15, 0],
  ])('training living allowance: %s', (_what, employment, days, fen) => {
    expect(trainingAllowanceFen(pack(employment), days)).toBe(fen);
  });

  it.each([
    ['still in school: two years, on the start and its anniversary (never a third)', { start: '2023-09-01', end: null }, ['2023-09-01', '2024-09-01']],
    ['left in the second year before its anniversary: the first only', { start: '2023-09-01', end: '2024-06-30' }, ['2023-09-01']],
    ['left on the anniversary: both', { start: '2023-09-01', end: '2024-09-01' }, ['2023-09-01', '2024-09-01']],
  ])('两后生: %s', (_what, schooling, dues) => {
    const due = liangHouShengDue(pack(), schooling);
    expect(due.map((d) => d.due)).toEqual(dues);
    expect(due.every((d) => d.amountFen === 6000_00)).toBe(true);
  });

  it.each([
    ['still working: due six months after the start', { start: '2024-01-15', end: null }, { due: '2024-07-15', amountFen: 300_00 }],
    ['left on the day six months are reached: due', { start: '2024-01-15', end: '2024-07-15' }, { due: '2024-07-15', amountFen: 300_00 }],
    ['left before six months: nothing', { start: '2024-01-15', end: '2024-07-14' }, null],
  ])('broker reward: %s', (_what, placement, expected) => {
    expect(brokerRewardDue(pack(), placement)).toEqual(expected);
  });

  it.each([
    [4, { months: 4, amountFen: 12000_00 }],
    [9, { months: 6, amountFen: 18000_00 }],
  ])('以工代训 for %i workshop months', (months, expected) => {
    expect(workTrainingFen(pack(), months)).toEqual(expected);
  });

  it('"311": three recommendations, one guidance and one training a year', () => {
    expect(serviceTargets(pack(), { recommendation: 3, guidance: 1, training: 1 }).met).toBe(true);
    expect(serviceTargets(pack(), { recommendation: 2, guidance: 5, training: 1 }).met).toBe(false);
  });
});
