import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../domain/idNumber.ts';
import { hasAtMostTwoDecimals, householdInput, memberInput, todayInChina } from './model.ts';

const member = { name: '王小明', idNumber: makeIdNumber('430525', '1980-01-01', 11, 'male'), relation: 'head' };
const messageOf = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? null : r.error!.issues[0].message);

describe('household input', () => {
  it('accepts amounts of whole fen, with a spreadsheet\'s float noise, and refuses finer ones', () => {
    for (const ok of [0, 1.23, 0.07, 0.1 + 0.2, 999_999_999.99, 4.35]) expect(hasAtMostTwoDecimals(ok), String(ok)).toBe(true);
    for (const bad of [1.234, 1.230001, 1.005, 0.001, 5e-7, 999_999_999.999]) expect(hasAtMostTwoDecimals(bad), String(bad)).toBe(false);
    expect(messageOf(memberInput.safeParse({ ...member, monthlyIncomeYuan: 1.234 }))).toBe('月收入最多两位小数');
  });

  it('refuses names of control, invisible or bidi characters and names without a letter', () => {
    for (const name of ['王\u0000', '\uD800', '\u200B', '\u202E王', '王\u2066', ' \u3164 ', '123']) {
      expect(messageOf(memberInput.safeParse({ ...member, name })), JSON.stringify(name)).toMatch(/姓名/);
    }
    expect(messageOf(memberInput.safeParse({ ...member, name: '\uFEFF' }))).toBe('姓名必填');
    expect(memberInput.parse({ ...member, name: '阿依古丽·买买提' }).name).toBe('阿依古丽·买买提');
  });

  it('refuses an ID number whose birth date is after today in China', () => {
    const today = todayInChina();
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    expect(memberInput.safeParse({ ...member, idNumber: makeIdNumber('430525', today, 12, 'female') }).success).toBe(true);
    expect(messageOf(memberInput.safeParse({ ...member, idNumber: makeIdNumber('430525', tomorrow, 12, 'female') }))).toContain('晚于今天');
  });

  it('takes today\'s date from China\'s clock, not UTC\'s', () => {
    expect(todayInChina(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(todayInChina(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
  });

  it('allows line breaks only where text may have several lines', () => {
    const h = { areaCode: '430525101201', hukou: 'rural', members: [member] };
    expect(messageOf(householdInput.safeParse({ ...h, address: '江口村\n3 组' }))).toBe('住址含有控制字符或不可见字符，请删除后重试');
    expect(messageOf(householdInput.safeParse({ ...h, vehicles: 100 }))).toBe('车辆数应为 0-99 的整数');
  });
});
