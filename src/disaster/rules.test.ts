/** The pure rules of disaster relief: the level 泸溪's snow-and-ice table proposes, the amounts of the four kinds from the pack, the approval chain by amount, the emergency extra. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { packWith } from '../policy/testing.ts';
import { emergencyExtra, monthsOfPeriod, proposeLevel, reliefAmount, reliefWorkflow } from './rules.ts';

const DATE = '2024-01-20';
const RELIEF = { emergency: 300, transitionMonthly: 450, transitionMonths: 3, hardship: 500, rebuild: { collapsed: 20000, severe: 8000, general: 2000, instalments: [0.5, 0.3, 0.2] } };
const NOTICE = { days: 7 };
const pack = (disaster: Record<string, unknown> = {}) => resolvePack(packWith({ disaster: { relief: RELIEF, ...disaster }, notice: NOTICE }), DATE);

describe('response level proposed from the criteria table (泸溪 001:L2338-2362, pack defaults)', () => {
  it.each([
    ['no observation', {}, null],
    ['snow 4.9 cm: below IV', { snowCm: 4.9 }, null],
    ['snow 5 cm: IV (以上 includes the number)', { snowCm: 5 }, 'IV'],
    ['snow 12 cm: III', { snowCm: 12 }, 'III'],
    ['snow 20 cm: II', { snowCm: 20 }, 'II'],
    ['snow 30 cm: I', { snowCm: 30 }, 'I'],
    ['any glaze: IV', { glazeMm: 1 }, 'IV'],
    ['glaze 10 mm: II', { glazeMm: 10 }, 'II'],
    ['road ice 1 cm: III', { roadIceCm: 1 }, 'III'],
    ['road ice 3 cm: I', { roadIceCm: 3 }, 'I'],
    ['7 days below 0 ℃: IV', { coldDays: 7 }, 'IV'],
    ['8 days below 0 ℃: III', { coldDays: 8 }, 'III'],
    ['12 days below 0 ℃: I', { coldDays: 12 }, 'I'],
    ['highway cut 24 h: II', { highwayBlockedHours: 24 }, 'II'],
    ['highway cut 48 h: I', { highwayBlockedHours: 48 }, 'I'],
    ['grid load lost 29 %: nothing', { gridLossPct: 29 }, null],
    ['grid load lost 30 %: I', { gridLossPct: 30 }, 'I'],
    ['one of several conditions is enough, the highest wins', { snowCm: 6, roadIceCm: 2, coldDays: 5 }, 'II'],
  ])('%s', (_name, obs, level) => {
    expect(proposeLevel(pack(), 'snowIce', obs as Record<string, number>).level).toBe(level);
  });

  it('marks level I as needing the prefecture, and says which criterion and parameter proposed it', () => {
    const p = proposeLevel(pack(), 'snowIce', { snowCm: 31 });
    expect(p).toMatchObject({ level: 'I', needsPrefecture: true });
    expect(p.reasons[0]).toContain('政策包“低温雨雪冰冻响应条件：积雪深度”');
    expect(p.reasons.join()).not.toMatch(/[a-z]{3}/); // the parameter's Chinese name, never its internal path
    expect(proposeLevel(pack(), 'snowIce', { snowCm: 21 }).needsPrefecture).toBe(false);
  });

  it('reads the thresholds from the pack, not from code', () => {
    const p = pack({ criteria: { snowIce: { snowCm: [2, 4, 6, 8] } } });
    expect(proposeLevel(p, 'snowIce', { snowCm: 6 }).level).toBe('II');
  });

  it('has no proposal for a kind without a table', () => {
    expect(proposeLevel(pack(), 'flood', { snowCm: 50 })).toMatchObject({ level: null, needsPrefecture: false });
  });
});

describe('relief amounts from the pack', () => {
  it.each([
    ['应急救助: per person', { kind: 'emergency', people: 3, damage: 'general' }, 900_00, [900_00]],
    ['过渡期: per person per month for the pack months, monthly', { kind: 'transition', people: 2, damage: 'collapsed' }, 2700_00, [900_00, 900_00, 900_00]],
    ['临时生活困难救助: per person once a season', { kind: 'hardship', people: 4, damage: 'none', season: 'winterSpring' }, 2000_00, [2000_00]],
    ['重建, 倒塌: per household in instalments by progress', { kind: 'rebuild', people: 5, damage: 'collapsed' }, 20000_00, [10000_00, 6000_00, 4000_00]],
    ['重建, 严重损坏', { kind: 'rebuild', people: 1, damage: 'severe' }, 8000_00, [4000_00, 2400_00, 1600_00]],
    ['重建, 一般损坏', { kind: 'rebuild', people: 1, damage: 'general' }, 2000_00, [1000_00, 600_00, 400_00]],
  ])('%s', (_name, facts, total, instalments) => {
    const a = reliefAmount(pack(), facts as Parameters<typeof reliefAmount>[1]);
    expect(a.amountFen).toBe(total);
    expect(a.instalments).toEqual(instalments);
    expect(a.instalments.reduce((s, x) => s + x, 0)).toBe(total);
  });

  it.each([
    ['过渡期 for a home not collapsed', { kind: 'transition', people: 2, damage: 'severe' }, 'NOT_COLLAPSED'],
    ['重建 for an undamaged home', { kind: 'rebuild', people: 2, damage: 'none' }, 'NOT_DAMAGED'],
    ['临时生活困难救助 without its season', { kind: 'hardship', people: 2, damage: 'none' }, 'NO_SEASON'],
  ])('refuses %s', (_name, facts, code) => {
    expect(() => reliefAmount(pack(), facts as Parameters<typeof reliefAmount>[1])).toThrow(expect.objectContaining({ code }));
  });

  it('refuses with a Chinese message when the pack sets no amount', () => {
    const bare = resolvePack(packWith({}), DATE);
    try {
      reliefAmount(bare, { kind: 'emergency', people: 1, damage: 'none' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).message).toContain('disaster.relief.emergency');
      expect((e as AppError).status).toBe(409);
    }
  });

  it('the demonstration pack sets every amount (marked as demo values)', () => {
    const demo = resolvePack(loadPack(readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8')), DATE);
    expect(reliefAmount(demo, { kind: 'rebuild', people: 1, damage: 'collapsed' }).instalments).toHaveLength(3);
    expect(reliefAmount(demo, { kind: 'transition', people: 1, damage: 'collapsed' }).instalments).toHaveLength(3);
  });
});

describe('approval by amount, like 临时救助', () => {
  it('within the township limit: the township approves', () => {
    const w = reliefWorkflow(pack(), 1000_00, 'transition');
    expect(w).toMatchObject({ level: 'township', first: 'notice' });
    expect(w.transitions.find((t) => t.step === 'notice' && t.action === 'close_notice')?.to).toBe('township_approval');
    expect(w.reason).toContain('乡镇直接审批额度上限');
  });
  it('above it: township review, then county approval', () => {
    const w = reliefWorkflow(pack(), 1000_01, 'transition');
    expect(w).toMatchObject({ level: 'county', first: 'notice' });
    expect(w.transitions.find((t) => t.step === 'notice' && t.action === 'close_notice')?.to).toBe('township_review');
    expect(w.transitions.find((t) => t.step === 'county_approval' && t.action === 'approve')?.roles).toContain('county_staff');
  });
  it('the disaster limit, when set, replaces the 临时救助 one', () => {
    expect(reliefWorkflow(pack({ relief: { ...RELIEF, townshipLimit: 5000 } }), 4000_00, 'transition').level).toBe('township');
  });
});

describe('公示 before the decision, by 临时救助\'s rule', () => {
  it.each([
    ['过渡期生活救助 is posted for notice.days', 'transition', 900_00, {}, true],
    ['倒损民房恢复重建 above the township limit is posted', 'rebuild', 20000_00, {}, true],
    ['应急救助 within the township limit is paid at once like 急难型 先行救助, not posted', 'emergency', 600_00, {}, false],
    ['应急救助 above the township limit is posted', 'emergency', 1500_00, {}, true],
    ['应急救助 within the limit is posted when the pack turns 先行救助 off', 'emergency', 600_00, { temporary: { advance: false } }, true],
    ['nothing is posted when the pack\'s steps have no 公示', 'transition', 900_00, { cases: { steps: ['investigation', 'verification'] } }, false],
  ] as const)('%s', (_name, kind, amountFen, extra, posted) => {
    const w = reliefWorkflow(resolvePack(packWith({ disaster: { relief: RELIEF }, notice: NOTICE, ...extra }), DATE), amountFen, kind);
    expect(w.notice).toBe(posted);
    expect(w.first === 'notice').toBe(posted);
    if (posted) expect(w.deadlines.notice).toBe(NOTICE.days);
  });
});

describe('emergency period', () => {
  it('raises 低保/特困 by the pack share and pays the allowance per person to the listed groups', () => {
    const p = pack({ emergency: { standardRaise: 0.2, allowance: 100 } });
    expect(emergencyExtra(p, { program: '低保', monthlyFen: 500_00, people: 3 }).amountFen).toBe(100_00 + 300_00);
    expect(emergencyExtra(p, { program: '残疾人两项补贴', monthlyFen: 500_00, people: 3 }).amountFen).toBe(0);
    expect(emergencyExtra(pack(), { program: '低保', monthlyFen: 500_00, people: 3 }).amountFen).toBe(0);
  });
  it('counts the months a period touches', () => {
    expect(monthsOfPeriod('2024-11-20', '2025-02-03')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});
