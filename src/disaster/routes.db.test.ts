/**
 * Disaster relief through the HTTP API, on PGlite and PostgreSQL, from event to paid relief: the county records
 * an event and a named person confirms its level; the village registers affected households (duplicates refused,
 * photos kept with their SHA-256), which proposes 临时救助 with a monitoring warning and refers a collapsed 低保
 * home to housing; relief of each kind is approved at the township or the county by amount, paid through payroll
 * lines of its own program once, in kind with a signed receipt; the emergency period back-pays a month declared
 * late; the figures and the 灾情报告 count it all, and another county sees none of it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { and, eq, like } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { createUser } from '../auth/users.ts';
import { casePrograms } from '../cases/schema.ts';
import { monitoringWarnings } from '../monitoring/schema.ts';
import { createEntitlement } from '../payments/entitlements.ts';
import { payrollLines } from '../payments/schema.ts';
import { addMonth } from '../payments/months.ts';
import { publishPolicy } from '../policy/store.ts';
import { seedAreas } from '../registry/seed.ts';
import { loadSnapshots, saveHousehold } from '../registry/store.ts';
import { todayInChina } from '../registry/model.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { notices } from '../workflow/schema.ts';
import { addDays } from '../workflow/calendar.ts';
import { monthsFrom } from './rules.ts';
import { disasterInstalments } from './schema.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Xuezai-Jiuzhu-5720';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const MONTH = todayInChina().slice(0, 7);
const PREVIOUS = addMonth(MONTH, -1);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('disaster photo')]);
const demo = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const ids: Record<string, string> = {};
/** The notice period of a relief run out (it began notice.days ago). */
const endNotice = (reliefId: string) => database.db.update(notices).set({ startDate: addDays(todayInChina(), -10), endDate: addDays(todayInChina(), -1) })
  .where(and(eq(notices.subjectType, 'disaster_relief'), eq(notices.subjectId, reliefId)));

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
}
async function ok(user: string, method: string, url: string, payload?: unknown, code = 200) {
  const r = await as(user, method, url, payload);
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(code);
  return r.json();
}

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await seedAreas(db, '430525');
  await seedAreas(db, '430524');
  await publishPolicy(db, countyAdmin, demo, 'disaster test');
  const users = [['county', 'county_admin', '430525'], ['county2', 'county_staff', '430525'], ['jiangkou', 'township_staff', '430525101'], ['yulan', 'township_staff', '430525102'],
    ['cun', 'village_staff', JIANGKOU_VILLAGE], ['longhui', 'county_admin', '430524'], ['auditor', 'auditor', '430525']] as const;
  for (const [username, role, areaCode] of users) await createUser(db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode, r.body).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  const add = async (key: string, areaCode: string, names: string[]) => {
    const { id } = await saveHousehold(db, countyAdmin, null, { areaCode, ledgerKey: key, hukou: 'rural',
      members: names.map((name, i) => ({ name, idNumber: person(`19${70 + i}-05-0${i + 1}`), relation: i === 0 ? 'head' : 'child', monthlyIncomeYuan: 0, laborCapacity: 'none' })) }, null);
    ids[key] = id;
  };
  await add('ZA', JIANGKOU_VILLAGE, ['低保甲', '低保乙', '低保丙']);
  await add('ZB', JIANGKOU_VILLAGE, ['受灾甲', '受灾乙']);
  await add('ZC', YULAN_VILLAGE, ['毓兰户']);
  const s = (await loadSnapshots(db, [ids.ZA])).get(ids.ZA)!;
  await createEntitlement(db, { householdId: ids.ZA, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: PREVIOUS,
    bank: { bankName: '洞口农商银行', accountNo: '623090123456789001', accountName: '低保甲' }, snapshot: toEvaluationInput(s.household, s.members), source: { kind: 'roster', fileSha256: 'test', row: 1 }, actor: 'test' });
}, 120_000);
afterAll(async () => { await app?.close(); await database?.close(); });

let eventId: string;
const affected: Record<string, string> = {};
const relief: Record<string, string> = {};

describe('a disaster event and its level', () => {
  it('is recorded by the county with the level the criteria table proposes, and not by a township', async () => {
    const body = { kind: 'snowIce', name: '低温雨雪冰冻灾害', startedOn: todayInChina(), areas: ['430525101'], observations: { snowCm: 12, glazeMm: 6 }, description: '江口镇道路结冰' };
    expect((await as('jiangkou', 'POST', '/api/disaster/events', body)).statusCode).toBe(403);
    const r = await ok('county', 'POST', '/api/disaster/events', body, 201);
    expect(r).toMatchObject({ proposedLevel: 'III', needsPrefecture: false });
    expect(r.reasons.join()).toContain('低温雨雪冰冻响应条件：积雪深度');
    eventId = r.id;
  });

  it('refuses bad input with a Chinese message and records nothing', async () => {
    const r = await as('county', 'POST', '/api/disaster/events', { kind: 'snowIce', name: '坏', startedOn: '2024-02-30', areas: ['430525101'] });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('开始日期');
    expect((await ok('county', 'GET', '/api/disaster/events')).rows).toHaveLength(1);
  });

  it('is confirmed by a named person; a level other than the proposal needs a reason; level I is marked for the prefecture', async () => {
    const refused = await as('county', 'POST', `/api/disaster/events/${eventId}/confirm`, { level: 'I', confirmedBy: '张县长' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('NOTE_REQUIRED');
    expect(await ok('county', 'POST', `/api/disaster/events/${eventId}/confirm`, { level: 'III', confirmedBy: '张县长（常务副指挥长）' })).toMatchObject({ level: 'III', needsPrefecture: false });
    await ok('county', 'PATCH', `/api/disaster/events/${eventId}`, { observations: { snowCm: 32 } });
    expect(await ok('county', 'POST', `/api/disaster/events/${eventId}/confirm`, { level: 'I', confirmedBy: '李县长（指挥长）', note: '积雪 32 厘米' })).toMatchObject({ level: 'I', needsPrefecture: true });
    const audits = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, `disaster:${eventId}`));
    expect(audits.map((a) => a.action)).toEqual(['disaster.event.create', 'disaster.event.confirm', 'disaster.event.update', 'disaster.event.confirm']);
  });
});

describe('affected households registered from the village', () => {
  it('registers a household not yet assisted: 临时救助 proposed and a monitoring warning of the disaster rule', async () => {
    const r = await ok('cun', 'POST', `/api/disaster/events/${eventId}/households`, { householdId: ids.ZB, affected: 2, relocated: 2, lossYuan: 30000, damage: 'collapsed', needs: ['shelter', 'food'] }, 201);
    affected.ZB = r.id;
    expect(r.links).toMatchObject({ temporaryProposed: true, warningId: expect.any(String) });
    const [w] = await database.db.select().from(monitoringWarnings).where(eq(monitoringWarnings.householdId, ids.ZB));
    expect(w).toMatchObject({ rule: 'disaster' });
  });

  it('refers the collapsed home of a 低保 household to 住房救助 and does not propose 临时救助 for it', async () => {
    const r = await ok('jiangkou', 'POST', `/api/disaster/events/${eventId}/households`, { householdId: ids.ZA, affected: 3, damage: 'collapsed', needs: ['shelter'] }, 201);
    affected.ZA = r.id;
    expect(r.links.temporaryProposed).toBeUndefined();
    const [p] = await database.db.select().from(casePrograms).where(eq(casePrograms.caseId, r.links.housing));
    expect(p.program).toBe('住房救助');
  });

  it('refuses the same household registered again, naming the village that did', async () => {
    const r = await as('jiangkou', 'POST', `/api/disaster/events/${eventId}/households`, { householdId: ids.ZB, affected: 1, damage: 'general' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'DUPLICATE', message: expect.stringContaining('江口') });
  });

  it('registers a new household from its form, and refuses one outside the event\'s areas', async () => {
    const r = await ok('cun', 'POST', `/api/disaster/events/${eventId}/households`, { household: { areaCode: JIANGKOU_VILLAGE, hukou: 'rural',
      members: [{ name: '新户主', idNumber: person('1980-08-08'), relation: 'head', monthlyIncomeYuan: 0 }] }, affected: 1, damage: 'general' }, 201);
    expect(r.householdId).toBeTruthy();
    const out = await as('yulan', 'POST', `/api/disaster/events/${eventId}/households`, { householdId: ids.ZC, affected: 1, damage: 'general' });
    expect(out.statusCode).toBe(409);
    expect(out.json().error.code).toBe('NOT_IN_EVENT_AREA');
  });

  it('keeps a photo with its SHA-256, readable in the area only', async () => {
    const r = await app.inject({ method: 'POST', url: `/api/disaster/households/${affected.ZB}/photos?name=house.png`, payload: PNG,
      headers: { cookie: sessions.cun.cookie, 'x-csrf-token': sessions.cun.csrf, 'content-type': 'image/png' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    expect((await as('jiangkou', 'GET', `/api/disaster/files/${r.json().id}`)).rawPayload.equals(PNG)).toBe(true);
    expect((await as('yulan', 'GET', `/api/disaster/files/${r.json().id}`)).statusCode).toBe(404);
    const list = await ok('jiangkou', 'GET', `/api/disaster/events/${eventId}/households`);
    expect(list.rows.find((x: { id: string }) => x.id === affected.ZB)).toMatchObject({ head: expect.not.stringContaining('受灾甲'), photos: [expect.objectContaining({ fileName: 'house.png' })] });
    expect((await ok('yulan', 'GET', `/api/disaster/events/${eventId}/households`)).rows).toEqual([]);
  });
});

describe('relief on its approval table, paid through the payroll', () => {
  const bank = { bankName: '洞口农商银行', accountNo: '623090123456789777', accountName: '受灾甲' };

  it('approves a small 应急救助 at the township', async () => {
    const r = await ok('jiangkou', 'POST', '/api/disaster/relief', { affectedId: affected.ZB, kind: 'emergency', bank }, 201);
    expect(r).toMatchObject({ state: 'township_approval', amountFen: 600_00, level: 'township' });
    relief.emergency = r.id;
    expect(await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '情况属实' })).toMatchObject({ state: 'approved' });
  });

  it('sends 过渡期生活救助 above the township limit to the county after the township review, each step on the 工作台 of those whose step it is', async () => {
    const r = await ok('jiangkou', 'POST', '/api/disaster/relief', { affectedId: affected.ZB, kind: 'transition', bank }, 201);
    expect(r).toMatchObject({ state: 'notice', amountFen: 2700_00, level: 'county' });
    relief.transition = r.id;
    await endNotice(r.id);
    await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'close_notice', note: '公示期满，无异议' });
    const early = await as('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '同意' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('WRONG_STEP');
    const onDesk = async (user: string) => (await ok(user, 'GET', '/api/workbench')).relief.rows.filter((x: { reliefId: string }) => x.reliefId === r.id);
    expect(await onDesk('jiangkou')).toEqual([expect.objectContaining({ stepName: '乡镇审核', kindName: '过渡期生活救助', eventId, headName: expect.not.stringContaining('受灾甲') })]);
    expect(await onDesk('county2')).toEqual([]);
    await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'review', note: '审核同意，报县级' });
    // The county step is on the 工作台 of county staff and the county admin, no longer on the township's.
    expect(await onDesk('jiangkou')).toEqual([]);
    expect(await onDesk('county2')).toEqual([expect.objectContaining({ stepName: '县级审批' })]);
    expect(await onDesk('county')).toHaveLength(1);
    expect(await onDesk('yulan')).toEqual([]);
    expect((await as('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '同意' })).statusCode).toBe(403);
    expect((await as('yulan', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '同意' })).statusCode).toBe(404);
    await ok('county2', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '县级批准' });
    const inst = await database.db.select().from(disasterInstalments).where(eq(disasterInstalments.reliefId, r.id));
    expect(inst.map((i) => i.month).sort()).toEqual(monthsFrom(MONTH, 3));
    expect(await onDesk('county2')).toEqual([]);
  });

  it('posts the relief list (公示) with the head masked, takes objections from the village, and closes only after the period with every objection handled', async () => {
    const r = await ok('jiangkou', 'POST', '/api/disaster/relief', { affectedId: affected.ZB, kind: 'hardship', season: 'winterSpring', bank }, 201);
    relief.hardship = r.id;
    expect(r).toMatchObject({ state: 'notice' });
    expect(r.reasons.join()).toContain('公示');
    const list = await ok('jiangkou', 'GET', `/api/disaster/events/${eventId}/households`);
    const posted = list.rows.find((x: { id: string }) => x.id === affected.ZB).relief.find((x: { id: string }) => x.id === r.id);
    expect(posted).toMatchObject({ state: 'notice', notice: { id: expect.any(String), objections: [] } });
    const notice = await ok('jiangkou', 'GET', `/api/workflow/notices/${posted.notice.id}`);
    expect(notice.entries).toEqual([{ name: '受*甲', idNumber: expect.stringMatching(/^\d{6}\*{8}\d{4}$/), program: '临时生活困难救助', amountYuan: 1000 }]);
    expect(notice.issuer).toBe('江口镇人民政府');
    // On the 工作台 of the township whose step it is.
    expect((await ok('jiangkou', 'GET', '/api/workbench')).relief.rows).toContainEqual(expect.objectContaining({ reliefId: r.id, stepName: '公示中' }));
    const running = await as('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'close_notice', note: '结束' });
    expect(running.statusCode).toBe(409);
    expect(running.json().error).toMatchObject({ code: 'NOTICE_RUNNING', message: expect.stringContaining('公示期满后') });
    expect((await as('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '同意' })).json().error.code).toBe('WRONG_STEP');
    expect((await as('yulan', 'POST', `/api/disaster/relief/${r.id}/objections`, { content: '越权' })).statusCode).toBe(404);
    const bad = await as('cun', 'POST', `/api/disaster/relief/${r.id}/objections`, { content: '' });
    expect(bad.statusCode).toBe(400);
    const o = await ok('cun', 'POST', `/api/disaster/relief/${r.id}/objections`, { byName: '王大爷', byPhone: '13907391234', content: '该户冬春口粮并不短缺' }, 201);
    await endNotice(r.id);
    const open = await as('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'close_notice', note: '结束' });
    expect(open.statusCode).toBe(409);
    expect(open.json().error.code).toBe('OBJECTION_OPEN');
    expect((await as('cun', 'POST', `/api/disaster/relief/${r.id}/objections/${o.id}/handle`, { result: '村里核实' })).statusCode).toBe(403);
    await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/objections/${o.id}/handle`, { result: '入户核实，口粮确已受灾损毁，异议不成立' });
    const again = await as('jiangkou', 'POST', `/api/disaster/relief/${r.id}/objections/${o.id}/handle`, { result: '再次' });
    expect(again.statusCode).toBe(409);
    const shown = (await ok('jiangkou', 'GET', `/api/disaster/events/${eventId}/households`)).rows.find((x: { id: string }) => x.id === affected.ZB).relief.find((x: { id: string }) => x.id === r.id);
    expect(shown.notice.objections).toEqual([{ id: o.id, byName: expect.not.stringContaining('大爷'), content: '该户冬春口粮并不短缺', result: '入户核实，口粮确已受灾损毁，异议不成立' }]);
    expect(await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'close_notice', note: '公示期满，异议已核实' })).toMatchObject({ state: 'township_approval' });
    expect((await as('cun', 'POST', `/api/disaster/relief/${r.id}/objections`, { content: '晚了' })).json().error.code).toBe('NOT_IN_NOTICE');
    // Refused at the township: nothing paid for it later.
    await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'reject', note: '经评议不予救助' });
    const audits = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, `disaster:${eventId}`));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['disaster.relief.objection', 'disaster.relief.objection.handle']));
  });

  it('pays 应急救助 within the township limit at once, without a notice (先行救助, like 急难型临时救助)', async () => {
    const list = await ok('jiangkou', 'GET', `/api/disaster/events/${eventId}/households`);
    const emergency = list.rows.find((x: { id: string }) => x.id === affected.ZB).relief.find((x: { id: string }) => x.id === relief.emergency);
    expect(emergency).toMatchObject({ state: 'approved', notice: null });
  });

  it('refuses a second relief of the same kind for the same household', async () => {
    const r = await as('jiangkou', 'POST', '/api/disaster/relief', { affectedId: affected.ZB, kind: 'emergency', bank });
    expect(r.statusCode).toBe(409);
  });

  it('pays a rebuild in instalments released by progress', async () => {
    const r = await ok('jiangkou', 'POST', '/api/disaster/relief', { affectedId: affected.ZA, kind: 'rebuild' }, 201);
    relief.rebuild = r.id;
    await endNotice(r.id);
    await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'close_notice', note: '公示期满，无异议' });
    await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'review', note: '审核' });
    await ok('county', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '批准' });
    expect(await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/progress`, { note: '主体完工' })).toMatchObject({ seq: 2, amountFen: 6000_00 });
    const inst = await database.db.select().from(disasterInstalments).where(eq(disasterInstalments.reliefId, r.id));
    expect(inst.sort((a, b) => a.seq - b.seq).map((i) => i.status)).toEqual(['due', 'due', 'waiting']);
  });

  it('records an in-kind distribution with the signed receipt list', async () => {
    const r = await ok('jiangkou', 'POST', '/api/disaster/relief', { affectedId: affected.ZA, kind: 'emergency', form: 'inKind', items: '大米 50 斤、棉被 3 床' }, 201);
    await ok('jiangkou', 'POST', `/api/disaster/relief/${r.id}/act`, { action: 'approve', note: '同意' });
    const d = await ok('cun', 'POST', `/api/disaster/relief/${r.id}/distributions`, { items: '大米 50 斤、棉被 3 床', valueYuan: 600, givenOn: todayInChina(), signedBy: '低保甲' }, 201);
    const up = await app.inject({ method: 'POST', url: `/api/disaster/distributions/${d.id}/receipt?name=receipt.png`, payload: PNG,
      headers: { cookie: sessions.cun.cookie, 'x-csrf-token': sessions.cun.csrf, 'content-type': 'image/png' } });
    expect(up.statusCode, up.body).toBe(201);
  });

  it('pays each kind under its own program once, back-pays an emergency month declared late, and marks the instalments paid', async () => {
    await ok('county', 'POST', `/api/payroll/${PREVIOUS}/prepare`, {});
    await ok('county2', 'POST', `/api/payroll/${PREVIOUS}/approve`, {});
    await ok('county', 'POST', '/api/disaster/emergencies', { areaCode: '430525101', startsOn: `${PREVIOUS}-01`, endsOn: `${MONTH}-28`, reason: '低温雨雪冰冻灾害应急期', eventId }, 201);
    await ok('county', 'POST', `/api/payroll/${MONTH}/prepare`, {});
    const lines = await database.db.select().from(payrollLines).where(like(payrollLines.period, '20%'));
    const of = (program: string, householdId: string) => lines.filter((l) => l.program === program && l.householdId === householdId);
    expect(of('受灾人员应急救助', ids.ZB).map((l) => l.amountFen)).toEqual([600_00]);
    expect(of('过渡期生活救助', ids.ZB).map((l) => [l.period, l.amountFen])).toEqual([[MONTH, 900_00]]);
    expect(of('倒损民房恢复重建', ids.ZA).map((l) => l.amountFen)).toEqual([16000_00]);
    expect(of('受灾人员应急救助', ids.ZA)).toEqual([]); // in kind: never paid in cash
    const dibao = lines.filter((l) => l.program === '低保' && l.householdId === ids.ZA);
    const emergency = of('应急期临时生活补贴', ids.ZA).sort((a, b) => a.period.localeCompare(b.period));
    expect(emergency.map((l) => [l.period, l.kind])).toEqual([[PREVIOUS, 'back'], [MONTH, 'regular']]);
    const dibaoNow = dibao.find((l) => l.period === MONTH && l.kind === 'regular')!;
    expect(emergency[1].amountFen).toBe(Math.round(dibaoNow.amountFen * 0.2) + 3 * 100_00);
    // Prepared again: the same lines, nothing twice.
    await ok('county', 'POST', `/api/payroll/${MONTH}/prepare`, {});
    expect(await database.db.select().from(payrollLines).where(eq(payrollLines.program, '过渡期生活救助'))).toHaveLength(1);
    await ok('county2', 'POST', `/api/payroll/${MONTH}/approve`, {});
    const paid = await database.db.select().from(disasterInstalments).where(and(eq(disasterInstalments.status, 'paid')));
    expect(paid).toHaveLength(4); // 应急 1, 过渡期 this month 1, 重建 2
  });
});

describe('figures and the 灾情报告', () => {
  it('counts households, people, relief by kind and township, paid and pending, in kind given', async () => {
    const f = await ok('county', 'GET', `/api/disaster/events/${eventId}/figures`);
    expect(f.people).toMatchObject({ households: 3, affected: 6, relocated: 2, lossFen: 30000_00 });
    expect(f.byKind.transition).toMatchObject({ approvedFen: 2700_00, paidFen: 900_00, pendingFen: 1800_00 });
    expect(f.byKind.rebuild).toMatchObject({ paidFen: 16000_00, pendingFen: 4000_00 });
    expect(f.inKind).toMatchObject({ count: 1, valueFen: 600_00 });
    expect(f.links).toMatchObject({ temporaryProposed: 2, housing: 1 });
    expect(f.byTownship.map((t: { name: string }) => t.name)).toEqual(['江口镇']);
    expect((await ok('yulan', 'GET', `/api/disaster/events/${eventId}/figures`)).people.households).toBe(0);
  });

  it('exports the xlsx 灾情报告 with the report\'s elements, audited', async () => {
    const r = await as('jiangkou', 'GET', `/api/disaster/events/${eventId}/report.xlsx`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const rows = new Map<string, unknown>();
    wb.getWorksheet('灾情报告')!.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(rows.get('受灾户数')).toBe(3);
    expect(rows.get('已转移安置人数')).toBe(2);
    expect(String(rows.get('响应级别'))).toContain('州');
    const [a] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'disaster.report.export'));
    expect(a.actor).toBe('jiangkou');
  });

  it('shows another county nothing', async () => {
    expect((await ok('longhui', 'GET', '/api/disaster/events')).rows).toEqual([]);
    expect((await as('longhui', 'GET', `/api/disaster/events/${eventId}/figures`)).statusCode).toBe(404);
    expect((await as('longhui', 'POST', `/api/disaster/relief/${relief.emergency}/act`, { action: 'approve', note: 'x' })).statusCode).toBe(404);
  });
});
