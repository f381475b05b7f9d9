/**
 * 郴州's definitions (002:L589) as pack parameters: 重病 also by 重特大疾病医疗救助
 * (`definitions.seriousIllness.medicalAssistance`) and the 单人户 categories (`dibao.single.categories`:
 * 困难老年人, 困难未成年人, 生活困难的成年、无业重度残疾人). Each is an extension: an input without the new
 * member facts evaluates exactly as before, whatever the pack says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { evaluate } from './evaluate.ts';
import { parseHousehold } from './household.ts';
import { loadPack, resolvePack } from './pack.ts';
import { benefit, packWith, run, STANDARDS } from './testing.ts';

const DATE = '2021-12-01';
const chenzhouText = readFileSync(new URL('../../policies/hunan-chenzhou-2020.yaml', import.meta.url), 'utf8');

/** The shipped 郴州 pack with the standards it leaves to the city filled in; `drop` removes the new parameters. */
function chenzhou(drop = false) {
  const doc = parse(chenzhouText);
  const p = doc.parameters;
  p.dibao.standard = STANDARDS.dibao.standard;
  p.tekun.minimumWage = STANDARDS.tekun.minimumWage;
  if (drop) {
    delete p.definitions.seriousIllness;
    delete p.dibao.single.categories;
    delete p.dibao.single.elderlyAge;
  }
  return loadPack(stringify(doc), 'hunan-chenzhou-2020.yaml');
}

const runWith = (pack: ReturnType<typeof loadPack>, household: Record<string, unknown>) => evaluate(resolvePack(pack, DATE), parseHousehold(household));

// A low-income rural family: 1000 ≥ 2 × 420 but < 1.5 × 2 × 420.
const worker = { id: 'W', birthDate: '1985-01-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: 1000, employed: true };
const family = (member: Record<string, unknown>) => ({ hukou: 'rural', members: [worker, { id: 'S', relation: 'child', supporter: 'able', ...member }] });

const assisted = { birthDate: '1990-01-01', laborCapacity: 'partial', majorIllnessAssistance: true };
const elderly = { birthDate: '1950-01-01', relation: 'parent', laborCapacity: 'none', difficultElderly: true };
const unsupported = { birthDate: '2012-01-01', laborCapacity: 'none', unsupportedChild: true };
const disabledAdult = { birthDate: '1986-01-01', laborCapacity: 'full', disability: { grade: 1, kind: 'physical' }, livingDifficulty: true };

describe('郴州 002:L589 重病 by 重特大疾病医疗救助 and the wider 单人户', () => {
  it.each([
    ['a member who received 重特大疾病医疗救助', assisted, '重病患者（获得重特大疾病医疗救助）', 'definitions.seriousIllness.medicalAssistance'],
    ['a 困难老年人 of 60 or more', elderly, '困难老年人（71 岁', 'dibao.single.elderlyAge'],
    ['a 事实无人抚养儿童', unsupported, '困难未成年人（9 岁，事实无人抚养儿童）', 'dibao.single.adultAge'],
    ['an adult unemployed severely disabled member who can work, despite requireLaborLoss', disabledAdult, '生活困难的成年、无业重度残疾人（肢体1 级，35 岁，无业）', 'dibao.single.categories'],
  ])('includes %s as a 单人户 under the 郴州 pack, citing the parameter, and not under the default definitions', (_, member, who, param) => {
    const single = benefit(runWith(chenzhou(), family(member)), 'dibao.single', 'S');
    expect(single).toMatchObject({ status: 'eligible', monthlyYuan: 420 });
    expect(single!.reasons[0].text).toContain(who);
    expect(single!.reasons[0].parameters.map((p) => p.name)).toContain(param);
    const laborLoss = { ...STANDARDS, dibao: { ...STANDARDS.dibao, single: { requireLaborLoss: true } } };
    expect(benefit(run(laborLoss, family(member)), 'dibao.single', 'S')?.status ?? 'none').not.toBe('eligible');
  });

  it('counts 重特大疾病医疗救助 as 重病 for the tekun and 低保 surcharges only where the pack says so', () => {
    const surcharged = { ...STANDARDS, dibao: { ...STANDARDS.dibao, surcharge: { seriousIllness: 0.2 } } };
    const poor = { hukou: 'rural', members: [{ ...worker, monthlyIncomeYuan: 100 }, { id: 'S', birthDate: '1990-01-01', relation: 'child', laborCapacity: 'partial', majorIllnessAssistance: true }] };
    expect(benefit(run(surcharged, poor), 'dibao')?.monthlyYuan).toBe(740); // 840 − 100
    const r = run({ ...surcharged, definitions: { seriousIllness: { medicalAssistance: true } } }, poor);
    expect(benefit(r, 'dibao')?.monthlyYuan).toBe(824); // + 20% × 420
  });

  it('refuses a member whose given fact does not make them a candidate, and says why', () => {
    const notDifficult = benefit(runWith(chenzhou(), family({ ...elderly, difficultElderly: false })), 'dibao.single', 'S');
    expect(notDifficult?.status).toBe('ineligible');
    expect(notDifficult!.reasons[0].text).toContain('不属“单人户”困难老年人');
    const young = benefit(runWith(chenzhou(), family({ ...elderly, birthDate: '1970-01-01' })), 'dibao.single', 'S');
    expect(young!.reasons[0].text).toContain('51 岁，未满 60 岁');
    const employed = benefit(runWith(chenzhou(), family({ ...disabledAdult, employed: true })), 'dibao.single', 'S');
    expect(employed?.status).toBe('ineligible');
    expect(employed!.reasons.map((x) => x.text).join()).toContain('有劳动能力');
  });

  it('keeps a severely disabled member who can work out under requireLaborLoss when 生活困难 is not given', () => {
    const { livingDifficulty: _, ...member } = disabledAdult;
    const single = benefit(runWith(chenzhou(), family(member)), 'dibao.single', 'S');
    expect(single?.status).toBe('ineligible');
    expect(single!.reasons[1].text).toBe('有劳动能力，不属“完全或部分丧失劳动能力”的人员');
  });

  const withoutFacts: [string, Record<string, unknown>][] = [
    ['an ill member', { birthDate: '1990-01-01', laborCapacity: 'partial', illnesses: ['malignant_tumor'] }],
    ['an ill minor', { birthDate: '2012-01-01', laborCapacity: 'none', illnesses: ['child_leukemia'] }],
    ['an elderly member', { birthDate: '1950-01-01', laborCapacity: 'none' }],
    ['a child', { birthDate: '2012-01-01', laborCapacity: 'none' }],
    ['a severely disabled adult who can work', { birthDate: '1986-01-01', laborCapacity: 'full', disability: { grade: 1, kind: 'physical' } }],
    ['a severely disabled adult who cannot', { birthDate: '1986-01-01', laborCapacity: 'none', disability: { grade: 2, kind: 'mental' } }],
  ];

  it.each(withoutFacts)('evaluates %s without the new facts byte for byte as without the new parameters', (_, member) => {
    const strip = (r: ReturnType<typeof evaluate>) => JSON.stringify(r).replaceAll('hunan-chenzhou-2020.yaml', '');
    expect(strip(runWith(chenzhou(), family(member)))).toBe(strip(runWith(chenzhou(true), family(member))));
  });

  it.each([
    ['重特大疾病医疗救助', assisted], ['困难老年人', elderly], ['事实无人抚养儿童', unsupported], ['生活困难的成年无业重度残疾人', disabledAdult],
  ])('ignores the %s fact under the default pack: byte for byte the output without it', (_, member) => {
    const { majorIllnessAssistance: _a, difficultElderly: _b, unsupportedChild: _c, livingDifficulty: _d, ...bare } = member as Record<string, unknown>;
    expect(JSON.stringify(run(STANDARDS, family(member)))).toBe(JSON.stringify(run(STANDARDS, family(bare))));
  });

  it('refuses a pack naming an unknown 单人户 category, and a fact that is not true or false', () => {
    expect(() => packWith({ dibao: { single: { categories: ['severeDisability', 'elderly'] } } })).toThrow(/elderly/);
    expect(() => parseHousehold(family({ ...elderly, difficultElderly: 'yes' }))).toThrow('应为 true 或 false');
  });
});
