/**
 * A synthetic county for demonstrations and benchmarks: real village codes, plausible household
 * sizes, ages, incomes, disability and illness rates, valid ID numbers. Deterministic per seed.
 * Pure: it only yields household inputs (seed.ts writes them).
 *
 * Families are plausible: parents are 20–45 years older than their children, siblings are born at
 * least ten months apart (usually 1–6 years), spouses are of similar age and of marrying age,
 * grandparents are 40 or more years older than their grandchildren, and nobody is over 98.
 * demo.test.ts checks these over thousands of households.
 *
 * Linear in the number of households: birth days are drawn from ranges that already satisfy the
 * rules (never clamped onto one boundary day, which piled hundreds of spouses onto one birthday), and
 * ID numbers come from a counter per birth day and sex (`idNumberAllocator`), never by retrying.
 */
import { descendants } from '../domain/areas.ts';
import { ageOn } from '../domain/dates.ts';
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

/** Birth dates are handled as day numbers (days since 1970-01-01, UTC) so gaps are exact. */
const MS_PER_DAY = 86_400_000;
const YEAR = 365.25;
const dayOf = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
const isoOf = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const years = (n: number) => Math.round(n * YEAR);

/** Age bounds of the generated families, in years (the test reads them too). */
export const FAMILY = {
  parentGap: [20, 45], // a parent's age at a child's birth
  siblingGapMinDays: 300, // about ten months
  siblingGapUsual: [1, 6],
  spouseGapMax: 8,
  marryingAge: { male: 22, female: 20 },
  grandparentGapMin: 40,
  maxAge: 98,
} as const;

export interface DemoOptions {
  countyCode: string;
  households: number;
  seed?: number;
  /** Evaluation reference date for ages. */
  asOf?: string;
}

/** ID numbers have 500 sequence numbers per birth day and sex (odd for men, even for women). */
export const SEQUENCES_PER_DAY_AND_SEX = 500;

/**
 * Gives unique ID numbers in constant time: a counter per birth day and sex picks the next of that
 * day's 500 sequence numbers (in a scattered order, so they do not all start at 000). Throws when a
 * day and sex has none left, instead of searching for one.
 */
export function idNumberAllocator(countyCode: string): (birthDate: string, sex: Sex) => string {
  const used = new Map<string, number>();
  return (birthDate, sex) => {
    const key = birthDate + sex;
    const k = used.get(key) ?? 0;
    if (k >= SEQUENCES_PER_DAY_AND_SEX) throw new Error(`演示数据：出生日期 ${birthDate} 的${sex === 'male' ? '男性' : '女性'}身份证号已用完（每天 ${SEQUENCES_PER_DAY_AND_SEX} 个）`);
    used.set(key, k + 1);
    // 173 is coprime to 500, so k = 0…499 visit every sequence number of the day once.
    const n = SEQUENCES_PER_DAY_AND_SEX;
    const index = (((dayOf(birthDate) + 173 * k) % n) + n) % n; // day numbers before 1970 are negative
    return makeIdNumber(countyCode, birthDate, 2 * index + (sex === 'male' ? 1 : 0), sex);
  };
}

/**
 * The households of the demo county. Read whole on purpose: its named helpers (spouseOf, childrenOf,
 * parentsOf, person) share one seeded generator, and the order of its draws fixes every household of a seed.
 */
export function* demoHouseholds(opts: DemoOptions): Generator<HouseholdInput & { ledgerKey: string }> {
  const rand = rng(opts.seed ?? 20211);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const villages = descendants(opts.countyCode).filter((a) => a.level === 'village');
  if (villages.length === 0) throw new Error(`区划 ${opts.countyCode} 下没有村（社区）`);
  const asOf = opts.asOf ?? '2026-01-01';
  const today = dayOf(asOf);
  const idNumber = idNumberAllocator(opts.countyCode);
  /** A random day in [from, to]. */
  const dayIn = (from: number, to: number) => from + Math.floor(rand() * (to - from + 1));
  /** A birth day for someone `lo` to `hi` years old on asOf. */
  const agedBetween = (lo: number, hi: number) => dayIn(today - years(hi) + 1, today - years(lo));
  /**
   * The spouse's birth day: husbands up to 2 years younger to 6 years older than their wives, both of
   * marrying age. The husband's lead is drawn only from the leads that leave the spouse of marrying
   * age (heads are at least 22), so young heads' spouses do not all get the same boundary birthday.
   */
  const spouseOf = (born: number, sex: Sex) => {
    const latest = today - years(FAMILY.marryingAge[sex === 'male' ? 'female' : 'male']) - 1; // the youngest spouse of marrying age
    return sex === 'male'
      ? born + dayIn(years(-2), Math.min(years(6), latest - born))
      : born - dayIn(Math.max(years(-2), born - latest), years(6));
  };
  /**
   * Up to `n` children's birth days: each born while every parent is 20–44 and not after asOf; the
   * first in the parents' first eight years of that window, each next one 1–6 years later (now and
   * then only ten to twelve months). Young parents may not have had them all yet.
   */
  const childrenOf = (parents: number[], n: number): number[] => {
    const from = Math.max(...parents) + years(FAMILY.parentGap[0]) + 1;
    const to = Math.min(Math.min(...parents) + years(FAMILY.parentGap[1]) - 2, today);
    const births: number[] = [];
    for (let next = dayIn(from, from + years(8)); births.length < n && next <= to;) {
      births.push(next);
      next += rand() < 0.08 ? dayIn(FAMILY.siblingGapMinDays, 365) : dayIn(years(FAMILY.siblingGapUsual[0]), years(FAMILY.siblingGapUsual[1]));
    }
    return births;
  };
  /** Father's and mother's birth days for someone born on `born`: both 20–44 then, neither over the maximum age. */
  const parentsOf = (born: number): [number, number] => {
    const from = Math.max(born - years(FAMILY.parentGap[1]) + 2, today - years(FAMILY.maxAge) + 1);
    const to = born - years(FAMILY.parentGap[0]) - 1;
    const father = dayIn(from, to);
    return [father, dayIn(Math.max(from, father - years(2)), Math.min(to, father + years(6)))];
  };
  const person = (surname: string, sex: Sex, born: number, relation: MemberInput['relation']): MemberInput => {
    const b = isoOf(born);
    const age = ageOn(b, asOf);
    const given = (sex === 'male' ? pick(GIVEN_MALE) : pick(GIVEN_FEMALE)) + (rand() < 0.6 ? pick(sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE) : '');
    const elderly = age >= 60;
    const disabled = rand() < (elderly ? 0.12 : 0.05);
    const ill = rand() < (elderly ? 0.08 : 0.03);
    const schooling = age < 6 ? (age >= 3 ? 'preschool' : 'none') : age < 12 ? 'primary' : age < 15 ? 'junior' : age < 18 ? (rand() < 0.6 ? 'senior' : 'vocational') : age < 22 && rand() < 0.3 ? 'college' : 'none';
    const working = age >= 18 && age < 60 && !disabled && rand() < 0.7;
    const income = working ? Math.round(800 + rand() * 3000) : elderly ? Math.round(rand() * 300) : 0;
    return {
      name: surname + given,
      idNumber: idNumber(b, sex),
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
  const childSex = (): Sex => (rand() < 0.52 ? 'male' : 'female');
  for (let i = 0; i < opts.households; i++) {
    const village = villages[Math.floor(rand() * villages.length)];
    const surname = pick(SURNAMES);
    const headSex: Sex = rand() < 0.8 ? 'male' : 'female';
    const kind = rand();
    const members: MemberInput[] = [];
    if (kind < 0.2) {
      members.push(person(surname, headSex, agedBetween(60, 95), 'head')); // an elderly person living alone
    } else if (kind < 0.3) {
      // Grandparents raising grandchildren whose parents work away (留守儿童).
      const headBorn = agedBetween(58, 80);
      members.push(person(surname, headSex, headBorn, 'head'));
      const couple = [headBorn];
      if (rand() < 0.75) {
        couple.push(spouseOf(headBorn, headSex));
        members.push(person(pick(SURNAMES), headSex === 'male' ? 'female' : 'male', couple[1], 'spouse'));
      }
      const [absentParent] = childrenOf(couple, 1);
      if (absentParent !== undefined) for (const b of childrenOf([absentParent], rand() < 0.45 ? 2 : 1)) members.push(person(surname, childSex(), b, 'grandchild'));
    } else {
      const headBorn = agedBetween(22, 82);
      const headAge = ageOn(isoOf(headBorn), asOf);
      members.push(person(surname, headSex, headBorn, 'head'));
      const couple = [headBorn];
      if (rand() < 0.8) {
        couple.push(spouseOf(headBorn, headSex));
        members.push(person(pick(SURNAMES), headSex === 'male' ? 'female' : 'male', couple[1], 'spouse'));
      }
      // Children at home: younger heads 0–3 of them, older heads at most one who stayed.
      const r = rand();
      const wanted = headAge < 60 ? (r < 0.15 ? 0 : r < 0.5 ? 1 : r < 0.85 ? 2 : 3) : r < 0.5 ? 1 : 0;
      const children = childrenOf(couple, wanted);
      for (const b of children) members.push(person(surname, childSex(), b, 'child'));
      const eldest = children[0];
      let grandchildren = 0;
      if (eldest !== undefined && ageOn(isoOf(eldest), asOf) >= 22 && rand() < 0.5) {
        for (const b of childrenOf([eldest], rand() < 0.6 ? 1 : 2)) { members.push(person(surname, childSex(), b, 'grandchild')); grandchildren++; }
      }
      if (headAge <= 55 && grandchildren === 0 && rand() < 0.3) {
        // The head's parents: both, or the widowed one (more often the mother).
        const [father, mother] = parentsOf(headBorn);
        const which = rand();
        if (which < 0.6) members.push(person(surname, 'male', father, 'parent'));
        if (which < 0.4 || which >= 0.6) members.push(person(pick(SURNAMES), 'female', mother, 'parent'));
      } else if (headAge <= 32 && rand() < 0.1) {
        const from = Math.max(headBorn - years(70), today - years(FAMILY.maxAge) + 1);
        members.push(person(pick(SURNAMES), rand() < 0.4 ? 'male' : 'female', dayIn(from, headBorn - years(FAMILY.grandparentGapMin) - 1), 'grandparent'));
      }
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
