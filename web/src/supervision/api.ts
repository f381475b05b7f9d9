/**
 * The supervision routes the 督导 page reads (shapes as the supervision API gives them: indicators with their
 * value, target and light; an indicator's trend, township ranking and the list behind it; the inspection pack;
 * the monthly snapshots; the coverage gaps) and how the page shows a value and a light.
 */
import { yuan } from '../format.ts';

export const SUP = '/api/supervision';

export type Unit = 'ratio' | 'count' | 'fen' | 'days';
export type Light = 'green' | 'amber' | 'red' | 'none';

export interface Indicator {
  key: string; group: string; name: string; unit: Unit;
  /** What numerator and denominator count: things (count) or money in fen. */
  parts: 'count' | 'fen';
  value: number | null; numerator: number; denominator: number | null;
  definition: { numerator: string; denominator: string | null; asOf: string };
  target: { value: number; direction: 'atLeast' | 'atMost'; parameter: string; label: string } | null;
  light: Light; source: { ref: string; citation: string }; hasList: boolean;
}
export interface Indicators { asOf: string; area: { code: string; name: string }; groups: { key: string; name: string }[]; indicators: Indicator[] }
export interface TrendPoint { period: string; value: number | null; numerator: number; denominator: number | null; target: number | null; snapshot: boolean }
export interface Trend { key: string; points: TrendPoint[] }
export interface TownshipRow { code: string; name: string; value: number | null; numerator: number; denominator: number | null; light: Light; rank: number }
export interface ListRow { householdId: string; householdNo: string; name: string; township: string; village: string; reason: string; [column: string]: unknown }
export interface IndicatorList { key: string; title: string; columns: { key: string; title: string }[]; rows: ListRow[]; total: number }
export interface Snapshot { month: string; takenAt: string; takenBy: string }

export { GAP_KINDS, GAP_OUTCOMES, OUTCOME_FITS, type GapKind } from '../../../src/supervision/gaps.ts';
import type { GapKind } from '../../../src/supervision/gaps.ts';
/** GET /api/supervision/gaps: a gap of the user's area (name masked). */
export interface Gap {
  id: number; kind: GapKind; householdId: string; householdNo: string | null; name: string; township: string; village: string;
  program: string; reasons: string[]; amountFen?: number; foundAt: string; foundOn: string; status: 'open' | 'closed';
  outcome: string | null; outcomeLabel: string | null; note: string | null; closedBy: string | null; closedAt: string | null;
}
/** A coverage-gap search (POST /api/supervision/gaps/run, then GET …/runs/:id): progress, then what it found. */
export interface GapRunJob {
  id: string; status: 'running' | 'done' | 'failed'; done: number; total: number; error: string | null;
  result: { date: string; households: number; errors: number; found: Record<GapKind, number>; opened: number; kept: number; gone: number } | null;
}

/** A light in a colour and a word (never the colour alone). */
export const LIGHTS: Record<Light, { word: string; color: string }> = {
  green: { word: '达标', color: 'success' },
  amber: { word: '接近', color: 'warning' },
  red: { word: '未达标', color: 'error' },
  none: { word: '无目标', color: 'default' },
};


/** A value in its unit: a ratio as a percentage with one decimal, money (fen) in 元, days and counts as numbers. */
export function formatValue(value: number | null | undefined, unit: Unit, t: (zh: string) => string = (zh) => zh): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'ratio': return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
    case 'fen': return `${yuan(value)} ${t('元')}`;
    case 'days': return `${value} ${t('天')}`;
    default: return String(value);
  }
}

/** The number a chart plots for a value: a ratio in percent, money in 元. */
export function chartValue(value: number | null | undefined, unit: Unit): number | null {
  if (value === null || value === undefined) return null;
  return unit === 'ratio' ? Math.round(value * 1000) / 10 : unit === 'fen' ? value / 100 : value;
}

/** The axis name of a unit in a chart. */
export const UNIT_AXIS: Record<Unit, string> = { ratio: '%', count: '', fen: '元', days: '天' };

/** An indicator's target as a bound: “≥ 95.0%” (to reach) or “≤ 2.0%” (to stay under). */
export function targetText(i: Pick<Indicator, 'target' | 'unit'>, t: (zh: string) => string = (zh) => zh): string {
  return i.target ? `${i.target.direction === 'atLeast' ? '≥' : '≤'} ${formatValue(i.target.value, i.unit, t)}` : '—';
}
