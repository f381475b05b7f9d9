import { describe, expect, it } from 'vitest';
import { ageOn } from '../domain/dates.ts';
import { parseIdNumber } from '../domain/idNumber.ts';
import { demoHouseholds, FAMILY, idNumberAllocator, SEQUENCES_PER_DAY_AND_SEX } from './demo.ts';
import { householdInput } from './model.ts';

const AS_OF = '2026-01-01';
const households = [...demoHouseholds({ countyCode: '430525', households: 2000, seed: 5, asOf: AS_OF })];

interface Person { relation: string; birth: string; sex: 'male' | 'female'; age: number }
const people = (h: (typeof households)[number]): Person[] => h.members.map((m) => {
  const id = parseIdNumber(m.idNumber!);
  if (!id.ok) throw new Error(id.message);
  return { relation: m.relation, birth: id.value.birthDate, sex: id.value.sex, age: ageOn(id.value.birthDate, AS_OF) };
});
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
/** How old `older` was when `younger` was born. */
const ageAtBirth = (older: Person, younger: Person) => ageOn(older.birth, younger.birth);
const byBirth = (ps: Person[]) => [...ps].sort((a, b) => a.birth.localeCompare(b.birth));

describe('demo county generator', () => {
  it('gives every member a valid ID number whose birth date is in the past and unique across the county', () => {
    const ids = households.flatMap((h) => h.members.map((m) => m.idNumber!));
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of households) {
      expect(householdInput.safeParse(h).success).toBe(true);
      for (const p of people(h)) {
        expect(p.birth <= AS_OF).toBe(true);
        expect(p.age).toBeGreaterThanOrEqual(0);
        expect(p.age).toBeLessThanOrEqual(FAMILY.maxAge);
      }
    }
  });

  it('makes parents 20–44 years old at their children’s birth and spouses of similar age and of marrying age', () => {
    for (const h of households) {
      const ps = people(h);
      const head = ps.find((p) => p.relation === 'head')!;
      const spouse = ps.find((p) => p.relation === 'spouse');
      expect(ps.filter((p) => p.relation === 'head')).toHaveLength(1);
      expect(head.age).toBeGreaterThanOrEqual(FAMILY.marryingAge.female);
      const couple = spouse ? [head, spouse] : [head];
      if (spouse) {
        expect(spouse.sex).not.toBe(head.sex);
        expect(Math.abs(days(head.birth, spouse.birth)) / 365.25).toBeLessThanOrEqual(FAMILY.spouseGapMax);
        for (const p of couple) expect(p.age).toBeGreaterThanOrEqual(FAMILY.marryingAge[p.sex]);
      }
      for (const child of ps.filter((p) => p.relation === 'child')) {
        for (const parent of couple) expect(ageAtBirth(parent, child)).toSatisfy((a: number) => a >= 20 && a <= 44);
      }
      const parents = ps.filter((p) => p.relation === 'parent');
      for (const parent of parents) expect(ageAtBirth(parent, head)).toSatisfy((a: number) => a >= 20 && a <= 44);
      if (parents.length === 2) {
        expect(parents[0].sex).not.toBe(parents[1].sex);
        expect(Math.abs(days(parents[0].birth, parents[1].birth)) / 365.25).toBeLessThanOrEqual(FAMILY.spouseGapMax);
      }
      expect(parents.length).toBeLessThanOrEqual(2);
    }
  });

  it('makes grandparents at least 40 years older than their grandchildren, each grandchild 20–44 years younger than a parent at home if any', () => {
    for (const h of households) {
      const ps = people(h);
      const couple = ps.filter((p) => p.relation === 'head' || p.relation === 'spouse');
      const children = ps.filter((p) => p.relation === 'child');
      for (const gc of ps.filter((p) => p.relation === 'grandchild')) {
        for (const gp of couple) expect(ageAtBirth(gp, gc)).toBeGreaterThanOrEqual(FAMILY.grandparentGapMin);
        if (children.length > 0) expect(children.some((c) => { const a = ageAtBirth(c, gc); return a >= 20 && a <= 44; })).toBe(true);
      }
      const head = couple.find((p) => p.relation === 'head')!;
      for (const gp of ps.filter((p) => p.relation === 'grandparent')) expect(ageAtBirth(gp, head)).toBeGreaterThanOrEqual(FAMILY.grandparentGapMin);
      // Four generations are not generated: the head's parents never live with the head's grandchildren.
      expect(ps.some((p) => p.relation === 'parent') && ps.some((p) => p.relation === 'grandchild')).toBe(false);
    }
  });

  it('spaces siblings at least ten months apart, usually one to six years', () => {
    const gaps: number[] = [];
    for (const h of households) {
      const ps = people(h);
      for (const relation of ['child', 'grandchild']) {
        const sibs = byBirth(ps.filter((p) => p.relation === relation));
        for (let i = 1; i < sibs.length; i++) gaps.push(days(sibs[i - 1].birth, sibs[i].birth));
      }
    }
    expect(gaps.length).toBeGreaterThan(300);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FAMILY.siblingGapMinDays);
    const usual = gaps.filter((d) => d >= 365 && d <= 6 * 365.25 + 1).length / gaps.length;
    expect(usual).toBeGreaterThan(0.85);
  });

  it('produces a county with every kind of household and a plausible size', () => {
    const relations = new Set(households.flatMap((h) => h.members.map((m) => m.relation)));
    expect([...relations].sort()).toEqual(['child', 'grandchild', 'grandparent', 'head', 'parent', 'spouse']);
    const sizes = households.map((h) => h.members.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(4);
    expect(sizes.filter((n) => n === 1).length / sizes.length).toBeGreaterThan(0.15); // elderly living alone
    const ages = households.flatMap((h) => people(h).map((p) => p.age));
    expect(ages.filter((a) => a < 18).length / ages.length).toBeGreaterThan(0.1);
    expect(ages.filter((a) => a >= 60).length / ages.length).toBeGreaterThan(0.2);
  });

  it('gives each birth day and sex its 500 ID numbers one after another without searching, and says so when they run out', () => {
    const next = idNumberAllocator('430525');
    for (const [date, sex] of [['1960-05-05', 'male'], ['1960-05-05', 'female'], ['1999-12-31', 'female']] as const) {
      const ids = Array.from({ length: SEQUENCES_PER_DAY_AND_SEX }, () => next(date, sex));
      expect(new Set(ids).size).toBe(SEQUENCES_PER_DAY_AND_SEX);
      for (const id of ids) expect(parseIdNumber(id)).toMatchObject({ ok: true, value: { birthDate: date, sex, areaCode: '430525' } });
      expect(() => next(date, sex)).toThrow(/已用完/);
    }
  });

  it('spreads the birth days of a large county: no day and sex comes near its 500 ID numbers, so seeding 100,000 households stays linear', () => {
    // Clamping spouses' birth days to the youngest marrying age once put hundreds of wives on one day,
    // and the search for a free ID number on that day slowed and then never ended (at about 66,000 households).
    const perDay = new Map<string, number>();
    let people = 0;
    for (const h of demoHouseholds({ countyCode: '430525', households: 50_000, asOf: AS_OF })) {
      for (const m of h.members) {
        const key = m.idNumber!.slice(6, 14) + (Number(m.idNumber![16]) % 2);
        perDay.set(key, (perDay.get(key) ?? 0) + 1);
        people++;
      }
    }
    expect(people).toBeGreaterThan(100_000);
    expect(Math.max(...perDay.values())).toBeLessThan(SEQUENCES_PER_DAY_AND_SEX / 10);
  });

  it('is deterministic for a seed, differs between seeds, and holds its rules for other seeds and dates', () => {
    const again = [...demoHouseholds({ countyCode: '430525', households: 200, seed: 5, asOf: AS_OF })];
    expect(again).toEqual(households.slice(0, 200));
    const other = [...demoHouseholds({ countyCode: '430525', households: 200, seed: 6, asOf: AS_OF })];
    expect(other.map((h) => h.members[0].idNumber)).not.toEqual(again.map((h) => h.members[0].idNumber));
    for (const h of demoHouseholds({ countyCode: '430525', households: 500, asOf: '2024-08-01' })) {
      for (const m of h.members) {
        const id = parseIdNumber(m.idNumber!);
        expect(id.ok && id.value.birthDate <= '2024-08-01' && ageOn(id.value.birthDate, '2024-08-01') <= FAMILY.maxAge).toBe(true);
      }
    }
  });
});
