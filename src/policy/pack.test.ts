import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPack, PolicyError, resolvePack } from './pack.ts';
import { PARAMETERS } from './parameters.ts';
import { packWith } from './testing.ts';

const policies = new URL('../../policies/', import.meta.url);

describe('policy packs', () => {
  it('rejects an unknown parameter instead of falling back to a default', () => {
    expect(() => packWith({ dibao: { standrd: { rural: 420 } } })).toThrow(/dibao\.standrd: 未知参数/);
    expect(() => packWith({ tekun: { minorage: 16 } })).toThrow(/tekun\.minorage/);
  });

  it('rejects values of the wrong type, naming the parameter', () => {
    expect(() => packWith({ dibao: { standard: { rural: '420元' } } })).toThrow(/dibao\.standard\.rural: 应为数字/);
    expect(() => packWith({ general: { rounding: 'round' } })).toThrow(/general\.rounding/);
    expect(() => packWith({ dibao: { standard: { rural: -1 } } })).toThrow(/不小于 0/);
    expect(() => packWith({ dibao: { standard: 420 } })).toThrow(/dibao\.standard: 是参数分组/);
  });

  it('accepts fractions written as 1/3 and keeps them exact', () => {
    const r = resolvePack(packWith({ tekun: { care: { unable: '1/3' } } }), '2021-01-01');
    expect(r.value('tekun.care.unable')).toBe(1 / 3);
  });

  it('resolves a dated value to the entry in force on the date', () => {
    const pack = packWith({ dibao: { standard: { urban: { '2021-01-01': 600, '2021-07-01': 630 } } } });
    expect(resolvePack(pack, '2021-06-30').value('dibao.standard.urban')).toBe(600);
    expect(resolvePack(pack, '2021-07-01').value('dibao.standard.urban')).toBe(630);
    expect(resolvePack(pack, '2030-01-01').value('dibao.standard.urban')).toBe(630);
  });

  it('reports a parameter not yet in force on the date', () => {
    const pack = packWith({ dibao: { standard: { urban: { '2021-07-01': 630 } } } });
    expect(() => resolvePack(pack, '2021-06-30').get('dibao.standard.urban')).toThrow(/2021-06-30 没有生效的值/);
  });

  it.each([
    [{ dibao: { surcharge: { elderly: 30 } } }, 'dibao.surcharge.elderly', '0 到 1'], // 30 meant 30 %: it would pay 30 × S
    [{ tekun: { care: { unable: '4/3' } } }, 'tekun.care.unable', '0 到 1'],
    [{ dibao: { taperMonths: 6.5 } }, 'dibao.taperMonths', '整数'],
    [{ review: { stableMonths: { '2021-01-01': 12, '2022-01-01': 11.5 } } }, 'review.stableMonths.2022-01-01', '整数'],
    [{ dibao: { standard: { rural: 420.005 } } }, 'dibao.standard.rural', '两位小数'],
    [{ tekun: { minimumWage: 1430.125 } }, 'tekun.minimumWage', '两位小数'],
  ])('rejects a pack with a fraction above 1, a fractional month count or money with 3 decimals (%#)', (parameters, path, message) => {
    expect(() => packWith(parameters)).toThrow(new RegExp(`${path.replace(/\./g, '\\.')}: .*${message}`));
  });

  it('accepts money to the fen and fractions up to 1', () => {
    expect(() => packWith({ dibao: { standard: { rural: 420.05 }, surcharge: { elderly: 1 } }, tekun: { care: { unable: '1/1' } } })).not.toThrow();
  });

  it('gives an optional dated parameter its default before its first date (a basic standard set from 1 July)', () => {
    const pack = packWith({ tekun: { basicStandard: { '2021-07-01': 800 } } });
    expect(resolvePack(pack, '2021-06-30').get('tekun.basicStandard')).toEqual({ name: 'tekun.basicStandard', value: null, source: 'default' });
    expect(resolvePack(pack, '2021-07-01').get('tekun.basicStandard')).toMatchObject({ value: 800, since: '2021-07-01' });
  });

  it('keeps the comment beside a value, or on its group, as the pack\'s citation', () => {
    const pack = loadPack([
      'id: cited', 'name: x', 'jurisdiction: "430525"', 'parameters:', '  dibao:',
      '    standard:', '      rural: 323     # 004:L34 每人每年 3876 元', '      urban: { "2018-01-01": 570 }   # 004:L89',
      '  disability:', '    living:        # 004:L85 10%-30%', '      grade1: 0.3', '',
    ].join('\n'));
    const r = resolvePack(pack, '2018-06-01');
    expect(r.get('dibao.standard.rural')).toEqual({ name: 'dibao.standard.rural', value: 323, source: 'cited', cite: '004:L34 每人每年 3876 元' });
    expect(r.get('dibao.standard.urban')).toMatchObject({ since: '2018-01-01', cite: '004:L89' });
    expect(r.get('disability.living.grade1')).toMatchObject({ cite: '004:L85 10%-30%' });
    expect(r.get('disability.living.grade2')).toEqual({ name: 'disability.living.grade2', value: 0.3, source: 'default', cite: '004:L85' });
  });

  it('rejects a dated map with a date that does not exist', () => {
    expect(() => packWith({ dibao: { standard: { urban: { '2021-02-30': 630 } } } })).toThrow(/2021-02-30: 日期不存在/);
  });

  it('reports a required parameter missing only when a rule needs it', () => {
    const r = resolvePack(packWith({}), '2021-01-01');
    expect(r.get('tekun.minorAge')).toEqual({ name: 'tekun.minorAge', value: 18, source: 'default', cite: '000:L126' });
    expect(() => r.get('notice.days')).toThrow(PolicyError);
  });

  it('requires id, name and jurisdiction, and rejects unknown top-level fields', () => {
    expect(() => loadPack('name: x\njurisdiction: "430525"\n')).toThrow(/^id/);
    expect(() => loadPack('id: a\nname: x\njurisdiction: 430525x\n')).toThrow(/jurisdiction/);
    expect(() => loadPack('id: a\nname: x\njurisdiction: "430525"\nparams: {}\n')).toThrow(/params: 未知字段/);
    expect(() => loadPack('id: a\nname: [x\n')).toThrow(/YAML/);
  });

  it.each(readdirSync(policies).filter((f) => f.endsWith('.yaml')))('loads the shipped pack %s', (file) => {
    const pack = loadPack(readFileSync(new URL(file, policies), 'utf8'), file);
    expect(pack.id).toMatch(/^[a-z0-9-]+$/);
  });

  it('documents every parameter in Chinese', () => {
    for (const [name, def] of Object.entries(PARAMETERS)) expect(def.description, name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('computes the documents\' 741 yuan 特困 basic standard from the shipped 正安县 pack, and never invents its minimum wage', async () => {
    const { evaluate } = await import('./evaluate.ts');
    const { parseHousehold } = await import('./household.ts');
    const text = readFileSync(new URL('guizhou-zhengan-2018.yaml', policies), 'utf8');
    const household = parseHousehold({ hukou: 'rural', members: [{ id: 'P', birthDate: '1940-01-01', laborCapacity: 'none', supporter: 'none' }] });
    expect(() => evaluate(resolvePack(loadPack(text), '2018-06-01'), household)).toThrow(/tekun\.minimumWage.*必填/);
    const withWage = loadPack(text.replace('  tekun:\n', '  tekun:\n    minimumWage: 1000\n'));
    const tekun = evaluate(resolvePack(withWage, '2018-06-01'), household).benefits.find((b) => b.program === 'tekun');
    expect(tekun?.basicYuan).toBe(741);
  });
});
