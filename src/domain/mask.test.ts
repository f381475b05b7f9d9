import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, ageOn, isValidIsoDate } from './dates.ts';
import { checkCharacter, makeIdNumber } from './idNumber.ts';
import { idSearchAllowed, maskAccount, maskBank, maskHistoryValue, maskIdNumber, maskMember, maskName, maskPhone } from './mask.ts';

// A fixed seed keeps CI repeatable; FC_SEED=<n> explores others.
const seed = Number(process.env.FC_SEED ?? 20261123);

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

/** Every ID number consistent with what a masked member shows: its visible digits, and a birth date giving its age on `today`. */
function candidates(masked: { idNumber: string; age: number }, today: string): string[] {
  const area = masked.idNumber.slice(0, 6);
  const tail = masked.idNumber.slice(-4);
  const out: string[] = [];
  // The birth date lies in the 13 months before the age's birthday window; walk every day of two years.
  const start = addMonths(today, -12 * (masked.age + 1) - 1);
  for (let t = Date.parse(start); t <= Date.parse(addMonths(today, -12 * masked.age)) + 86_400_000; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (!isValidIsoDate(d) || ageOn(d, today) !== masked.age) continue;
    const first17 = area + d.replaceAll('-', '') + tail.slice(0, 3);
    if (checkCharacter(first17) === tail[3]) out.push(first17 + tail[3]);
  }
  return out;
}

const birthDate = fc.date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const today = fc.date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('a member as shown to a role without reveal', () => {
  it('never carries the birth date digits of the ID number, in any field or combination of fields, and leaves many possible ID numbers', () => {
    fc.assert(fc.property(birthDate, today, fc.integer({ min: 0, max: 999 }), fc.boolean(), fc.option(fc.stringMatching(/^1[3-9]\d{9}$/)),
      (born, on, seq, male, phone) => {
        const idNumber = makeIdNumber('430525', born, seq, male ? 'male' : 'female');
        const shown = maskMember({ id: 'm1', name: '张三', idNumber, birthDate: born, sex: male ? 'male' : 'female', phone, relation: 'head' }, on);
        const text = JSON.stringify(shown);
        expect(text).not.toContain(idNumber.slice(6, 14));
        expect(text).not.toContain(born);
        expect(text).not.toContain(idNumber);
        expect(shown).not.toHaveProperty('birthDate');
        expect(shown.age).toBe(ageOn(born, on));
        // Rebuilding: every number that fits what is shown. The true one is among them, never alone.
        const fits = candidates(shown, on);
        expect(fits).toContain(idNumber);
        expect(fits.length).toBeGreaterThan(10);
      }), { numRuns: 200, seed });
  });

  it('masks ID numbers, phones and birth dates in history entries', () => {
    const id = makeIdNumber('430525', '1952-07-05', 371, 'male');
    expect(maskHistoryValue('members.m1.idNumber', id)).toBe('430525********' + id.slice(-4));
    expect(maskHistoryValue('members.m1.phone', '13812345678')).toBe('138****5678');
    expect(maskHistoryValue('members.m1.birthDate', '1952-07-05')).toBe('****-**-**');
    expect(maskHistoryValue('members.m1.name', '张三')).toBe('张三');
    expect(maskHistoryValue('members.m1.monthlyIncomeFen', 1200)).toBe(1200);
  });

  it('searches ID numbers by the whole number or the area code only, so a search cannot test birth dates', () => {
    expect(idSearchAllowed('430525', false)).toBe(true);
    expect(idSearchAllowed('43052519520705', false)).toBe(false);
    expect(idSearchAllowed(makeIdNumber('430525', '1952-07-05', 371, 'male'), false)).toBe(true);
    expect(idSearchAllowed('43052519520705', true)).toBe(true);
  });
});

describe('bank account numbers', () => {
  it('keep at most the last 4 digits, whatever the length, and masking twice changes nothing', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{0,30}$/), (n) => {
      const m = maskAccount(n);
      expect(m).toHaveLength(n.length);
      expect(m.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
      if (n.length > 4) expect(m.endsWith(n.slice(-4))).toBe(true);
      expect(maskAccount(m)).toBe(m);
    }));
    expect(maskAccount('621483001234')).toBe('********1234');
    expect(maskBank({ bankName: '农商银行', accountNo: '6230901234567890011', accountName: '周大明' })).toEqual({ bankName: '农商银行', accountNo: '***************0011', accountName: '周大明' });
    expect(maskHistoryValue('bank.accountNo', '621483**1234')).toBe('********1234');
  });
});
