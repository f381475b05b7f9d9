/**
 * Who decides and what a decision pays (issue 18, items 11–13), through the HTTP API on both databases:
 * approved 临时救助 is paid — through the payroll as a one-off line, in instalments ("一次审批、分阶段救助",
 * 000:L158), or from the township's reserve; above the township limit the county civil affairs bureau
 * decides, and only above the county's own ceiling is it 一事一议, decided by the coordination mechanism's
 * members (000:L158); 残疾人两项补贴 is approved by 县残联 (004:L85; 001:L816).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { notices } from '../workflow/schema.ts';
import { createUser } from '../auth/users.ts';
import { addMonths } from '../domain/dates.ts';
import { createEntitlement, listEntitlements } from '../payments/entitlements.ts';
import { addMonth } from '../payments/months.ts';
import { approvePayroll, runPayroll } from '../payments/payroll.ts';
import { PolicySource } from '../payments/policySource.ts';
import { payrollLines } from '../payments/schema.ts';
import { todayInChina } from '../registry/model.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';
import { addWorkingDays } from '../workflow/calendar.ts';
import { members } from '../registry/schema.ts';
import { reserveMovements } from './schema.ts';
import { tick } from './scheduler.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const today = todayInChina();
const thisMonth = today.slice(0, 7);
const PDF = Buffer.from('%PDF-1.4\n% 核对授权书\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const BANK = { bankName: '洞口农商银行', accountNo: '6214830000765432', accountName: '王大明' };

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
}
const ok = async (p: Promise<{ statusCode: number; json(): any; body: string }>, status = 200) => {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};
const step = (user: string, caseId: string, programId: string, action: string, body: unknown = {}) =>
  as(user, 'POST', `/api/cases/${caseId}/programs/${programId}/actions/${action}`, body);

let householdId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  const users = [
    ['county', 'county_admin', '430525', '民政局'], ['minzheng', 'county_staff', '430525', '民政局'], ['canlian', 'county_staff', '430525', '残联'], ['inspector', 'county_staff', '430525', '民政局'],
    ['jiangkou', 'township_staff', '430525101', null],
  ] as const;
  for (const [username, role, areaCode, department] of users) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department }, 'test');
  }
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await ok(as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' }), 201);
  householdId = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明', '李秀英'])), 201)).id;
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); });

/** A case of one program taken through intake, investigation, 核对 and a notice without objection. */
async function throughNotice(programs: unknown[], withBank = true) {
  const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId, programs, ...(withBank ? { bank: BANK } : {}) }), 201);
  const p = created.programs[0];
  await ok(as('jiangkou', 'POST', `/api/cases/${created.id}/attachments?kind=authorization&name=a.pdf`, PDF, { 'content-type': 'application/pdf' }), 201);
  await ok(step('jiangkou', created.id, p.id, 'accept'));
  await ok(step('jiangkou', created.id, p.id, 'investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '属实', recommendation: 'support' }));
  await ok(step('jiangkou', created.id, p.id, 'verify', { result: 'pass', note: '核对无异常' }));
  const c = await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`));
  const inNotice = c.programs.find((x: { id: string }) => x.id === p.id);
  await database.db.update(notices).set({ endDate: addMonths(today, -1) }).where(eq(notices.id, inNotice.notice.id));
  await ok(step('jiangkou', created.id, p.id, 'close_notice'));
  return { caseId: created.id as string, programId: p.id as string, program: inNotice };
}

const linesOf = async (month: string) => (await database.db.select().from(payrollLines)).filter((l) => l.program === '临时救助' && l.period === month);

describe('approved 临时救助 is paid (item 11)', () => {
  it('through the payroll: a one-off line in the month of approval, taken by one payroll only', async () => {
    const { caseId, programId } = await throughNotice([{ program: '临时救助', subtype: '支出型', amountYuan: 800 }]);
    const approved = await ok(step('jiangkou', caseId, programId, 'approve', { reason: '大病支出，同意救助', amountYuan: 800 }));
    expect(approved.to).toBe('approved');
    const c = await ok(as('jiangkou', 'GET', `/api/cases/${caseId}`));
    expect(c.programs[0].data.payment).toMatchObject({ from: 'payroll', amountYuan: 800, parts: [{ dueMonth: thisMonth, amountYuan: 800 }] });

    const policy = PolicySource.published(database.db);
    const run = await runPayroll(database.db, { month: thisMonth, area: '430525', policy, by: { username: 'minzheng', via: 'ui' } });
    expect(run.byProgram['临时救助']).toBe(800);
    const [line] = await linesOf(thisMonth);
    expect(line).toMatchObject({ householdId, amountFen: 80_000, kind: 'regular', entitlementId: null });
    expect(line.payee).toMatchObject({ accountNo: BANK.accountNo, accountName: '王大明' });
    await approvePayroll(database.db, thisMonth, '430525', { username: 'county', via: 'ui' });
    // Next month's payroll does not pay it again.
    const next = await runPayroll(database.db, { month: addMonth(thisMonth, 1), area: '430525', policy, by: { username: 'minzheng', via: 'ui' } });
    expect(next.byProgram['临时救助']).toBeUndefined();
  });

  it('in instalments ("一次审批、分阶段救助"), one a month, summing to the approved amount', async () => {
    const { caseId, programId } = await throughNotice([{ program: '临时救助', subtype: '支出型', amountYuan: 3000 }]);
    await ok(step('jiangkou', caseId, programId, 'review', { opinion: '建议分三期救助' }));
    const wrongSum = await step('minzheng', caseId, programId, 'approve', { reason: '同意', amountYuan: 3000, instalmentsYuan: [1000, 1000] });
    expect(wrongSum.statusCode).toBe(400);
    expect(wrongSum.json().error).toMatchObject({ code: 'INSTALMENTS_SUM', path: 'instalmentsYuan' });
    expect((await ok(as('jiangkou', 'GET', `/api/cases/${caseId}`))).programs[0].state).toBe('county_approval');
    await ok(step('minzheng', caseId, programId, 'approve', { reason: '同意，分三期', amountYuan: 3000, instalmentsYuan: [1000, 1000, 1000] }));
    const c = await ok(as('jiangkou', 'GET', `/api/cases/${caseId}`));
    expect(c.programs[0].data.payment.parts.map((x: { dueMonth: string }) => x.dueMonth)).toEqual([thisMonth, addMonth(thisMonth, 1), addMonth(thisMonth, 2)]);
    const policy = PolicySource.published(database.db);
    const m1 = addMonth(thisMonth, 1);
    const run = await runPayroll(database.db, { month: m1, area: '430525', policy, by: { username: 'minzheng', via: 'ui' } });
    // The first part was due this month (its payroll is already approved) and the second next month: both in the next payroll.
    expect(run.byProgram['临时救助']).toBe(2000);
    await approvePayroll(database.db, m1, '430525', { username: 'county', via: 'ui' });
    const run2 = await runPayroll(database.db, { month: addMonth(thisMonth, 2), area: '430525', policy, by: { username: 'minzheng', via: 'ui' } });
    expect(run2.byProgram['临时救助']).toBe(1000);
  });

  it('or from the township reserve, recorded as a movement of the reserve and not in the payroll', async () => {
    await ok(as('county', 'POST', '/api/reserves/allocate', { townshipCode: '430525101', amountYuan: 2000, note: '拨付备用金' }));
    const { caseId, programId } = await throughNotice([{ program: '临时救助', subtype: '支出型', amountYuan: 600 }], false);
    await ok(step('jiangkou', caseId, programId, 'approve', { reason: '同意', amountYuan: 600, payFrom: 'reserve' }));
    const moves = await database.db.select().from(reserveMovements).where(eq(reserveMovements.programId, programId));
    expect(moves).toEqual([expect.objectContaining({ kind: 'payment', amountFen: -60_000, caseId })]);
    const c = await ok(as('jiangkou', 'GET', `/api/cases/${caseId}`));
    expect(c.programs[0].data.payment).toMatchObject({ from: 'reserve', amountYuan: 600, reserveBalanceAfterYuan: 1400 });
  });
});

describe('who decides 临时救助 above the township limit (item 12)', () => {
  it('the county civil affairs bureau, not 一事一议, up to the county ceiling', async () => {
    const { caseId, programId, program } = await throughNotice([{ program: '临时救助', subtype: '支出型', amountYuan: 5000 }]);
    expect(program).toMatchObject({ level: 'county', oneByOne: false });
    await ok(step('jiangkou', caseId, programId, 'review', { opinion: '建议救助' }));
    await ok(step('minzheng', caseId, programId, 'approve', { reason: '同意', amountYuan: 5000 }));
  });

  it('above temporary.countyLimit: 一事一议, decided with the coordination mechanism\'s meeting and its member units', async () => {
    const { caseId, programId, program } = await throughNotice([{ program: '临时救助', subtype: '支出型', amountYuan: 30000 }]);
    expect(program).toMatchObject({ level: 'county', oneByOne: true });
    await ok(step('jiangkou', caseId, programId, 'review', { opinion: '建议提交一事一议' }));
    const none = await step('minzheng', caseId, programId, 'approve', { reason: '同意', amountYuan: 30000 });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toMatchObject({ code: 'MEETING_REQUIRED', path: 'meeting' });
    const partial = await step('minzheng', caseId, programId, 'approve', { reason: '同意', amountYuan: 30000,
      meeting: { heldOn: today, members: [{ name: '张局长', department: '民政局' }, { name: '李科长', department: '民政局' }] } });
    expect(partial.statusCode).toBe(409);
    expect(partial.json().error).toMatchObject({ code: 'MEETING_INCOMPLETE', message: expect.stringContaining('财政局') });
    expect((await ok(as('jiangkou', 'GET', `/api/cases/${caseId}`))).programs[0].state).toBe('county_approval');
    await ok(step('minzheng', caseId, programId, 'approve', { reason: '一事一议，同意', amountYuan: 30000,
      meeting: { heldOn: today, members: [{ name: '张局长', department: '民政局' }, { name: '王局长', department: '财政局' }] } }));
    const c = await ok(as('jiangkou', 'GET', `/api/cases/${caseId}`));
    expect(c.programs[0].data.meeting.members).toHaveLength(2);
  });
});

describe('残疾人两项补贴 is approved by 县残联 (item 13)', () => {
  it('after the township\'s review; the township and the civil affairs bureau cannot approve it', async () => {
    const { caseId, programId, program } = await throughNotice([{ program: '残疾人两项补贴' }]);
    expect(program.steps.slice(-3)).toEqual(['township_review', 'county_approval', 'approved']);
    expect((await step('jiangkou', caseId, programId, 'approve', { reason: '同意' })).json().error.code).toBe('WRONG_STEP');
    await ok(step('jiangkou', caseId, programId, 'review', { opinion: '一级肢体残疾，建议享受护理补贴' }));
    expect((await step('jiangkou', caseId, programId, 'approve', { reason: '同意' })).statusCode).toBe(403);
    const byMinzheng = await step('minzheng', caseId, programId, 'approve', { reason: '同意' });
    expect(byMinzheng.statusCode).toBe(403);
    expect(byMinzheng.json().error.message).toContain('残联');
    const done = await ok(step('canlian', caseId, programId, 'approve', { reason: '符合条件' }));
    expect(done.entitlementId).toBeTruthy();
    expect((await listEntitlements(database.db, '430525', householdId)).map((e) => e.program)).toContain('残疾人两项补贴');
  });
});

describe('a 低保 or 特困 recipient applying for 临时救助 (item 14, 002:L601)', () => {
  it('is not 核对\'d again: no 家庭经济状况核对 step and no 核对授权书; 支出型 steps have the shorter deadline', async () => {
    const h = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['低保甲'])), 201)).id;
    await createEntitlement(database.db, { householdId: h, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: thisMonth, bank: null,
      snapshot: { id: h, hukou: 'rural', members: [{ id: 'P1', birthDate: '1969-06-06', relation: 'head', laborCapacity: 'full' }] }, source: { kind: 'case', caseId: 'x' }, actor: 'county' });
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h, programs: [{ program: '临时救助', subtype: '支出型', amountYuan: 700 }] }), 201);
    const p = created.programs[0];
    const view = async () => (await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`))).programs[0];
    expect((await view()).steps).toEqual(['intake', 'investigation', 'notice', 'appraisal', 'township_approval', 'approved']);
    await ok(step('jiangkou', created.id, p.id, 'accept'));
    // 支出型: the 10-working-day home visit is cut to temporary.expenditureDeadline (5 in the demo pack).
    expect((await view()).task.dueAt).toBe(addWorkingDays(today, 5));
    await ok(step('jiangkou', created.id, p.id, 'investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '住院自付费用高', recommendation: 'support' }));
    // No authorisation paper was uploaded, and none is needed: the program is in its notice.
    expect((await view()).state).toBe('notice');

    // A household that receives nothing is still 核对'd.
    const other = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId, programs: [{ program: '临时救助', subtype: '支出型', amountYuan: 700 }] }), 201);
    const full = (await ok(as('jiangkou', 'GET', `/api/cases/${other.id}`))).programs[0];
    expect(full.steps).toContain('verification');
    await ok(step('jiangkou', other.id, full.id, 'withdraw', { reason: '测试结束' }));
  });
});

describe('渐退 decided per case (item 17, 000:L148 "不超过一年")', () => {
  it('records the months decided at the review, within dibao.taperMonths, and ends the entitlement after them', async () => {
    const poor = household(JIANGKOU_VILLAGE, ['渐退甲']);
    for (const m of poor.members) m.monthlyIncomeYuan = 0;
    const h = (await ok(as('jiangkou', 'POST', '/api/households', poor), 201)).id;
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h, programs: [{ program: '低保' }], bank: BANK }), 201);
    const p = created.programs[0];
    await ok(as('jiangkou', 'POST', `/api/cases/${created.id}/attachments?kind=authorization&name=a.pdf`, PDF, { 'content-type': 'application/pdf' }), 201);
    await ok(step('jiangkou', created.id, p.id, 'accept'));
    await ok(step('jiangkou', created.id, p.id, 'investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '无收入', recommendation: 'support' }));
    await ok(step('jiangkou', created.id, p.id, 'verify', { result: 'pass', note: '核对无异常' }));
    const inNotice = (await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`))).programs[0];
    await database.db.update(notices).set({ endDate: addMonths(today, -1) }).where(eq(notices.id, inNotice.notice.id));
    await ok(step('jiangkou', created.id, p.id, 'close_notice'));
    const approved = await ok(step('jiangkou', created.id, p.id, 'approve', { reason: '符合低保条件' }));
    const due = (await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`))).programs[0].data.nextReviewOn as string;
    // The head finds work and earns above the standard; the review falls due.
    await database.db.update(members).set({ employed: true, monthlyIncomeFen: 300_000 }).where(eq(members.householdId, h));
    await tick(database.db, due);
    const [review] = (await ok(as('jiangkou', 'GET', '/api/reviews?status=due'))).rows.filter((r: { caseId: string }) => r.caseId === created.id);
    const tooLong = await as('jiangkou', 'POST', `/api/reviews/${review.id}/decision`, { outcome: 'taper', reason: '就业增收', taperMonths: 13 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({ code: 'TAPER_TOO_LONG', path: 'taperMonths' });
    await ok(as('jiangkou', 'POST', `/api/reviews/${review.id}/decision`, { outcome: 'taper', reason: '就业增收，渐退 4 个月', taperMonths: 4 }));
    const program = (await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`))).programs[0];
    expect(program.data).toMatchObject({ taperMonths: 4, taperEndsOn: addMonths(today, 4) });
    const ent = (await listEntitlements(database.db, '430525', h)).find((e) => e.id === approved.entitlementId);
    expect(ent?.endMonth).toBe(addMonths(today, 4).slice(0, 7));
  });
});

describe('reviews opened on a change, not only on schedule (item 16, 000:L134)', () => {
  it('opens a review when a recipient reports a change, once at a time, and only inside the township', async () => {
    const { caseId, programId } = await throughNotice([{ program: '特困' }]);
    const notYet = await as('jiangkou', 'POST', '/api/reviews', { caseId, programId, trigger: 'reported_change', note: '报告子女已就业' });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('NOT_RECEIVING');
    await ok(step('jiangkou', caseId, programId, 'approve', { reason: '符合特困条件' }));
    const opened = await ok(as('jiangkou', 'POST', '/api/reviews', { caseId, programId, trigger: 'reported_change', note: '报告子女已就业，有赡养能力' }), 201);
    expect(opened).toMatchObject({ dueDate: today, trigger: 'reported_change' });
    const due = (await ok(as('jiangkou', 'GET', '/api/reviews?status=due'))).rows.filter((r: { caseId: string }) => r.caseId === caseId);
    expect(due).toEqual([expect.objectContaining({ id: opened.id, trigger: 'reported_change', note: '报告子女已就业，有赡养能力' })]);
    expect((await as('jiangkou', 'POST', '/api/reviews', { caseId, programId, trigger: 'unannounced', note: '抽查' })).json().error.code).toBe('REVIEW_OPEN');
    expect((await as('minzheng', 'POST', '/api/reviews', { caseId, programId, trigger: 'unannounced', note: '抽查' })).statusCode).toBe(403);
    const bad = await as('jiangkou', 'POST', '/api/reviews', { caseId, programId, trigger: 'rumour', note: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path).toBe('trigger');
    await ok(as('jiangkou', 'POST', `/api/reviews/${opened.id}/decision`, { outcome: 'stop', reason: '子女有赡养能力' }));
  });
});

describe('双随机、一公开 (item 16, 000:L194)', () => {
  it('draws the inspectors at random among the county\'s civil affairs staff, lets only the one drawn record the result, and publishes the results masked', async () => {
    await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId, programs: [{ program: '低保' }] }), 201);
    const drawn = await ok(as('county', 'POST', '/api/cases/samples/draw', { from: '2000-01-01', to: '2099-12-31' }));
    expect(drawn.drawn.length).toBeGreaterThan(0);
    const [caseId] = drawn.drawn as string[];
    const inspector = drawn.inspectors[caseId] as string;
    // 民政局's staff other than the drawer: minzheng or inspector, never 残联's officer.
    expect(['minzheng', 'inspector']).toContain(inspector);
    const other = inspector === 'minzheng' ? 'inspector' : 'minzheng';
    const result = { visitedOn: today, result: 'consistent', note: '入户核实，与申报相符' };
    const byOther = await as(other, 'POST', `/api/cases/${caseId}/sample-result`, result);
    expect(byOther.statusCode).toBe(403);
    expect(byOther.json().error).toMatchObject({ code: 'NOT_INSPECTOR', message: expect.stringContaining(inspector) });
    await ok(as(inspector, 'POST', `/api/cases/${caseId}/sample-result`, result));
    const published = await ok(as('county', 'GET', '/api/cases/samples/results?from=2000-01-01&to=2099-12-31'));
    const row = published.rows.find((r: { inspector: string; result: string | null }) => r.result === 'consistent');
    expect(row).toMatchObject({ inspector, visitedOn: today, result: 'consistent' });
    expect(row.applicantName).toMatch(/\*/);
    expect(JSON.stringify(published)).not.toMatch(/\d{17}[\dX]/);
  });
});
