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

  it('rejects a dated map with a date that does not exist', () => {
    expect(() => packWith({ dibao: { standard: { urban: { '2021-02-30': 630 } } } })).toThrow(/2021-02-30: 日期不存在/);
  });

  it('reports a required parameter missing only when a rule needs it', () => {
    const r = resolvePack(packWith({}), '2021-01-01');
    expect(r.get('tekun.elderlyAge')).toEqual({ name: 'tekun.elderlyAge', value: 60, source: 'default' });
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
