import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask.ts';

describe('masking personal identifiers', () => {
  it('keeps the area code and last four characters of an ID number', () => {
    expect(maskIdNumber('430525195001011236')).toBe('430525********1236');
  });
  it('masks the middle of a mobile number and all but the end of a landline', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0739-7221234')).toBe('********1234');
  });
  it('keeps the surname and, for long names, the last character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('李')).toBe('李');
  });
});
