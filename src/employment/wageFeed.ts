/**
 * The wage feed into the employment records (docs/employment.md, 一): each row of a loaded wage file (人社
 * 社保缴费/工资, src/verification/feeds.ts) for an active member of an active household of the file's county,
 * of working age (rules.ts isWorkingAge, the county's pack) in the file's month, records that member as
 * employed from the first to the last day of the month, with the file as the source (a county without a pack,
 * or whose pack lacks the retirement ages, gets no records: the load itself is never refused). Called in the feed
 * load's transaction; one record per file and member (a unique index), so a second load records nothing.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { packFor } from '../cases/lookups.ts';
import { daysInMonth } from '../domain/dates.ts';
import { yuanToFen } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import type { ResolvedPack } from '../policy/pack.ts';
import { households, members } from '../registry/schema.ts';
import { appliesToMember } from '../verification/applies.ts';
import { feedFiles, feedRecords } from '../verification/schema.ts';
import { isWorkingAge } from './rules.ts';
import { employmentWageRecords } from './schema.ts';

/** The first and last day of a period YYYY-MM. */
export function monthDays(period: string): { first: string; last: string } {
  const [y, m] = period.split('-').map(Number);
  return { first: `${period}-01`, last: `${period}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
}

/** Of working age under the pack; false when the pack lacks the ages (a feed load is not refused for it: nothing is recorded). */
function workingAge(pack: ResolvedPack, p: { birthDate: string; sex: string }, date: string): boolean {
  try { return isWorkingAge(pack, p, date); } catch (e) {
    if (e instanceof AppError && e.code === 'POLICY_MISSING') return false;
    throw e;
  }
}

/** Records the working-age members paid in wage file `fileId` as employed in its month; returns how many were recorded now. */
export async function recordWageFeed(tx: Db, fileId: number, actor: string): Promise<number> {
  const [file] = await tx.select().from(feedFiles).where(eq(feedFiles.id, fileId));
  if (!file || file.source !== 'wage') return 0;
  const { first, last } = monthDays(file.period);
  const rows = await tx.select({ memberId: members.id, householdId: members.householdId, areaCode: members.areaCode, birthDate: members.birthDate, sex: members.sex,
    data: feedRecords.data }).from(feedRecords)
    .innerJoin(members, and(eq(members.idNumber, feedRecords.idNumber), eq(members.status, 'active')))
    .innerJoin(households, and(eq(households.id, members.householdId), eq(households.status, 'active')))
    .where(and(eq(feedRecords.fileId, fileId), appliesToMember(sql`${feedRecords.areaCode}`, sql`${members.areaCode}`)));
  const packs = new Map<string, ResolvedPack | null>();
  const packOf = async (county: string) => {
    if (!packs.has(county)) {
      try { packs.set(county, (await packFor(tx, county, first)).pack); } catch (e) {
        if (e instanceof AppError && e.code === 'NO_POLICY') packs.set(county, null); else throw e;
      }
    }
    return packs.get(county)!;
  };
  const values: (typeof employmentWageRecords.$inferInsert)[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.memberId)) continue;
    const pack = await packOf(r.areaCode.slice(0, 6));
    if (!pack || !workingAge(pack, r, first)) continue;
    seen.add(r.memberId);
    const wage = Number(r.data['月工资']);
    values.push({ memberId: r.memberId, householdId: r.householdId, areaCode: r.areaCode, feedFileId: fileId, period: file.period, date: first, endDate: last,
      employer: r.data['单位'] || null, monthlyWageFen: Number.isFinite(wage) ? yuanToFen(wage) : null });
  }
  let recorded = 0;
  for (let i = 0; i < values.length; i += 1000) {
    recorded += (await tx.insert(employmentWageRecords).values(values.slice(i, i + 1000)).onConflictDoNothing().returning({ id: employmentWageRecords.id })).length;
  }
  if (recorded) {
    await appendAudit(tx, { actor, action: 'employment.wage_feed', target: `feed:${fileId}`, areaCode: file.areaCode || null, detail: { period: file.period, recorded } });
  }
  return recorded;
}
