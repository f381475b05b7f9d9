import { describe, expect, it } from 'vitest';
import { InputError, parseHousehold } from './household.ts';

const valid = { hukou: 'rural', members: [{ id: 'P1', idNumber: '430525195001011236', laborCapacity: 'none' }] };

function errorOf(h: unknown): { path: string; message: string } {
  try {
    parseHousehold(h);
  } catch (e) {
    if (e instanceof InputError) return { path: e.path, message: e.message };
    throw e;
  }
  throw new Error('expected an input error');
}

describe('evaluate household input', () => {
  it('derives the birth date from the ID number and applies the documented defaults', () => {
    const h = parseHousehold(valid);
    expect(h.members[0]).toMatchObject({ birthDate: '1950-01-01', relation: 'other', incomeFen: 0, employed: false, schooling: 'none', selfCare: 'able', supporter: 'able', disability: null });
    expect(h).toMatchObject({ singleParent: false, registeredPoor: false, financialAssetsFen: 0, vehicles: 0, rigidExpensesFen: 0, current: null, request: null });
  });

  it('leaves last year\'s income unset when not given: the rules default it over the members counted for 低保', () => {
    const h = parseHousehold({ hukou: 'urban', members: [{ id: 'A', birthDate: '1980-01-01', laborCapacity: 'full', monthlyIncomeYuan: 100.5 }] });
    expect(h.previousYearIncomeFen).toBeNull();
    expect(parseHousehold({ hukou: 'urban', members: [{ id: 'A', birthDate: '1980-01-01', laborCapacity: 'full' }], previousYearIncomeYuan: 0 }).previousYearIncomeFen).toBe(0);
  });

  it('keeps a disability\'s certificate generation unknown when not given, and reads who is 特困 now', () => {
    const h = parseHousehold({ hukou: 'rural', current: { program: 'tekun', tekunMembers: ['A'], taperMonths: null }, members: [{ id: 'A', birthDate: '1980-01-01', laborCapacity: 'none', disability: { grade: 1, kind: 'physical' } }] });
    expect(h.members[0].disability?.certGeneration).toBeNull();
    expect(h.current).toEqual({ program: 'tekun', lastMonthlyFen: null, incomeAboveStandardSince: null, tekunMembers: ['A'], taperMonths: null });
  });

  it.each([
    [{ tekunMembers: ['A'] }, { program: null, lastMonthlyFen: null, incomeAboveStandardSince: null, tekunMembers: ['A'], taperMonths: null }],
    [{ lastMonthlyYuan: 320.5 }, { program: null, lastMonthlyFen: 32050, incomeAboveStandardSince: null, tekunMembers: [], taperMonths: null }],
    [{ incomeAboveStandardSince: '2021-06-01' }, { program: null, lastMonthlyFen: null, incomeAboveStandardSince: '2021-06-01', tekunMembers: [], taperMonths: null }],
    [{}, { program: null, lastMonthlyFen: null, incomeAboveStandardSince: null, tekunMembers: [], taperMonths: null }],
  ])('accepts current with any subset of its fields, the program among them optional (%j)', (current, parsed) => {
    const h = parseHousehold({ hukou: 'rural', current, members: [{ id: 'A', birthDate: '1980-01-01', laborCapacity: 'none' }] });
    expect(h.current).toEqual(parsed);
  });

  it.each([
    [{ ...valid, current: { program: '' } }, 'current.program', '不能为空'],
    [{ ...valid, current: { program: 7 } }, 'current.program', '不能为空'],
    [{ ...valid, hukou: 'city' }, 'hukou', '取值无效'],
    [{ members: valid.members }, 'hukou', '必填'],
    [{ hukou: 'rural', members: [{ id: 'P1', idNumber: '430525195001011234', laborCapacity: 'none' }] }, 'members[0].idNumber', '校验位'],
    [{ hukou: 'rural', members: [valid.members[0], { id: 'P2', idNumber: '430525195002301233', laborCapacity: 'none' }] }, 'members[1].idNumber', '不存在'],
    [{ hukou: 'rural', members: [{ id: 'P1', laborCapacity: 'none' }] }, 'members[0].birthDate', '必填'],
    [{ hukou: 'rural', members: [{ id: 'P1', idNumber: '430525195001011236', birthDate: '1950-01-02', laborCapacity: 'none' }] }, 'members[0].birthDate', '不一致'],
    [{ hukou: 'rural', members: [{ id: 'P1', birthDate: '1950-01-01' }] }, 'members[0].laborCapacity', '必填'],
    [{ hukou: 'rural', members: [{ id: 'P1', birthDate: '1950-01-01', laborCapacity: 'none', disability: { grade: 5, kind: 'physical' } }] }, 'members[0].disability.grade', '1 到 4'],
    [{ hukou: 'rural', members: [{ id: 'P1', birthDate: '1950-01-01', laborCapacity: 'none', monthlyIncomeYuan: -1 }] }, 'members[0].monthlyIncomeYuan', '负数'],
    [{ hukou: 'rural', members: [{ id: 'P1', birthDate: '1950-01-01', laborCapacity: 'none', monthlyIncomeYuan: 1.005 }] }, 'members[0].monthlyIncomeYuan', '两位小数'],
    [{ hukou: 'rural', members: [{ id: 'P1', birthDate: '1950-01-01', laborCapacity: 'none', monthlyIncome: 300 }] }, 'members[0].monthlyIncome', '未知字段'],
    [{ hukou: 'rural', members: [valid.members[0], valid.members[0]] }, 'members[1].id', '重复'],
    [{ hukou: 'rural', members: [] }, 'members', '至少一名'],
    [{ ...valid, request: { kind: 'other', amountYuan: 1 } }, 'request.kind', '取值无效'],
    [{ ...valid, assets: { vehicles: 1.5 } }, 'assets.vehicles', '整数'],
    [{ ...valid, current: { program: 'dibao', incomeAboveStandardSince: '2021-02-29' } }, 'current.incomeAboveStandardSince', '日期'],
    [{ ...valid, current: { program: 'tekun', tekunMembers: ['P9'] } }, 'current.tekunMembers[0]', '不是本户成员'],
    [{ ...valid, current: { program: 'tekun', tekunMembers: 'P1' } }, 'current.tekunMembers', '列表'],
    [{ ...valid, current: { program: 'dibao', taperMonths: 0 } }, 'current.taperMonths', '渐退月数'],
    [{ ...valid, current: { program: 'dibao', taperMonths: 2.5 } }, 'current.taperMonths', '渐退月数'],
  ])('rejects bad input with the field path (%#)', (input, path, message) => {
    const e = errorOf(input);
    expect(e.path).toBe(path);
    expect(e.message).toContain(message);
  });
});
