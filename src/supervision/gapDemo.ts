/**
 * Demo coverage gaps for a fresh `npm start`: two households of 江口镇 change through the registry's own
 * saveHousehold (as a township officer records a change), then the county's search runs (gapStore.ts), so the
 * 应保未保/待复核 tab and the workbench are filled —
 * 待复核: the last 低保 recipient of 江口镇 on the demo roster (no case, so the README's case tour is untouched) whose
 * head now works for a wage well above the standard; 应保未保: the last household of 江口镇 with neither entitlement
 * nor case whose members have lost their income and savings. The search finds others of the demo county too (the demo
 * roster covers part of the county only). Once per county: nothing is planted where a search has run.
 */
import { and, asc, desc, eq, isNull, like, notExists, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { cases } from '../cases/schema.ts';
import { entitlements } from '../payments/schema.ts';
import { households, members } from '../registry/schema.ts';
import { todayInChina } from '../registry/model.ts';
import { saveHousehold, type Actor } from '../registry/store.ts';
import { householdAsInput } from '../verification/resolve.ts';
import type { HouseholdInput } from '../registry/model.ts';
import { runGapSearch, type GapRun } from './gapStore.ts';

/** 江口镇, where the demo's township officer works. */
const JIANGKOU = '101';

export async function seedGapDemo(db: Db, county: string, today = todayInChina()): Promise<GapRun | null> {
  const [ran] = await db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.action, 'supervision.gaps.run'), like(auditLog.areaCode, `${county}%`))).limit(1);
  if (ran) return null;
  const township = `${county}${JIANGKOU}`;
  const actor: Actor = { username: 'xiangzhen', role: 'township_staff', areaCode: township };
  const noCase = notExists(db.select({ id: cases.id }).from(cases).where(eq(cases.householdId, households.id)));

  const [recipient] = await db.select({ h: households }).from(entitlements).innerJoin(households, eq(households.id, entitlements.householdId))
    .where(and(eq(entitlements.program, '低保'), isNull(entitlements.endMonth), sql`${entitlements.source}->>'kind' = 'roster'`, like(households.areaCode, `${township}%`),
      eq(households.status, 'active'), noCase))
    .orderBy(desc(households.ledgerKey)).limit(1);
  if (recipient) {
    await change(db, actor, recipient.h, (input) => {
      const head = input.members[0];
      head.employed = true;
      head.laborCapacity = 'full';
      head.monthlyIncomeYuan = 3000 * input.members.length;
    }, '演示：户主外出务工，月工资收入大幅增加');
  }

  const [left] = await db.select().from(households)
    .where(and(like(households.areaCode, `${township}%`), eq(households.status, 'active'), noCase,
      notExists(db.select({ id: entitlements.id }).from(entitlements).where(eq(entitlements.householdId, households.id)))))
    .orderBy(desc(households.ledgerKey)).limit(1);
  if (left) {
    await change(db, actor, left, (input) => {
      Object.assign(input, { financialAssetsYuan: 0, vehicles: 0, businessRegistered: false, previousYearIncomeYuan: null });
      for (const m of input.members) Object.assign(m, { employed: false, monthlyIncomeYuan: 0 });
    }, '演示：家庭成员失业，收入和存款耗尽');
  }
  return runGapSearch(db, { scope: county, actor: 'admin', date: today });
}

async function change(db: Db, actor: Actor, h: typeof households.$inferSelect, edit: (input: HouseholdInput) => void, why: string) {
  const ms = await db.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active'))).orderBy(asc(members.position), asc(members.createdAt));
  const input = householdAsInput(h, ms);
  edit(input);
  await saveHousehold(db, actor, h.id, input, why, h.version);
}
