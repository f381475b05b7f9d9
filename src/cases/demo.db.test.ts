/**
 * The demo's seeded cases (a fresh `npm start`): they lie in the township of the demo's township login
 * (xiangzhen, 江口镇 in README's table of demo accounts) and are registered by it, so that account's queue
 * and case list start with them; the village login sees only those of its village. They show a 低保
 * application at every step (issue 17, item 9): one approved and paid in an approved payroll month, one in
 * 公示 with an objection, one overdue and escalated (督办).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { and, eq } from 'drizzle-orm';
import { casePrograms, cases } from './schema.ts';
import { payrollLines, payrolls } from '../payments/schema.ts';
import { seedDemoPayments } from '../payments/demo.ts';
import { noticeObjections, workflowTasks } from '../workflow/schema.ts';
import { todayInChina } from '../registry/model.ts';
import { DEMO_COUNTY, DEMO_LOGINS, DEMO_PASSWORD, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { seedDemoCases } from './demo.ts';

let database: Database;
let app: FastifyInstance;
const xiangzhen = DEMO_LOGINS.find((l) => l.username === 'xiangzhen')!;

async function get(username: string, url: string) {
  const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: DEMO_PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  const r = await app.inject({ method: 'GET', url, headers: { cookie: `doudi_session=${login.cookies[0].value}` } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoPolicy(database.db);
  await seedDemoHouseholds(database.db, 400, { seed: 3 });
  await seedDemoUsers(database.db);
  expect(await seedDemoCases(database.db, DEMO_COUNTY)).toBe(10);
  expect(await seedDemoPayments(database.db, DEMO_COUNTY)).toBeGreaterThan(0);
  app = await buildServer(database);
}, 300_000);
afterAll(async () => { await app?.close(); await database?.close(); });

describe('demo cases', () => {
  it('are registered by the demo township login, in its township (江口镇, as README\'s table of demo accounts says)', async () => {
    expect(xiangzhen).toMatchObject({ role: 'township_staff', areaCode: '430525101' });
    const rows = await database.db.select({ areaCode: cases.areaCode, createdBy: cases.createdBy, channel: cases.channel }).from(cases);
    expect(rows.length).toBe(10);
    for (const r of rows) {
      expect(r.areaCode.startsWith(xiangzhen.areaCode), `${r.channel} case in ${r.areaCode}`).toBe(true);
      // The citizen's own application (掌上办) is registered by the citizen.
      expect(r.createdBy).toBe(r.channel === 'citizen' ? 'citizen' : 'xiangzhen');
    }
  });

  it('fill the township login\'s case list and queue from the start', async () => {
    expect((await get('xiangzhen', '/api/cases')).total).toBe(10);
    const mine = await get('xiangzhen', '/api/cases/queues?view=mine');
    expect(mine.counts.mine).toBeGreaterThan(0);
    expect(mine.rows.length).toBeGreaterThan(0);
  });
});

describe('a 低保 application at every step in 江口镇', () => {
  const programsOf = () => database.db.select({ caseId: cases.id, householdId: cases.householdId, program: casePrograms.program, state: casePrograms.state, objection: casePrograms.objection,
    noticeId: casePrograms.noticeId, taskId: casePrograms.taskId, entitlementId: casePrograms.entitlementId }).from(casePrograms).innerJoin(cases, eq(cases.id, casePrograms.caseId));

  it('has a program waiting at each step: acceptance, investigation, 核对, 公示, 民主评议, approval, approved, papers after emergency aid', async () => {
    const states = new Set((await programsOf()).map((p) => p.state));
    for (const s of ['intake', 'investigation', 'verification', 'notice', 'appraisal', 'township_approval', 'approved', 'documenting']) expect(states, s).toContain(s);
  });

  it('has a 低保 in 公示 that drew an objection', async () => {
    const inNotice = (await programsOf()).filter((p) => p.state === 'notice' && p.program === '低保');
    expect(inNotice).toHaveLength(1);
    expect(await database.db.select().from(noticeObjections).where(eq(noticeObjections.noticeId, inNotice[0].noticeId!))).toHaveLength(1);
  });

  it('has a 低保 approved and paid in an approved payroll month', async () => {
    const approved = (await programsOf()).filter((p) => p.state === 'approved' && p.program === '低保');
    expect(approved).toHaveLength(1);
    const lines = await database.db.select({ amountFen: payrollLines.amountFen, status: payrolls.status }).from(payrollLines).innerJoin(payrolls, eq(payrolls.id, payrollLines.payrollId))
      .where(and(eq(payrollLines.entitlementId, approved[0].entitlementId!), eq(payrolls.status, 'approved')));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0].amountFen).toBeGreaterThan(0);
  });

  it('has a case overdue and escalated (督办)', async () => {
    const tasks = await Promise.all((await programsOf()).filter((p) => p.taskId).map(async (p) => (await database.db.select().from(workflowTasks).where(eq(workflowTasks.id, p.taskId!)))[0]));
    const escalated = tasks.filter((t) => t.escalation > 0);
    expect(escalated).toHaveLength(1);
    expect(escalated[0].dueAt < todayInChina()).toBe(true);
    expect(escalated[0].step).toBe('investigation');
  });
});
