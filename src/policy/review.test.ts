import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { parseHousehold } from './household.ts';
import { PolicyError, resolvePack } from './pack.ts';
import { noticeDays, reviewPeriod } from './review.ts';
import { packWith } from './testing.ts';

const pack = resolvePack(packWith({}), '2021-12-01');
const household = (laborCapacity: string, employed = false) => parseHousehold({ hukou: 'rural', members: [{ id: 'P', birthDate: '1970-01-01', laborCapacity, employed }] });
/** An evaluation with the given classification whose 低保 members (C) are all of the household's. */
const classified = (h: ReturnType<typeof parseHousehold>, classification: string) => ({
  date: '2021-12-01', policy: 'test-pack', household: { classification, countedMembers: h.members.length, netMonthlyIncomeYuan: 0 }, totalMonthlyYuan: 0,
  benefits: classification === 'dibao' ? [{ program: 'dibao', status: 'eligible' as const, members: h.members.map((m) => m.id), reasons: [] }] : [],
});

describe('复核 review period (000:L134)', () => {
  it.each([
    ['tekun', 'none', false, 12],
    ['dibao', 'none', false, 12],
    ['dibao', 'none', true, 6],
    ['dibao', 'partial', false, 6],
  ] as const)('reviews a %s household (labor %s, employed %s) every %i months', (classification, labor, employed, months) => {
    const h = household(labor, employed);
    const r = reviewPeriod(pack, h, classified(h, classification), '2021-12-01');
    expect(r).toMatchObject({ months, nextOn: months === 12 ? '2022-12-01' : '2022-06-01' });
    expect(r!.reason.parameters[0]).toMatchObject({ value: months, source: 'default' });
  });

  it('does not review households on neither program', () => {
    expect(reviewPeriod(pack, household('full'), classified(household('full'), 'lowIncome'), '2021-12-01')).toBeNull();
  });

  it('follows the pack', () => {
    const p = resolvePack(packWith({ review: { variableMonths: 3 } }), '2021-12-01');
    expect(reviewPeriod(p, household('full', true), classified(household('full', true), 'dibao'), '2021-12-01')?.nextOn).toBe('2022-03-01');
  });

  it('counts only the members of C: a 特困 member with partial labour capacity does not make a 低保 household variable', () => {
    const full = resolvePack(packWith({ dibao: { standard: { urban: 570, rural: 420 } }, tekun: { minimumWage: 1080 } }), '2021-12-01');
    const h = parseHousehold({ hukou: 'rural', members: [
      { id: 'OLD', birthDate: '1950-01-01', relation: 'parent', laborCapacity: 'none', supporter: 'none' },
      { id: 'HEAD', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'none' },
    ] });
    const r = evaluate(full, h);
    expect(r.household.classification).toBe('dibao');
    expect(reviewPeriod(full, h, r, '2021-12-01')?.months).toBe(12);
    // The same 特困 member, now able to do some work, is no longer 特困 and counts in C: every 6 months.
    const h2 = parseHousehold({ hukou: 'rural', members: [{ id: 'OLD', birthDate: '1950-01-01', relation: 'parent', laborCapacity: 'partial', supporter: 'none' }, { id: 'HEAD', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'none' }] });
    expect(reviewPeriod(full, h2, evaluate(full, h2), '2021-12-01')?.months).toBe(6);
  });

  it('does not count a member born after the date', () => {
    const full = resolvePack(packWith({ dibao: { standard: { urban: 570, rural: 420 } }, tekun: { minimumWage: 1080 } }), '2021-12-01');
    const h = parseHousehold({ hukou: 'rural', members: [{ id: 'HEAD', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'none' }, { id: 'BABY', birthDate: '2022-03-01', relation: 'child', laborCapacity: 'full' }] });
    expect(reviewPeriod(full, h, evaluate(full, h), '2021-12-01')?.months).toBe(12);
  });
});

describe('公示 notice length', () => {
  it('is required: the documents fix none', () => {
    expect(() => noticeDays(pack)).toThrow(PolicyError);
    expect(noticeDays(resolvePack(packWith({ notice: { days: 7 } }), '2021-12-01'))).toMatchObject({ value: 7, source: 'test-pack' });
  });
});
