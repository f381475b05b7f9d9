/**
 * The value and traffic light of a supervision indicator (pure; no database). Value: numerator / denominator for
 * ratios (rounded to 4 decimals, null when the denominator is 0), the numerator otherwise. Light: green at or
 * beyond the target, amber within the pack's supervision.amberMargin of it (for ratios the margin itself, for
 * counts and amounts that share of the target), red beyond; none without a target or a value.
 */
export type Light = 'green' | 'amber' | 'red' | 'none';
export type Unit = 'ratio' | 'count' | 'fen' | 'days';
export interface Target { value: number; direction: 'atLeast' | 'atMost' }

export const valueOf = (unit: Unit, numerator: number, denominator: number | null): number | null =>
  unit === 'ratio' ? (denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null) : numerator;

export function lightOf(unit: Unit, value: number | null, target: Target | null, margin: number): Light {
  if (!target || value === null) return 'none';
  const band = unit === 'ratio' ? margin : Math.abs(target.value) * margin;
  const gap = target.direction === 'atLeast' ? target.value - value : value - target.value;
  return gap <= 1e-9 ? 'green' : gap <= band + 1e-9 ? 'amber' : 'red';
}
