import { describe, expect, it } from 'vitest';
import { formatYuan, roundFen, yuanToFen } from './money.ts';

describe('money in integer fen', () => {
  it('converts yuan to whole fen without float noise', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(173.33)).toBe(17333);
    expect(yuanToFen(741)).toBe(74100);
  });

  it('rounds half-up to fen, jiao or yuan', () => {
    expect(roundFen(1.3 * 57000, 'yuan')).toBe(74100);
    expect(roundFen(12345.5, 'fen')).toBe(12346);
    expect(roundFen(12345, 'jiao')).toBe(12350);
    expect(roundFen(12344, 'jiao')).toBe(12340);
    expect(roundFen(12350, 'yuan')).toBe(12400);
    expect(roundFen(12349, 'yuan')).toBe(12300);
    expect(roundFen(-12350, 'yuan')).toBe(-12400);
  });

  it('formats fen as yuan with two decimals', () => {
    expect(formatYuan(17333)).toBe('173.33');
    expect(formatYuan(5)).toBe('0.05');
  });

  it('formats every amount as two-decimal yuan, whole fen and fractions of a fen alike (negatives, zero, large sums)', () => {
    for (let fen = -2_000; fen <= 200_000; fen++) expect(formatYuan(fen)).toBe((fen / 100).toFixed(2));
    for (const fen of [-0, 1e12 + 7, Number.MAX_SAFE_INTEGER, 12.5, -0.4, 476.6667]) expect(formatYuan(fen)).toBe((fen / 100).toFixed(2));
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(100_000_000)).toBe('1000000.00');
  });
});

