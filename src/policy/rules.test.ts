/**
 * The rules of ../shared/domain/RULES.md on worked examples from the documents. Each test names
 * the behaviour it protects; the numbers are the documents' own where they give them.
 */
import { describe, expect, it } from 'vitest';
import { benefit, run, STANDARDS } from './testing.ts';

const elderly = (over: Record<string, unknown> = {}) => ({ id: 'P1', birthDate: '1950-01-01', relation: 'head', laborCapacity: 'none', supporter: 'none', ...over });
const worker = (income: number, over: Record<string, unknown> = {}) => ({ id: 'W', birthDate: '1985-01-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: income, employed: income > 0, ...over });

describe('特困供养 tekun', () => {
  it('pays 741 = 1.3 × the urban standard 570 as in 正安县 2018', () => {
    const r = run({ dibao: { standard: { urban: 570, rural: 323 } }, tekun: { base: 'urban', minimumWage: 1000, care: { able: 0 } } }, { hukou: 'rural', members: [elderly({ selfCare: 'able' })] });
    expect(benefit(r, 'tekun', 'P1')).toMatchObject({ status: 'eligible', basicYuan: 741, careYuan: 0, monthlyYuan: 741 });
  });

  it.each([['unable', 360], ['partial', 180], ['able', 108]])('pays the %s care fee as 1/3, 1/6, 1/10 of the minimum wage', (selfCare, care) => {
    const r = run(STANDARDS, { hukou: 'rural', members: [elderly({ selfCare })] });
    expect(benefit(r, 'tekun', 'P1')).toMatchObject({ basicYuan: 546, careYuan: care, monthlyYuan: 546 + care });
  });

  it('keeps fractional care fees to the fen unless the pack rounds', () => {
    const member = elderly({ selfCare: 'unable' });
    expect(benefit(run({ ...STANDARDS, tekun: { minimumWage: 1430 } }, { hukou: 'rural', members: [member] }), 'tekun')?.careYuan).toBe(476.67);
    expect(benefit(run({ ...STANDARDS, general: { rounding: 'yuan' }, tekun: { minimumWage: 1430 } }, { hukou: 'rural', members: [member] }), 'tekun')?.careYuan).toBe(477);
    expect(benefit(run({ ...STANDARDS, general: { rounding: 'jiao' }, tekun: { minimumWage: 1430 } }, { hukou: 'rural', members: [member] }), 'tekun')?.careYuan).toBe(476.7);
  });

  it('takes minors under 18 in 洞口县 but only under 16 in 郴州', () => {
    const child = { id: 'C', birthDate: '2004-06-01', relation: 'child', laborCapacity: 'none', supporter: 'none' }; // 17 on 2021-12-01
    const household = { hukou: 'rural', members: [child] };
    expect(benefit(run({ ...STANDARDS, tekun: { minimumWage: 1080, minorAge: 18 } }, household), 'tekun', 'C')?.status).toBe('eligible');
    expect(benefit(run({ ...STANDARDS, tekun: { minimumWage: 1080, minorAge: 16 } }, household), 'tekun', 'C')).toBeUndefined();
  });

  it('keeps a 特困 minor who comes of age in vocational school, exempt from the work-capacity test (000:L126 可继续享有)', () => {
    const student = { id: 'S', birthDate: '2002-01-01', relation: 'child', laborCapacity: 'full', schooling: 'vocational', supporter: 'none' };
    const supported = { program: 'tekun', tekunMembers: ['S'] };
    expect(benefit(run(STANDARDS, { hukou: 'rural', current: supported, members: [student] }), 'tekun', 'S')?.status).toBe('eligible');
    expect(benefit(run(STANDARDS, { hukou: 'rural', current: supported, members: [{ ...student, schooling: 'college' }] }), 'tekun', 'S')).toBeUndefined();
  });

  it.each([
    [{ supporter: 'able' }, '有法定赡养'],
    [{ laborCapacity: 'partial' }, '部分丧失劳动能力'],
    [{ monthlyIncomeYuan: 420 }, '420.00 元 ≥ 低保标准 420.00 元'],
  ])('refuses a 特困 elderly member who no longer qualifies (%o) and says why', (over, why) => {
    const t = benefit(run(STANDARDS, { hukou: 'rural', current: { program: 'tekun', tekunMembers: ['P1'] }, members: [elderly(over)] }), 'tekun');
    expect(t?.status).toBe('ineligible');
    expect(t?.monthlyYuan).toBeUndefined();
    expect(t?.reasons.map((x) => x.text).join('\n')).toContain(why);
  });

  it('gives a refused 特困 member only the category and the conditions failed, never the ones met', () => {
    const refused = (over: Record<string, unknown>) => benefit(run(STANDARDS, { hukou: 'rural', members: [elderly(over)] }), 'tekun');
    // Without an able supporter an officer would ask: the category, then each failed condition in the rules' order.
    expect(refused({ laborCapacity: 'partial', monthlyIncomeYuan: 500, supporter: 'unable' })?.reasons.map((x) => [x.rule, x.text])).toEqual([
      ['tekun.category', '年满 60 周岁的老年人（71 岁）'],
      ['tekun.noLabor', '部分丧失劳动能力，不符合“无劳动能力”'],
      ['tekun.noLivelihood', '本人月收入 500.00 元 ≥ 低保标准 420.00 元，有生活来源'],
    ]);
    // Assets over the 低保 test and an able supporter, while 特困 now: those two refusals.
    const listed = run(STANDARDS, { hukou: 'rural', assets: { vehicles: 2 }, current: { tekunMembers: ['P1'] }, members: [elderly({ supporter: 'able' })] });
    expect(benefit(listed, 'tekun')?.reasons.map((x) => x.rule)).toEqual(['tekun.category', 'tekun.assets', 'tekun.noSupporter']);
    // An able supporter looks after a member not 特困 now: nobody asks, no entry.
    expect(refused({ laborCapacity: 'full', supporter: 'able' })).toBeUndefined();
  });

  it('leaves tekun members out of the 低保 household, neither counted nor their income', () => {
    const r = run(STANDARDS, { hukou: 'rural', members: [elderly({ monthlyIncomeYuan: 300 }), worker(300, { relation: 'child' })] });
    expect(r.household).toEqual({ classification: 'dibao', countedMembers: 1, netMonthlyIncomeYuan: 300 });
    expect(benefit(r, 'dibao')).toMatchObject({ members: ['W'], monthlyYuan: 120 });
  });

  it('classifies a household whose members are all tekun-eligible as tekun', () => {
    expect(run(STANDARDS, { hukou: 'rural', members: [elderly()] }).household.classification).toBe('tekun');
  });

  it('uses a fixed basic standard when the pack sets one', () => {
    const r = run({ ...STANDARDS, tekun: { minimumWage: 1080, basicStandard: 800 } }, { hukou: 'rural', members: [elderly({ selfCare: 'able' })] });
    expect(benefit(r, 'tekun')).toMatchObject({ basicYuan: 800 });
  });

  it('fails with the parameter named when the minimum wage is required but missing', () => {
    expect(() => run({ dibao: STANDARDS.dibao }, { hukou: 'rural', members: [elderly()] })).toThrow(/tekun\.minimumWage/);
  });
});

describe('最低生活保障 dibao', () => {
  it('pays the gap between the standard and the counted income', () => {
    const r = run(STANDARDS, { hukou: 'rural', members: [worker(300), worker(220, { id: 'W2', relation: 'spouse' }), { id: 'K', birthDate: '2012-01-01', relation: 'child', laborCapacity: 'none' }] });
    expect(r.household).toEqual({ classification: 'dibao', countedMembers: 3, netMonthlyIncomeYuan: 520 });
    expect(benefit(r, 'dibao')).toMatchObject({ status: 'eligible', monthlyYuan: 3 * 420 - 520 });
    expect(benefit(r, 'dibao')?.reasons.find((x) => x.rule === 'dibao.gap')?.text).toContain('人均收入约 173.33 元 < 低保标准 420.00 元；差额 = 420.00 × 3 − 520.00 = 740.00 元');
    expect(r.totalMonthlyYuan).toBe(740);
  });

  it('uses the urban standard for an urban household', () => {
    expect(benefit(run(STANDARDS, { hukou: 'urban', members: [worker(100)] }), 'dibao')?.monthlyYuan).toBe(470);
  });

  it('deducts the employment cost of employed members, at most their own income', () => {
    const r = run({ ...STANDARDS, dibao: { ...STANDARDS.dibao, employmentCost: 100 } }, { hukou: 'rural', members: [worker(450), worker(60, { id: 'W2', relation: 'spouse' })] });
    expect(r.household.netMonthlyIncomeYuan).toBe(450 - 100 + 60 - 60);
  });

  it('deducts rigid expenses above twice last year\'s income, capped at twice the standard per person (郴州)', () => {
    const pack = { ...STANDARDS, dibao: { ...STANDARDS.dibao, rigidExpense: { enabled: true } } };
    const under = run(pack, { hukou: 'rural', rigidExpensesYuan: 12000, previousYearIncomeYuan: 6000, members: [worker(500)] });
    expect(under.household.netMonthlyIncomeYuan).toBe(500); // 12000 is not more than 2 × 6000
    const over = run(pack, { hukou: 'rural', rigidExpensesYuan: 12001.2, previousYearIncomeYuan: 6000, members: [worker(500)] });
    expect(over.household.netMonthlyIncomeYuan).toBe(0); // 12001.2 / 12 = 1000.1 ≥ 500
    const capped = run(pack, { hukou: 'rural', rigidExpensesYuan: 24000, previousYearIncomeYuan: 6000, members: [worker(1000)] });
    expect(capped.household.netMonthlyIncomeYuan).toBe(1000 - 840); // min(2000, 2 × 420 × 1)
  });

  it('refuses 低保 when the asset test fails, naming the asset', () => {
    const car = run(STANDARDS, { hukou: 'rural', assets: { vehicles: 1 }, members: [worker(100)] });
    expect(benefit(car, 'dibao')?.status).toBe('ineligible');
    expect(benefit(car, 'dibao')?.reasons.map((x) => x.rule)).toContain('dibao.assets.vehicles');
    expect(car.household.classification).toBe('none');
    const savings = run(STANDARDS, { hukou: 'rural', assets: { financialYuan: 24 * 420 + 0.01 }, members: [worker(100)] });
    expect(benefit(savings, 'dibao')?.reasons.map((x) => x.rule)).toContain('dibao.assets.financial');
    expect(benefit(run(STANDARDS, { hukou: 'rural', assets: { financialYuan: 24 * 420 }, members: [worker(100)] }), 'dibao')?.status).toBe('eligible');
  });

  it('adds 分类施保 surcharges, the largest fraction or their sum', () => {
    const member = { id: 'E', birthDate: '1955-01-01', relation: 'head', laborCapacity: 'partial', disability: { grade: 2, kind: 'physical' }, monthlyIncomeYuan: 400 };
    const pack = (combine: string) => ({ ...STANDARDS, dibao: { ...STANDARDS.dibao, surcharge: { combine, elderly: 0.2, severeDisability: 0.3 } } });
    expect(benefit(run(pack('max'), { hukou: 'rural', members: [member] }), 'dibao')?.monthlyYuan).toBe(20 + 126);
    expect(benefit(run(pack('sum'), { hukou: 'rural', members: [member] }), 'dibao')?.monthlyYuan).toBe(20 + 210);
  });

  it('needs the second-generation certificate for 重度残疾 where the pack says so (洞口县)', () => {
    const member = { id: 'D', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'partial', disability: { grade: 1, kind: 'physical', certGeneration: 1 }, monthlyIncomeYuan: 400 };
    const surcharge = { ...STANDARDS, dibao: { ...STANDARDS.dibao, surcharge: { severeDisability: 0.3 } } };
    expect(benefit(run(surcharge, { hukou: 'rural', members: [member] }), 'dibao')?.monthlyYuan).toBe(20 + 126);
    const dongkou = { ...surcharge, definitions: { severeDisability: { requireSecondGeneration: true } } };
    expect(benefit(run(dongkou, { hukou: 'rural', members: [member] }), 'dibao')?.monthlyYuan).toBe(20);
  });

  it('counts grade 3 intellectual and mental disability as 重度 unless the pack says otherwise', () => {
    const member = { id: 'M', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'partial', disability: { grade: 3, kind: 'mental' }, monthlyIncomeYuan: 400 };
    const pack = { ...STANDARDS, dibao: { ...STANDARDS.dibao, surcharge: { severeDisability: 0.3 } } };
    expect(benefit(run(pack, { hukou: 'rural', members: [member] }), 'dibao')?.monthlyYuan).toBe(146);
    const strict = { ...pack, definitions: { severeDisability: { grade3IntellectualMental: false } } };
    expect(benefit(run(strict, { hukou: 'rural', members: [member] }), 'dibao')?.monthlyYuan).toBe(20);
  });

  it('pays at least the minimum monthly amount', () => {
    const pack = { ...STANDARDS, dibao: { ...STANDARDS.dibao, minimumMonthly: 50 } };
    expect(benefit(run(pack, { hukou: 'rural', members: [worker(410)] }), 'dibao')?.monthlyYuan).toBe(50);
  });
});

describe('渐退 taper', () => {
  const household = (since: string) => ({ hukou: 'rural', current: { program: 'dibao', lastMonthlyYuan: 850, incomeAboveStandardSince: since }, members: [worker(2000)] });

  it('keeps the last amount for 12 months after income rose above the standard through work', () => {
    const r = run(STANDARDS, household('2021-03-01'));
    expect(benefit(r, 'dibao')).toMatchObject({ status: 'taper', monthlyYuan: 850, endsOn: '2022-03-01' });
    expect(r.household.classification).toBe('dibao');
    expect(r.totalMonthlyYuan).toBe(850);
  });

  it('ends the taper once 12 months have passed', () => {
    expect(benefit(run(STANDARDS, household('2021-03-01'), '2022-02-28'), 'dibao')?.status).toBe('taper');
    expect(benefit(run(STANDARDS, household('2021-03-01'), '2022-03-01'), 'dibao')?.status).toBe('ineligible');
  });

  it('follows the pack\'s taper length', () => {
    expect(benefit(run({ ...STANDARDS, dibao: { ...STANDARDS.dibao, taperMonths: 6 } }, household('2021-03-01')), 'dibao')?.status).toBe('ineligible');
  });

  it('uses the months decided for the case, up to the pack\'s maximum (000:L148 "不超过一年")', () => {
    const decided = (months: number) => ({ ...household('2021-06-01'), current: { ...household('2021-06-01').current, taperMonths: months } });
    const r = benefit(run(STANDARDS, decided(4), '2021-08-01'), 'dibao');
    expect(r).toMatchObject({ status: 'taper', monthlyYuan: 850, endsOn: '2021-10-01' });
    expect(r!.reasons.find((x) => x.rule === 'dibao.taper')?.text).toContain('按决定给予 4 个月渐退期（上限 12 个月）');
    // 2021-06-01 + 4 months has passed on 2021-12-01: no taper any more.
    expect(benefit(run(STANDARDS, decided(4), '2021-12-01'), 'dibao')?.status).toBe('ineligible');
    expect(() => run(STANDARDS, decided(13))).toThrow(/渐退期 13 个月超过政策包规定的上限 12 个月/);
    // No decision: the maximum.
    expect(benefit(run(STANDARDS, household('2021-06-01')), 'dibao')?.endsOn).toBe('2022-06-01');
  });

  it('gives no taper when nobody works or the assets fail', () => {
    const idle = { ...household('2021-06-01'), members: [worker(2000, { employed: false })] };
    expect(benefit(run(STANDARDS, idle), 'dibao')?.status).toBe('ineligible');
    expect(benefit(run(STANDARDS, { ...household('2021-06-01'), assets: { vehicles: 2 } }), 'dibao')?.status).toBe('ineligible');
  });
});

describe('单人户 single-person inclusion', () => {
  const family = (income: number) => ({
    hukou: 'rural',
    members: [worker(income), { id: 'S', birthDate: '1990-01-01', relation: 'child', laborCapacity: 'none', illnesses: ['malignant_tumor'], supporter: 'able' }],
  });

  it('includes a seriously ill member of a low-income family on their own', () => {
    const r = run(STANDARDS, family(1000)); // 1000 ≥ 2 × 420 but < 1.5 × 2 × 420
    expect(benefit(r, 'dibao')?.status).toBe('ineligible');
    expect(benefit(r, 'dibao.single', 'S')).toMatchObject({ status: 'eligible', monthlyYuan: 420 });
    expect(r.household.classification).toBe('lowIncome');
    expect(r.totalMonthlyYuan).toBe(420);
  });

  it('pays a seriously ill member S − own income just above the line, which can exceed the household gap just below it', () => {
    // RULES.md as written: a county may want to cap 单人户 at what the household would get; the pack has no such parameter yet.
    const household = (income: number) => ({ hukou: 'rural', members: [worker(income), { id: 'S', birthDate: '1990-01-01', relation: 'child', laborCapacity: 'full', illnesses: ['malignant_tumor'], monthlyIncomeYuan: 100, supporter: 'able' }] });
    expect(run(STANDARDS, household(739)).totalMonthlyYuan).toBe(2 * 420 - 839); // household 低保: 1.00
    expect(run(STANDARDS, household(740)).totalMonthlyYuan).toBe(420 - 100); // 单人户: 320.00
  });

  it('does not include them when the family is above the low-income line', () => {
    const r = run(STANDARDS, family(1260));
    expect(benefit(r, 'dibao.single')).toBeUndefined();
    expect(r.household.classification).toBe('none');
  });

  it('does not include them when the pack disables it', () => {
    expect(benefit(run({ ...STANDARDS, dibao: { ...STANDARDS.dibao, single: { enabled: false } } }, family(1000)), 'dibao.single')).toBeUndefined();
  });

  it('uses the pack\'s own list of serious illnesses', () => {
    const r = run({ ...STANDARDS, definitions: { seriousIllnesses: ['uremia'] } }, family(1000));
    expect(benefit(r, 'dibao.single')).toBeUndefined();
  });
});

describe('残疾人两项补贴 disability subsidies (正安县 2018)', () => {
  it('pays nursing 50 for grade 1 and 40 for grade 2 in any household, nothing for grade 3', () => {
    const members = [1, 2, 3].map((grade) => ({ id: `D${grade}`, birthDate: '1980-01-01', relation: grade === 1 ? 'head' : 'sibling', laborCapacity: 'full', monthlyIncomeYuan: 3000, disability: { grade, kind: 'physical' } }));
    const r = run(STANDARDS, { hukou: 'rural', members });
    expect(r.benefits.filter((b) => b.program === 'disability.nursing').map((b) => [b.member, b.monthlyYuan])).toEqual([['D1', 50], ['D2', 40]]);
    expect(benefit(r, 'disability.living')).toBeUndefined();
  });

  it('pays the living subsidy as 30% of the standard to a disabled member of a 低保 household', () => {
    const r = run(STANDARDS, { hukou: 'rural', members: [worker(100), { id: 'D', birthDate: '1990-01-01', relation: 'child', laborCapacity: 'partial', disability: { grade: 1, kind: 'hearing' } }] });
    expect(benefit(r, 'disability.living', 'D')?.monthlyYuan).toBe(126);
  });

  it('pays the living subsidy in a low-income household only when the pack includes it', () => {
    const household = { hukou: 'rural', members: [worker(1000), { id: 'D', birthDate: '1990-01-01', relation: 'child', laborCapacity: 'partial', disability: { grade: 4, kind: 'hearing' } }] };
    expect(benefit(run(STANDARDS, household), 'disability.living')).toBeUndefined();
    expect(benefit(run({ ...STANDARDS, disability: { living: { includeLowIncome: true } } }, household), 'disability.living')?.monthlyYuan).toBe(42);
  });
});

describe('教育资助 boarding subsidy (正安县 2018)', () => {
  const pupil = (schooling: string) => ({ id: 'K', birthDate: '2010-01-01', relation: 'child', laborCapacity: 'none', schooling, boarding: true });

  it('pays 1000 a year to a primary and 1250 to a junior boarder of a 低保 household', () => {
    expect(benefit(run(STANDARDS, { hukou: 'rural', members: [worker(100), pupil('primary')] }), 'education.boarding')?.annualYuan).toBe(1000);
    expect(benefit(run(STANDARDS, { hukou: 'rural', members: [worker(100), pupil('junior')] }), 'education.boarding')?.annualYuan).toBe(1250);
  });

  it('pays a registered-poor household above the 低保 line, not an ordinary one', () => {
    expect(benefit(run(STANDARDS, { hukou: 'rural', registeredPoor: true, members: [worker(5000), pupil('junior')] }), 'education.boarding')?.annualYuan).toBe(1250);
    expect(benefit(run(STANDARDS, { hukou: 'rural', members: [worker(5000), pupil('junior')] }), 'education.boarding')).toBeUndefined();
  });

  it('does not count the annual subsidy in the monthly total', () => {
    const r = run(STANDARDS, { hukou: 'rural', members: [worker(100), pupil('primary')] });
    expect(r.totalMonthlyYuan).toBe(benefit(r, 'dibao')!.monthlyYuan);
  });
});

describe('临时救助 temporary assistance (洞口县 2021)', () => {
  it.each([[1000, 'township'], [1000.01, 'county'], [300, 'township']])('sends a request of %s yuan to the %s', (amountYuan, approval) => {
    const r = run(STANDARDS, { hukou: 'rural', members: [worker(5000)], request: { kind: 'expenditure', amountYuan } });
    expect(benefit(r, 'temporary')).toMatchObject({ status: 'eligible', approval, advance: false });
  });

  it.each([
    [800, {}, 'township', true],
    [1000, {}, 'township', true],
    [1000.01, {}, 'county', false], // 小额先行救助 (000:L174): a larger emergency is approved first
    [2000, {}, 'county', false],
    [800, { temporary: { advance: false } }, 'township', false],
  ])('pays an emergency of %s yuan first only when it is small (within the township limit) and the pack allows it (%o)', (amountYuan, pack, approval, advance) => {
    const household = { hukou: 'rural', members: [worker(5000)], request: { kind: 'emergency', amountYuan } };
    expect(benefit(run({ ...STANDARDS, ...pack }, household), 'temporary')).toMatchObject({ approval, advance });
  });
});

describe('reasons', () => {
  it('cite every parameter with its value and where it came from', () => {
    const r = run(STANDARDS, { hukou: 'rural', members: [elderly()] });
    const params = benefit(r, 'tekun')!.reasons.flatMap((x) => x.parameters);
    expect(params).toContainEqual({ name: 'tekun.basicMultiple', value: 1.3, source: 'default', cite: '000:L130' });
    expect(params).toContainEqual({ name: 'dibao.standard.rural', value: 420, source: 'test-pack' });
  });

  it('show the date a dated value took force, and switch on that date', () => {
    const pack = { ...STANDARDS, dibao: { standard: { urban: 570, rural: { '2021-01-01': 420, '2021-07-01': 450 } } } };
    const household = { hukou: 'rural', members: [worker(100)] };
    expect(benefit(run(pack, household, '2021-06-30'), 'dibao')?.monthlyYuan).toBe(320);
    const july = benefit(run(pack, household, '2021-07-01'), 'dibao')!;
    expect(july.monthlyYuan).toBe(350);
    expect(july.reasons.flatMap((x) => x.parameters)).toContainEqual({ name: 'dibao.standard.rural', value: 450, source: 'test-pack', since: '2021-07-01' });
  });
});
