import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../policy/evaluate.ts';
import { parseHousehold } from '../policy/household.ts';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { decideGaps, type Standing } from './gaps.ts';

const pack = resolvePack(loadPack(readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8')), '2026-12-01');
const ID = '0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a41';
/** An old man alone, no income, no one to support him: 特困. */
const alone = evaluate(pack, parseHousehold({ id: 'H', hukou: 'rural', areaCode: '430525101201',
  members: [{ id: ID, birthDate: '1940-01-01', relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'none', supporter: 'none', selfCare: 'able' }] }));
/** A worker earning well with his old father: no 低保. */
const earning = evaluate(pack, parseHousehold({ id: 'H', hukou: 'rural', areaCode: '430525101201', members: [
  { id: 'P1', birthDate: '1980-01-01', relation: 'head', monthlyIncomeYuan: 5000, laborCapacity: 'full' },
  { id: 'P2', birthDate: '1950-01-01', relation: 'parent', monthlyIncomeYuan: 0, laborCapacity: 'none', supporter: 'able' }] }));
const none: Standing = { receiving: new Map(), applying: new Set(), reviewing: new Set() };
const receiving = (program: string, open = true): Standing => ({ ...none, receiving: new Map([[program, { entitlementId: 'E1', open }]]) });

describe('coverage gaps of one household', () => {
  it('finds an eligible household that receives nothing unserved, with the amount and the engine reasons in Chinese naming the member', () => {
    const [g, ...rest] = decideGaps(alone, none, (id) => (id === ID ? '张*三' : id));
    expect(rest).toEqual([]);
    expect(g).toMatchObject({ kind: 'unserved', program: '特困', amountFen: Math.round(alone.totalMonthlyYuan * 100), entitlementId: null });
    expect(g.reasons[0]).toBe(`按 2026-12-01 的政策测算符合特困条件，每月 ${alone.totalMonthlyYuan.toFixed(2)} 元；没有正在享受的特困待遇，也没有办理中的特困申请`);
    expect(g.reasons).toContain('张*三：无劳动能力');
    expect(g.reasons.join()).not.toContain(ID);
  });

  it('raises no gap for an eligible household with an application under way or receiving the program', () => {
    expect(decideGaps(alone, { ...none, applying: new Set(['特困']) })).toEqual([]);
    expect(decideGaps(alone, receiving('特困'))).toEqual([]);
    // An entitlement still paid this month with its end decided (渐退, a stop) is receiving too.
    expect(decideGaps(alone, receiving('特困', false))).toEqual([]);
  });

  it('finds a recipient the engine no longer finds eligible to review, with the refusal reasons', () => {
    const gaps = decideGaps(earning, receiving('低保'));
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ kind: 'review', program: '低保', entitlementId: 'E1', amountFen: null });
    expect(gaps[0].reasons[0]).toBe('正在享受低保待遇，按 2026-12-01 的政策测算已不符合低保条件');
    expect(gaps[0].reasons.some((r) => r.includes('≥ 低保标准'))).toBe(true);
  });

  it('does not ask for a review while one is due, nor for an entitlement whose end is decided', () => {
    expect(decideGaps(earning, { ...receiving('低保'), reviewing: new Set(['低保']) })).toEqual([]);
    expect(decideGaps(earning, receiving('低保', false))).toEqual([]);
  });

  it('explains a review of a program the engine lists no entry for', () => {
    const [g] = decideGaps(earning, receiving('残疾人两项补贴'));
    expect(g.reasons[1]).toBe('没有成员符合困难残疾人生活补贴或重度残疾人护理补贴的条件');
  });
});
