/** The pure medical-assistance rules (RULES.md § 医疗救助) against worked examples: categories and ties, ratio with bonus, cap, recorded P, severe mental illness, top-up, premium, identity list. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { packWith } from '../policy/testing.ts';
import type { PersonFacts, SettlementRow } from './model.ts';
import { assess, chooseCategory, diseaseCode, identityOn, premiumSubsidy } from './rules.ts';

const DATE = '2022-03-15';
const pack = (medical: Record<string, unknown> = {}) => resolvePack(packWith({ medical: { ratio: { tekun: 1 }, premium: { individual: 320 }, ...medical } }), DATE);

const person = (f: Partial<Omit<PersonFacts, 'lowIncome'>> & { lowIncome?: boolean } = {}): PersonFacts => {
  const { lowIncome = false, ...rest } = f;
  return { birthDate: '1970-01-01', tekun: null, dibao: null, registeredPoor: false, monitored: false, seriouslyIll: false, severelyDisabled: false, ...rest, lowIncome: () => lowIncome };
};
const DIBAO = { startMonth: '2021-01', endMonth: null, longTerm: false };

const row = (r: Partial<SettlementRow> = {}): SettlementRow => ({
  settlementNo: 'YB1', idNumber: '', name: '张三', visitType: '住院', hospitalLevel: '县级及以下', hospitalName: null, date: DATE,
  totalFen: 12000_00, policyFen: 10000_00, basicFen: 5000_00, seriousFen: 1000_00, recordedFen: 0, disease: null, diseaseRaw: null,
  method: '一站式', bank: null, row: 2, ...r,
});

function settle(p: ReturnType<typeof pack>, facts: PersonFacts | null, r: SettlementRow, used = 0) {
  return assess(p, r, chooseCategory(p, facts, r.date, r.disease), facts, used);
}

describe('category on the settlement date', () => {
  it.each([
    ['a 低保 member under 80: dibao 70%', person({ dibao: DIBAO }), null, 'dibao', 0.7],
    ['a 低保 member of a long-term household: dibaoLongTerm 100%', person({ dibao: { ...DIBAO, longTerm: true } }), null, 'dibaoLongTerm', 1],
    ['a 低保 member aged 80 on the date: dibaoElderly 100%', person({ dibao: DIBAO, birthDate: '1942-03-15' }), null, 'dibaoElderly', 1],
    ['a 低保 member one day short of 80: dibao', person({ dibao: DIBAO, birthDate: '1942-03-16' }), null, 'dibao', 0.7],
    ['a registered-poor member with a major disease: registeredPoorMajor 100%', person({ registeredPoor: true }), 'malignant_tumor', 'registeredPoorMajor', 1],
    ['a registered-poor member without a disease: registeredPoor 70%', person({ registeredPoor: true }), null, 'registeredPoor', 0.7],
    ['a 低保 member with a major disease: 70% + 5 points', person({ dibao: DIBAO }), 'malignant_tumor', 'dibao', 0.75],
    ['low-income household member: 50%', person({ lowIncome: true }), null, 'lowIncome', 0.5],
    ['monitored without a pack ratio: not a category', person({ monitored: true }), null, 'none', 0],
    ['in no category: none, ratio 0', person(), null, 'none', 0],
    ['not in the registry: none', null, null, 'none', 0],
  ])('%s', (_n, facts, disease, category, ratio) => {
    const c = chooseCategory(pack(), facts, DATE, disease);
    expect(c.category).toBe(category);
    expect(c.ratio).toBeCloseTo(ratio, 9);
  });

  it('breaks a tie in ratio by the rules\' order: tekun before dibaoLongTerm, both at 100%', () => {
    const c = chooseCategory(pack(), person({ tekun: { startMonth: '2021-01', endMonth: null }, dibao: { ...DIBAO, longTerm: true } }), DATE, null);
    expect(c.category).toBe('tekun');
  });

  it('caps ratio plus bonus at 100% and then keeps the earlier category in a tie (dibaoLongTerm over registeredPoorMajor)', () => {
    const c = chooseCategory(pack(), person({ dibao: { ...DIBAO, longTerm: true }, registeredPoor: true }), DATE, 'malignant_tumor');
    expect(c).toMatchObject({ category: 'dibaoLongTerm', ratio: 1 });
  });

  it('takes the higher ratio after the bonus: registered-poor major disease (100%) over 低保 (75%)', () => {
    const c = chooseCategory(pack(), person({ dibao: DIBAO, registeredPoor: true }), DATE, 'malignant_tumor');
    expect(c.category).toBe('registeredPoorMajor');
  });

  it('makes monitored a category once the pack sets its ratio', () => {
    expect(chooseCategory(pack({ ratio: { tekun: 1, monitored: 0.6 } }), person({ monitored: true, lowIncome: true }), DATE, null)).toMatchObject({ category: 'monitored', ratio: 0.6 });
  });

  it('cites each ratio with its value and its source (a default from 003:L40)', () => {
    const c = chooseCategory(pack(), person({ dibao: DIBAO }), DATE, 'malignant_tumor');
    const params = c.reasons.flatMap((r) => r.parameters);
    expect(params.find((p) => p.name === 'medical.ratio.dibao')).toMatchObject({ value: 0.7, source: 'default', cite: '003:L40' });
    expect(params.find((p) => p.name === 'medical.majorDiseaseBonus')).toMatchObject({ value: 0.05, cite: '003:L40' });
  });
});

describe('assistance of one settlement', () => {
  it('pays ratio × (R − B − I) within the cap: 低保 70% of 4000 = 2800', () => {
    const a = settle(pack(), person({ dibao: DIBAO }), row());
    expect(a).toMatchObject({ category: 'dibao', ratio: 0.7, baseFen: 4000_00, assistanceFen: 2800_00, topUpFen: 0, yearAssistedFen: 2800_00, capRemainingFen: 27200_00 });
  });

  it('rounds half-up to the fen: 0.75 × 0.10 yuan = 0.075 → 0.08', () => {
    const a = settle(pack(), person({ dibao: DIBAO }), row({ policyFen: 6000_10, basicFen: 5000_00, seriousFen: 1000_00, disease: 'malignant_tumor' }));
    expect(a.assistanceFen).toBe(8);
  });

  it('limits the assistance to what is left of the annual cap across settlements', () => {
    const a = settle(pack(), person({ dibao: { ...DIBAO, longTerm: true } }), row(), 28500_00);
    expect(a).toMatchObject({ assistanceFen: 1500_00, yearAssistedFen: 30000_00, capRemainingFen: 0 });
    expect(settle(pack(), person({ dibao: { ...DIBAO, longTerm: true } }), row(), 30000_00)).toMatchObject({ assistanceFen: 0, capRemainingFen: 0 });
  });

  it('counts a recorded P against the cap and computes nothing on top of it', () => {
    const a = settle(pack(), person({ dibao: DIBAO }), row({ recordedFen: 1000_00 }), 100_00);
    expect(a).toMatchObject({ assistanceFen: 0, recordedFen: 1000_00, yearAssistedFen: 1100_00, capRemainingFen: 28900_00 });
  });

  it('counts a recorded P for a person in category none too', () => {
    expect(settle(pack(), null, row({ recordedFen: 500_00 }))).toMatchObject({ category: 'none', ratio: 0, assistanceFen: 0, yearAssistedFen: 500_00 });
  });

  it('gives 0 for a visit type not covered, saying why', () => {
    const a = settle(pack(), person({ dibao: DIBAO }), row({ visitType: '普通门诊' }));
    expect(a).toMatchObject({ baseFen: 0, assistanceFen: 0 });
    expect(a.reasons.map((r) => r.rule)).toContain('medical.notCovered');
  });

  it('takes the deductible from the base', () => {
    expect(settle(pack({ ratio: { tekun: 1 }, deductible: 500 }), person({ dibao: DIBAO }), row())).toMatchObject({ baseFen: 3500_00, assistanceFen: 2450_00 });
  });

  it('covers the whole remainder of a severe mental illness stay, uncut by the cap, when the pack says so', () => {
    const p = pack({ ratio: { tekun: 1 }, severeMental: { fullCover: true } });
    const a = settle(p, person({ dibao: DIBAO }), row({ disease: 'severe_mental', recordedFen: 200_00 }), 29000_00);
    // T − B − I − P = 12000 − 5000 − 1000 − 200 = 5800, beyond the 1000 left of the cap.
    expect(a).toMatchObject({ ratio: 1, baseFen: 5800_00, assistanceFen: 5800_00, recordedFen: 200_00, yearAssistedFen: 35000_00, capRemainingFen: 0 });
  });

  it('leaves a low-income person\'s severe mental illness stay to the ordinary rule', () => {
    const p = pack({ ratio: { tekun: 1 }, severeMental: { fullCover: true } });
    expect(settle(p, person({ lowIncome: true }), row({ disease: 'severe_mental' }))).toMatchObject({ category: 'lowIncome', ratio: 0.55, assistanceFen: 2200_00 });
  });

  it('tops a registered-poor inpatient up to 90% of the total, outside the cap', () => {
    const p = pack({ ratio: { tekun: 1 }, topUp: { ratio: 0.9 } });
    const a = settle(p, person({ registeredPoor: true }), row());
    // assistance 70% × 4000 = 2800; 90% × 12000 = 10800 − 5000 − 1000 − 2800 = 2000.
    expect(a).toMatchObject({ category: 'registeredPoor', assistanceFen: 2800_00, topUpFen: 2000_00, yearAssistedFen: 2800_00 });
  });

  it('tops up nobody outside a registered-poor household, and no outpatient visit', () => {
    const p = pack({ ratio: { tekun: 1 }, topUp: { ratio: 0.9 } });
    expect(settle(p, person({ dibao: DIBAO }), row()).topUpFen).toBe(0);
    expect(settle(p, person({ registeredPoor: true }), row({ visitType: '门诊慢特病' })).topUpFen).toBe(0);
  });
});

describe('disease codes', () => {
  it('accepts the pack\'s codes and those medical.diseaseCodes maps to one, and rejects others', () => {
    const p = pack({ ratio: { tekun: 1 }, diseaseCodes: { C50: 'breast_cancer', X1: 'nonsense' } });
    expect(diseaseCode(p, 'malignant_tumor')).toBe('malignant_tumor');
    expect(diseaseCode(p, ' C50 ')).toBe('breast_cancer');
    expect(diseaseCode(p, '')).toBeNull();
    expect(diseaseCode(p, 'X1')).toBeUndefined();
    expect(diseaseCode(p, 'flu')).toBeUndefined();
  });

  it('refuses a pack whose medical.diseaseCodes is not a mapping of text to text', () => {
    expect(() => packWith({ medical: { diseaseCodes: { C50: 5 } } })).toThrow(/文本到文本的映射/);
    expect(() => packWith({ medical: { diseaseCodes: ['C50'] } })).toThrow(/文本到文本的映射/);
  });
});

describe('premium subsidies and the identity list', () => {
  it.each([
    ['特困: the individual premium in full', person({ tekun: { startMonth: '2021-01', endMonth: null } }), 'tekun', 320_00],
    ['低保: 30', person({ dibao: DIBAO }), 'dibao', 30_00],
    ['a child of a low-income household: 10', person({ lowIncome: true, birthDate: '2010-01-01' }), 'lowIncome', 10_00],
    ['an adult of working age in a low-income household: none', person({ lowIncome: true }), null, 0],
  ])('%s', (_n, facts, category, fen) => {
    const s = premiumSubsidy(pack(), facts);
    expect(s?.category ?? null).toBe(category);
    expect(s?.fen ?? 0).toBe(fen);
  });

  it('never pays more than the individual premium, and prefers the first listed on equal amounts', () => {
    const p = pack({ ratio: { tekun: 1 }, premium: { individual: 20, dibao: 30, monitored: 20 } });
    expect(premiumSubsidy(p, person({ dibao: DIBAO, monitored: true }))).toMatchObject({ category: 'dibao', fen: 20_00 });
  });

  it('lists registeredPoor (never registeredPoorMajor) with its dates and 先诊疗后付费 only for the pack\'s categories', () => {
    expect(identityOn(pack(), person({ registeredPoor: true }))).toMatchObject({ choice: { category: 'registeredPoor' }, from: null, to: null, treatFirst: false });
    expect(identityOn(pack(), person({ dibao: { startMonth: '2021-02', endMonth: '2022-02', longTerm: false } }))).toMatchObject({ choice: { category: 'dibao' }, from: '2021-02-01', to: '2022-02-28', treatFirst: true });
    expect(identityOn(pack(), person())).toBeNull();
  });
});

describe('worked examples of the documents under their shipped packs', () => {
  const shipped = (file: string) => resolvePack(loadPack(readFileSync(new URL(`../../policies/${file}`, import.meta.url), 'utf8'), file), DATE);

  it('沿河 003:L42: a 低保 member\'s severe mental illness stay — 新农合 pays 80%, 民政医疗救助 the other 20%', () => {
    const a = settle(shipped('guizhou-yanhe-2017.yaml'), person({ dibao: DIBAO }), row({ totalFen: 10000_00, policyFen: 9000_00, basicFen: 8000_00, seriousFen: 0, disease: 'severe_mental' }));
    expect(a).toMatchObject({ ratio: 1, assistanceFen: 2000_00 });
    expect(a.reasons.find((r) => r.rule === 'medical.severeMental')!.parameters[0]).toMatchObject({ name: 'medical.severeMental.fullCover', value: true, source: 'guizhou-yanhe-2017', cite: expect.stringMatching(/^003:L42/) });
  });

  it('沿河 003:L40: a 低保 long-term household member at 100% up to the 30000 cap, the pack citing its own line', () => {
    const a = settle(shipped('guizhou-yanhe-2017.yaml'), person({ dibao: { ...DIBAO, longTerm: true } }), row({ totalFen: 60000_00, policyFen: 50000_00, basicFen: 15000_00, seriousFen: 0 }));
    expect(a).toMatchObject({ category: 'dibaoLongTerm', baseFen: 35000_00, assistanceFen: 30000_00, capRemainingFen: 0 });
    expect(a.reasons.flatMap((r) => r.parameters).find((p) => p.name === 'medical.annualCap')).toMatchObject({ value: 30000, source: 'guizhou-yanhe-2017', cite: expect.stringMatching(/^003:L40/) });
  });

  it('正安 004:L30: a registered-poor inpatient reimbursed up to 90% of the total', () => {
    // 70% × (8000 − 6000 − 500) = 1050; 90% × 10000 = 9000 − 6000 − 500 − 1050 = 1450 topped up.
    const a = settle(shipped('guizhou-zhengan-2018.yaml'), person({ registeredPoor: true }), row({ totalFen: 10000_00, policyFen: 8000_00, basicFen: 6000_00, seriousFen: 500_00 }));
    expect(a).toMatchObject({ category: 'registeredPoor', assistanceFen: 1050_00, topUpFen: 1450_00 });
  });
});
