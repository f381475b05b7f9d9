/**
 * Demo data for monitoring (called once by `doudi serve` in demo mode after the demo county is
 * seeded): planted reports on chosen households (those of 江口镇 first) (a large medical bill, a flood, the main
 * earner's death, a job loss, a dropout — and two that must NOT warn: a small medical bill, the death
 * of a member who was not the main earner), then one monitor run, which also raises the income rules
 * on the county's 脱贫户. One household is planted as already identified (earlier this year) with its
 * monitoring cadre, one visit and a measure, a 稳定脱贫 household with its paired cadre (never contacted), and two rounds of 督查考评 criticise 江口镇 twice in a row (约谈).
 * `DEMO_PLANTS` says which warning each planted report must raise; the tests hold the demo to it.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { households, members } from '../registry/schema.ts';
import { monitoringCadreAssignments, monitoringCadres, monitoringCriticisms, monitoringHouseholds, monitoringMeasures, monitoringRounds, monitoringVisits } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { addMonths } from '../domain/dates.ts';
import { todayInChina } from '../registry/model.ts';
import { addDays } from '../workflow/calendar.ts';
import { appendEvent } from '../workflow/events.ts';
import { CHECKLIST_ITEMS, IMPROVEMENTS, mainEarnerId, type Level, type ReportKind, type RuleName } from './rules.ts';
import { runMonitor, SUBJECT } from './signals.ts';
import { createReport } from './store.ts';

export const DEMO_TOWNSHIP = '430525101';

export interface Plant { kind: ReportKind; channel: 'village' | 'cadre' | 'hotline' | 'self'; amountYuan?: number; member?: 'mainEarner' | 'other' | 'child'; description: string; expect: { rule: RuleName; level: Level } | null }

/** The planted reports, in the order households are taken, with the warning each must raise under the demo pack (null: none). */
export const DEMO_PLANTS: Plant[] = [
  { kind: 'medical', channel: 'hotline', amountYuan: 35000, description: '户主住院治疗，医保报销后自付 3.5 万元', expect: { rule: 'medicalExpense', level: 'orange' } },
  { kind: 'medical', channel: 'village', amountYuan: 5000, description: '门诊慢病自付 5000 元', expect: null },
  { kind: 'disaster', channel: 'village', amountYuan: 60000, description: '山洪冲毁房屋一间', expect: { rule: 'disaster', level: 'red' } },
  { kind: 'death', channel: 'village', member: 'mainEarner', description: '家庭主要劳动力因病去世', expect: { rule: 'earnerDeath', level: 'red' } },
  { kind: 'death', channel: 'village', member: 'other', description: '家庭成员去世（非主要劳动力）', expect: null },
  { kind: 'jobLoss', channel: 'cadre', member: 'mainEarner', description: '务工企业停产，失去工作', expect: { rule: 'jobLoss', level: 'yellow' } },
  { kind: 'dropout', channel: 'self', member: 'other', description: '孩子初二辍学在家', expect: { rule: 'dropout', level: 'orange' } },
];

/**
 * The households the demo plants on: active, not 脱贫户 (so no income rule mixes in), with at least two
 * members, those of 江口镇 first, by ledger key. The first is the identified household; the plants follow.
 */
export async function demoTargets(db: Db, n: number) {
  return db.select({ id: households.id, areaCode: households.areaCode }).from(households)
    .where(and(like(households.areaCode, '430525%'), eq(households.status, 'active'), eq(households.registeredPoor, false), gte(households.memberCount, 2)))
    .orderBy(sql`substr(${households.areaCode}, 1, 9) <> ${DEMO_TOWNSHIP}`, asc(households.ledgerKey)).limit(n);
}

export async function seedMonitoringDemo(db: Db, today = todayInChina()): Promise<{ raised: number }> {
  const actor = { username: 'system', role: 'county_admin' as const, areaCode: '430525' };
  const targets = await demoTargets(db, DEMO_PLANTS.length + 1);
  if (targets.length < DEMO_PLANTS.length + 1) return { raised: 0 };
  for (const [i, p] of DEMO_PLANTS.entries()) {
    const h = targets[i + 1];
    const ms = await db.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active'))).orderBy(asc(members.position));
    const earner = mainEarnerId(ms);
    const member = p.member === 'mainEarner' ? earner : p.member === 'other' ? ms.find((m) => m.id !== earner)?.id : undefined;
    await createReport(db, actor, { householdId: h.id, channel: p.channel, kind: p.kind, memberId: member ?? undefined, amountYuan: p.amountYuan,
      occurredOn: addDays(today, -3), description: p.description, reporterName: p.channel === 'self' ? undefined : '江口村民生协理员' }, today);
  }
  const run = await runMonitor(db, today, '430525');

  // One household identified earlier this year, with cadres, a visit last month and an employment measure.
  const h = targets[0];
  const township = h.areaCode.slice(0, 9);
  const identifiedOn = addMonths(today, -4);
  const [mc] = await db.insert(monitoringCadres).values({ areaCode: township, name: '刘建国', kind: 'monitoring', unit: '江口镇人民政府', createdBy: 'system' }).returning();
  const [pc] = await db.insert(monitoringCadres).values({ areaCode: township, name: '陈晓梅', kind: 'paired', unit: '县农业农村局', createdBy: 'system' }).returning();
  await db.insert(monitoringCadres).values([{ areaCode: township, name: '王志强', kind: 'monitoring', unit: '江口镇人民政府', createdBy: 'system' },
    { areaCode: township, name: '赵丽', kind: 'paired', unit: '县教育局', createdBy: 'system' }]);
  await db.insert(monitoringHouseholds).values({ householdId: h.id, areaCode: h.areaCode, type: '边缘易致贫户', riskFactors: ['employment'], identifiedOn,
    monitoringCadreId: mc.id, cadresAssignedOn: identifiedOn, warningLevel: 'orange' });
  await db.insert(monitoringCadreAssignments).values({ householdId: h.id, areaCode: h.areaCode, cadreId: mc.id, kind: 'monitoring', fromOn: identifiedOn, createdBy: 'system' });
  // A 稳定脱贫 household of 江口镇 with its paired cadre (结对联系, 001:L860), never contacted since: overdue.
  const [stable] = await db.select({ id: households.id, areaCode: households.areaCode }).from(households)
    .where(and(like(households.areaCode, `${DEMO_TOWNSHIP}%`), eq(households.status, 'active'), eq(households.registeredPoor, true))).orderBy(asc(households.ledgerKey)).limit(1);
  if (stable) await db.insert(monitoringCadreAssignments).values({ householdId: stable.id, areaCode: stable.areaCode, cadreId: pc.id, kind: 'paired', fromOn: identifiedOn, createdBy: 'system' });
  await db.insert(monitoringMeasures).values({ id: randomUUID(), householdId: h.id, areaCode: h.areaCode, riskFactor: 'employment', kind: 'employment',
    description: '推荐到县工业园务工', startOn: addDays(identifiedOn, 7), createdBy: 'system' });
  await db.insert(monitoringVisits).values({ id: randomUUID(), householdId: h.id, areaCode: h.areaCode, cadreId: mc.id, visitedOn: addMonths(today, -1), mode: 'visit',
    checklist: Object.fromEntries(Object.keys(CHECKLIST_ITEMS).map((k) => [k, { ok: true }])), improvements: Object.fromEntries(Object.keys(IMPROVEMENTS).map((k) => [k, { done: true }])),
    note: '家中情况稳定', recordedBy: 'system' });
  await appendEvent(db, { subjectType: SUBJECT, subjectId: h.id, areaCode: h.areaCode, actor: 'system', action: 'demo.identified', reason: '演示数据：已纳入监测', detail: { identifiedOn } });

  const rounds = await db.insert(monitoringRounds).values([
    { areaCode: '430525', name: '第一季度乡村振兴督查考评', heldOn: addMonths(today, -6), createdBy: 'system' },
    { areaCode: '430525', name: '第二季度乡村振兴督查考评', heldOn: addMonths(today, -3), createdBy: 'system' },
  ]).returning();
  await db.insert(monitoringCriticisms).values(rounds.map((r) => ({ roundId: r.id, areaCode: DEMO_TOWNSHIP, reason: '监测对象帮扶措施落实不到位', createdBy: 'system' })));
  await appendAudit(db, { actor: 'system', action: 'monitoring.demo', target: null, areaCode: '430525', detail: { plants: DEMO_PLANTS.length, raised: run.raised } });
  return { raised: run.raised };
}
