/**
 * Resident ID numbers (公民身份号码) per GB 11643-1999: 6-digit area, 8-digit birth date,
 * 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.
 */
import { isValidIsoDate } from './dates.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type Sex = 'male' | 'female';

export interface IdNumberInfo {
  idNumber: string;
  birthDate: string;
  sex: Sex;
  areaCode: string;
}

export type IdNumberResult = { ok: true; value: IdNumberInfo } | { ok: false; message: string };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Validates an ID number; lower-case x is accepted and normalised to X. Messages are Chinese. */
export function parseIdNumber(raw: string): IdNumberResult {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, message: `身份证号应为18位（17位数字加1位数字或X），实际为“${raw}”` };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isValidIsoDate(birthDate) || birthDate < '1880-01-01') {
    return { ok: false, message: `身份证号中的出生日期 ${id.slice(6, 14)} 不存在` };
  }
  const expected = checkCharacter(id.slice(0, 17));
  if (id[17] !== expected) {
    return { ok: false, message: `身份证号校验位错误：应为 ${expected}，实际为 ${id[17]}` };
  }
  const sex: Sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { idNumber: id, birthDate, sex, areaCode: id.slice(0, 6) } };
}

/** Builds a valid ID number from its parts (demo data and tests). */
export function makeIdNumber(areaCode6: string, birthDate: string, sequence: number, sex: Sex): string {
  let seq = sequence % 1000;
  if ((seq % 2 === 1) !== (sex === 'male')) seq = (seq + 1) % 1000;
  const first17 = areaCode6 + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  return first17 + checkCharacter(first17);
}
