/**
 * The case workflow through the HTTP API (issue 7, "Done when"): a 低保 case from window intake to
 * approval with an objection forcing 民主评议 and its entitlement created; 急难型 paid first and
 * documented; a referral going overdue, escalated and closed by the department; the citizen's
 * application and status; reviews falling due and a stop ending the entitlement; and the guards
 * (step order, role, level, area).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { members } from '../registry/schema.ts';
import { notices, workflowTasks } from '../workflow/schema.ts';
import { createUser } from '../auth/users.ts';
import { addMonths } from '../domain/dates.ts';
import { listEntitlements } from '../payments/entitlements.ts';
import { todayInChina } from '../registry/model.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { addWorkingDays } from '../workflow/calendar.ts';
import { queue } from './queues.ts';
import { tick } from './scheduler.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const today = todayInChina();
const PDF = Buffer.from('%PDF-1.4\n% 核对授权书\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
}
const ok = async (p: Promise<{ statusCode: number; json(): any; body: string }>, status = 200) => {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};

let jiangkouHousehold: string;
let yulanHousehold: string;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  const users = [
    ['county', 'county_admin', '430525', '民政局'], ['minzheng', 'county_staff', '430525', '民政局'], ['yibao', 'county_staff', '430525', '医保局'],
    ['jiangkou', 'township_staff', '430525101', null], ['yulan', 'township_staff', '430525102', null], ['village', 'village_staff', JIANGKOU_VILLAGE, null],
  ] as const;
  for (const [username, role, areaCode, department] of users) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department }, 'test');
  }
  app = await buildServer(database, { publicLimits: { status: 3, apply: 3, windowMs: 60_000 } });
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await ok(as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' }), 201);
  jiangkouHousehold = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明', '李秀英'])), 201)).id;
  yulanHousehold = (await ok(as('yulan', 'POST', '/api/households', household(YULAN_VILLAGE, ['毓兰甲'])), 201)).id;
});
afterAll(async () => { await app?.close(); await database?.close(); });

async function programOf(user: string, caseId: string, program: string) {
  const c = await ok(as(user, 'GET', `/api/cases/${caseId}`));
  return c.programs.find((p: { program: string }) => p.program === program);
}
async function authorize(user: string, caseId: string) {
  await ok(as(user, 'POST', `/api/cases/${caseId}/attachments?kind=authorization&name=a.pdf`, PDF, { 'content-type': 'application/pdf' }), 201);
}
const step = (user: string, caseId: string, programId: string, action: string, body: unknown = {}) =>
  as(user, 'POST', `/api/cases/${caseId}/programs/${programId}/actions/${action}`, body);

describe('the 公示 of a 低保 case', () => {
  it('shows the monthly amount the engine computes for the household, not a dash', async () => {
    const poor = household(JIANGKOU_VILLAGE, ['公示甲', '公示乙']);
    for (const m of poor.members) m.monthlyIncomeYuan = 0;
    const h = (await ok(as('jiangkou', 'POST', '/api/households', poor), 201)).id;
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h, programs: [{ program: '低保' }] }), 201);
    const p0 = created.programs[0];
    await ok(step('jiangkou', created.id, p0.id, 'accept', {}));
    await ok(step('jiangkou', created.id, p0.id, 'investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '无收入', recommendation: 'support' }));
    await authorize('jiangkou', created.id);
    await ok(step('jiangkou', created.id, p0.id, 'verify', { result: 'pass', note: '已核对' }));
    const p = await programOf('jiangkou', created.id, '低保');
    const n = await ok(as('jiangkou', 'GET', `/api/workflow/notices/${p.notice.id}`));
    expect(n.entries[0]).toMatchObject({ name: '公*甲', program: '低保', monthly: true });
    expect(n.entries[0].amountYuan).toBeGreaterThan(0);
    const print = await as('jiangkou', 'GET', `/api/workflow/notices/${p.notice.id}/print`);
    expect(print.body).toContain(`${n.entries[0].amountYuan.toFixed(2)} 元/月`);
    expect(print.body).not.toContain('<td>—</td>');
    // Leaves no running notice behind for the queues of the tests below.
    await ok(step('jiangkou', created.id, p0.id, 'withdraw', { reason: '测试结束' }));
    await database.db.update(notices).set({ endDate: addMonths(today, -1) }).where(eq(notices.id, p.notice.id));
  });
});

describe('低保 from window intake to approval', () => {
  it('goes through investigation, 核对, a notice that draws an objection, 民主评议 and township approval, and creates the entitlement', async () => {
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: jiangkouHousehold, programs: [{ program: '低保' }],
      bank: { bankName: '洞口农商银行', accountNo: '6214830000123456', accountName: '王大明' } }), 201);
    const caseId = created.id;
    expect(created.number).toMatch(/^SQ\d{8}[A-Z0-9]{6}$/);
    let p = await programOf('jiangkou', caseId, '低保');
    expect(p.state).toBe('intake');
    expect(p.steps).toEqual(['intake', 'investigation', 'verification', 'notice', 'appraisal', 'township_approval', 'approved']);
    expect(p.task.dueAt).toBe(addWorkingDays(today, 5));

    await ok(step('jiangkou', caseId, p.id, 'accept', { note: '材料齐全' }));
    // A later step before its turn is refused (step order), and names the current step.
    const early = await step('jiangkou', caseId, p.id, 'approve', { reason: '提前批准' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'WRONG_STEP', message: expect.stringContaining('入户调查') });
    await ok(step('village', caseId, p.id, 'investigate', { visitedOn: today, visitors: ['村干部甲', '村干部乙'], findings: '家庭收入低，住房简陋', recommendation: 'support' }));

    // 核对 needs the signed 核对授权书 first.
    const noAuth = await step('jiangkou', caseId, p.id, 'verify', { result: 'pass', note: '已核对' });
    expect(noAuth.statusCode).toBe(409);
    expect(noAuth.json().error).toMatchObject({ code: 'AUTHORIZATION_MISSING', path: 'attachments' });
    const att = await ok(as('jiangkou', 'POST', `/api/cases/${caseId}/attachments?kind=authorization&name=${encodeURIComponent('授权书.pdf')}`, PDF, { 'content-type': 'application/pdf' }), 201);
    expect(att.sha256).toHaveLength(64);
    const file = await as('jiangkou', 'GET', `/api/cases/${caseId}/attachments/${att.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    await ok(step('jiangkou', caseId, p.id, 'verify', { result: 'pass', note: '已核对民政、人社、不动产数据' }));

    p = await programOf('jiangkou', caseId, '低保');
    expect(p.state).toBe('notice');
    expect(p.notice.endDate > today).toBe(true);
    const running = await ok(as('jiangkou', 'GET', '/api/cases/queues?view=notices'));
    expect(running.counts.notices).toBe(1);
    expect(running.rows[0]).toMatchObject({ caseId, applicantName: '王*明' });
    // The notice cannot be closed while it runs.
    expect((await step('jiangkou', caseId, p.id, 'close_notice')).json().error.code).toBe('NOTICE_RUNNING');
    await ok(as('village', 'POST', `/api/cases/${caseId}/programs/${p.id}/objections`, { byName: '张三', byPhone: '13800001111', content: '该户有车' }), 201);
    // The notice period ends.
    await database.db.update(notices).set({ endDate: addMonths(today, -1) }).where(eq(notices.id, p.notice.id));
    const closed = await ok(step('jiangkou', caseId, p.id, 'close_notice', { note: '公示期满，有一条异议' }));
    expect(closed.to).toBe('appraisal');
    await ok(step('jiangkou', caseId, p.id, 'appraise', { heldOn: today, participants: 9, result: 'support', minutes: '经核实该车为报废车辆，评议同意' }));
    // The village cannot approve.
    const byVillage = await step('village', caseId, p.id, 'approve', { reason: '同意' });
    expect(byVillage.statusCode).toBe(403);
    const approved = await ok(step('jiangkou', caseId, p.id, 'approve', { reason: '符合低保条件' }));
    expect(approved.to).toBe('approved');
    expect(approved.entitlementId).toBeTruthy();

    const ents = await listEntitlements(database.db, '430525', jiangkouHousehold);
    expect(ents).toHaveLength(1);
    expect(ents[0]).toMatchObject({ id: approved.entitlementId, program: '低保', startMonth: addMonths(`${today.slice(0, 7)}-01`, 1).slice(0, 7) });
    const c = await ok(as('jiangkou', 'GET', `/api/cases/${caseId}`));
    expect(c.case.status).toBe('closed');
    expect(c.case.bank.accountNo).not.toContain('0000123456');

    const timeline = (await ok(as('jiangkou', 'GET', `/api/cases/${caseId}/timeline`))).rows.map((e: { action: string }) => e.action);
    for (const a of ['case.open', 'program.accept', 'program.investigate', 'program.verify', 'notice.objection', 'program.close_notice', 'program.appraise', 'program.approve']) {
      expect(timeline).toContain(a);
    }
  });
});

describe('急难型临时救助', () => {
  it('is paid first from the township reserve and stays open until recipient, reason and amount are documented', async () => {
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'hotline', householdId: jiangkouHousehold,
      hotline: { caller: '村民李四', callbackNumber: '13900002222', said: '王家失火，急需救助' }, programs: [{ program: '临时救助', subtype: '急难型', amountYuan: 800 }] }), 201);
    const p = await programOf('jiangkou', created.id, '临时救助');
    expect(p.steps).toEqual(['intake', 'documenting', 'approved']);
    // No reserve allocated yet.
    expect((await step('jiangkou', created.id, p.id, 'pay_advance', { amountYuan: 800 })).json().error.code).toBe('RESERVE_LOW');
    // The county cannot allocate above the reserve limit.
    expect((await as('county', 'POST', '/api/reserves/allocate', { townshipCode: '430525101', amountYuan: 60000, note: '拨付' })).json().error.code).toBe('ABOVE_RESERVE_LIMIT');
    await ok(as('county', 'POST', '/api/reserves/allocate', { townshipCode: '430525101', amountYuan: 5000, note: '拨付备用金' }));
    expect((await step('jiangkou', created.id, p.id, 'pay_advance', { amountYuan: 1200 })).json().error.code).toBe('ABOVE_TOWNSHIP_LIMIT');
    await ok(step('jiangkou', created.id, p.id, 'pay_advance', { amountYuan: 800, note: '现金先行救助' }));
    const reserves = await ok(as('jiangkou', 'GET', '/api/reserves'));
    expect(reserves.townships).toEqual([expect.objectContaining({ townshipCode: '430525101', balanceYuan: 4200, advancedYuan: 800 })]);
    let c = await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`));
    expect(c.case.status).toBe('open');
    expect(c.programs[0].state).toBe('documenting');
    expect((await step('jiangkou', created.id, p.id, 'document', { recipient: '王大明' })).json().error.path).toBe('reason');
    await ok(step('jiangkou', created.id, p.id, 'document', { recipient: '王大明', reason: '房屋失火，生活用品全部烧毁', amountYuan: 800 }));
    c = await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`));
    expect(c.case.status).toBe('closed');
    expect(c.case.channelDetail.callbackNumber).toBe('139****2222');
  });
});

describe('referral to a department', () => {
  it('goes overdue, escalates to the township and the county, and is closed by the department with its result on the case', async () => {
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: jiangkouHousehold, programs: [{ program: '医疗救助' }] }), 201);
    const p = await programOf('jiangkou', created.id, '医疗救助');
    await ok(step('jiangkou', created.id, p.id, 'accept'));
    await ok(step('jiangkou', created.id, p.id, 'investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '住院费用高', recommendation: 'support' }));
    expect((await programOf('jiangkou', created.id, '医疗救助')).state).toBe('referred');
    const inbox = await ok(as('yibao', 'GET', '/api/referrals?status=open'));
    expect(inbox.counts).toEqual({ open: 1, overdue: 0 });
    const referral = inbox.rows[0];
    expect(referral).toMatchObject({ caseId: created.id, department: '医保局', program: '医疗救助', applicantName: '王*明' });
    // Another department sees nothing of it.
    expect((await ok(as('minzheng', 'GET', '/api/referrals'))).rows).toEqual([]);

    const late = addWorkingDays(referral.dueAt, 1);
    expect((await tick(database.db, late)).township).toBeGreaterThanOrEqual(1);
    const later = addWorkingDays(referral.dueAt, 4); // more than workflow.escalation.countyAfterDays (3 in the demo pack)
    expect((await tick(database.db, later)).county).toBeGreaterThanOrEqual(1);
    const [task] = await database.db.select().from(workflowTasks).where(eq(workflowTasks.department, '医保局'));
    expect(task.escalation).toBe(2);
    expect((await ok(as('yibao', 'GET', '/api/referrals?status=open'))).rows[0]).toMatchObject({ escalation: 2 });
    // On that day the department's queue shows it red.
    const overdue = await queue(database.db, { username: 'yibao', role: 'county_staff', areaCode: '430525', department: '医保局' }, 'overdue', 1, 20, later);
    expect(overdue.counts.overdue).toBe(1);
    expect(overdue.rows[0]).toMatchObject({ caseId: created.id, step: 'referral', overdue: true, escalation: 2 });

    // Only the department closes it, and it must decide its program.
    expect((await as('minzheng', 'POST', `/api/referrals/${referral.id}/result`, { result: '同意', decision: 'approve' })).statusCode).toBe(404);
    expect((await as('yibao', 'POST', `/api/referrals/${referral.id}/result`, { result: '同意' })).json().error.code).toBe('DECISION_REQUIRED');
    await ok(as('yibao', 'POST', `/api/referrals/${referral.id}/result`, { result: '按政策报销后救助 3000 元', decision: 'approve', amountYuan: 3000 }));
    const done = await programOf('jiangkou', created.id, '医疗救助');
    expect(done).toMatchObject({ state: 'approved', decisionReason: '按政策报销后救助 3000 元' });
    const timeline = (await ok(as('jiangkou', 'GET', `/api/cases/${created.id}/timeline`))).rows.map((e: { action: string }) => e.action);
    expect(timeline).toEqual(expect.arrayContaining(['referral.open', 'task.escalate', 'referral.done']));
  });
});

describe('citizen page (掌上办)', () => {
  it('applies without a login, uploads photos with its token, and follows the status with the number and the last 6 of the ID number', async () => {
    const idNumber = person('1975-06-06');
    const r = await app.inject({ method: 'POST', url: '/api/public/applications', payload: { name: '赵小红', idNumber, phone: '13700003333', areaCode: JIANGKOU_VILLAGE, description: '丈夫病重，无收入' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers['set-cookie']).toBeUndefined();
    const { number, uploadToken } = r.json();
    for (let i = 0; i < 3; i++) {
      const up = await app.inject({ method: 'POST', url: `/api/public/applications/${number}/photos`, payload: PNG, headers: { 'content-type': 'image/png', 'x-upload-token': uploadToken } });
      expect(up.statusCode, up.body).toBe(201);
    }
    const fourth = await app.inject({ method: 'POST', url: `/api/public/applications/${number}/photos`, payload: PNG, headers: { 'content-type': 'image/png', 'x-upload-token': uploadToken } });
    expect(fourth.json().error.code).toBe('TOO_MANY_PHOTOS');
    const wrongToken = await app.inject({ method: 'POST', url: `/api/public/applications/${number}/photos`, payload: PNG, headers: { 'content-type': 'image/png', 'x-upload-token': 'x'.repeat(30) } });
    expect(wrongToken.statusCode).toBe(404);

    const status = await app.inject({ method: 'POST', url: '/api/public/status', payload: { number, idLast6: idNumber.slice(-6) } });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ number, status: '已收到，等待乡镇（街道）受理', programs: [] });
    expect(status.body).not.toContain('赵');
    const wrongDigits = await app.inject({ method: 'POST', url: '/api/public/status', payload: { number, idLast6: '000000' } });
    const wrongNumber = await app.inject({ method: 'POST', url: '/api/public/status', payload: { number: 'SQ20990101AAAAAA', idLast6: idNumber.slice(-6) } });
    expect(wrongDigits.statusCode).toBe(404);
    expect(wrongDigits.body).toBe(wrongNumber.body);
    // Rate-limited per client (3 in the test window).
    const limited = await app.inject({ method: 'POST', url: '/api/public/status', payload: { number, idLast6: '111111' } });
    expect(limited.statusCode).toBe(429);

    // The township sees it in its queue, links the household, adds the program: the status shows it.
    const queue = await ok(as('jiangkou', 'GET', '/api/cases/queues?view=mine'));
    const row = queue.rows.find((x: { number: string }) => x.number === number);
    expect(row).toMatchObject({ step: 'intake', applicantName: '赵*红' });
    const list = await ok(as('jiangkou', 'GET', `/api/cases?q=${number}`));
    expect(list.rows[0].channel).toBe('citizen');
    const c = await ok(as('jiangkou', 'GET', `/api/cases/${row.caseId}`));
    expect(c.attachments.filter((a: { kind: string }) => a.kind === 'photo')).toHaveLength(3);
    expect(c.case.channelDetail).toEqual({});
  });
});

describe('reviews', () => {
  it('fall due on schedule, and a stop ends the entitlement with the review month', async () => {
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: jiangkouHousehold, programs: [{ program: '特困' }] }), 201);
    const p = await programOf('jiangkou', created.id, '特困');
    await authorize('jiangkou', created.id);
    for (const [action, body] of [['accept', {}], ['investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '无劳动能力', recommendation: 'support' }],
      ['verify', { result: 'pass', note: '核对无异常' }]] as const) await ok(step('jiangkou', created.id, p.id, action, body));
    const inNotice = await programOf('jiangkou', created.id, '特困');
    await database.db.update(notices).set({ endDate: addMonths(today, -1) }).where(eq(notices.id, inNotice.notice.id));
    // No objection: 民主评议 is skipped.
    expect((await ok(step('jiangkou', created.id, p.id, 'close_notice'))).to).toBe('township_approval');
    const approved = await ok(step('jiangkou', created.id, p.id, 'approve', { reason: '符合特困条件' }));
    const program = await programOf('jiangkou', created.id, '特困');
    const due = program.data.nextReviewOn as string;
    expect(due).toBe(addMonths(today, 12));

    const dueOf = async () => (await ok(as('jiangkou', 'GET', '/api/reviews?status=due'))).rows.filter((r: { caseId: string }) => r.caseId === created.id);
    await tick(database.db, addMonths(due, -1));
    expect(await dueOf()).toEqual([]);
    await tick(database.db, due);
    expect((await tick(database.db, due)).reviewsCreated).toBe(0);
    const [review] = await dueOf();
    expect(review).toMatchObject({ program: '特困', dueDate: due });
    expect((await as('yulan', 'POST', `/api/reviews/${review.id}/decision`, { outcome: 'stop', reason: '越权' })).statusCode).toBe(404);
    const stopped = await ok(as('jiangkou', 'POST', `/api/reviews/${review.id}/decision`, { outcome: 'stop', reason: '已由子女赡养' }));
    expect(stopped.state).toBe('stopped');
    const ent = (await listEntitlements(database.db, '430525', jiangkouHousehold)).find((e) => e.id === approved.entitlementId);
    expect(ent?.endMonth).toBe(today.slice(0, 7));
  });
});

describe('guards', () => {
  it('refuses a county approval before the township review (临时救助 above the township limit, 一事一议)', async () => {
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: jiangkouHousehold, programs: [{ program: '临时救助', subtype: '支出型', amountYuan: 5000 }] }), 201);
    const p = await programOf('jiangkou', created.id, '临时救助');
    expect(p).toMatchObject({ level: 'county', oneByOne: true });
    await authorize('jiangkou', created.id);
    expect(p.steps.slice(-3)).toEqual(['township_review', 'county_approval', 'approved']);
    await ok(step('jiangkou', created.id, p.id, 'accept'));
    const r = await step('county', created.id, p.id, 'approve', { reason: '同意', amountYuan: 5000 });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('WRONG_STEP');
    await ok(step('jiangkou', created.id, p.id, 'investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '大病支出', recommendation: 'support' }));
    await ok(step('jiangkou', created.id, p.id, 'verify', { result: 'pass', note: '核对无异常' }));
    const inNotice = await programOf('jiangkou', created.id, '临时救助');
    await database.db.update(notices).set({ endDate: addMonths(today, -1) }).where(eq(notices.id, inNotice.notice.id));
    await ok(step('jiangkou', created.id, p.id, 'close_notice'));
    // The township reviews (审核); it cannot take the county's decision.
    expect((await step('jiangkou', created.id, p.id, 'approve', { reason: '同意' })).json().error.code).toBe('WRONG_STEP');
    await ok(step('jiangkou', created.id, p.id, 'review', { opinion: '建议救助 5000 元' }));
    expect((await step('jiangkou', created.id, p.id, 'approve', { reason: '同意' })).statusCode).toBe(403);
    expect((await step('yibao', created.id, p.id, 'approve', { reason: '同意' })).statusCode).toBe(403);
    const done = await ok(step('county', created.id, p.id, 'approve', { reason: '一事一议，同意救助', amountYuan: 5000 }));
    expect(done.to).toBe('approved');
  });

  it('answers 404 for a case of another township, on every kind of request', async () => {
    const created = await ok(as('yulan', 'POST', '/api/cases', { channel: 'window', householdId: yulanHousehold, programs: [{ program: '低保' }] }), 201);
    const p = (await ok(as('yulan', 'GET', `/api/cases/${created.id}`))).programs[0];
    expect((await as('jiangkou', 'GET', `/api/cases/${created.id}`)).statusCode).toBe(404);
    expect((await as('jiangkou', 'GET', `/api/cases/${created.id}/timeline`)).statusCode).toBe(404);
    expect((await step('jiangkou', created.id, p.id, 'accept')).statusCode).toBe(404);
    expect((await as('jiangkou', 'POST', `/api/cases/${created.id}/attachments?kind=photo&name=a.png`, PNG, { 'content-type': 'image/png' })).statusCode).toBe(404);
    expect((await as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: yulanHousehold, programs: [{ program: '低保' }] })).statusCode).toBe(404);
    const list = await ok(as('jiangkou', 'GET', '/api/cases'));
    expect(list.rows.map((r: { id: string }) => r.id)).not.toContain(created.id);
  });

  it('refuses attachments of another type than JPG, PNG or PDF, whatever the declared type', async () => {
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'village', areaCode: JIANGKOU_VILLAGE, applicantName: '报告人', programs: [{ program: '低保' }] }, {}), 201);
    const r = await as('jiangkou', 'POST', `/api/cases/${created.id}/attachments?kind=other&name=a.pdf`, Buffer.from('<html>not a pdf</html>'), { 'content-type': 'application/pdf' });
    expect(r.statusCode).toBe(415);
    expect(r.json().error).toMatchObject({ code: 'BAD_FILE_TYPE', path: 'file' });
  });

  it('flags an applicant whose household holds a registered staff relative and adds a county home visit', async () => {
    const h = await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['亲属甲'])), 201);
    const [idNumber] = await database.db.select({ id_number: members.idNumber }).from(members).where(eq(members.householdId, h.id));
    await ok(as('county', 'POST', '/api/staff-relatives', { staffName: '江口镇干部', staffPosition: 'assistance_staff', areaCode: '430525101', relativeName: '亲属甲', relativeIdNumber: idNumber.id_number, relation: '父母' }), 201);
    expect((await as('jiangkou', 'POST', '/api/staff-relatives', { staffName: 'x', staffPosition: 'village_cadre', areaCode: '430525101', relativeName: 'y', relativeIdNumber: idNumber.id_number, relation: '子女' })).statusCode).toBe(403);
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h.id, programs: [{ program: '低保' }] }), 201);
    expect(created.relativeFlag).toBe(true);
    const p = await programOf('jiangkou', created.id, '低保');
    expect(p.steps).toEqual(['intake', 'investigation', 'county_visit', 'verification', 'notice', 'appraisal', 'township_approval', 'approved']);
    await ok(step('jiangkou', created.id, p.id, 'accept'));
    await ok(step('jiangkou', created.id, p.id, 'investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '情况属实', recommendation: 'support' }));
    expect((await step('jiangkou', created.id, p.id, 'verify', { result: 'pass', note: 'x' })).json().error.code).toBe('WRONG_STEP');
    expect((await step('jiangkou', created.id, p.id, 'county_visit', { visitedOn: today, findings: 'x', agrees: true })).statusCode).toBe(403);
    await ok(step('minzheng', created.id, p.id, 'county_visit', { visitedOn: today, findings: '县级入户核实属实', agrees: true }));
    expect((await programOf('jiangkou', created.id, '低保')).state).toBe('verification');
  });
});
