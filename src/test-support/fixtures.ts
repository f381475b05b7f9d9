/** Small households for tests, with valid ID numbers in 洞口县 villages of two different townships. */
import { makeIdNumber } from '../domain/idNumber.ts';
import type { Actor } from '../registry/store.ts';

export const JIANGKOU_VILLAGE = '430525101201'; // 江口镇 江口村
export const YULAN_VILLAGE = '430525102201'; // 毓兰镇, another township

export const countyAdmin: Actor = { username: 'county', role: 'county_admin', areaCode: '430525' };
export const jiangkouStaff: Actor = { username: 'jiangkou', role: 'township_staff', areaCode: '430525101' };
export const yulanStaff: Actor = { username: 'yulan', role: 'township_staff', areaCode: '430525102' };
export const villageStaff: Actor = { username: 'village', role: 'village_staff', areaCode: JIANGKOU_VILLAGE };
export const auditor: Actor = { username: 'auditor', role: 'auditor', areaCode: '430525' };

let seq = 0;
export function person(birthDate: string, sex: 'male' | 'female' = 'male') {
  return makeIdNumber('430525', birthDate, ++seq * 2, sex);
}

export function household(areaCode: string, names: string[] = ['张大山', '李秀英']) {
  return {
    areaCode,
    hukou: 'rural' as const,
    members: names.map((name, i) => ({
      name,
      idNumber: person(`19${60 + i}-03-0${1 + (i % 9)}`, i % 2 ? 'female' : 'male'),
      relation: i === 0 ? ('head' as const) : i === 1 ? ('spouse' as const) : ('child' as const),
      monthlyIncomeYuan: 500,
    })),
  };
}
