/**
 * Monitoring on both databases: the demo's planted signals raise exactly the expected warnings at the
 * expected levels (and a second run nothing); the verification feeds raise severe disability, dropout
 * and job loss; a household goes warning → identification (engine, papers, notice, township, county)
 * → measures → risk removal over HTTP with its guards; visit compliance and the 约谈 flag; the export.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { monitoringMeasures, monitoringWarnings } from './schema.ts';
import { notices, workflowTasks } from '../workflow/schema.ts';
import { createUser } from '../auth/users.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds, seedDemoPolicy } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { buildServer } from '../server.ts';
import { loadFeed } from '../verification/feeds.ts';
import { runVerify } from '../verification/verify.ts';
import { DEMO_PLANTS, demoTargets, seedMonitoringDemo } from './demo.ts';
import { runMonitor } from './signals.ts';
import { CHECKLIST_ITEMS } from './rules.ts';

/** Every file of the servers' attachment stores (without a data directory they live in this test file's TMPDIR). */
const storedAttachments = () => readdirSync(tmpdir()).filter((d) => d.startsWith('doudi-attachments-'))
  .flatMap((d) => readdirSync(join(tmpdir(), d), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))).sort();

let database: Database;
let app: FastifyInstance;
const TODAY = '2026-06-15';
const dir = mkdtempSync(join(tmpdir(), 'doudi-monitoring-'));
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoPolicy(database.db);
  await seedDemoHouseholds(database.db, 300, { seed: 7 });
  for (const [username, role, areaCode] of [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'], ['yulan', 'township_staff', '430525102'],
    ['cun', 'village_staff', JIANGKOU_VILLAGE], ['auditor', 'auditor', '430525']] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  app = await buildServer(database);
  for (const u of ['county', 'jiangkou', 'yulan', 'cun', 'auditor']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: u, password: PASSWORD } });
    sessions[u] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
});
afterAll(async () => { await app?.close(); await database?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('the demo data', () => {
  it('raises exactly the planted warnings at their levels, plus the income rules on 脱贫户 only, and nothing more on a second run', async () => {
    const targets = await demoTargets(database.db, DEMO_PLANTS.length + 1);
    await seedMonitoringDemo(database.db, TODAY);
    const ws = await database.db.select().from(monitoringWarnings);
    DEMO_PLANTS.forEach((p, i) => {
      const got = ws.filter((w) => w.householdId === targets[i + 1].id).map((w) => ({ rule: w.rule, level: w.level }));
      expect(got, p.description).toEqual(p.expect ? [p.expect] : []);
    });
    // Every other warning is an income rule on a 脱贫户 whose per-capita income is under the line (7600) or within 10% of it.
    const others = ws.filter((w) => !targets.some((t) => t.id === w.householdId));
    const incomes = await database.db.execute(sql`select h.id, h.registered_poor as poor, sum(m.monthly_income_fen)::float8 * 12 / count(*) as pc
      from households h join members m on m.household_id = h.id and m.status = 'active' where h.status = 'active' group by h.id`);
    const expected = new Map<string, { rule: string; level: string }>();
    for (const r of (incomes as unknown as { rows: { id: string; poor: boolean; pc: number }[] }).rows) {
      if (!r.poor) continue;
      const pc = Math.floor(Number(r.pc));
      if (pc < 760000) expected.set(r.id, { rule: 'incomeBelowLine', level: 'red' });
      else if (pc < 836000) expected.set(r.id, { rule: 'incomeNearLine', level: 'yellow' });
    }
    expect(new Map(others.map((w) => [w.householdId, { rule: w.rule, level: w.level }]))).toEqual(expected);
    expect(others.length).toBe(expected.size);
    // Each warning has its handling task, due 15 days after the clue (monitoring.deadlines.identification).
    const planted = ws.find((w) => w.rule === 'disaster')!;
    expect(planted.dueOn).toBe('2026-06-27'); // clue 2026-06-12 + 15 days
    expect((await database.db.select().from(workflowTasks).where(eq(workflowTasks.id, planted.taskId!)))[0]).toMatchObject({ subjectType: 'monitoring', step: 'warning', status: 'open' });
    expect((await runMonitor(database.db, TODAY, '430525')).raised).toBe(0);
    expect((await runMonitor(database.db, '2026-06-16', '430525')).raised).toBe(0);
  });
});

describe('signals from the verification feeds', () => {
  it('raises severe disability, dropout and job loss from loaded feeds', async () => {
    const ids = { worker: person('1980-05-05'), child: person('2012-09-01'), grandma: person('1950-01-01', 'female') };
    const hid = (await saveHousehold(database.db, countyAdmin, null, { areaCode: '430525102201', ledgerKey: 'MON-F1', hukou: 'rural', members: [
      { name: '黄工人', idNumber: ids.worker, relation: 'head', monthlyIncomeYuan: 3000, employed: true },
      { name: '黄学生', idNumber: ids.child, relation: 'child', schooling: 'junior' },
      { name: '黄奶奶', idNumber: ids.grandma, relation: 'parent' },
    ] }, '测试')).id;
    const feed = async (source: string, period: string, header: string, rows: string[]) => {
      const path = join(dir, `${source}-${period}.csv`);
      writeFileSync(path, [header, ...rows].join('\n'));
      await loadFeed(database.db, { path, fileName: `${source}.csv`, source: source as never, period, actor: 'county', areaCode: '430525', dir: join(dir, 'feeds') });
    };
    await feed('wage', '2026-04', '身份证号,姓名,单位,月工资', [`${ids.worker},黄工人,某厂,3000`]);
    await feed('wage', '2026-05', '身份证号,姓名,单位,月工资', [`${person('1990-01-01')},别人,某厂,3000`]);
    await feed('disability', '2026-05', '身份证号,姓名,残疾类别,残疾等级', [`${ids.grandma},黄奶奶,肢体,一级`]);
    await feed('enrolment', '2026-05', '身份证号,姓名,学校,学段,在校状态', [`${ids.child},黄学生,某中学,初中,退学`]);
    await runVerify(database.db, { date: TODAY, area: '430525' });
    const run = await runMonitor(database.db, TODAY, '430525102');
    const ws = await database.db.select().from(monitoringWarnings).where(eq(monitoringWarnings.householdId, hid));
    expect(ws.map((w) => [w.rule, w.level, w.source]).sort()).toEqual([['dropout', 'orange', 'verification'], ['jobLoss', 'yellow', 'feed'], ['severeDisability', 'orange', 'verification']]);
    // Other households' children without an in-school record (enrolment findings) are dropout warnings too.
    expect(run.byRule).toMatchObject({ jobLoss: 1, severeDisability: 1, dropout: run.raised - 2 });
    expect((await runMonitor(database.db, TODAY, '430525102')).raised).toBe(0);
  });
});

describe('a household from warning to risk removal over HTTP', () => {
  let hid = '';
  let procedureId = '';
  const pdf = Buffer.from('%PDF-1.4\n% signed\n');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);

  it('takes a village report to a red warning, listed by level inside the area only', async () => {
    hid = (await saveHousehold(database.db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'MON-H1', hukou: 'rural', members: [
      { name: '石大山', idNumber: person('1975-02-02'), relation: 'head', monthlyIncomeYuan: 1500, phone: '13800000001' },
      { name: '石秀英', idNumber: person('1977-03-03', 'female'), relation: 'spouse', monthlyIncomeYuan: 0 },
    ] }, '测试')).id;
    const r = await as('cun', 'POST', '/api/monitoring/reports', { householdId: hid, channel: 'village', kind: 'disaster', amountYuan: 40000, occurredOn: '2026-06-10', description: '暴雨致房屋倒塌' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().warning).toMatchObject({ rule: 'disaster', level: 'red' });
    const list = (await as('jiangkou', 'GET', `/api/monitoring/warnings?level=red&householdId=${hid}`)).json();
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0].headName).toBe('石*山');
    expect((await as('yulan', 'GET', `/api/monitoring/warnings?householdId=${hid}`)).json().rows).toEqual([]);
    expect((await as('yulan', 'POST', '/api/monitoring/reports', { householdId: hid, channel: 'village', kind: 'disaster', occurredOn: '2026-06-10', description: '越界' })).statusCode).toBe(404);
    expect((await as('auditor', 'POST', '/api/monitoring/reports', { householdId: hid, channel: 'village', kind: 'disaster', occurredOn: '2026-06-10', description: '只读' })).statusCode).toBe(403);
    const bad = await as('cun', 'POST', '/api/monitoring/reports', { householdId: hid, channel: 'village', kind: 'medical', occurredOn: '2026-06-10', description: '无金额' });
    expect(bad.json().error).toMatchObject({ code: 'AMOUNT_REQUIRED', path: 'amountYuan' });
  });

  it('runs identification through the engine: papers, 民主评议 and notice, township, county', async () => {
    const [w] = (await as('cun', 'GET', `/api/monitoring/warnings?householdId=${hid}`)).json().rows;
    // The empty form starts nothing: a result must be chosen and the on-site check written down.
    const empty = await as('cun', 'POST', `/api/monitoring/warnings/${w.id}/handle`, { version: w.version });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.path).toBe('result');
    const noNote = await as('cun', 'POST', `/api/monitoring/warnings/${w.id}/handle`, { result: 'identify', version: w.version });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error).toMatchObject({ path: 'note', message: expect.stringContaining('核实情况') });
    expect((await as('cun', 'GET', `/api/monitoring/warnings?householdId=${hid}`)).json().rows[0]).toMatchObject({ status: 'open', procedureId: null });
    const h = await as('cun', 'POST', `/api/monitoring/warnings/${w.id}/handle`, { result: 'identify', note: '入户初步核实属实', version: w.version });
    expect(h.statusCode, h.body).toBe(200);
    expect((await as('cun', 'POST', `/api/monitoring/warnings/${w.id}/handle`, { result: 'dismissed', note: 'x' })).json().error.code).toBe('HANDLED');
    procedureId = h.json().procedureId;
    const act = (user: string, action: string, body: Record<string, unknown> = {}) => as(user, 'POST', `/api/monitoring/procedures/${procedureId}/actions/${action}`, body);
    // Without the signed authorisation and pledge the household check cannot be completed.
    const noPapers = await act('cun', 'complete_check', { findings: '房屋倒塌，临时借住' });
    expect(noPapers.statusCode).toBe(409);
    expect(noPapers.json().error.message).toMatch(/授权书.*承诺书/);
    for (const kind of ['authorization', 'pledge']) {
      const up = await as('cun', 'POST', `/api/monitoring/procedures/${procedureId}/files?kind=${kind}&name=${kind}.pdf`, pdf, { 'content-type': 'application/pdf' });
      expect(up.statusCode, up.body).toBe(201);
    }
    expect((await as('yulan', 'POST', `/api/monitoring/procedures/${procedureId}/files?kind=pledge&name=x.pdf`, pdf, { 'content-type': 'application/pdf' })).statusCode).toBe(404);
    expect((await act('cun', 'complete_check', { findings: '房屋倒塌，临时借住' })).statusCode).toBe(200);
    expect((await act('cun', 'appraise', { appraisal: '民主评议一致同意纳入' })).json().state).toBe('notice');
    // The notice: masked name and ID, no phone.
    const [n] = await database.db.select().from(notices).where(eq(notices.subjectId, hid));
    expect(JSON.stringify(n.entries)).toMatch(/石\*山/);
    expect(JSON.stringify(n.entries)).not.toMatch(/13800000001/);
    expect(JSON.stringify(n.entries)).toMatch(/430525\*{8}/);
    expect((await act('jiangkou', 'close_notice')).json().error.message).toMatch(/公示期至/);
    await database.db.update(notices).set({ endDate: '2026-01-01' }).where(eq(notices.id, n.id)); // the notice period has passed
    expect((await act('cun', 'close_notice')).statusCode).toBe(403); // a township step
    expect((await act('jiangkou', 'close_notice')).json().state).toBe('township_review');
    expect((await act('county', 'decide', { type: '突发严重困难户', riskFactors: ['disaster'] })).json().error.code).toBe('WRONG_STEP');
    expect((await act('jiangkou', 'township_approve', { opinion: '同意' })).json().state).toBe('county_decision');
    expect((await act('jiangkou', 'decide', { type: '突发严重困难户', riskFactors: ['disaster'] })).statusCode).toBe(403); // a county step
    const noType = await act('county', 'decide', { riskFactors: ['disaster'] });
    expect(noType.json().error).toMatchObject({ code: 'TYPE_REQUIRED', path: 'type' });
    expect((await act('county', 'decide', { type: '突发严重困难户', riskFactors: ['disaster', 'housing'] })).json().state).toBe('identified');
    const chain = (await as('cun', 'GET', `/api/monitoring/households/${hid}`)).json();
    expect(chain.monitoring).toMatchObject({ type: '突发严重困难户', riskFactors: ['disaster', 'housing'], status: 'monitored' });
    expect(chain.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['report.add', 'warning.raise', 'warning.handle', 'procedure.identify.start',
      'procedure.complete_check', 'procedure.appraise', 'procedure.close_notice', 'procedure.township_approve', 'procedure.decide', 'task.open', 'task.done']));
    expect((await database.db.select().from(workflowTasks).where(and(eq(workflowTasks.subjectId, hid), eq(workflowTasks.status, 'open'))))).toEqual([]);
  });

  it('records measures matched to the risk factors and removes the risk only when the criteria hold', async () => {
    const mismatch = await as('cun', 'POST', `/api/monitoring/households/${hid}/measures`, { riskFactor: 'disaster', kind: 'education', description: '助学', startOn: '2026-06-14' });
    expect(mismatch.json().error).toMatchObject({ code: 'MEASURE_MISMATCH', path: 'kind' });
    const notIdentified = await as('cun', 'POST', `/api/monitoring/households/${hid}/measures`, { riskFactor: 'medical', kind: 'health', description: 'x', startOn: '2026-06-14' });
    expect(notIdentified.json().error.code).toBe('FACTOR_NOT_IDENTIFIED');
    const m = await as('cun', 'POST', `/api/monitoring/households/${hid}/measures`, { riskFactor: 'housing', kind: 'housing', description: '危房改造补助', startOn: '2026-06-14' });
    expect(m.statusCode, m.body).toBe(201);
    const early = await as('jiangkou', 'POST', `/api/monitoring/households/${hid}/removal`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/尚未登记成效/);
    expect((await as('cun', 'POST', `/api/monitoring/measures/${m.json().id}/result`, { result: '新房建成入住', resultOn: '2026-06-15' })).statusCode).toBe(200);
    const stillEarly = await as('jiangkou', 'POST', `/api/monitoring/households/${hid}/removal`);
    expect(stillEarly.json().error.message).toMatch(/稳定 6 个月/);
    // Six months pass.
    await database.db.update(monitoringMeasures).set({ resultOn: '2025-11-01', startOn: '2025-10-01' }).where(eq(monitoringMeasures.householdId, hid));
    const start = await as('jiangkou', 'POST', `/api/monitoring/households/${hid}/removal`);
    expect(start.statusCode, start.body).toBe(201);
    const pid = start.json().id;
    const act = (user: string, action: string, body: Record<string, unknown> = {}) => as(user, 'POST', `/api/monitoring/procedures/${pid}/actions/${action}`, body);
    expect((await act('cun', 'complete_check', { findings: '收入稳定，住房安全' })).json().state).toBe('appraisal'); // no pledge needed to leave
    await act('cun', 'appraise', { appraisal: '同意消除风险' });
    await database.db.update(notices).set({ endDate: '2026-01-01' }).where(eq(notices.subjectId, hid));
    await act('jiangkou', 'close_notice');
    await act('jiangkou', 'township_approve', { opinion: '同意' });
    expect((await act('county', 'decide')).json().state).toBe('removed');
    const chain = (await as('county', 'GET', `/api/monitoring/households/${hid}`)).json();
    expect(chain.monitoring.status).toBe('removed');
    expect(chain.procedures.map((p: { purpose: string; state: string }) => [p.purpose, p.state])).toEqual([['identify', 'identified'], ['remove', 'removed']]);
    const audit = await database.db.select().from(auditLog).where(like(auditLog.action, 'monitoring.%'));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['monitoring.report', 'monitoring.warning.handle', 'monitoring.identify.decide', 'monitoring.remove.decide', 'monitoring.measure.result']));
  });
});

describe('cadres, visits and supervision', () => {
  it('records a 六看六查 visit by the assigned cadre, and computes overdue visits and the 约谈 flag', async () => {
    // The demo's identified household: cadres assigned four months ago, a monitoring-cadre visit last month, no paired contact ever.
    const c = (await as('jiangkou', 'GET', '/api/monitoring/compliance')).json();
    const demo = c.rows.filter((r: { kind: string }) => r.kind === 'paired');
    expect(demo.length).toBeGreaterThan(0);
    expect(demo[0]).toMatchObject({ status: 'overdue', met: 0 });
    const hid = demo[0].householdId;
    const chain = (await as('jiangkou', 'GET', `/api/monitoring/households/${hid}`)).json();
    const monitoringCadre = chain.cadres.find((x: { kind: string }) => x.kind === 'monitoring');
    const full = Object.fromEntries(Object.keys(CHECKLIST_ITEMS).map((k) => [k, { ok: true }]));
    const { familyIncome: _, ...partial } = full;
    const incomplete = await as('jiangkou', 'POST', `/api/monitoring/households/${hid}/visits`, { cadreId: monitoringCadre.id, visitedOn: TODAY, mode: 'visit', checklist: partial });
    expect(incomplete.json().error).toMatchObject({ code: 'CHECKLIST_INCOMPLETE', path: 'checklist.familyIncome' });
    const v = await as('jiangkou', 'POST', `/api/monitoring/households/${hid}/visits`, { cadreId: monitoringCadre.id, visitedOn: '2026-06-15', mode: 'visit', checklist: { ...full, hygiene: { ok: false, note: '院落脏乱' } }, note: '已督促整改' });
    expect(v.statusCode, v.body).toBe(201);
    const photo = await as('jiangkou', 'POST', `/api/monitoring/visits/${v.json().id}/photos?name=a.png`, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]), { 'content-type': 'image/png' });
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    const notImage = await as('jiangkou', 'POST', `/api/monitoring/visits/${v.json().id}/photos?name=a.png`, Buffer.from('hello world, not an image'), { 'content-type': 'image/png' });
    expect(notImage.statusCode).toBe(415);
    // A PDF is read (its type is known only from its bytes), refused as a visit photo, and leaves no file behind.
    const stored = storedAttachments();
    const pdf = await as('jiangkou', 'POST', `/api/monitoring/visits/${v.json().id}/photos?name=a.pdf`, Buffer.from('%PDF-1.4\n% 不是照片\n'), { 'content-type': 'application/pdf' });
    expect(pdf.json().error).toMatchObject({ code: 'BAD_FILE_TYPE', message: '走访照片只接受 JPG、PNG 图片' });
    expect(storedAttachments()).toEqual(stored);
    const sup = (await as('county', 'GET', '/api/monitoring/supervision')).json();
    expect(sup.flags).toEqual([expect.objectContaining({ areaCode: '430525101', due: true, consecutive: 2 })]);
    expect((await as('jiangkou', 'POST', '/api/monitoring/criticisms', { roundId: sup.rounds[0].id, areaCode: '430525102', reason: 'x' })).statusCode).toBe(403);
  });

  it('exports the dashboard data as a masked xlsx, not cached, audited', async () => {
    const r = await as('jiangkou', 'GET', '/api/monitoring/export.xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const heads = wb.getWorksheet('监测对象')!.getColumn(3).values.slice(2) as string[];
    expect(heads.length).toBeGreaterThan(0);
    for (const h of heads) expect(h).toMatch(/\*/);
    const [a] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'monitoring.export'));
    expect(a.detail).toMatchObject({ masked: true, completed: true });
    const d = (await as('jiangkou', 'GET', '/api/monitoring/dashboard')).json();
    expect(d.warnings.raised).toBeGreaterThan(d.warnings.handled);
    expect(Object.keys(d.byType)).toContain('边缘易致贫户');
  });
});

