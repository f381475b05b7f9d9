/** 两线合一 (003:L24, L32): the rural 低保 standard compared with the poverty line, date by date. */
import { describe, expect, it } from 'vitest';
import { meetingTwoLines, monthlyMeeting, twoLinesShortfalls } from './twoLines.ts';
import { packWith } from './testing.ts';
import { resolvePack } from './pack.ts';

const pack = (rural: unknown, povertyLine?: unknown) => packWith({ dibao: { standard: { urban: 600, rural }, ...(povertyLine === undefined ? {} : { povertyLine }) } });

describe('两线合一', () => {
  it.each([
    [4200, 350], [4000, 333.34], [3747, 312.25],
  ])('a line of %s 元/年 is met by %s 元/月 (÷ 12, up to the fen)', (line, monthly) => {
    expect(monthlyMeeting(line)).toBe(monthly);
  });

  it('finds no shortfall without a poverty line, or when 12 × the standard reaches it', () => {
    expect(twoLinesShortfalls(pack(300))).toEqual([]);
    expect(twoLinesShortfalls(pack(350, 4200))).toEqual([]);
  });

  it('names each date from which the standard falls short, with the standard that would meet the line', () => {
    const p = pack({ '2024-01-01': 300, '2024-07-01': 360 }, { '2024-01-01': 4000, '2025-01-01': 4500 });
    expect(twoLinesShortfalls(p)).toEqual([
      { since: '2024-01-01', povertyLineYuan: 4000, ruralYuan: 300, neededYuan: 333.34 },
      { since: '2025-01-01', povertyLineYuan: 4500, ruralYuan: 360, neededYuan: 375 },
    ]);
  });

  it('raises the rural standard to the line for the preview, citing the rule, and leaves a pack that meets it alone', () => {
    const met = resolvePack(meetingTwoLines(pack(300, 4200), '2024-08-01'), '2024-08-01').get('dibao.standard.rural');
    expect(met).toMatchObject({ value: 350, cite: expect.stringContaining('003:L24') });
    const ok = pack(400, 4200);
    expect(meetingTwoLines(ok, '2024-08-01')).toBe(ok);
  });
});
