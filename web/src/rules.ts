/** Form rules shared by the pages; the ID-number check is the server's own (src/domain/idNumber.ts). */
import { parseIdNumber } from '../../src/domain/idNumber.ts';

/** Today in China (UTC+8), the server's own function, so a page and the server never disagree about the date. */
import { todayInChina } from '../../src/domain/dates.ts';

export { todayInChina };

export const idNumberRule = { validator: (_: unknown, value?: string) => {
  if (!value) return Promise.resolve();
  const r = parseIdNumber(value);
  if (!r.ok) return Promise.reject(new Error(r.message));
  if (r.value.birthDate > todayInChina()) return Promise.reject(new Error(`身份证号中的出生日期 ${r.value.birthDate} 晚于今天`));
  return Promise.resolve();
} };

export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
