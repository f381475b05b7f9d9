import { describe, expect, it } from 'vitest';
import { areaChain, areaLevel, descendants, findArea, isWithin, parentCode } from './areas.ts';

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
