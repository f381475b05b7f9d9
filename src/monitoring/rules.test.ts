/** The pure monitoring rules: signals → warnings under the pack, removal criteria, visit compliance (001:L876), 约谈 (001:L886-888), the identification workflow. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { SCOPE_LENGTH, ROLE_NAMES, type Role } from '../auth/roles.ts';
import { nextState } from '../workflow/machine.ts';
import { monitoringWorkflow } from './flow.ts';
import {
  CHECKLIST, interviewFlags, mainEarnerId, maskedWarning, measureMatches, perCapitaAnnualFen, removalCheck, ruleSettings, visitCompliance, warningFor, type Signal,
} from './rules.ts';

const demo = resolvePack(loadPack(readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8')), '2026-06-01');
const st = ruleSettings(demo);
const base = { householdId: 'h1', areaCode: '430525101201', ref: 'r1', on: '2026-06-01' };

describe('warning rules under the demo pack', () => {
  const table: [string, Signal, string | null, string | null][] = [
    ['income below the line (7600) on a 脱贫户: red', { ...base, source: 'registry', kind: 'income', perCapitaFen: 7599_00, members: 3, registeredPoor: true }, 'incomeBelowLine', 'red'],
    ['income exactly at the line: within the 10% margin, yellow', { ...base, source: 'registry', kind: 'income', perCapitaFen: 7600_00, members: 3, registeredPoor: true }, 'incomeNearLine', 'yellow'],
    ['income just under line × 1.1 (8360): yellow', { ...base, source: 'registry', kind: 'income', perCapitaFen: 8359_99, members: 3, registeredPoor: true }, 'incomeNearLine', 'yellow'],
    ['income at line × 1.1: no warning', { ...base, source: 'registry', kind: 'income', perCapitaFen: 8360_00, members: 3, registeredPoor: true }, null, null],
    ['low income of a household that is not a 脱贫户 (scope registeredPoor): no warning', { ...base, source: 'registry', kind: 'income', perCapitaFen: 1000_00, members: 3, registeredPoor: false }, null, null],
    ['medical out-of-pocket above 20000: orange', { ...base, source: 'report', kind: 'medical', amountFen: 20000_01 }, 'medicalExpense', 'orange'],
    ['medical out-of-pocket exactly 20000: no warning', { ...base, source: 'report', kind: 'medical', amountFen: 20000_00 }, null, null],
    ['newly certified severe disability: orange', { ...base, source: 'verification', kind: 'severeDisability', memberName: '王明', grade: 1 }, 'severeDisability', 'orange'],
    ['death of the main earner: red', { ...base, source: 'verification', kind: 'death', memberName: '王明', mainEarner: true }, 'earnerDeath', 'red'],
    ['death of a member who was not the main earner: no warning', { ...base, source: 'verification', kind: 'death', memberName: '王奶奶', mainEarner: false }, null, null],
    ['wage feed stops: yellow', { ...base, source: 'feed', kind: 'jobLoss', memberName: '王明', lastPeriod: '2026-04' }, 'jobLoss', 'yellow'],
    ['school dropout: orange', { ...base, source: 'verification', kind: 'dropout', memberName: '王小明' }, 'dropout', 'orange'],
    ['disaster report: red', { ...base, source: 'report', kind: 'disaster', lossFen: 30000_00, description: '山洪冲毁房屋' }, 'disaster', 'red'],
  ];
  it.each(table)('%s', (_name, signal, rule, level) => {
    const w = warningFor(signal, st);
    expect(w?.rule ?? null).toBe(rule);
    expect(w?.level ?? null).toBe(level);
  });

  it('raises nothing for a rule the county has not switched on, and reports a switched-on rule without a level', () => {
    const pack = resolvePack(loadPack('id: t\nname: t\njurisdiction: "430525"\nparameters:\n  monitoring:\n    incomeLine: 7600\n    rules:\n      disaster: { enabled: true }\n'), '2026-06-01');
    const s = ruleSettings(pack);
    expect(warningFor({ ...base, source: 'report', kind: 'medical', amountFen: 1e9 }, s)).toBeNull();
    expect(warningFor({ ...base, source: 'report', kind: 'disaster', lossFen: null, description: 'x' }, s)).toBeNull();
    expect(s.problems).toEqual(['规则「灾害或事故」已启用但未设置预警等级 monitoring.rules.disaster.level']);
  });

  it('masks the member name (张*兰) in the message and evidence of every warning about a member', () => {
    const signals: Signal[] = [
      { ...base, source: 'verification', kind: 'severeDisability', memberName: '张秀兰', grade: 1 },
      { ...base, source: 'verification', kind: 'death', memberName: '张秀兰', mainEarner: true },
      { ...base, source: 'feed', kind: 'jobLoss', memberName: '张秀兰', lastPeriod: '2026-04' },
      { ...base, source: 'verification', kind: 'dropout', memberName: '张秀兰' },
    ];
    for (const s of signals) {
      const w = warningFor(s, st)!;
      expect(w.message, s.kind).toContain('张*兰');
      expect(JSON.stringify(w), s.kind).not.toContain('张秀兰');
      expect(w.evidence['成员']).toBe('张*兰');
    }
    expect(warningFor(signals[1], st)!.message).toBe('家庭主要劳动力 张*兰 死亡');
  });

  it('masks the names of warnings stored before names were masked at the source, as they are read', () => {
    const old = { message: '家庭主要劳动力 张秀兰 死亡', evidence: { 成员: '张秀兰', signal: 'registry' } };
    expect(maskedWarning(old)).toEqual({ message: '家庭主要劳动力 张*兰 死亡', evidence: { 成员: '张*兰', signal: 'registry' } });
    expect(maskedWarning({ message: '灾害或事故：山洪', evidence: { 情况: '山洪' } })).toEqual({ message: '灾害或事故：山洪', evidence: { 情况: '山洪' } });
  });

  it('gives the same signal the same key, so a second run raises nothing new', () => {
    const s: Signal = { ...base, source: 'report', kind: 'disaster', lossFen: null, description: '火灾' };
    expect(warningFor(s, st)!.dedupeKey).toBe(warningFor(s, st)!.dedupeKey);
  });
});

describe('household figures', () => {
  it('computes per-capita annual income from monthly incomes and picks the main earner', () => {
    expect(perCapitaAnnualFen([1000_00, 0, 500_00])).toBe(6000_00);
    expect(mainEarnerId([{ id: 'a', monthlyIncomeFen: 0, relation: 'spouse' }, { id: 'b', monthlyIncomeFen: 0, relation: 'head' }])).toBe('b');
    expect(mainEarnerId([{ id: 'a', monthlyIncomeFen: 300, relation: 'spouse' }, { id: 'b', monthlyIncomeFen: 0, relation: 'head' }])).toBe('a');
  });
  it('matches measures to risk factors', () => {
    expect(measureMatches('medical', 'health')).toBe(true);
    expect(measureMatches('medical', 'industry')).toMatch(/不对应风险因子「看病支出」/);
  });
  it('has the six looks and six checks of 001:L876', () => {
    expect(Object.values(CHECKLIST.look)).toEqual(['看产业就业', '看住房安全', '看水电保障', '看厨房卧室', '看环境卫生', '看文明家风']);
    expect(Object.values(CHECKLIST.check)).toEqual(['查基本信息', '查存折流水', '查教育保障', '查医疗保障', '查残疾人保障', '查家庭收入']);
  });
});

describe('risk removal criteria', () => {
  const ok = { status: 'monitored' as const, perCapitaFen: 9000_00, openWarnings: 0, measures: [{ kind: 'employment', result: '已就业' as string | null, resultOn: '2026-01-10' as string | null }] };
  const table: [string, Partial<typeof ok>, string, number][] = [
    ['hold after 6 stable months', {}, '2026-07-10', 0],
    ['not before the 6 months have passed', {}, '2026-07-09', 1],
    ['not while income is below the line', { perCapitaFen: 7000_00 }, '2026-08-01', 1],
    ['not with a measure without its result', { measures: [{ kind: 'health', result: null, resultOn: null }] }, '2026-08-01', 1],
    ['not without measures', { measures: [] }, '2026-08-01', 1],
    ['not with an open warning', { openWarnings: 1 }, '2026-08-01', 1],
  ];
  it.each(table)('%s', (_n, change, today, problems) => {
    expect(removalCheck({ ...ok, ...change }, 7600_00, 6, today)).toHaveLength(problems);
  });
});

describe('visit compliance (monitoring cadre every month, paired cadre every 2 months)', () => {
  const table: [string, string, string[], string, number, { completed: number; met: number; status: string }][] = [
    ['assigned this month, no visit yet: due', '2026-06-05', [], '2026-06-20', 1, { completed: 0, met: 0, status: 'due' }],
    ['visited this month: ok', '2026-04-05', ['2026-04-10', '2026-05-02', '2026-06-01'], '2026-06-20', 1, { completed: 2, met: 2, status: 'ok' }],
    ['last month missed: overdue', '2026-04-05', ['2026-04-10'], '2026-06-20', 1, { completed: 2, met: 1, status: 'overdue' }],
    ['last month visited, none yet this month: due', '2026-04-05', ['2026-05-31'], '2026-06-20', 1, { completed: 2, met: 1, status: 'due' }],
    ['paired cadre, one contact in each 2-month window: ok', '2026-01-15', ['2026-02-20', '2026-03-03', '2026-05-30'], '2026-06-10', 2, { completed: 2, met: 2, status: 'ok' }],
    ['paired cadre, window Mar-Apr missed: overdue', '2026-01-15', ['2026-02-20'], '2026-05-10', 2, { completed: 2, met: 1, status: 'overdue' }],
    ['a visit before assignment does not count', '2026-04-15', ['2026-04-10'], '2026-05-10', 1, { completed: 1, met: 0, status: 'overdue' }],
  ];
  it.each(table)('%s', (_n, assigned, visits, today, every, want) => {
    expect(visitCompliance(assigned, visits, today, every)).toMatchObject(want);
  });
});

describe('约谈: 2 in a row or 3 in total (001:L886-888)', () => {
  const rounds = [1, 2, 3, 4, 5].map((id) => ({ id }));
  const table: [string, number[], boolean, string | null][] = [
    ['criticised once: no', [1], false, null],
    ['criticised twice in a row: yes', [2, 3], true, '连续 2 次被通报批评，应予约谈（泸办发〔2021〕31号 三（二））'],
    ['criticised twice, not in a row: no', [1, 3], false, null],
    ['criticised three times, never in a row: yes', [1, 3, 5], true, '累计 3 次被通报批评，应予约谈（泸办发〔2021〕31号 三（二））'],
    ['three in a row: both reasons', [1, 2, 3], true, '连续 3 次被通报批评，累计 3 次被通报批评，应予约谈（泸办发〔2021〕31号 三（二））'],
  ];
  it.each(table)('%s', (_n, ids, due, reason) => {
    const [f] = interviewFlags(rounds, new Map([['430525101', new Set(ids)]]), 2, 3);
    expect(f.due).toBe(due);
    expect(f.reason).toBe(reason);
  });
});

describe('the identification workflow on the engine', () => {
  const VILLAGE = '430525101201';
  const actor = (role: Role) => ({ role, areaCode: VILLAGE.slice(0, SCOPE_LENGTH[role]) });
  const guards = { papersSigned: () => true as const, noticeEnded: () => true as const, criteriaHold: () => true as const };
  it('goes check → appraisal → notice → township review → county decision, each by its own level', () => {
    const def = monitoringWorkflow('identify');
    const path: [string, string, Role, string][] = [
      ['check', 'complete_check', 'village_staff', 'appraisal'], ['appraisal', 'appraise', 'village_staff', 'notice'],
      ['notice', 'close_notice', 'township_staff', 'township_review'], ['township_review', 'township_approve', 'township_staff', 'county_decision'],
      ['county_decision', 'decide', 'county_staff', 'identified'],
    ];
    for (const [state, action, role, to] of path) {
      expect(nextState(def, { state, areaCode: VILLAGE }, action, actor(role), guards)).toMatchObject({ to });
      for (const other of ROLE_NAMES.filter((r) => r !== role && !(r === 'township_staff' && role === 'village_staff') && !(r === 'county_admin' && role === 'county_staff'))) {
        expect('error' in nextState(def, { state, areaCode: VILLAGE }, action, actor(other), guards)).toBe(true);
      }
    }
    // The county cannot decide before the township has reviewed.
    expect(nextState(def, { state: 'township_review', areaCode: VILLAGE }, 'decide', actor('county_staff'), guards)).toMatchObject({ error: { code: 'WRONG_STEP' } });
  });
  it('refuses to finish the household check without the signed papers, and a removal whose criteria do not hold', () => {
    expect(nextState(monitoringWorkflow('identify'), { state: 'check', areaCode: VILLAGE }, 'complete_check', actor('village_staff'), { ...guards, papersSigned: () => '请上传授权书' }))
      .toMatchObject({ error: { code: 'GUARD_FAILED', message: '请上传授权书' } });
    expect(nextState(monitoringWorkflow('remove'), { state: 'county_decision', areaCode: VILLAGE }, 'decide', actor('county_staff'), { ...guards, criteriaHold: () => '收入仍低' }))
      .toMatchObject({ error: { code: 'GUARD_FAILED' } });
  });
});
