/**
 * The packs shipped in policies/: every value cites its line in the documents, a value no document
 * gives is never set in a real pack, the demo pack marks its invented values, and the demo pack
 * evaluates a whole household of the contract's shape to amounts worked out by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { parseHousehold } from './household.ts';
import { loadPack, resolvePack } from './pack.ts';

const dir = new URL('../../policies/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const text = (file: string) => readFileSync(new URL(file, dir), 'utf8');
const isDemo = (file: string) => file.startsWith('demo-');
/** `key: value` lines (not groups, not list items): the values a pack sets. */
const valueLines = (file: string) => text(file).split('\n').filter((l) => /^\s+[A-Za-z0-9]+:\s*[^\s#]/.test(l));

describe('shipped policy packs', () => {
  it('ships the four documents\' packs and the demo pack', () => {
    expect(files.sort()).toEqual(['demo-dongkou.yaml', 'guizhou-yanhe-2017.yaml', 'guizhou-zhengan-2018.yaml', 'hunan-chenzhou-2020.yaml', 'hunan-dongkou-2021.yaml']);
  });

  it.each(files)('%s loads and resolves on a date with every set value in force', (file) => {
    const pack = loadPack(text(file), file);
    const resolved = resolvePack(pack, '2024-08-01');
    for (const name of pack.parameters.keys()) expect(() => resolved.get(name), name).not.toThrow();
  });

  it.each(files.filter((f) => !isDemo(f)))('%s cites a document and line (000:L130) for every value and holds no demo value', (file) => {
    expect(text(file)).not.toMatch(/演示值|demo value/);
    for (const line of valueLines(file)) expect(line).toMatch(/#.*\b00[0-4]:L\d+/);
  });

  it('marks every value of the demo pack as from a document line or as a demo value', () => {
    for (const line of valueLines('demo-dongkou.yaml')) expect(line).toMatch(/#.*(\b00[0-4]:L\d+|演示值 demo value)/);
  });

  it.each(files.filter((f) => f.startsWith('hunan-') || isDemo(f)))('%s sets, and says so, every value the rules would otherwise take silently from 正安县 (004)', (file) => {
    const pack = loadPack(text(file), file);
    const fromGuizhou = ['education.boarding.primary', 'education.boarding.junior', 'disability.nursing.grade1', 'disability.nursing.grade2',
      'disability.living.grade1', 'disability.living.grade2', 'disability.living.grade3', 'disability.living.grade4'];
    for (const name of fromGuizhou) {
      expect(pack.parameters.get(name)?.cite, name).toMatch(/^004:L(55|85) 正安县/);
    }
  });

  it.each([
    ['hunan-chenzhou-2020.yaml', 'dibao.single.requireLaborLoss', true, '002:L589'],
    ['hunan-chenzhou-2020.yaml', 'definitions.seriousIllness.medicalAssistance', true, '002:L589'],
    ['hunan-chenzhou-2020.yaml', 'dibao.single.categories', ['severeDisability', 'seriousIllness', 'difficultElderly', 'difficultMinor', 'adultUnemployedSevereDisability'], '002:L589'],
    ['hunan-chenzhou-2020.yaml', 'dibao.single.elderlyAge', 60, '002:L589'],
    ['guizhou-yanhe-2017.yaml', 'dibao.surcharge.singleParentScope', 'all', '003:L36'],
    ['guizhou-yanhe-2017.yaml', 'cases.appraisal', 'always', '003:L34'],
    ['guizhou-zhengan-2018.yaml', 'disability.living.replacesSurcharge', true, '004:L85'],
    ['hunan-dongkou-2021.yaml', 'tekun.studentContinuation', true, '000:L126'],
    ['guizhou-yanhe-2017.yaml', 'medical.annualCap', 30000, '003:L40'],
    ['guizhou-yanhe-2017.yaml', 'medical.severeMental.fullCover', true, '003:L42'],
    ['guizhou-yanhe-2017.yaml', 'medical.premium.dibao', 30, '003:L46'],
    ['guizhou-zhengan-2018.yaml', 'medical.topUp.ratio', 0.9, '004:L30'],
  ])('%s sets %s to %s, citing %s', (file, name, value, cite) => {
    const p = resolvePack(loadPack(text(file), file), '2021-12-01').get(name);
    expect(p.value).toEqual(value);
    expect(p.cite).toMatch(new RegExp(`^${cite}`));
  });

  it('pays 正安\'s 741 from 2018-06-01 (004:L89), not before', () => {
    const zhengan = text('guizhou-zhengan-2018.yaml').replace('  tekun:\n', '  tekun:\n    minimumWage: 1000\n');
    const household = parseHousehold({ hukou: 'rural', members: [{ id: 'P', birthDate: '1940-01-01', laborCapacity: 'none', supporter: 'none' }] });
    const basic = (date: string) => evaluate(resolvePack(loadPack(zhengan), date), household).benefits.find((b) => b.program === 'tekun');
    expect(basic('2018-06-01')).toMatchObject({ basicYuan: 741 });
    expect(basic('2018-05-31')?.basicYuan).not.toBe(741);
    expect(basic('2018-05-31')!.reasons.flatMap((r) => r.parameters).find((p) => p.name === 'tekun.base')).toMatchObject({ value: 'applicable', source: 'default' });
  });

  it.each([
    ['hunan-dongkou-2021.yaml', ['dibao.standard.urban', 'dibao.standard.rural', 'tekun.minimumWage', 'notice.days']],
    ['hunan-chenzhou-2020.yaml', ['dibao.standard.urban', 'dibao.standard.rural', 'tekun.minimumWage', 'tekun.basicMultiple', 'notice.days']],
    ['guizhou-yanhe-2017.yaml', ['dibao.standard.urban', 'dibao.standard.rural', 'tekun.minimumWage', 'notice.days', 'medical.ratio.tekun', 'medical.premium.individual']],
    ['guizhou-zhengan-2018.yaml', ['tekun.minimumWage', 'notice.days', 'medical.ratio.tekun', 'medical.premium.individual']],
  ])('%s leaves what its document does not give unset', (file, names) => {
    const pack = loadPack(text(file), file);
    for (const name of names) expect(pack.parameters.has(name), name).toBe(false);
    const resolved = resolvePack(pack, '2021-12-01');
    for (const name of names.filter((n) => n !== 'tekun.basicMultiple')) expect(() => resolved.get(name), name).toThrow(/必填|required/);
  });
});

describe('the demo pack on a household of the contract\'s shape', () => {
  const pack = loadPack(text('demo-dongkou.yaml'));
  const household = parseHousehold({
    id: 'H001', hukou: 'rural', areaCode: '430525101001',
    request: { kind: 'emergency', amountYuan: 800 },
    members: [
      { id: 'P1', birthDate: '1950-01-01', relation: 'parent', laborCapacity: 'none', supporter: 'none', selfCare: 'unable' },
      { id: 'P2', birthDate: '1975-03-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: 800, employed: true },
      { id: 'P3', birthDate: '1978-05-01', relation: 'spouse', laborCapacity: 'none', disability: { grade: 1, kind: 'physical', certGeneration: 2 } },
      { id: 'P4', birthDate: '2014-09-01', relation: 'child', laborCapacity: 'none', schooling: 'primary', boarding: true },
    ],
  });
  const amounts = (date: string) => {
    const r = evaluate(resolvePack(pack, date), household);
    return { household: r.household, total: r.totalMonthlyYuan, benefits: r.benefits.map((b) => [b.program, b.member ?? b.members?.join(), b.monthlyYuan ?? b.annualYuan ?? b.approval]) };
  };

  it('pays what the rules give after the 1 July raise (rural standard 450)', () => {
    // 特困 P1: 1.3 × 450 = 585 + 1/3 × 1430 = 476.67 → 477 (rounding yuan). 低保 P2-P4: net 800 − 100 employment
    // cost = 700 < 3 × 450; gap 650 + 重残 30% × 450 = 135 + student 20% × 450 = 90 → 875.
    expect(amounts('2024-08-01')).toEqual({
      household: { classification: 'dibao', countedMembers: 3, netMonthlyIncomeYuan: 700 },
      total: 875 + 1062 + 50 + 135,
      benefits: [
        ['dibao', 'P2,P3,P4', 875], ['tekun', 'P1', 1062], ['disability.nursing', 'P3', 50], ['disability.living', 'P3', 135],
        ['education.boarding', 'P4', 1000], ['temporary', undefined, 'township'],
      ],
    });
  });

  it('pays on the old standard 420 the day before the raise', () => {
    // 1.3 × 420 = 546 + 477; gap 1260 − 700 = 560 + 126 + 84 = 770; living 30% × 420 = 126.
    expect(amounts('2024-06-30').benefits.slice(0, 4)).toEqual([['dibao', 'P2,P3,P4', 770], ['tekun', 'P1', 1023], ['disability.nursing', 'P3', 50], ['disability.living', 'P3', 126]]);
  });
});
