/**
 * Who received 重特大疾病医疗救助 (郴州 002:L589 "重病患者（指城乡困难群众中获得重特大疾病医疗救助的人员）"):
 * a registry member with a settlement on or before the date for a disease the pack knows (a 重病 or 重大疾病
 * code) on which medical assistance was paid. The registry path (tekun/facts.ts `careFactsOf`) gives it to the
 * rules as `majorIllnessAssistance`; whether it makes the member 重病 is the pack's
 * `definitions.seriousIllness.medicalAssistance`. Only reads; imports no store.
 */
import { and, gt, inArray, isNotNull, lte, or } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { medicalSettlements } from './schema.ts';

export async function majorIllnessAssistedOf(db: Db, memberIds: string[], onDate: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < memberIds.length; i += 5000) {
    const chunk = memberIds.slice(i, i + 5000);
    const rows = await db.selectDistinct({ memberId: medicalSettlements.memberId }).from(medicalSettlements)
      .where(and(inArray(medicalSettlements.memberId, chunk), lte(medicalSettlements.settledOn, onDate), isNotNull(medicalSettlements.disease),
        or(gt(medicalSettlements.assistanceFen, 0), gt(medicalSettlements.recordedFen, 0))));
    for (const r of rows) if (r.memberId) out.add(r.memberId);
  }
  return out;
}
