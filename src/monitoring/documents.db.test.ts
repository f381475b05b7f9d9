/**
 * Monitoring procedures read against the documents (issue 18), over HTTP on both databases:
 * identification verifies the household against the department feeds and shows the findings before the
 * county decides (部门信息核查比对, 002:L669, L665); cadres are assigned per cadre and dated, so replacing
 * one (or saving again) never erases another's missed visits (001:L876, L886-888); the server runs the
 * monitor once per period of the pack's schedule (每季度一更新, 002:L673) and the board shows the last run;
 * the dangerous-housing list (住建, 002:L649, L663) is a signal source through the feeds, each county's own;
 * a 负面因子 is recorded with evidence and excludes from monitoring only by the deciding office's decision
 * (002:L645, L653), never by itself, and never from 低保 (002:L589).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { monitoringCadreAssignments } from './schema.ts';
import { members } from '../registry/schema.ts';
import { loadFeed } from '../verification/feeds.ts';
import { notices } from '../workflow/schema.ts';
import { createUser } from '../auth/users.ts';
import { addMonths } from '../domain/dates.ts';
import { DEMO_COUNTY, seedAreas, seedDemoPolicy } from '../registry/seed.ts';
import { todayInChina } from '../registry/model.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';
import { CHECKLIST_ITEMS, IMPROVEMENTS } from './rules.ts';
import { periodStart, runDueRefreshes, SCHEDULE_ACTOR } from './scheduler.ts';
import { runMonitor } from './signals.ts';
import { monitoringNegativeFactors, monitoringWarnings } from './schema.ts';
import { auditLog } from '../auth/schema.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const pdf = Buffer.from('%PDF-1.4\n% signed\n');
const dir = mkdtempSync(join(tmpdir(), 'doudi-monitoring-documents-'));

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf, ...headers } });
}
async function ok(p: ReturnType<typeof as>, status = 200) {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoPolicy(database.db);
  for (const [username, role, areaCode, department] of [['county', 'county_admin', '430525', null], ['xiangcun', 'county_staff', '430525', '乡村振兴局'],
    ['jiangkou', 'township_staff', '430525101', null], ['cun', 'village_staff', JIANGKOU_VILLAGE, null]] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department }, 'test');
  }
  app = await buildServer(database);
  for (const username of ['county', 'xiangcun', 'jiangkou', 'cun']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
});
afterAll(async () => { await app?.close(); await database?.close(); rmSync(dir, { recursive: true, force: true }); });

/** A new household of 江口村 reported (a flood) and taken through identification to the county's decision; returns its id and the procedure. */
async function reportAndCheck(names: string[], beforeCheck: (householdId: string) => Promise<void> = async () => {}) {
  const householdId = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, names)), 201)).id as string;
  await beforeCheck(householdId);
  const report = await ok(as('cun', 'POST', '/api/monitoring/reports', { householdId, channel: 'village', kind: 'disaster', amountYuan: 30000, occurredOn: todayInChina(), description: '山洪冲毁房屋' }), 201);
  const procedureId = (await ok(as('cun', 'POST', `/api/monitoring/warnings/${report.warning.id}/handle`, { result: 'identify', note: '属实' }))).procedureId as string;
  for (const kind of ['authorization', 'pledge']) await ok(as('cun', 'POST', `/api/monitoring/procedures/${procedureId}/files?kind=${kind}&name=${kind}.pdf`, pdf, { 'content-type': 'application/pdf' }), 201);
  const act = (user: string, action: string, body: unknown = {}) => as(user, 'POST', `/api/monitoring/procedures/${procedureId}/actions/${action}`, body);
  await ok(act('cun', 'complete_check', { findings: '房屋倒塌属实' }));
  return { householdId, procedureId, act };
}

async function identify(names: string[]) {
  const r = await reportAndCheck(names);
  await ok(r.act('cun', 'appraise', { appraisal: '同意' }));
  await database.db.update(notices).set({ endDate: '2000-01-01' }).where(eq(notices.subjectId, r.householdId));
  await ok(r.act('jiangkou', 'close_notice'));
  await ok(r.act('jiangkou', 'township_approve', { opinion: '同意' }));
  await ok(r.act('xiangcun', 'decide', { type: '突发严重困难户', riskFactors: ['disaster'] }));
  return r;
}

describe('cadres are assigned one by one, dated, and history is never rewritten (001:L876, L886-888)', () => {
  it('keeps the monitoring cadre\'s missed month when the same cadre is saved again, and a replaced cadre\'s misses stay counted', async () => {
    const today = todayInChina();
    const { householdId } = await identify(['石长青', '石桂花']);
    const cadre = async (name: string, kind: string) => (await ok(as('jiangkou', 'POST', '/api/monitoring/cadres', { name, kind, unit: '江口镇', areaCode: '430525101' }), 201)).id as number;
    const [monitor, monitor2] = [await cadre('周监测', 'monitoring'), await cadre('冯监测', 'monitoring')];
    const assign = (m: number | null) => ok(as('jiangkou', 'POST', `/api/monitoring/households/${householdId}/cadres`, { monitoringCadreId: m, pairedCadreId: null }));
    await assign(monitor);
    // Three months pass: the assignment began three months ago, the cadre visited in the first month only.
    const began = addMonths(today, -3);
    await database.db.update(monitoringCadreAssignments).set({ fromOn: began }).where(eq(monitoringCadreAssignments.householdId, householdId));
    await ok(as('jiangkou', 'POST', `/api/monitoring/households/${householdId}/visits`, { cadreId: monitor, visitedOn: began, mode: 'visit',
      checklist: Object.fromEntries(Object.keys(CHECKLIST_ITEMS).map((k) => [k, { ok: true }])), improvements: Object.fromEntries(Object.keys(IMPROVEMENTS).map((k) => [k, { done: true }])) }), 201);
    const monitorRow = async () => (await ok(as('jiangkou', 'GET', '/api/monitoring/compliance'))).rows.find((r: { householdId: string; kind: string }) => r.householdId === householdId && r.kind === 'monitoring');
    const before = await monitorRow();
    expect(before).toMatchObject({ cadreId: monitor, assignedOn: began, completed: 3, met: 1, status: 'overdue' });

    await assign(monitor); // saved again, unchanged: the missed months stay
    expect(await monitorRow()).toEqual(before);
    expect((await database.db.select().from(monitoringCadreAssignments).where(eq(monitoringCadreAssignments.householdId, householdId))).map((r) => [r.cadreId, r.fromOn, r.toOn])).toEqual([[monitor, began, null]]);

    // The cadre replaced: the new one starts today, the old one's missed months stay on record.
    await assign(monitor2);
    const c = await ok(as('jiangkou', 'GET', '/api/monitoring/compliance'));
    expect(await monitorRow()).toMatchObject({ cadreId: monitor2, assignedOn: today, completed: 0, status: 'due' });
    expect(c.ended.find((r: { cadreId: number }) => r.cadreId === monitor)).toMatchObject({ householdId, assignedOn: began, endedOn: today, completed: 3, met: 1 });
    expect(c.byCadre.find((g: { key: string }) => g.key === String(monitor))).toMatchObject({ completed: 3, met: 1 });
    const [ended] = await database.db.select().from(monitoringCadreAssignments).where(and(eq(monitoringCadreAssignments.cadreId, monitor), eq(monitoringCadreAssignments.householdId, householdId)));
    expect(ended).toMatchObject({ fromOn: began, toOn: today });
  });
});

describe('cadres by household kind (001:L860)', () => {
  it('gives a monitored household a monitoring cadre, a 稳定脱贫 household a paired cadre counted for its contacts, and other households none', async () => {
    const cadre = async (name: string, kind: string) => (await ok(as('jiangkou', 'POST', '/api/monitoring/cadres', { name, kind, unit: '县农业农村局', areaCode: '430525101' }), 201)).id as number;
    const [monitor, paired] = [await cadre('何监测', 'monitoring'), await cadre('许结对', 'paired')];
    const assign = (hid: string, m: number | null, p: number | null) => as('jiangkou', 'POST', `/api/monitoring/households/${hid}/cadres`, { monitoringCadreId: m, pairedCadreId: p });
    // Monitored: 监测帮扶 only.
    const { householdId: monitored } = await identify(['韩守业', '韩春兰']);
    const both = await assign(monitored, monitor, paired);
    expect(both.statusCode).toBe(409);
    expect(both.json().error).toMatchObject({ code: 'CADRE_KIND_FOR_HOUSEHOLD', path: 'pairedCadreId', message: expect.stringContaining('监测帮扶干部') });
    await ok(assign(monitored, monitor, null));
    // 稳定脱贫 (a 脱贫户 not monitored): 结对联系 only, and its contacts are counted.
    const stable = (await ok(as('jiangkou', 'POST', '/api/households', { ...household(JIANGKOU_VILLAGE, ['曹稳定', '曹小芳']), registeredPoor: true }), 201)).id as string;
    const wrong = await assign(stable, monitor, null);
    expect(wrong.json().error).toMatchObject({ code: 'CADRE_KIND_FOR_HOUSEHOLD', path: 'monitoringCadreId' });
    await ok(assign(stable, null, paired));
    await ok(as('jiangkou', 'POST', `/api/monitoring/households/${stable}/visits`, { cadreId: paired, visitedOn: todayInChina(), mode: 'phone',
      checklist: Object.fromEntries(Object.keys(CHECKLIST_ITEMS).map((k) => [k, { ok: true }])) }), 201);
    const rows = (await ok(as('jiangkou', 'GET', '/api/monitoring/compliance'))).rows;
    expect(rows.find((r: { householdId: string }) => r.householdId === stable)).toMatchObject({ kind: 'paired', cadreId: paired, status: 'ok' });
    expect((await ok(as('jiangkou', 'GET', `/api/monitoring/households/${stable}`))).cadres).toEqual([expect.objectContaining({ id: paired, kind: 'paired' })]);
    // Neither monitored nor 脱贫户: no cadre.
    const other = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['鲁普通', '鲁小英'])), 201)).id as string;
    expect((await assign(other, null, paired)).json().error.code).toBe('NO_CADRE_KIND');
  });
});

describe('部门信息核查比对 before the county decides (002:L669, L665)', () => {
  it('verifies the household against the loaded department feeds at the household check and shows the findings to the deciding office', async () => {
    const { householdId, procedureId, act } = await reportAndCheck(['钱有财', '孙小梅'], async (hid) => {
      const [head] = await database.db.select().from(members).where(and(eq(members.householdId, hid), eq(members.relation, 'head')));
      const path = join(dir, 'vehicle.csv');
      writeFileSync(path, ['身份证号,姓名,号牌号码,车辆类型,残疾人专用车', `${head.idNumber},${head.name},湘E12345,小型轿车,否`, `${head.idNumber},${head.name},湘E54321,小型轿车,否`].join('\n'));
      await loadFeed(database.db, { path, fileName: 'vehicle.csv', source: 'vehicle', period: todayInChina().slice(0, 7), actor: 'county', areaCode: '430525', dir: join(dir, 'feeds') });
    });
    const chain = async (user: string) => (await ok(as(user, 'GET', `/api/monitoring/households/${householdId}`))).procedures.find((p: { id: string }) => p.id === procedureId);
    const checked = (await chain('cun')).data.verification;
    expect(checked.sources).toEqual([expect.objectContaining({ source: 'vehicle', name: '公安交管 机动车' })]);
    expect(checked.findings).toEqual([expect.objectContaining({ kind: 'vehicle', state: 'open', message: expect.stringContaining('机动车') })]);
    await ok(act('cun', 'appraise', { appraisal: '同意' }));
    await database.db.update(notices).set({ endDate: '2000-01-01' }).where(eq(notices.subjectId, householdId));
    await ok(act('jiangkou', 'close_notice'));
    await ok(act('jiangkou', 'township_approve', { opinion: '同意' }));
    // At the county's step the deciding office sees the findings of the newest check.
    const atDecision = await chain('xiangcun');
    expect(atDecision.state).toBe('county_decision');
    expect(atDecision.actions).toContain('decide');
    expect(atDecision.data.verification.findings.map((f: { kind: string }) => f.kind)).toEqual(['vehicle']);
    const events = (await ok(as('xiangcun', 'GET', `/api/monitoring/households/${householdId}`))).events.filter((e: { action: string }) => e.action === 'verification.check');
    expect(events).toHaveLength(2);
  });
});

describe('the quarterly refresh inside the server (002:L673)', () => {
  it('runs each county\'s monitor once per quarter of the pack\'s schedule, counts a run by hand, and shows the last run on the board', async () => {
    const runs = async () => (await database.db.select().from(auditLog).where(eq(auditLog.action, 'monitoring.run'))).filter((a) => a.areaCode === '430525');
    const now = todayInChina();
    expect(await runs()).toEqual([]);
    expect((await ok(as('xiangcun', 'GET', '/api/monitoring/dashboard'))).refresh).toMatchObject({ everyMonths: 3, periodStart: periodStart(now, 3), due: true, last: null });
    // A run by hand over the county is this quarter's run: the schedule does not run it again.
    await ok(as('county', 'POST', '/api/monitoring/run', {}));
    expect(await runDueRefreshes(database.db, now)).toEqual([]);
    const board = (await ok(as('xiangcun', 'GET', '/api/monitoring/dashboard'))).refresh;
    expect(board).toMatchObject({ due: false, last: { date: now, actor: 'county', scheduled: false } });
    // The next quarter: the scheduled run happens once, however often the interval checks.
    const next = board.nextDue as string;
    expect(next).toBe(periodStart(next, 3));
    expect((await runDueRefreshes(database.db, next)).map((r) => r.county)).toEqual(['430525']);
    expect(await runDueRefreshes(database.db, next)).toEqual([]);
    expect(await runDueRefreshes(database.db, addMonths(next, 1))).toEqual([]);
    expect((await runs()).map((r) => [r.actor, r.target])).toEqual([['county', now], [SCHEDULE_ACTOR, next]]);
    expect((await ok(as('xiangcun', 'GET', '/api/monitoring/dashboard'))).refresh.last).toMatchObject({ date: next, scheduled: true });
  });
});

describe('the dangerous-housing list as a signal source (住建, 002:L649, L663)', () => {
  it('raises the county\'s dangerousHousing warning for a member on its own county\'s newest list, once, and never from another county\'s list', async () => {
    const hid = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['危老汉', '危大娘'])), 201)).id as string;
    const [head] = await database.db.select().from(members).where(and(eq(members.householdId, hid), eq(members.relation, 'head')));
    const load = async (county: string, period: string) => {
      const path = join(dir, `housing-${county}-${period}.csv`);
      writeFileSync(path, ['身份证号,姓名,危房等级,鉴定日期,地址', `${head.idNumber},${head.name},D级,2026-03-01,江口村三组`].join('\n'));
      return loadFeed(database.db, { path, fileName: 'housing.csv', source: 'housing', period, actor: 'test', areaCode: county, dir: join(dir, 'feeds') });
    };
    const warnings = () => database.db.select().from(monitoringWarnings).where(and(eq(monitoringWarnings.householdId, hid), eq(monitoringWarnings.rule, 'dangerousHousing')));
    await seedAreas(database.db, '430524');
    await load('430524', '2026-05'); // 隆回县's list: not about 洞口县's households
    await runMonitor(database.db, todayInChina(), '430525');
    expect(await warnings()).toEqual([]);
    expect((await load('430525', '2026-05')).loaded).toBe(1);
    await runMonitor(database.db, todayInChina(), '430525');
    const [w, ...more] = await warnings();
    expect(more).toEqual([]);
    expect(w).toMatchObject({ level: 'orange', source: 'feed', message: expect.stringContaining('D级') });
    expect(w.message).not.toContain(head.name);
    expect((await runMonitor(database.db, todayInChina(), '430525')).byRule.dangerousHousing ?? 0).toBe(0);
  });
});

describe('负面因子: recorded with evidence, a person\'s decision, never automatic (002:L645, L653, L589)', () => {
  it('does not stop identification by being recorded; only the deciding office\'s decision to exclude does, and nobody else may decide', async () => {
    // Recorded, not decided: the county still decides to monitor.
    const first = await reportAndCheck(['赌某甲', '赌某乙'], async (hid) => {
      const noEvidence = await as('cun', 'POST', `/api/monitoring/households/${hid}/negative-factors`, { factor: 'gambling', evidence: ' ' });
      expect(noEvidence.statusCode).toBe(400);
      expect(noEvidence.json().error.path).toBe('evidence');
      await ok(as('cun', 'POST', `/api/monitoring/households/${hid}/negative-factors`, { factor: 'gambling', evidence: '村委会 2026 年 3 月调解记录：多次参与聚赌' }), 201);
    });
    const toCounty = async (r: Awaited<ReturnType<typeof reportAndCheck>>) => {
      await ok(r.act('cun', 'appraise', { appraisal: '同意' }));
      await database.db.update(notices).set({ endDate: '2000-01-01' }).where(eq(notices.subjectId, r.householdId));
      await ok(r.act('jiangkou', 'close_notice'));
      await ok(r.act('jiangkou', 'township_approve', { opinion: '同意' }));
    };
    await toCounty(first);
    expect((await ok(first.act('xiangcun', 'decide', { type: '突发严重困难户', riskFactors: ['disaster'] }))).state).toBe('identified');

    // Decided to exclude by the deciding office, with its reason: the county cannot then take the household in.
    const second = await reportAndCheck(['毒某丙', '毒某丁']);
    const negative = await ok(as('cun', 'POST', `/api/monitoring/households/${second.householdId}/negative-factors`, { factor: 'drugs', evidence: '县公安局 2026 年 2 月吸毒人员通报' }), 201);
    for (const other of ['cun', 'jiangkou', 'county']) expect((await as(other, 'POST', `/api/monitoring/negative-factors/${negative.id}/decide`, { decision: 'exclude', reason: '属实' })).statusCode, other).toBe(403);
    expect((await as('xiangcun', 'POST', `/api/monitoring/negative-factors/${negative.id}/decide`, { decision: 'exclude', reason: ' ' })).statusCode).toBe(400);
    const decided = await ok(as('xiangcun', 'POST', `/api/monitoring/negative-factors/${negative.id}/decide`, { decision: 'exclude', reason: '经核实，本人仍在吸毒，不纳入监测' }));
    expect(decided).toMatchObject({ decision: 'exclude', decidedBy: 'xiangcun' });
    expect((await as('xiangcun', 'POST', `/api/monitoring/negative-factors/${negative.id}/decide`, { decision: 'keep', reason: '改变' })).json().error.code).toBe('DECIDED');
    await toCounty(second);
    const refused = await second.act('xiangcun', 'decide', { type: '突发严重困难户', riskFactors: ['disaster'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'NEGATIVE_FACTOR', message: expect.stringContaining('吸毒') });
    const chain = await ok(as('cun', 'GET', `/api/monitoring/households/${second.householdId}`));
    expect(chain.negativeFactors).toEqual([expect.objectContaining({ factorName: '吸毒', decision: 'exclude', evidence: '县公安局 2026 年 2 月吸毒人员通报' })]);
    expect((await database.db.select().from(monitoringNegativeFactors).where(eq(monitoringNegativeFactors.householdId, second.householdId)))).toHaveLength(1);
  });
});
