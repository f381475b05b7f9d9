/**
 * Rules a default must not switch off (issue 18 item 18): the work-cost deduction (000:L148) and the higher
 * standard for 重病/重残 in 低保 and 特困 (000:L122) are parameters a pack for the platform must state —
 * 0 allowed, written knowingly — and 特困 can now be raised for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPack, requireStated, unstatedParameters } from './pack.ts';
import { PARAMETERS } from './parameters.ts';
import { benefit, packWith, run, STANDARDS } from './testing.ts';

const MUST_STATE = ['dibao.employmentCost', 'dibao.surcharge.severeDisability', 'dibao.surcharge.seriousIllness', 'tekun.surcharge.severeDisability', 'tekun.surcharge.seriousIllness'];
const STATED = { dibao: { ...STANDARDS.dibao, employmentCost: 0, surcharge: { severeDisability: 0, seriousIllness: 0 } }, tekun: { ...STANDARDS.tekun, surcharge: { severeDisability: 0, seriousIllness: 0 } } };
const elderly = (over: Record<string, unknown> = {}) => ({ id: 'P1', birthDate: '1950-01-01', relation: 'head', laborCapacity: 'none', supporter: 'none', selfCare: 'able', ...over });

describe('parameters a pack must state', () => {
  it('are the work-cost deduction and the 重病/重残 raises of 低保 and 特困, each citing its document line', () => {
    expect(Object.keys(PARAMETERS).filter((n) => PARAMETERS[n].mustState).sort()).toEqual([...MUST_STATE].sort());
    expect(PARAMETERS['dibao.employmentCost'].source).toBe('000:L148');
    for (const n of MUST_STATE.slice(1)) expect(PARAMETERS[n].source, n).toBe('000:L122');
  });

  it('refuses a pack that leaves one out, naming it in Chinese; accepts one that states 0', () => {
    const bare = packWith(STANDARDS);
    expect(unstatedParameters(bare)).toEqual(MUST_STATE);
    expect(() => requireStated(bare)).toThrow(/须在政策包中写明「就业成本扣减」.*000:L148.*另有 4 项未写明/);
    expect(() => requireStated(packWith(STATED))).not.toThrow();
  });

  it('are stated in every shipped pack, each with the line or decision it comes from', () => {
    const dir = new URL('../../policies/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const pack = loadPack(readFileSync(new URL(file, dir), 'utf8'), file);
      expect(unstatedParameters(pack), file).toEqual([]);
      for (const n of MUST_STATE) expect(pack.parameters.get(n)?.cite, `${file} ${n}`).toMatch(/\b00[0-4]:L\d+|演示值/);
    }
  });
});

describe('特困 raised for 重病/重残 (000:L122)', () => {
  it('raises the basic standard of a severely disabled 特困 person by tekun.surcharge.severeDisability', () => {
    const disabled = elderly({ disability: { grade: 1, kind: 'physical', certGeneration: 2 } });
    const plain = benefit(run(STATED, { hukou: 'rural', members: [disabled] }), 'tekun', 'P1');
    expect(plain).toMatchObject({ basicYuan: 546, careYuan: 108, monthlyYuan: 654 });
    const raised = benefit(run({ ...STATED, tekun: { ...STATED.tekun, surcharge: { severeDisability: 0.2, seriousIllness: 0.1 } } }, { hukou: 'rural', members: [disabled] }), 'tekun', 'P1');
    // 546 × 1.2 = 655.20; the care fee is unchanged.
    expect(raised).toMatchObject({ basicYuan: 655.2, careYuan: 108, monthlyYuan: 763.2 });
    expect(raised!.reasons.map((r) => r.rule)).toContain('tekun.raise');
  });

  it('takes the larger raise when a person is both seriously ill and severely disabled, and none for others', () => {
    const both = elderly({ disability: { grade: 1, kind: 'physical', certGeneration: 2 }, illnesses: ['malignant_tumor'] });
    const params = { ...STATED, tekun: { ...STATED.tekun, surcharge: { severeDisability: 0.1, seriousIllness: 0.3 } } };
    expect(benefit(run(params, { hukou: 'rural', members: [both] }), 'tekun', 'P1')?.basicYuan).toBe(709.8);
    expect(benefit(run(params, { hukou: 'rural', members: [elderly()] }), 'tekun', 'P1')?.basicYuan).toBe(546);
  });
});
