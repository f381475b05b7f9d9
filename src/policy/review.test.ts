import { describe, expect, it } from 'vitest';
import { parseHousehold } from './household.ts';
import { PolicyError, resolvePack } from './pack.ts';
import { noticeDays, reviewPeriod } from './review.ts';
import { packWith } from './testing.ts';

const pack = resolvePack(packWith({}), '2021-12-01');
const household = (laborCapacity: string, employed = false) => parseHousehold({ hukou: 'rural', members: [{ id: 'P', birthDate: '1970-01-01', laborCapacity, employed }] });

describe('复核 review period (000:L134)', () => {
  it.each([
    ['tekun', 'none', false, 12],
    ['dibao', 'none', false, 12],
    ['dibao', 'none', true, 6],
    ['dibao', 'partial', false, 6],
  ] as const)('reviews a %s household (labor %s, employed %s) every %i months', (classification, labor, employed, months) => {
    const r = reviewPeriod(pack, household(labor, employed), classification, '2021-12-01');
    expect(r).toMatchObject({ months, nextOn: months === 12 ? '2022-12-01' : '2022-06-01' });
    expect(r!.reason.parameters[0]).toMatchObject({ value: months, source: 'default' });
  });

  it('does not review households on neither program', () => {
    expect(reviewPeriod(pack, household('full'), 'lowIncome', '2021-12-01')).toBeNull();
  });

  it('follows the pack', () => {
    const p = resolvePack(packWith({ review: { variableMonths: 3 } }), '2021-12-01');
    expect(reviewPeriod(p, household('full', true), 'dibao', '2021-12-01')?.nextOn).toBe('2022-03-01');
  });
});

describe('公示 notice length', () => {
  it('is required: the documents fix none', () => {
    expect(() => noticeDays(pack)).toThrow(PolicyError);
    expect(noticeDays(resolvePack(packWith({ notice: { days: 7 } }), '2021-12-01'))).toMatchObject({ value: 7, source: 'test-pack' });
  });
});
