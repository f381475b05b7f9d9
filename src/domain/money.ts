/** Money is integer fen (分) inside the system; yuan (元, up to 2 decimals) only at the edges. */

export type Fen = number;

/** Converts yuan to fen exactly (0.1 + 0.2 style float noise is removed by rounding to whole fen). */
export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: Fen): number {
  return fen / 100;
}

export type Rounding = 'fen' | 'jiao' | 'yuan';

const UNIT: Record<Rounding, number> = { fen: 1, jiao: 10, yuan: 100 };

/** Rounds a fen amount, possibly fractional, half-up (四舍五入) to the unit; negative values round symmetrically. */
export function roundFen(fen: number, unit: Rounding): Fen {
  const u = UNIT[unit];
  const sign = fen < 0 ? -1 : 1;
  // The epsilon absorbs float error in products like 1.3 × 57000 = 74099.99999.
  return sign * Math.floor(Math.abs(fen) / u + 0.5 + 1e-9) * u;
}

/** Formats fen as yuan with two decimals, for reasons and reports (e.g. 173.33). */
export function formatYuan(fen: Fen): string {
  // Whole fen (nearly every call, from the rules' hot path) without floating-point formatting; the same text.
  if (Number.isSafeInteger(fen)) {
    const abs = fen < 0 ? -fen : fen;
    const cents = abs % 100;
    return `${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
  }
  return (fen / 100).toFixed(2);
}
