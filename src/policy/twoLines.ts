/**
 * 两线合一 (003:L24 "农村低保与扶贫标准实现两线合一", L32 "加快推进农村低保标准与扶贫标准‘两线合一’"): the
 * rural 低保 standard (元/人/月) may not be below the poverty line `dibao.povertyLine` (扶贫标准, 元/人/年) on any
 * date both are in force. Pure: `twoLinesShortfalls` lists the dates from which a pack falls short (publication
 * refuses it), `meetingTwoLines` gives the pack with the rural standard raised to meet the line (the what-if
 * preview shows its effect).
 */
import { resolvePack, type PolicyPack } from './pack.ts';

export interface TwoLinesShortfall {
  /** The date from which the two values in force are compared ('' when neither is dated). */
  since: string;
  povertyLineYuan: number;
  ruralYuan: number;
  /** The lowest monthly rural standard meeting the line: the line ÷ 12, rounded up to the fen. */
  neededYuan: number;
}

const PARAMS = ['dibao.standard.rural', 'dibao.povertyLine'] as const;

/** The monthly standard that meets an annual line, rounded up to the fen. */
export const monthlyMeeting = (annualYuan: number) => Math.ceil(Math.round(annualYuan * 100) / 12) / 100;

/** The dates on which either value changes, and the first of them: a pack's values are constant in between. */
function datesOf(pack: PolicyPack): string[] {
  const dates = new Set<string>(['0001-01-01']);
  for (const name of PARAMS) {
    const leaf = pack.parameters.get(name);
    if (leaf && 'dated' in leaf) for (const [d] of leaf.dated) dates.add(d);
  }
  return [...dates].sort();
}

/** The comparison on one date, or null when the line is not set or either value is not in force. */
export function twoLinesOn(pack: PolicyPack, date: string): TwoLinesShortfall | null {
  const r = resolvePack(pack, date);
  let line: number | null;
  let rural: number;
  try {
    line = r.value<number | null>('dibao.povertyLine');
    rural = r.value<number>('dibao.standard.rural');
  } catch {
    return null;
  }
  if (line === null || line === undefined) return null;
  return { since: date === '0001-01-01' ? '' : date, povertyLineYuan: line, ruralYuan: rural, neededYuan: monthlyMeeting(line) };
}

/** Every date from which the rural standard × 12 is below the poverty line. */
export function twoLinesShortfalls(pack: PolicyPack): TwoLinesShortfall[] {
  return datesOf(pack).map((d) => twoLinesOn(pack, d)).filter((c): c is TwoLinesShortfall => c !== null && Math.round(c.ruralYuan * 100) * 12 < Math.round(c.povertyLineYuan * 100));
}

/** The pack as it would be meeting the line on `date`: the rural standard set to the needed amount (unchanged when already met). */
export function meetingTwoLines(pack: PolicyPack, date: string): PolicyPack {
  const c = twoLinesOn(pack, date);
  if (!c || c.ruralYuan >= c.neededYuan) return pack;
  const parameters = new Map(pack.parameters);
  parameters.set('dibao.standard.rural', { value: c.neededYuan, cite: '两线合一：不低于扶贫标准（003:L24、L32）' });
  return { ...pack, parameters };
}
