import { describe, expect, it } from 'vitest';
import { checkCharacter, makeIdNumber, parseIdNumber } from './idNumber.ts';

describe('GB 11643 ID numbers', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', 'female'],
    ['430525195001011236', '1950-01-01', 'male'],
    ['440524188001010014', '1880-01-01', 'male'],
  ])('accepts the valid number %s and derives birth date and sex', (id, birth, sex) => {
    const r = parseIdNumber(id);
    expect(r).toEqual({ ok: true, value: { idNumber: id, birthDate: birth, sex, areaCode: id.slice(0, 6) } });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const r = parseIdNumber('11010519491231002x');
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });

  it.each([
    ['430525195001011234', '校验位错误'],
    ['43052519500101123', '18位'],
    ['4305251950010112345', '18位'],
    ['4.30525E+17', '18位'],
    ['430525195002301233', '出生日期 19500230 不存在'],
    ['430525190002291236', '出生日期 19000229 不存在'],
    ['43052519501301123X', '不存在'],
  ])('rejects %s with a Chinese reason', (id, reason) => {
    const r = parseIdNumber(id);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(reason);
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('43052519500101123')).toBe('6');
  });

  it('makes numbers that validate and carry the requested sex', () => {
    for (let i = 0; i < 200; i++) {
      const sex = i % 2 ? 'male' : 'female';
      const id = makeIdNumber('430525', '2000-02-29', i, sex);
      const r = parseIdNumber(id);
      expect(r.ok && r.value.sex).toBe(sex);
    }
  });
});
