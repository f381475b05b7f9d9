/**
 * The rates of the 特困供养 figures (issue 20 item 5): 集中供养率, the same among those who cannot care for
 * themselves, 入住率 (placed among those placed or willing and waiting), assessments missing and overdue, and
 * the occupancy target in force by month (正安 004:L89: 70 % by June, 85 % by September, 100 % by December).
 */
import { describe, expect, it } from 'vitest';
import { resolvePack } from '../policy/pack.ts';
import { packWith } from '../policy/testing.ts';
import { countsOf, occupancyTarget, type TekunPerson } from './figures.ts';

const person = (over: Partial<TekunPerson>): TekunPerson => ({
  memberId: 'm', householdId: 'h', name: '某', areaCode: '430525101201', township: '江口镇', setting: 'dispersed', institution: null, bed: null, stayId: null,
  level: 'able', assessedOn: '2024-01-01', reassessOn: '2025-01-01', assessmentOverdue: false, willing: null, askedOn: null, waitingDays: null,
  carer: null, agreementTo: null, agreementExpiring: false, ...over,
});

describe('特困 figures', () => {
  it('computes the rates from the persons', () => {
    const c = countsOf([
      person({ setting: 'concentrated', level: 'unable' }),
      person({ setting: 'concentrated', level: 'able' }),
      person({ level: 'partial', willing: true, waitingDays: 12 }),
      person({ level: null, assessedOn: null, reassessOn: null }),
      person({ assessmentOverdue: true, agreementExpiring: true }),
    ]);
    expect(c).toEqual({
      persons: 5, concentrated: 2, centralisationRate: 0.4, cannotCare: 2, cannotCareConcentrated: 1, cannotCareRate: 0.5,
      willingWaiting: 1, occupancyRate: 0.6667, assessed: 4, notAssessed: 1, assessmentsOverdue: 1, agreementsExpiring: 1,
    });
  });

  it('gives no rate where there is nobody to count', () => {
    expect(countsOf([])).toMatchObject({ persons: 0, centralisationRate: null, cannotCareRate: null, occupancyRate: null });
  });

  it.each([['2018-03-10', { month: 6, target: 0.7 }], ['2018-06-30', { month: 6, target: 0.7 }], ['2018-07-01', { month: 9, target: 0.85 }], ['2018-11-15', { month: 12, target: 1 }]])(
    '正安 on %s: occupancy target %j', (date, target) => {
      const pack = resolvePack(packWith({ tekun: { minimumWage: 1000, targets: { occupancyJune: 0.7, occupancySeptember: 0.85, occupancyDecember: 1 } } }), date);
      expect(occupancyTarget(pack, date)).toEqual(target);
    });

  it('has no occupancy target where the pack sets none', () => {
    expect(occupancyTarget(resolvePack(packWith({ tekun: { minimumWage: 1000 } }), '2024-05-01'), '2024-05-01')).toBeNull();
  });
});
