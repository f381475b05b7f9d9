/**
 * 特困 care money by self-care tier and by 集中/分散 供养 (000:L130, 002:L597), and who the care part is
 * paid to (the pack's tekun.carePayee.*): the engine's side of issue 20. The contract's input (no
 * careSetting, a selfCare given or defaulted) keeps today's answer.
 */
import { describe, expect, it } from 'vitest';
import { benefit, run, STANDARDS } from '../policy/testing.ts';

const elderly = (over: Record<string, unknown> = {}) => ({ id: 'P1', birthDate: '1950-01-01', relation: 'head', laborCapacity: 'none', supporter: 'none', ...over });
const CHENZHOU_CARE = { ...STANDARDS, tekun: { ...STANDARDS.tekun, care: { concentratedUnableAnnual: 10000 } } };

describe('特困 care amount by tier and residence', () => {
  it.each([
    // [pack, selfCare, careSetting, careInsured, careYuan]
    ['minimum-wage fractions', STANDARDS, 'unable', 'concentrated', false, 360],
    ['minimum-wage fractions', STANDARDS, 'unable', 'dispersed', false, 360],
    ['minimum-wage fractions', STANDARDS, 'partial', 'concentrated', false, 180],
    ['minimum-wage fractions', STANDARDS, 'able', 'dispersed', false, 108],
    ['郴州 10,000 元/年', CHENZHOU_CARE, 'unable', 'concentrated', false, 833.33],
    ['郴州 10,000 元/年', CHENZHOU_CARE, 'unable', 'dispersed', false, 360],
    ['郴州 10,000 元/年', CHENZHOU_CARE, 'unable', null, false, 360],
    ['郴州 10,000 元/年', CHENZHOU_CARE, 'partial', 'concentrated', false, 180],
    ['city standard for the insured', { ...STANDARDS, tekun: { ...STANDARDS.tekun, care: { ableInsured: 50 } } }, 'able', 'dispersed', true, 50],
    ['city standard for the insured', { ...STANDARDS, tekun: { ...STANDARDS.tekun, care: { ableInsured: 50 } } }, 'able', 'dispersed', false, 108],
    ['city standard for the insured', { ...STANDARDS, tekun: { ...STANDARDS.tekun, care: { ableInsured: 50 } } }, 'partial', 'dispersed', true, 180],
    ['no city standard set', STANDARDS, 'able', 'concentrated', true, 108],
  ] as const)('%s: %s, %s, insured %s → care %s yuan', (_what, pack, selfCare, careSetting, careInsured, care) => {
    const r = run(pack, { hukou: 'rural', members: [elderly({ selfCare, careSetting, careInsured })] });
    expect(benefit(r, 'tekun', 'P1')).toMatchObject({ status: 'eligible', basicYuan: 546, careYuan: care, monthlyYuan: Math.round((546 + care) * 100) / 100 });
  });

  it('withholds the care part of a person not assessed, pays the basic and says why', () => {
    const b = benefit(run(STANDARDS, { hukou: 'rural', members: [elderly({ selfCare: 'unassessed' })] }), 'tekun', 'P1')!;
    expect(b).toMatchObject({ status: 'eligible', basicYuan: 546, careYuan: 0, monthlyYuan: 546, careWithheld: true });
    expect(b.reasons.map((r) => r.text).join('\n')).toContain('未做生活自理能力评估');
  });

  it('keeps the contract answer for an input without care setting: the given selfCare, no payee, no withheld flag', () => {
    const b = benefit(run(STANDARDS, { hukou: 'rural', members: [elderly({ selfCare: 'partial' })] }), 'tekun', 'P1')!;
    expect(b).toEqual(expect.objectContaining({ careYuan: 180 }));
    expect(b).not.toHaveProperty('carePayee');
    expect(b).not.toHaveProperty('careWithheld');
    const d = benefit(run(STANDARDS, { hukou: 'rural', members: [elderly()] }), 'tekun', 'P1')!;
    expect(d.careYuan).toBe(108);
  });
});

describe('payee of the care part', () => {
  it.each([
    [{}, 'concentrated', 'institution'],
    [{}, 'dispersed', 'person'],
    [{ carePayee: { dispersed: 'carer' } }, 'dispersed', 'carer'],
    [{ carePayee: { concentrated: 'person' } }, 'concentrated', 'person'],
  ] as const)('pack %j, %s → %s', (tekun, careSetting, payee) => {
    const r = run({ ...STANDARDS, tekun: { ...STANDARDS.tekun, ...tekun } }, { hukou: 'rural', members: [elderly({ selfCare: 'able', careSetting })] });
    expect(benefit(r, 'tekun', 'P1')?.carePayee).toBe(payee);
  });
});
