/** general.rounding: half-up (四舍五入) to fen, jiao or yuan on every computed component, exactly at .5. */
import { describe, expect, it } from 'vitest';
import { benefit, run } from './testing.ts';

const disabled = { hukou: 'rural', members: [{ id: 'P', birthDate: '1980-01-01', laborCapacity: 'none', disability: { grade: 1, kind: 'physical' } }] };
const living = (rural: number, rounding: string) =>
  benefit(run({ general: { rounding }, dibao: { standard: { urban: 600, rural } }, tekun: { minimumWage: 1000 } }, disabled), 'disability.living')?.monthlyYuan;

describe('rounding modes', () => {
  it.each([
    [415, 'fen', 124.5], [415, 'jiao', 124.5], [415, 'yuan', 125], // 30% × 415 = 124.50
    [415.15, 'fen', 124.55], [415.15, 'jiao', 124.5], [415.15, 'yuan', 125], // 30% × 415.15 = 124.545
    [411.65, 'fen', 123.5], [411.65, 'jiao', 123.5], [411.65, 'yuan', 123], // 30% × 411.65 = 123.495: rounded once, not via 123.50
  ])('rounds 30 percent of a standard of %s to the %s, half-up: %s', (rural, rounding, expected) => {
    expect(living(rural, rounding)).toBe(expected);
  });

  it('rounds each component before summing: the 低保 gap and each surcharge separately', () => {
    const pack = { general: { rounding: 'yuan' }, dibao: { standard: { urban: 600, rural: 401 }, surcharge: { elderly: 0.25 } }, tekun: { minimumWage: 1000 } };
    const elderly = (id: string) => ({ id, birthDate: '1950-01-01', laborCapacity: 'full', monthlyIncomeYuan: 0.5 });
    // gap 802 − 1 = 801; each surcharge 25% × 401 = 100.25 → 100 (not 200.5 → 201 for both)
    expect(benefit(run(pack, { hukou: 'rural', members: [elderly('A'), elderly('B')] }), 'dibao')?.monthlyYuan).toBe(801 + 100 + 100);
  });
});
