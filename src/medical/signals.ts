/**
 * Settlements as a monitoring signal (issue 19 § Links; the existing medicalExpense rule of
 * src/monitoring/rules.ts): each registered person's out-of-pocket cost in the calendar year of the run
 * date — for every settlement up to that date, T − B − I − P − assistance − top-up — is one `medical`
 * signal, keyed by person and year, so the warning is raised once when the year's sum passes the pack's
 * monitoring.rules.medicalExpense.amount. Only active households inside the scope are looked at.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { households } from '../registry/schema.ts';
import type { Signal } from '../monitoring/rules.ts';
import { medicalSettlements } from './schema.ts';

export async function medicalSignals(db: Db, scope: string, date: string): Promise<Signal[]> {
  const year = Number(date.slice(0, 4));
  const s = medicalSettlements;
  const oop = sql<string>`sum(greatest(0, ${s.totalFen} - ${s.basicFen} - ${s.seriousFen} - ${s.recordedFen} - ${s.assistanceFen} - ${s.topUpFen}))::text`;
  const rows = await db.select({ memberId: s.memberId, householdId: s.householdId, areaCode: households.areaCode, fen: oop, last: sql<string>`max(${s.settledOn})::text` })
    .from(s).innerJoin(households, eq(households.id, s.householdId))
    .where(and(eq(households.status, 'active'), like(households.areaCode, `${scope}%`), eq(s.year, year), sql`${s.settledOn} <= ${date}`))
    .groupBy(s.memberId, s.householdId, households.areaCode);
  return rows.filter((r) => r.memberId && r.householdId && Number(r.fen) > 0).map((r) => ({
    householdId: r.householdId!, areaCode: r.areaCode, source: 'feed' as const, ref: `medical:${r.memberId}:${year}`, on: r.last.slice(0, 10), kind: 'medical' as const, amountFen: Number(r.fen),
  }));
}
