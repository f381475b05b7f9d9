/** The policy form's catalogue and round trip: Chinese names for every parameter, readable sources, the form ⇄ pack, errors at their field, the difference between versions. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { differences, readableCitation, sourceText } from './describe.ts';
import { catalogue, formOf, packOfForm, yamlOf, type PackForm } from './form.ts';
import { loadPack } from './pack.ts';
import { PARAMETER_LIST, PARAMETERS, PROGRAMS } from './parameters.ts';

const demo = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const chinese = /[\u4e00-\u9fff]/;

describe('the parameter catalogue in Chinese', () => {
  it('gives every parameter a Chinese name and meaning (the list names each parameter that lacks one)', () => {
    expect(Object.entries(PARAMETERS).filter(([, d]) => !chinese.test(d.label ?? '')).map(([name]) => `${name} 缺少中文名称（label）`)).toEqual([]);
    expect(PARAMETER_LIST.filter((p) => !chinese.test(p.description ?? '')).map((p) => `${p.name} 缺少中文说明（description）`)).toEqual([]);
  });

  it('names every allowed value in Chinese and puts every parameter under a named program', () => {
    const missing = PARAMETER_LIST.flatMap((p) => (p.values ?? []).filter((v) => !chinese.test(p.valueLabels?.[v] ?? '')).map((v) => `${p.name} 的取值 ${v} 缺少中文名称（valueLabels）`));
    expect(missing).toEqual([]);
    expect(PARAMETER_LIST.filter((p) => !PROGRAMS[p.program]).map((p) => `${p.name} 所属项目 ${p.program} 没有中文名称（PROGRAMS）`)).toEqual([]);
  });

  it('names the entries of every list and map of codes in Chinese (illnesses, case steps, categories)', () => {
    const coded = PARAMETER_LIST.filter((p) => ['string', 'stringList', 'stringMap'].includes(p.type) && (p.values || p.type !== 'string'));
    expect(coded.filter((p) => !p.valueLabels || !Object.values(p.valueLabels).every((l) => chinese.test(l))).map((p) => `${p.name} 缺少取值的中文名称（valueLabels）`)).toEqual([]);
    const defaults = coded.flatMap((p) => (Array.isArray(p.default) ? p.default : []).filter((v) => !p.valueLabels?.[String(v)]).map((v) => `${p.name} 的默认值 ${v} 缺少中文名称`));
    expect(defaults).toEqual([]);
  });

  it('shows no code, parameter key or NNN:Lnnn reference in what 参数说明 and the current version display', () => {
    // What a clerk reads: an ASCII word of 3+ letters without digits (max, breast_cancer, definitions.seriousIllnesses) or a line reference.
    const internal = (text: string) => [...(text.match(/\d{3}:L\d+/g) ?? []), ...(text.match(/[A-Za-z0-9_.]+/g) ?? []).filter((w) => !/\d/.test(w) && /[a-z]{3}/.test(w))];
    const shown = catalogue().flatMap((p) => [p.description, p.defaultText, p.defaultSource].map((text) => ({ name: p.name, text })));
    const form = formOf(loadPack(demo));
    shown.push(...Object.entries(form.parameters).flatMap(([name, s]) => [s.text, s.sourceText].map((text) => ({ name, text }))));
    expect(shown.filter(({ text }) => internal(text).length).map(({ name, text }) => `${name}：${internal(text).join(' ')}`)).toEqual([]);
  });

  it('cites documents by their number and line, and says 演示值 or 县自定 where no document gives the value', () => {
    expect(readableCitation('000:L128')).toBe('洞政办发〔2021〕64号 第 128 行');
    expect(readableCitation('001:L876, L886-888')).toBe('泸办发〔2021〕31号 第 876 行、第 886–888 行');
    expect(readableCitation('004:L55 正安县的标准（000 未定金额）')).toBe('正府办通〔2018〕150号 第 55 行 正安县的标准（洞政办发〔2021〕64号 未定金额）');
    expect(sourceText('演示值 demo value, not from a document')).toBe('演示值');
    expect(sourceText('演示值 demo value (000:L148 asks for a deduction, gives no amount)')).toBe('演示值（洞政办发〔2021〕64号 第 148 行）');
    expect(sourceText(undefined)).toBe('县自定');
    expect(PARAMETER_LIST.map((p) => p.source).filter(Boolean).map((s) => readableCitation(s!)).filter((s) => /\d{3}:L|[a-z]{3}/.test(s))).toEqual([]);
  });
});

describe('the pack as a form', () => {
  it('writes the form back as the same pack, dated values, fractions and citations kept', () => {
    const pack = loadPack(demo);
    const form = formOf(pack);
    expect(form.parameters['dibao.standard.rural']).toMatchObject({ dated: [['2024-01-01', 420], ['2024-07-01', 450]], sourceText: '演示值' });
    expect(form.parameters['tekun.care.unable']).toMatchObject({ value: '1/3', sourceText: '洞政办发〔2021〕64号 第 130 行' });
    const again = packOfForm(form as PackForm).pack;
    expect(Object.fromEntries(again.parameters)).toEqual(Object.fromEntries(pack.parameters));
    expect(yamlOf(form as PackForm)).toContain('      rural: { "2024-01-01": 420, "2024-07-01": 450 }  # 演示值 demo value, not from a document');
  });

  it('refuses a bad value with a Chinese message at the parameter, and changes nothing', () => {
    const form = formOf(loadPack(demo)) as PackForm;
    const bad = (name: string, p: PackForm['parameters'][string]) => {
      try { packOfForm({ ...form, parameters: { ...form.parameters, [name]: p } }); } catch (e) { return e; }
      return null;
    };
    expect(bad('dibao.surcharge.elderly', { value: 20 })).toMatchObject({ code: 'INVALID_POLICY', path: 'parameters.dibao.surcharge.elderly',
      message: '老年人分类施保比例：应为0 到 1 之间的比例（如 0.2 或 1/3；20% 写作 0.2），实际为 20' });
    expect(bad('dibao.standard.rural', { dated: [['2024-01-01', 420], ['2024-07-01', 450.123]] })).toMatchObject({ path: 'parameters.dibao.standard.rural',
      message: '农村低保标准（2024-07-01 起）：应为金额（元），最多两位小数，实际为 450.123' });
    expect(bad('dibao.standard.rural', { dated: [['2024-02-30', 420]] })).toMatchObject({ path: 'parameters.dibao.standard.rural', message: '农村低保标准（2024-02-30 起）：日期不存在' });
    expect(bad('review.stableMonths', { value: 1.5 })).toMatchObject({ message: '稳定家庭复核周期：应为整数（月数、年龄、数量），实际为 1.5' });
  });

  it('tells the difference from the current version parameter by parameter, in Chinese', () => {
    const before = loadPack(demo);
    const after = loadPack(demo.replace('rural: { "2024-01-01": 420, "2024-07-01": 450 }', 'rural: { "2024-01-01": 420, "2024-07-01": 480 }')
      .replace('elderly: 0.2 ', 'elderly: 0.25').replace('    advance: true', '    advance: false'));
    expect(differences(before, after)).toEqual([
      { name: 'dibao.standard.rural', label: '农村低保标准', program: 'dibao', before: '2024-01-01 起 420 元/人/月；2024-07-01 起 450 元/人/月', after: '2024-01-01 起 420 元/人/月；2024-07-01 起 480 元/人/月' },
      { name: 'dibao.surcharge.elderly', label: '老年人分类施保比例', program: 'dibao', before: '20%', after: '25%' },
      { name: 'temporary.advance', label: '急难型先行救助', program: 'temporary', before: '是', after: '否' },
    ]);
    expect(differences(before, before)).toEqual([]);
  });
});
