/**
 * The rules as RULES.md was revised after a second reading of the documents: the edges where the
 * first version paid real families wrong amounts. Each test names the behaviour it protects and
 * uses the documents' wording and numbers where they give them.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from './household.ts';
import { benefit, run, STANDARDS } from './testing.ts';

const worker = (income: number, over: Record<string, unknown> = {}) => ({ id: 'W', birthDate: '1985-01-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: income, employed: income > 0, ...over });
const elderly = (over: Record<string, unknown> = {}) => ({ id: 'E', birthDate: '1950-01-01', relation: 'parent', laborCapacity: 'none', supporter: 'none', ...over });
const withDibao = (dibao: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ ...STANDARDS, ...rest, dibao: { ...STANDARDS.dibao, ...dibao } });

function inputError(f: () => unknown): { path: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return { path: e.path, message: e.message };
    throw e;
  }
  throw new Error('expected an input error');
}

describe('members on a date', () => {
  const family = { hukou: 'rural', members: [worker(100), { id: 'B', birthDate: '2022-03-01', relation: 'child', laborCapacity: 'none', monthlyIncomeYuan: 0 }] };

  it.each([
    ['2021-12-01', 1, 420 - 100],
    ['2022-02-28', 1, 420 - 100],
    ['2022-03-01', 2, 2 * 420 - 100],
  ])('leaves out a member born after the evaluation date (on %s: %i counted, 低保 %s), so back-payments for earlier months come out right', (date, counted, amount) => {
    const r = run(STANDARDS, family, date);
    expect(r.household.countedMembers).toBe(counted);
    expect(benefit(r, 'dibao')).toMatchObject({ members: counted === 1 ? ['W'] : ['W', 'B'], monthlyYuan: amount });
  });

  it('says which members were left out of 低保 and why: 特困, not yet born', () => {
    const r = run(STANDARDS, { ...family, members: [...family.members, elderly()] }, '2021-12-01');
    const texts = benefit(r, 'dibao')!.reasons.filter((x) => x.rule === 'dibao.members').map((x) => x.text);
    expect(texts).toEqual([expect.stringContaining('E 符合特困供养条件'), expect.stringContaining('B（2022-03-01 出生）在评估日 2021-12-01 尚未出生')]);
  });

  it('gives an unborn member no program of their own, and a household of only unborn members nothing', () => {
    const pupil = { id: 'K', birthDate: '2022-03-01', relation: 'child', laborCapacity: 'none', disability: { grade: 1, kind: 'physical' } };
    const r = run(STANDARDS, { hukou: 'rural', members: [pupil] }, '2021-12-01');
    expect(r).toMatchObject({ household: { classification: 'none', countedMembers: 0 }, benefits: [], totalMonthlyYuan: 0 });
  });

  it.each([
    ['2022-02-27', 'eligible'],
    ['2022-02-28', undefined], // a common year: the 29 February birthday falls on 28 February (民法典 第二百零二条)
    ['2024-02-28', undefined],
  ])('counts a 29 February birthday on 28 February in common years: born 2004-02-29, a 特困 minor under 18 on %s → %s', (date, status) => {
    const minor = { id: 'M', birthDate: '2004-02-29', relation: 'child', laborCapacity: 'full', supporter: 'none' };
    expect(benefit(run(STANDARDS, { hukou: 'rural', members: [minor] }, date), 'tekun', 'M')?.status).toBe(status);
  });
});

describe('特困 tekun (000:L126, 002:L597)', () => {
  const student = (over: Record<string, unknown> = {}) => ({ id: 'S', birthDate: '2002-01-01', relation: 'child', laborCapacity: 'full', schooling: 'senior', supporter: 'none', ...over });

  it.each([
    [['S'], 'senior', {}, 'eligible'],
    [['S'], 'vocational', {}, 'eligible'],
    [[], 'senior', {}, undefined], // an adult student who was not 特困 is not made one
    [['S'], 'college', {}, undefined], // 大专 is not 义务教育、普通高中、中等职业学校
    [['S'], 'senior', { tekun: { minimumWage: 1080, studentContinuation: false } }, undefined],
  ])('continues 特困 past the minor age only for a member listed in current.tekunMembers, still in school (listed %o, %s, pack %o)', (listed, schooling, pack, status) => {
    const r = run({ ...STANDARDS, ...pack }, { hukou: 'rural', current: { program: 'tekun', tekunMembers: listed }, members: [student({ schooling })] });
    expect(benefit(r, 'tekun', 'S')?.status).toBe(status);
  });

  it.each([
    [{ financialYuan: 24 * 420 }, true, 'eligible'],
    [{ financialYuan: 24 * 420 + 0.01 }, true, 'ineligible'],
    [{ vehicles: 1 }, true, 'ineligible'],
    [{ financialYuan: 50000 }, false, 'eligible'],
  ])('requires the household asset test for 无生活来源 when tekun.assetTest (assets %o, test %s) → %s', (assets, test, status) => {
    const r = run({ ...STANDARDS, tekun: { minimumWage: 1080, assetTest: test } }, { hukou: 'rural', assets, members: [elderly()] });
    const t = benefit(r, 'tekun', 'E');
    expect(t?.status).toBe(status);
    if (status === 'ineligible') expect(t!.reasons.map((x) => x.rule)).toContain('tekun.assets');
  });
});

describe('低保 dibao', () => {
  it('applies the asset test over all N members of the household, 特困 members included (their assets belong to all)', () => {
    // Savings 15,000: within 24 × 420 × 2 members = 20,160, though above 24 × 420 × 1 counted member.
    const r = run(STANDARDS, { hukou: 'rural', assets: { financialYuan: 15000 }, members: [worker(100), elderly()] });
    expect(benefit(r, 'tekun', 'E')?.status).toBe('eligible');
    expect(benefit(r, 'dibao')).toMatchObject({ status: 'eligible', monthlyYuan: 320 });
  });

  it('treats a 0 amount as no 低保: rounded to the yuan, a gap of 0.40 pays nothing and the household is classified below', () => {
    const r = run({ ...STANDARDS, general: { rounding: 'yuan' } }, { hukou: 'rural', members: [worker(419.6)] });
    expect(benefit(r, 'dibao')?.status).toBe('ineligible');
    expect(benefit(r, 'dibao')?.reasons.map((x) => x.rule)).toContain('dibao.zero');
    expect(r.household.classification).toBe('lowIncome');
    expect(r.totalMonthlyYuan).toBe(0);
  });

  it('caps the rigid-expense deduction at capMultiple × the monthly standard, not times the members (002:L593 当地月保障标准的2倍)', () => {
    const members = [worker(1500), worker(0, { id: 'W2', relation: 'spouse' }), worker(0, { id: 'W3', relation: 'child' })];
    const r = run(withDibao({ rigidExpense: { enabled: true } }), { hukou: 'rural', rigidExpensesYuan: 30000, previousYearIncomeYuan: 6000, members });
    expect(r.household.netMonthlyIncomeYuan).toBe(1500 - 2 * 420); // min(30000 / 12 = 2500, 2 × 420)
    expect(benefit(r, 'dibao')?.reasons.find((x) => x.rule === 'dibao.rigidExpense')?.text).toContain('2 × 月低保标准 420.00 = 840.00');
  });

  it('defaults previous-year income to 12 × the monthly income of C, the members counted for 低保', () => {
    // 特困 E earns 400 (below S); C is W alone: 12 × 300 = 3600, and 8000 > 2 × 3600 is deducted.
    const r = run(withDibao({ rigidExpense: { enabled: true } }), { hukou: 'rural', rigidExpensesYuan: 8000, members: [worker(300), elderly({ monthlyIncomeYuan: 400 })] });
    expect(r.household.netMonthlyIncomeYuan).toBe(0); // 300 − min(666.67, 840)
  });

  it.each([
    ['children', 84, 0],
    ['all', 84, 84], // 沿河 003:L36 “单亲家庭成员”
  ])('pays the single-parent surcharge to %s: child %s, parent %s', (scope, child, parent) => {
    const pack = withDibao({ surcharge: { singleParentChild: 0.2, singleParentScope: scope } });
    const r = run(pack, { hukou: 'rural', singleParent: true, members: [worker(100), { id: 'K', birthDate: '2012-01-01', relation: 'child', laborCapacity: 'none' }] });
    expect(benefit(r, 'dibao')?.monthlyYuan).toBe(2 * 420 - 100 + child + parent);
  });

  it.each([
    [false, 740 + 126, 126],
    [true, 740, 126], // 正安 004:L85: the living subsidy 执行低保对象“分类施保”政策 — it is the increase, not a second one
  ])('pays the 重残 surcharge and the living subsidy, or only the subsidy where it replaces the surcharge (replacesSurcharge %s)', (replaces, dibao, living) => {
    const pack = withDibao({ surcharge: { severeDisability: 0.3 } }, { disability: { living: { replacesSurcharge: replaces } } });
    const r = run(pack, { hukou: 'rural', members: [worker(100), { id: 'D', birthDate: '1990-01-01', relation: 'child', laborCapacity: 'none', disability: { grade: 1, kind: 'physical' } }] });
    expect(benefit(r, 'dibao')?.monthlyYuan).toBe(dibao);
    expect(benefit(r, 'disability.living', 'D')?.monthlyYuan).toBe(living);
  });
});

describe('渐退 taper needs its dates (000:L148)', () => {
  const onDibao = (current: Record<string, unknown>) => ({ hukou: 'rural', current: { program: 'dibao', ...current }, members: [worker(2000)] });

  it.each([
    [{ lastMonthlyYuan: 850 }, 'current.incomeAboveStandardSince', '日期'],
    [{ lastMonthlyYuan: 850, incomeAboveStandardSince: '2021-12-02' }, 'current.incomeAboveStandardSince', '晚于评估日'],
    [{ incomeAboveStandardSince: '2021-03-01' }, 'current.lastMonthlyYuan', '低保金'],
  ])('is an input error naming the field when a taper must be decided without it (%o)', (current, path, message) => {
    const e = inputError(() => run(STANDARDS, onDibao(current)));
    expect(e.path).toBe(path);
    expect(e.message).toContain(message);
  });

  it('never restarts by itself: the same input gives the same end date on every run', () => {
    const h = onDibao({ lastMonthlyYuan: 850, incomeAboveStandardSince: '2021-03-01' });
    expect(benefit(run(STANDARDS, h, '2021-12-01'), 'dibao')?.endsOn).toBe('2022-03-01');
    expect(benefit(run(STANDARDS, h, '2022-02-01'), 'dibao')?.endsOn).toBe('2022-03-01');
    expect(benefit(run(STANDARDS, h, '2022-03-01'), 'dibao')?.reasons.map((x) => x.text).join()).toContain('已于 2022-03-01 结束');
  });

  it('asks for no dates when no taper is to be decided (nobody works, or still under the standard)', () => {
    expect(benefit(run(STANDARDS, { ...onDibao({}), members: [worker(2000, { employed: false })] }), 'dibao')?.status).toBe('ineligible');
    expect(benefit(run(STANDARDS, { ...onDibao({}), members: [worker(100)] }), 'dibao')?.status).toBe('eligible');
  });
});

describe('单人户 only below the standard (000:L128, 002:L589)', () => {
  const family = (own: Record<string, unknown>) => ({
    hukou: 'rural',
    // The family's income stays 900: ≥ 2 × 420, < 1.5 × 2 × 420 (a low-income family).
    members: [worker(900 - ((own.monthlyIncomeYuan as number) ?? 0)), { id: 'S', birthDate: '1990-01-01', relation: 'child', laborCapacity: 'none', illnesses: ['malignant_tumor'], supporter: 'able', ...own }],
  });

  it.each([
    [{ monthlyIncomeYuan: 419.99 }, {}, 'eligible', 0.01],
    [{ monthlyIncomeYuan: 420 }, {}, 'ineligible', undefined], // never “420 − 420 = 0.00”, nor a member above S paid
    [{ monthlyIncomeYuan: 100, laborCapacity: 'full' }, {}, 'eligible', 320],
    [{ monthlyIncomeYuan: 100, laborCapacity: 'full' }, { requireLaborLoss: true }, 'ineligible', undefined], // 郴州 完全或部分丧失劳动能力
    [{ monthlyIncomeYuan: 100, laborCapacity: 'partial' }, { requireLaborLoss: true }, 'eligible', 320],
  ])('includes a seriously ill member alone only when own income < S (%o, single %o) → %s', (own, single, status, amount) => {
    const r = run(withDibao({ single }), family(own));
    expect(benefit(r, 'dibao.single', 'S')).toMatchObject(amount === undefined ? { status } : { status, monthlyYuan: amount });
    expect(benefit(r, 'dibao.single', 'S')?.monthlyYuan).toBe(amount);
    if (status === 'ineligible') expect(r.totalMonthlyYuan).toBe(0);
  });

  it('names the illness in officer\'s words, not its code', () => {
    const texts = benefit(run(STANDARDS, family({ monthlyIncomeYuan: 100 })), 'dibao.single', 'S')!.reasons.map((x) => x.text).join('\n');
    expect(texts).toContain('恶性肿瘤');
    expect(texts).not.toContain('malignant_tumor');
  });
});

describe('残疾人证代别 certGeneration', () => {
  const disabled = (disability: Record<string, unknown>) => ({ hukou: 'rural', members: [{ id: 'D', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'partial', monthlyIncomeYuan: 400, disability }] });
  const dongkou = withDibao({ surcharge: { severeDisability: 0.3 } }, { definitions: { severeDisability: { requireSecondGeneration: true } } });

  it('is an input error when the pack requires the second generation and it is not given (000:L128): never assumed', () => {
    expect(inputError(() => run(dongkou, disabled({ grade: 1, kind: 'physical' })))).toMatchObject({ path: 'members[0].disability.certGeneration' });
  });

  it.each([
    [dongkou, { grade: 4, kind: 'physical' }, 20], // grade 4 is not 重度 whatever the certificate
    [dongkou, { grade: 1, kind: 'physical', certGeneration: 2 }, 20 + 126],
    [withDibao({ surcharge: { severeDisability: 0.3 } }), { grade: 1, kind: 'physical' }, 20 + 126], // 郴州 002:L589: any certificate
  ])('needs no generation where it cannot matter (%#)', (pack, disability, amount) => {
    expect(benefit(run(pack, disabled(disability)), 'dibao')?.monthlyYuan).toBe(amount);
  });
});

describe('reasons an officer can check', () => {
  const demo = {
    general: { rounding: 'yuan' }, dibao: { standard: { urban: 600, rural: { '2024-01-01': 420, '2024-07-01': 450 } } }, tekun: { minimumWage: 1430 },
  };

  it('shows 1/3, the exact figure and the rounding, so the figures add up', () => {
    const t = benefit(run(demo, { hukou: 'rural', members: [elderly({ selfCare: 'unable' })] }, '2024-08-01'), 'tekun', 'E')!;
    const texts = t.reasons.map((x) => x.text);
    expect(texts).toContain('照料护理费（全护理）= 1/3 × 最低工资 1430.00 元 = 476.6667…，四舍五入到元为 477.00 元/月');
    expect(texts).toContain('基本生活标准 = 1.3 × 低保标准 450.00 元 = 585.00 元/月');
    expect(texts).toContain('特困供养金 = 585.00 + 477.00 = 1062.00 元/月');
    expect(texts.join()).not.toMatch(/0\.3333/);
  });

  it('cites every parameter with its value, the date it took force and its document', () => {
    const r = run(demo, { hukou: 'rural', members: [elderly()] }, '2024-08-01');
    const params = benefit(r, 'tekun')!.reasons.flatMap((x) => x.parameters);
    expect(params).toContainEqual({ name: 'tekun.care.able', value: 0.1, source: 'default', cite: '000:L130' });
    expect(params).toContainEqual({ name: 'dibao.standard.rural', value: 450, source: 'test-pack', since: '2024-07-01' });
  });

  it('explains the household 低保 amount as the sum of its rounded parts', () => {
    const pack = { ...demo, dibao: { ...demo.dibao, surcharge: { elderly: 0.25 } } };
    const r = run(pack, { hukou: 'rural', members: [worker(100), elderly({ supporter: 'able', id: 'E2' })] }, '2024-08-01');
    const texts = benefit(r, 'dibao')!.reasons.map((x) => x.text);
    expect(texts).toContain('低保金 = 800.00 + 113.00 = 913.00 元/月');
    expect(texts.join('\n')).toContain('25% × 450.00 元 = 112.50，四舍五入到元为 113.00 元');
  });

  it('says why 特困 was refused to someone without an able supporter, and stays silent about a child whose parents support them', () => {
    const t = benefit(run(demo, { hukou: 'rural', members: [elderly({ laborCapacity: 'partial' })] }, '2024-08-01'), 'tekun', 'E')!;
    expect(t.status).toBe('ineligible');
    expect(t.reasons.map((x) => x.rule)).toEqual(['tekun.category', 'tekun.noLabor']);
    const child = { id: 'K', birthDate: '2015-01-01', relation: 'child', laborCapacity: 'none' };
    expect(benefit(run(demo, { hukou: 'rural', members: [worker(100), child] }, '2024-08-01'), 'tekun', 'K')).toBeUndefined();
  });
});
