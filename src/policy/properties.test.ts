/** Properties that must hold for every household, checked on random ones with fast-check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { parseHousehold } from './household.ts';
import { resolvePack } from './pack.ts';
import { PARAMETERS } from './parameters.ts';
import { packWith } from './testing.ts';

// A fixed seed keeps CI repeatable; FC_SEED=<n> explores others.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

const DATE = '2022-06-01';
const pack = resolvePack(packWith({
  dibao: { standard: { urban: 600, rural: 420 }, employmentCost: 100, surcharge: { elderly: 0.2, severeDisability: 0.3, student: 0.2 }, rigidExpense: { enabled: true } },
  tekun: { minimumWage: 1430 },
}), DATE);

const yuan = fc.integer({ min: 0, max: 400_000 }).map((f) => f / 100);
const memberArb = fc.record({
  birthDate: fc.date({ min: new Date('1925-01-01'), max: new Date('2022-05-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  laborCapacity: fc.constantFrom('full', 'partial', 'none'),
  monthlyIncomeYuan: yuan,
  employed: fc.boolean(),
  disability: fc.option(fc.record({ grade: fc.integer({ min: 1, max: 4 }), kind: fc.constantFrom('physical', 'mental', 'intellectual', 'visual') }), { nil: null }),
  illnesses: fc.subarray(['malignant_tumor', 'severe_mental', 'flu']),
  schooling: fc.constantFrom('none', 'primary', 'junior', 'senior', 'college'),
  boarding: fc.boolean(),
  selfCare: fc.constantFrom('able', 'partial', 'unable'),
  supporter: fc.constantFrom('able', 'unable', 'none'),
});
const isoDate = (min: string, max: string) => fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const householdArb = fc.record({
  hukou: fc.constantFrom('urban', 'rural'),
  singleParent: fc.boolean(),
  registeredPoor: fc.boolean(),
  assets: fc.record({ financialYuan: yuan, vehicles: fc.integer({ min: 0, max: 1 }), businessRegistered: fc.boolean() }),
  rigidExpensesYuan: yuan,
  members: fc.array(memberArb, { minLength: 1, maxLength: 6 }),
}).map((h) => ({ ...h, members: h.members.map((m, i) => ({ ...m, id: `P${i}`, relation: i === 0 ? 'head' : 'other' })) }));

/** Households that receive something now: 低保 with the dates a taper needs, or 特困 members who may continue in school. */
const currentArb = fc.oneof(
  fc.record({ program: fc.constant('dibao'), lastMonthlyYuan: yuan, incomeAboveStandardSince: isoDate('2020-01-01', DATE) }),
  fc.record({ program: fc.constant('tekun'), tekunMembers: fc.subarray(['P0', 'P1', 'P2']) }),
  // Every field of current is optional: members supported as 特困 without a program named.
  fc.record({ tekunMembers: fc.subarray(['P0', 'P1', 'P2']) }),
);
const withCurrentArb = fc.tuple(householdArb, currentArb).map(([h, c]) => ({
  ...h, current: 'tekunMembers' in c ? { ...c, tekunMembers: c.tekunMembers.filter((id) => h.members.some((m) => m.id === id)) } : c,
}));
/** A member born after the evaluation date. */
const unbornArb = fc.tuple(memberArb, isoDate('2022-06-02', '2023-12-31')).map(([m, birthDate]) => ({ ...m, birthDate, id: 'LATER', relation: 'child' }));

const run = (h: unknown) => evaluate(pack, parseHousehold(h));
/** What a household is paid: every entry's program, members, status and amounts, without the wording. */
const paid = (r: ReturnType<typeof run>) => ({ household: r.household, total: r.totalMonthlyYuan,
  benefits: r.benefits.map((b) => [b.program, b.member ?? b.members?.join(), b.status, b.monthlyYuan, b.annualYuan, b.endsOn, b.approval, b.advance]) });
describe('properties of the rules', () => {
  it('never gives a negative amount', () => {
    fc.assert(fc.property(householdArb, (h) => {
      const r = run(h);
      for (const b of r.benefits) for (const k of ['monthlyYuan', 'annualYuan', 'basicYuan', 'careYuan'] as const) expect(b[k] ?? 0).toBeGreaterThanOrEqual(0);
      expect(r.totalMonthlyYuan).toBeGreaterThanOrEqual(0);
    }), { numRuns: 500 });
  });

  it('never raises the household 低保 amount when a member earns more, nor the total without a 单人户 candidate', () => {
    fc.assert(fc.property(householdArb, fc.nat({ max: 5 }), yuan, (h, i, extra) => {
      const k = i % h.members.length;
      const richer = { ...h, members: h.members.map((m, j) => (j === k ? { ...m, monthlyIncomeYuan: Math.round((m.monthlyIncomeYuan + extra) * 100) / 100 } : m)) };
      const [before, after] = [run(h), run(richer)];
      const household = (r: typeof before) => r.benefits.find((b) => b.program === 'dibao' && b.status !== 'ineligible')?.monthlyYuan ?? 0;
      // A member whose income ends their 特困 eligibility joins the 低保 household with their surcharge,
      // so the 低保 amount alone is monotone while the 特困 members stay the same.
      const tekun = (r: typeof before) => r.benefits.filter((b) => b.program === 'tekun').map((b) => b.member).join();
      if (tekun(before) === tekun(after)) expect(household(after)).toBeLessThanOrEqual(household(before));
      // Just above the line, 单人户 pays a severely disabled or ill member S − own income, which can exceed
      // the household's gap just below it (RULES.md as written; see the example test in rules.test.ts).
      const singleCandidate = h.members.some((m) => m.disability || m.illnesses.includes('severe_mental') || m.illnesses.includes('malignant_tumor'));
      if (!singleCandidate) expect(after.totalMonthlyYuan).toBeLessThanOrEqual(before.totalMonthlyYuan);
    }), { numRuns: 1000 });
  });

  it('never lets a member born after the date change that date\'s amounts (back-payments for earlier months)', () => {
    fc.assert(fc.property(fc.oneof(householdArb, withCurrentArb), unbornArb, (h, later) => {
      expect(paid(run({ ...h, members: [...h.members, later] }))).toEqual(paid(run(h)));
    }), { numRuns: 500 });
  });

  it('decides every taper from its dates: a taper pays the last amount and ends after the date, never at it', () => {
    fc.assert(fc.property(withCurrentArb, (h) => {
      const r = run(h);
      const d = r.benefits.find((b) => b.program === 'dibao' && b.status === 'taper');
      if (!d) return;
      expect(d.monthlyYuan).toBe((h.current as { lastMonthlyYuan: number }).lastMonthlyYuan);
      expect(d.endsOn! > DATE).toBe(true);
      expect(r.household.classification).toBe('dibao');
    }), { numRuns: 500 });
  });

  it('makes no adult 特困 for being in school unless they are 特困 now', () => {
    fc.assert(fc.property(fc.oneof(householdArb, withCurrentArb), (h) => {
      const listed = new Set((h as { current?: { tekunMembers?: string[] } }).current?.tekunMembers ?? []);
      for (const b of run(h).benefits.filter((x) => x.program === 'tekun' && x.status === 'eligible')) {
        const m = h.members.find((x) => x.id === b.member)!;
        const adultStudentOnly = m.laborCapacity !== 'none' && m.birthDate <= '2004-06-01'; // 18 or older on the date, able to work
        if (adultStudentOnly) expect(listed.has(m.id)).toBe(true);
      }
    }), { numRuns: 500 });
  });

  it('gives reasons an officer can check: every default cites its document line, no fraction as 0.3333, no negative difference', () => {
    fc.assert(fc.property(fc.oneof(householdArb, withCurrentArb), (h) => {
      for (const b of run(h).benefits) {
        for (const x of b.reasons) {
          expect(x.text).not.toMatch(/0\.(3333|1666)|= -\d|−\s*[\d.]+\s*=\s*-/);
          for (const p of x.parameters) if (p.source === 'default') expect(p.cite).toBe(PARAMETERS[p.name].source);
        }
      }
    }), { numRuns: 300 });
  });

  it('is deterministic: the same household gives the same result', () => {
    fc.assert(fc.property(householdArb, (h) => {
      expect(JSON.stringify(run(structuredClone(h)))).toBe(JSON.stringify(run(h)));
    }), { numRuns: 200 });
  });

  it('keeps the total equal to the sum of the monthly amounts of eligible and taper entries', () => {
    fc.assert(fc.property(householdArb, (h) => {
      const r = run(h);
      const sum = r.benefits.filter((b) => b.status !== 'ineligible').reduce((s, b) => s + Math.round((b.monthlyYuan ?? 0) * 100), 0);
      expect(Math.round(r.totalMonthlyYuan * 100)).toBe(sum);
    }), { numRuns: 300 });
  });

  it('gives every eligible entry at least one reason', () => {
    fc.assert(fc.property(householdArb, (h) => {
      for (const b of run(h).benefits) expect(b.reasons.length).toBeGreaterThan(0);
    }), { numRuns: 300 });
  });
});
