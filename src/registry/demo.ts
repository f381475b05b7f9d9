/**
 * A synthetic county for demonstrations and benchmarks: real village codes, plausible household
 * sizes, ages, incomes, disability and illness rates, valid ID numbers. Deterministic per seed.
 */
import { descendants } from '../domain/areas.ts';
import { addMonths } from '../domain/dates.ts';
import { makeIdNumber, type Sex } from '../domain/idNumber.ts';
import type { HouseholdInput, MemberInput } from './model.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐曾肖邓彭蒋袁廖尹龙向'.split('');
const GIVEN_MALE = '伟强军勇杰涛明超辉刚平华建国志文斌海波俊峰春生林德福'.split('');
const GIVEN_FEMALE = '芳娟敏静丽艳霞燕玲红梅兰英秀华琴桂珍凤莲美云萍娥'.split('');
const ILLNESS_CODES = ['malignant_tumor', 'severe_mental', 'kidney_transplant', 'breast_cancer', 'cervical_cancer', 'child_leukemia', 'child_chd'];
const DISABILITY_KINDS = ['physical', 'physical', 'visual', 'hearing', 'intellectual', 'mental', 'speech', 'multiple'] as const;

/** mulberry32: a small seeded generator, so the same seed gives the same county. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoOptions {
  countyCode: string;
  households: number;
  seed?: number;
  /** Evaluation reference date for ages. */
  asOf?: string;
}

export function* demoHouseholds(opts: DemoOptions): Generator<HouseholdInput & { ledgerKey: string }> {
  const rand = rng(opts.seed ?? 20211);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const villages = descendants(opts.countyCode).filter((a) => a.level === 'village');
  if (villages.length === 0) throw new Error(`区划 ${opts.countyCode} 下没有村（社区）`);
  const asOf = opts.asOf ?? '2026-01-01';
  const asOfYear = Number(asOf.slice(0, 4));
  let seq = 0;
  const usedIds = new Set<string>();
  const birth = (age: number) => {
    const base = `${asOfYear - age}-01-01`;
    return addMonths(base, Math.floor(rand() * 12)).slice(0, 8) + String(1 + Math.floor(rand() * 28)).padStart(2, '0');
  };
  const person = (surname: string, sex: Sex, age: number, relation: MemberInput['relation']): MemberInput => {
    const b = birth(age);
    const given = (sex === 'male' ? pick(GIVEN_MALE) : pick(GIVEN_FEMALE)) + (rand() < 0.6 ? pick(sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE) : '');
    const elderly = age >= 60;
    const disabled = rand() < (elderly ? 0.12 : 0.05);
    const ill = rand() < (elderly ? 0.08 : 0.03);
    const schooling = age < 6 ? (age >= 3 ? 'preschool' : 'none') : age < 12 ? 'primary' : age < 15 ? 'junior' : age < 18 ? (rand() < 0.6 ? 'senior' : 'vocational') : age < 22 && rand() < 0.3 ? 'college' : 'none';
    const working = age >= 18 && age < 60 && !disabled && rand() < 0.7;
    const income = working ? Math.round(800 + rand() * 3000) : elderly ? Math.round(rand() * 300) : 0;
    let idNumber: string;
    do idNumber = makeIdNumber(opts.countyCode, b, (seq = (seq + 1) % 1000), sex);
    while (usedIds.has(idNumber));
    usedIds.add(idNumber);
    return {
      name: surname + given,
      idNumber,
      relation,
      laborCapacity: disabled || elderly ? (rand() < 0.5 ? 'none' : 'partial') : age < 16 ? 'none' : 'full',
      disability: disabled ? { grade: 1 + Math.floor(rand() * 4), kind: pick(DISABILITY_KINDS), certGeneration: rand() < 0.85 ? 2 : 1 } : null,
      illnesses: ill ? [pick(ILLNESS_CODES)] : [],
      schooling: schooling as MemberInput['schooling'],
      boarding: (schooling === 'primary' || schooling === 'junior') && rand() < 0.25,
      employed: working,
      monthlyIncomeYuan: income,
      selfCare: elderly && rand() < 0.15 ? (rand() < 0.5 ? 'unable' : 'partial') : 'able',
      supporter: elderly ? (rand() < 0.2 ? 'none' : rand() < 0.4 ? 'unable' : 'able') : 'able',
      phone: age >= 18 && rand() < 0.7 ? `1${pick(['38', '39', '58', '77', '86', '99'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}` : null,
    };
  };
  for (let i = 0; i < opts.households; i++) {
    const village = villages[Math.floor(rand() * villages.length)];
    const surname = pick(SURNAMES);
    const headSex: Sex = rand() < 0.8 ? 'male' : 'female';
    const kind = rand();
    const members: MemberInput[] = [];
    if (kind < 0.2) {
      members.push(person(surname, headSex, 60 + Math.floor(rand() * 30), 'head')); // an elderly person living alone
    } else {
      const headAge = 25 + Math.floor(rand() * 50);
      members.push(person(surname, headSex, headAge, 'head'));
      if (rand() < 0.8) members.push(person(pick(SURNAMES), headSex === 'male' ? 'female' : 'male', Math.max(20, headAge + Math.floor(rand() * 8) - 4), 'spouse'));
      const children = headAge < 60 ? Math.floor(rand() * 3) : 0;
      for (let c = 0; c < children; c++) members.push(person(surname, rand() < 0.52 ? 'male' : 'female', Math.max(0, headAge - 22 - Math.floor(rand() * 10)), 'child'));
      if (headAge < 50 && rand() < 0.3) members.push(person(surname, rand() < 0.5 ? 'male' : 'female', headAge + 25 + Math.floor(rand() * 10), 'parent'));
    }
    yield {
      ledgerKey: `DEMO${String(i + 1).padStart(6, '0')}`,
      areaCode: village.code,
      hukou: village.name.includes('社区') ? 'urban' : 'rural',
      singleParent: members.length > 1 && !members.some((m) => m.relation === 'spouse') && members.some((m) => m.relation === 'child'),
      registeredPoor: rand() < 0.15,
      financialAssetsYuan: Math.round(rand() * rand() * 60000),
      vehicles: rand() < 0.1 ? 1 : 0,
      businessRegistered: rand() < 0.03,
      rigidExpensesYuan: rand() < 0.1 ? Math.round(rand() * 40000) : 0,
      previousYearIncomeYuan: null,
      address: null,
      members,
    };
  }
}
