/**
 * A member's 特困 care facts as the engine reads them on the registry path (registry/toEvaluation.ts): the
 * level of the newest 生活自理能力评估 on or before the date (`unassessed` without one — the care amount is
 * then withheld, never guessed) and 集中供养 when a stay in an institution is in force on the date, else
 * 分散供养 — and whether the member received 重特大疾病医疗救助 (medical/assisted.ts; 002:L589), given only when so.
 * Only reads; imports no store, so the registry's callers can use it without a circle.
 */
import { and, asc, inArray, lte } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { majorIllnessAssistedOf } from '../medical/assisted.ts';
import type { CareFact } from '../registry/toEvaluation.ts';
import { tekunAssessments, tekunStays } from './schema.ts';

export async function careFactsOf(db: Db, memberIds: string[], onDate: string): Promise<Map<string, CareFact>> {
  const out = new Map<string, CareFact>();
  for (const id of memberIds) out.set(id, { selfCare: 'unassessed', careSetting: 'dispersed' });
  for (let i = 0; i < memberIds.length; i += 5000) {
    const chunk = memberIds.slice(i, i + 5000);
    const as = await db.select({ memberId: tekunAssessments.memberId, level: tekunAssessments.level }).from(tekunAssessments)
      .where(and(inArray(tekunAssessments.memberId, chunk), lte(tekunAssessments.assessedOn, onDate))).orderBy(asc(tekunAssessments.assessedOn), asc(tekunAssessments.createdAt));
    for (const a of as) out.get(a.memberId)!.selfCare = a.level as CareFact['selfCare'];
    const ss = await db.select({ memberId: tekunStays.memberId, from: tekunStays.admittedOn, to: tekunStays.dischargedOn }).from(tekunStays)
      .where(and(inArray(tekunStays.memberId, chunk), lte(tekunStays.admittedOn, onDate)));
    for (const s of ss) if (s.to === null || s.to > onDate) out.get(s.memberId)!.careSetting = 'concentrated';
  }
  for (const id of await majorIllnessAssistedOf(db, memberIds, onDate)) out.get(id)!.majorIllnessAssistance = true;
  return out;
}
