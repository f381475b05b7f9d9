/** The pure parts: header and row checks of a feed, and when each kind is raised. */
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../domain/idNumber.ts';
import { evidenceHash, matchHousehold, type FeedRecord, type RegHousehold, type Thresholds } from './match.ts';
import { checkRow, mapHeader } from './sources.ts';

const id = (birth: string, n: number) => makeIdNumber('430525', birth, n, 'male');
const T: Thresholds = { maxVehicles: 0, businessAllowed: false, financialMonths: 24, standardFen: 45000, counted: 2, wageMarginFen: 0 };
const rec = (source: FeedRecord['source'], data: Record<string, string>): FeedRecord => ({ source, period: '2024-11', row: 2, name: '某', data });
const household = (...members: Partial<RegHousehold['members'][number]>[]): RegHousehold => ({ id: 'h', householdNo: 'DK1', areaCode: '430525101201',
  members: members.map((m, i) => ({ id: `m${i}`, idNumber: id('1980-01-01', i * 2), name: `成员${i}`, birthDate: '1980-01-01', relation: i ? 'spouse' : 'head', monthlyIncomeFen: 0, disabilityGrade: null, disabilityKind: null, ...m })) });

describe('feed headers and rows', () => {
  it('finds columns whatever their order, spaces and full-width letters, and names the missing required ones', () => {
    const { positions, missing } = mapHeader('vehicle', [' 号牌号码', '姓　名', 'ＩＤ', '身份证号 ', '残疾人专用车']);
    expect(Object.fromEntries(positions)).toEqual({ 号牌号码: 0, 姓名: 1, 身份证号: 3, 残疾人专用车: 4 });
    expect(missing).toEqual([]);
    expect(mapHeader('death', ['身份证号', '姓名']).missing).toEqual(['死亡日期']);
  });

  it('lists the first problem of a row with its column; accepts 一级…四级 and 1…4, dates from Excel or text', () => {
    const { positions } = mapHeader('disability', ['身份证号', '姓名', '残疾类别', '残疾等级']);
    expect(checkRow('disability', positions, 5, [id('1970-01-01', 2), '甲', '肢体残疾', '二级'])).toMatchObject({ ok: true, data: { 残疾类别: '肢体残疾', 残疾等级: '二级' } });
    expect(checkRow('disability', positions, 6, [id('1970-01-01', 2), '甲', '肢体', '五级'])).toEqual({ ok: false, error: { row: 6, column: '残疾等级', message: expect.stringContaining('五级') } });
    const death = mapHeader('death', ['身份证号', '姓名', '死亡日期']).positions;
    expect(checkRow('death', death, 2, [id('1940-01-01', 4), '乙', new Date('2024-10-03T00:00:00Z')])).toMatchObject({ ok: true, data: { 死亡日期: '2024-10-03' } });
    expect(checkRow('death', death, 3, [id('1940-01-01', 4), '乙', '2024年10月3日'])).toMatchObject({ ok: true, data: { 死亡日期: '2024-10-03' } });
    expect(checkRow('death', death, 4, ['43052519400101000', '乙', '2024-10-03'])).toMatchObject({ ok: false, error: { column: '身份证号' } });
  });
});

describe('kinds', () => {
  it('counts only vehicles that are not disability vehicles, against the pack\'s allowance', () => {
    const h = household({}, {});
    const cars = new Map([['m0', [rec('vehicle', { 号牌号码: 'A', 残疾人专用车: '否' })]], ['m1', [rec('vehicle', { 号牌号码: 'B', 残疾人专用车: '是' })]]]);
    expect(matchHousehold(h, cars, new Map(), T, '2024-12-01').map((f) => [f.kind, f.memberId])).toEqual([['vehicle', 'm0']]);
    expect(matchHousehold(h, cars, new Map(), { ...T, maxVehicles: 1 }, '2024-12-01')).toEqual([]);
  });

  it('raises a deposit above months × S × n and a wage above the margin, not at it', () => {
    const h = household({ monthlyIncomeFen: 100000 }, {});
    const records = new Map([['m0', [rec('deposit', { 余额: '21600' }), rec('wage', { 月工资: '1100' })]]]);
    expect(matchHousehold(h, records, new Map(), { ...T, wageMarginFen: 10000 }, '2024-12-01')).toEqual([]);
    records.get('m0')!.push(rec('deposit', { 余额: '0.01' }));
    expect(matchHousehold(h, records, new Map(), T, '2024-12-01').map((f) => f.kind)).toEqual(['deposit', 'wage']);
  });

  it('raises the register kinds only when that register is loaded; a child in school, or dropped out and back in school, is fine', () => {
    const h = household({}, { birthDate: '2015-06-01', relation: 'child' }, { birthDate: '2012-01-01', relation: 'child', disabilityGrade: 2, disabilityKind: 'physical' });
    expect(matchHousehold(h, new Map(), new Map(), T, '2024-12-01')).toEqual([]);
    const loaded = new Map([['enrolment', '2024-11'], ['disability', '2024-11']] as const);
    const records = new Map([['m1', [rec('enrolment', { 在校状态: '退学' }), rec('enrolment', { 在校状态: '在读' })]]]);
    expect(matchHousehold(h, records, loaded, T, '2024-12-01').map((f) => [f.kind, f.memberId])).toEqual([['disability', 'm2'], ['enrolment', 'm2']]);
  });

  it('identifies evidence by content, whatever the key order', () => {
    expect(evidenceHash('vehicle', 'm0', { a: '1', b: '2' })).toBe(evidenceHash('vehicle', 'm0', { b: '2', a: '1' }));
    expect(evidenceHash('vehicle', 'm0', { a: '1' })).not.toBe(evidenceHash('vehicle', 'm0', { a: '2' }));
  });
});
