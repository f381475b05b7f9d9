/**
 * 督导 on PGlite and PostgreSQL: every indicator of the catalogue on planted records (numerator and
 * denominator exactly, by township and for the county, as of a date), and the routes: a township user sees
 * only their township (403 for another), a bad date is refused (400), an unknown indicator is 404, the
 * inspection pack is audited, a snapshot is idempotent and reproduces a past figure after the records change.
 * One database for the file, planted once.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { createUser } from '../auth/users.ts';
import { createEntitlement } from '../payments/entitlements.ts';
import type { Program } from '../payments/entitlements.ts';
import { publishPolicy } from '../policy/store.ts';
import { seedAreas } from '../registry/seed.ts';
import { loadSnapshots, saveHousehold } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { buildServer } from '../server.ts';
import { admit, createInstitution, recordAssessment, recordWillingness } from '../tekun/store.ts';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { targetOf } from './store.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { INDICATORS, computeByTownship, sumCounts } from './catalogue.ts';
import { requirePack } from '../monitoring/signals.ts';
import { takeDueSnapshots } from './scheduler.ts';
import { seedSupervisionDemo } from './demo.ts';
import { parseDocument } from 'yaml';
import { cases } from '../cases/schema.ts';
import { addService } from '../employment/store.ts';
import { medicalSettlements } from '../medical/schema.ts';
import { monitoringCadreAssignments, monitoringCadres, monitoringVisits, monitoringWarnings } from '../monitoring/schema.ts';
import { payrollLines, payrolls } from '../payments/schema.ts';
import { workflowTasks } from '../workflow/schema.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Du-Dao-Zhi-Biao-7315';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const JIANGKOU = '430525101';
const YULAN = '430525102';
const ids: Record<string, string> = {};
const memberIds: Record<string, string[]> = {};

async function as(user: string, method: string, url: string, payload?: unknown) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
}

/** A household of `ms` members (head first) in `village`; `programs` each opened from its month. */
async function plant(key: string, village: string, ms: Record<string, unknown>[], extra: Record<string, unknown> = {}, programs: [Program, string][] = []) {
  const db = database.db;
  const { id } = await saveHousehold(db, countyAdmin, null, { areaCode: village, ledgerKey: key, hukou: 'rural', ...extra,
    members: ms.map((m, i) => ({ name: `成员${key}${i}`, idNumber: person(`19${50 + i}-05-01`), relation: i === 0 ? 'head' : 'child', ...m })) }, null);
  ids[key] = id;
  const s = (await loadSnapshots(db, [id])).get(id)!;
  memberIds[key] = s.members.map((m) => m.id);
  for (const [program, startMonth] of programs) {
    await createEntitlement(db, { householdId: id, areaCode: village, program, startMonth, bank: null,
      snapshot: toEvaluationInput(s.household, s.members), source: { kind: 'roster', fileSha256: 'test', row: 1 }, actor: 'test' });
  }
}

/** Numerator and denominator of an indicator as of a date: by township, and the county's. */
async function counts(key: string, asOf: string) {
  const def = INDICATORS.get(key)!;
  const pack = await requirePack(database.db, '430525', asOf);
  const by = await computeByTownship(def, { db: database.db, scope: '430525', asOf, pack });
  const t = (code: string) => { const c = by.get(code); return c ? [c.numerator, c.denominator] : null; };
  const total = sumCounts(def, by.values());
  return { jiangkou: t(JIANGKOU), yulan: t(YULAN), county: [total.numerator, total.denominator] };
}

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await seedAreas(db, '430525');
  // The demo pack with a poverty line (两线合一, 003:L24) of 5000 yuan a year.
  const doc = parseDocument(readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'));
  doc.setIn(['parameters', 'dibao', 'povertyLine'], 5000);
  await publishPolicy(db, countyAdmin, doc.toString(), 'supervision test');
  const users = [['county', 'county_admin', '430525'], ['staff', 'county_staff', '430525'], ['jiangkou', 'township_staff', JIANGKOU], ['auditor', 'auditor', '430525']] as const;
  for (const [username, role, areaCode] of users) await createUser(db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode, r.body).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }

  // 两无: 脱贫户 members without labour capacity and without income.
  const none = { laborCapacity: 'none', monthlyIncomeYuan: 0 };
  await plant('LW1', JIANGKOU_VILLAGE, [none, none], { registeredPoor: true }, [['低保', '2025-01']]);
  await plant('LW2', JIANGKOU_VILLAGE, [none, { laborCapacity: 'full', monthlyIncomeYuan: 0 }, { laborCapacity: 'none', monthlyIncomeYuan: 300 }], { registeredPoor: true });
  await plant('LW3', JIANGKOU_VILLAGE, [none], {});
  await plant('LW4', YULAN_VILLAGE, [none], { registeredPoor: true }, [['低保', '2025-06']]);

  // 特困: one placed in 江口镇's home (全护理), one at home (半护理, then 全自理), one at home in 毓兰镇 not assessed.
  await plant('TK1', JIANGKOU_VILLAGE, [{}], {}, [['特困', '2025-01']]);
  await plant('TK2', JIANGKOU_VILLAGE, [{}], {}, [['特困', '2025-01']]);
  await plant('TK3', YULAN_VILLAGE, [{}], {}, [['特困', '2025-01']]);
  const home = await createInstitution(db, countyAdmin, { areaCode: JIANGKOU, name: '江口镇敬老院', kind: 'nursingHome', beds: 10, nursingBeds: 2, stars: 0, demonstration: false, manager: '院长' } as never);
  await recordAssessment(db, countyAdmin, memberIds.TK1[0], { assessedOn: '2025-02-01', assessor: '评估员', level: 'unable' }, '2025-02-01');
  await recordAssessment(db, countyAdmin, memberIds.TK2[0], { assessedOn: '2025-02-01', assessor: '评估员', level: 'partial' }, '2025-02-01');
  await recordAssessment(db, countyAdmin, memberIds.TK2[0], { assessedOn: '2025-08-01', assessor: '评估员', level: 'able' }, '2025-08-01');
  await admit(db, countyAdmin, { institutionId: home.id, memberId: memberIds.TK1[0], admittedOn: '2025-03-01', reason: '自愿入住' });
  await recordWillingness(db, countyAdmin, memberIds.TK2[0], { willing: true, askedOn: '2025-05-01' });
  await recordWillingness(db, countyAdmin, memberIds.TK3[0], { willing: false, askedOn: '2025-05-01' });
  await createInstitution(db, countyAdmin, { areaCode: '430525', name: '县社会福利院', kind: 'welfareHome', beds: 20, nursingBeds: 5, stars: 0, demonstration: false, manager: '院长' } as never);

  // 医疗: two inpatient settlements of a 脱贫户 member (90% and 50% reimbursed) and one of a non-poor person.
  const settlement = (no: string, key: string, settledOn: string, totalFen: number, paid: [number, number, number, number]) => ({
    settlementNo: no, channel: 'hospital', idNumber: `ID${no}`, name: '某某', memberId: memberIds[key][0], householdId: ids[key], areaCode: JIANGKOU_VILLAGE,
    visitType: '住院', hospitalLevel: '县级及以下', settledOn, year: Number(settledOn.slice(0, 4)), totalFen, policyFen: totalFen,
    basicFen: paid[0], seriousFen: paid[1], recordedFen: 0, assistanceFen: paid[2], topUpFen: paid[3], method: '一站式', category: 'none', ratio: 0,
    baseFen: 0, yearAssistedFen: 0, capRemainingFen: 0, reasons: [], policy: {}, paymentStatus: 'none', inputHash: no, createdBy: 'test' });
  await db.insert(medicalSettlements).values([settlement('S1', 'LW1', '2025-04-01', 10000, [6000, 1000, 1000, 1000]),
    settlement('S2', 'LW1', '2025-08-01', 10000, [4000, 0, 1000, 0]), settlement('S3', 'TK1', '2025-04-01', 10000, [1000, 0, 0, 0])]);

  // 就业: a working-age person without work in 江口镇 (trained twice, employed after one; "311" met), one in 毓兰镇 recommended once.
  await plant('ZE1', JIANGKOU_VILLAGE, [{ idNumber: person('1985-05-01'), laborCapacity: 'full' }]);
  await plant('ZE2', YULAN_VILLAGE, [{ idNumber: person('1990-05-01'), laborCapacity: 'full' }]);
  const service = (key: string, kind: string, date: string, extra: Record<string, unknown> = {}) =>
    addService(db, countyAdmin, { memberId: memberIds[key][0], kind, date, ...extra } as never, { today: '2025-12-31', source: 'entry' });
  await service('ZE1', 'training', '2025-03-01', { endDate: '2025-03-10', course: '电工', days: 10, completed: true, employedAfter: false });
  await service('ZE1', 'training', '2025-04-01', { endDate: '2025-04-10', course: '焊工', days: 10, completed: true, employedAfter: false });
  for (const d of ['2025-02-01', '2025-03-01', '2025-04-01']) await service('ZE1', 'recommendation', d);
  await service('ZE1', 'guidance', '2025-02-01');
  await service('ZE2', 'recommendation', '2025-02-01');

  // 预警: 江口镇 one handled in time, one overdue; 毓兰镇 one due after March.
  const warning = (id: string, householdId: string, areaCode: string, raisedOn: string, dueOn: string, handledAt: Date | null) => ({
    id, householdId, areaCode, rule: 'test', level: 'yellow', source: 'registry', dedupeKey: id, message: '测试预警', evidence: {}, raisedOn, clueOn: raisedOn, dueOn,
    status: handledAt ? 'handled' : 'open', handledAt, result: handledAt ? 'dismissed' : null });
  await db.insert(monitoringWarnings).values([warning('W1', ids.LW1, JIANGKOU_VILLAGE, '2025-03-01', '2025-03-10', new Date('2025-03-05T02:00:00Z')),
    warning('W2', ids.LW2, JIANGKOU_VILLAGE, '2025-03-01', '2025-03-10', null), warning('W3', ids.LW4, YULAN_VILLAGE, '2025-03-20', '2025-04-20', null)]);

  // 走访: a monitoring cadre of LW1 since January who visited in January and February only.
  const [cadre] = await db.insert(monitoringCadres).values({ areaCode: JIANGKOU, name: '帮扶干部', kind: 'monitoring', createdBy: 'test' }).returning();
  await db.insert(monitoringCadreAssignments).values({ householdId: ids.LW1, areaCode: JIANGKOU_VILLAGE, cadreId: cadre.id, kind: 'monitoring', fromOn: '2025-01-01', createdBy: 'test' });
  for (const d of ['2025-01-15', '2025-02-15']) {
    await db.insert(monitoringVisits).values({ id: `V${d}`, householdId: ids.LW1, areaCode: JIANGKOU_VILLAGE, cadreId: cadre.id, visitedOn: d, mode: 'visit', checklist: {}, recordedBy: 'test' });
  }

  // 办理时限: case steps of 江口镇 done in time, done late (escalated), still open past their deadline; one sampled case without its result.
  await db.insert(cases).values([
    { id: 'C1', number: 'C1', householdId: ids.LW2, areaCode: JIANGKOU_VILLAGE, channel: 'window', applicantName: '申请人', createdBy: 'test', sampled: true, createdAt: new Date('2025-03-01T02:00:00Z') },
    { id: 'C2', number: 'C2', householdId: ids.LW4, areaCode: YULAN_VILLAGE, channel: 'window', applicantName: '申请人', createdBy: 'test', sampled: true, sampleResult: { ok: true }, createdAt: new Date('2025-03-01T02:00:00Z') },
  ]);
  const task = (id: string, subjectId: string, areaCode: string, openedOn: string, dueAt: string, doneAt: string | null, escalatedAt: string | null = null) => ({
    id, subjectType: 'case', subjectId, step: 'investigation', areaCode, assigneeRole: 'township_staff', openedOn, dueAt, workingDays: 10,
    status: doneAt ? 'done' : 'open', doneAt: doneAt ? new Date(`${doneAt}T04:00:00Z`) : null, escalation: escalatedAt ? 1 : 0, escalatedAt });
  await db.insert(workflowTasks).values([
    task('T1', 'C1', JIANGKOU_VILLAGE, '2025-03-01', '2025-03-14', '2025-03-10'),
    task('T2', 'C1', JIANGKOU_VILLAGE, '2025-03-01', '2025-03-14', '2025-04-10', '2025-03-17'),
    task('T3', 'C1', JIANGKOU_VILLAGE, '2025-03-01', '2025-03-14', null, '2025-03-17'),
    task('T4', 'C2', YULAN_VILLAGE, '2025-03-01', '2025-03-14', '2025-03-12'),
  ]);

  // 资金: an approved payroll of June with 低保 lines in both townships and one returned by the bank; a prepared one of July.
  await db.insert(payrolls).values([
    { id: 'P6', month: '2025-06', areaCode: '430525', status: 'approved', policy: {}, summary: {}, preparedBy: 'test', preparedVia: 'test' },
    { id: 'P7', month: '2025-07', areaCode: '430525', status: 'prepared', policy: {}, summary: {}, preparedBy: 'test', preparedVia: 'test' },
  ]);
  const line = (payrollId: string, householdId: string, areaCode: string, program: string, period: string, amountFen: number, bankStatus = 'pending') => ({
    payrollId, householdId, areaCode, program, period, kind: 'regular', amountFen, payee: {}, detail: {}, bankStatus });
  await db.insert(payrollLines).values([line('P6', ids.LW1, JIANGKOU_VILLAGE, '低保', '2025-06', 45000), line('P6', ids.LW4, YULAN_VILLAGE, '低保', '2025-06', 30000),
    line('P6', ids.TK1, JIANGKOU_VILLAGE, '特困', '2025-06', 60000), line('P6', ids.LW2, JIANGKOU_VILLAGE, '低保', '2025-06', 9900, 'failed'),
    line('P7', ids.LW1, JIANGKOU_VILLAGE, '低保', '2025-07', 45000)]);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('indicators on planted records', () => {
  it('两无 poor persons on 低保: 脱贫户 members without labour capacity and income, counted on 低保 from its start month', async () => {
    expect(await counts('coverage.lianwuOnDibao', '2025-03-31')).toEqual({ jiangkou: [2, 3], yulan: [0, 1], county: [2, 4] });
    expect(await counts('coverage.lianwuOnDibao', '2025-06-30')).toEqual({ jiangkou: [2, 3], yulan: [1, 1], county: [3, 4] });
  });

  it('特困 centralisation counts those in an institution on the date among the 特困 persons', async () => {
    expect(await counts('tekun.centralisation', '2025-02-28')).toEqual({ jiangkou: [0, 2], yulan: [0, 1], county: [0, 3] });
    expect(await counts('tekun.centralisation', '2025-03-31')).toEqual({ jiangkou: [1, 2], yulan: [0, 1], county: [1, 3] });
  });

  it('特困 centralisation of those who cannot care for themselves takes the newest assessment on or before the date', async () => {
    expect(await counts('tekun.centralisationUnable', '2025-07-31')).toEqual({ jiangkou: [1, 2], yulan: null, county: [1, 2] });
    expect(await counts('tekun.centralisationUnable', '2025-08-31')).toEqual({ jiangkou: [1, 1], yulan: null, county: [1, 1] });
  });
});

describe('more indicators on planted records', () => {
  it('occupancy: those placed among those placed or willing and still at home, against the target of the date\'s period', async () => {
    expect(await counts('tekun.occupancy', '2025-04-30')).toEqual({ jiangkou: [1, 1], yulan: null, county: [1, 1] });
    expect(await counts('tekun.occupancy', '2025-05-31')).toEqual({ jiangkou: [1, 2], yulan: null, county: [1, 2] });
    const zhengan = loadPack(readFileSync(new URL('../../policies/guizhou-zhengan-2018.yaml', import.meta.url), 'utf8'));
    const def = INDICATORS.get('tekun.occupancy')!;
    expect(targetOf(def, resolvePack(zhengan, '2025-05-31'))).toMatchObject({ value: 0.7, parameter: 'tekun.targets.occupancyJune', label: '6 月底入住率目标' });
    expect(targetOf(def, resolvePack(zhengan, '2025-07-01'))).toMatchObject({ value: 0.85, parameter: 'tekun.targets.occupancySeptember' });
    expect(targetOf(def, await requirePack(database.db, '430525', '2025-07-01'))).toBeNull();
  });

  it('rural 低保 standard rise: the standard in force against the one a year before, from the pack', async () => {
    expect((await counts('coverage.dibaoRise', '2025-06-30')).county).toEqual([3000, 42000]);
    expect((await counts('coverage.dibaoRise', '2025-03-31')).county).toEqual([3000, 42000]);
    expect((await counts('coverage.dibaoRise', '2025-12-31')).county).toEqual([0, 45000]);
    expect((await counts('coverage.dibaoRise', '2024-03-31')).county).toEqual([0, 0]);
  });

  it('两线合一: the rural standard by the year against the poverty line of the pack', async () => {
    expect((await counts('coverage.twoLines', '2025-06-30')).county).toEqual([540000, 500000]);
  });

  it('bed use counts residents on the date against the beds of the township and county institutions', async () => {
    expect(await counts('tekun.bedUse', '2025-02-28')).toEqual({ jiangkou: [0, 10], yulan: null, county: [0, 30] });
    expect(await counts('tekun.bedUse', '2025-03-31')).toEqual({ jiangkou: [1, 10], yulan: null, county: [1, 30] });
  });

  it('reimbursement of 脱贫户 inpatients counts their settlements of the year up to the date, in fen', async () => {
    expect(await counts('medical.reimbursement', '2025-06-30')).toEqual({ jiangkou: [9000, 10000], yulan: null, county: [9000, 10000] });
    expect(await counts('medical.reimbursement', '2025-09-30')).toEqual({ jiangkou: [14000, 20000], yulan: null, county: [14000, 20000] });
    expect((await counts('medical.reimbursement', '2026-01-31')).county).toEqual([0, 0]);
  });

  it('zero-employment households, employment after training and "311" come from the employment figures', async () => {
    expect(await counts('employment.zeroHouseholds', '2025-06-30')).toEqual({ jiangkou: [1, null], yulan: [1, null], county: [2, null] });
    expect(await counts('employment.employedAfterTraining', '2025-06-30')).toMatchObject({ jiangkou: [0, 2], county: [0, 2] });
    expect(await counts('employment.met311', '2025-06-30')).toEqual({ jiangkou: [1, 1], yulan: [0, 1], county: [1, 2] });
  });

  it('warnings handled in time: those due or handled by the date, handled by their deadline', async () => {
    expect(await counts('monitoring.warningsInTime', '2025-02-28')).toEqual({ jiangkou: null, yulan: null, county: [0, 0] });
    expect(await counts('monitoring.warningsInTime', '2025-03-31')).toEqual({ jiangkou: [1, 2], yulan: null, county: [1, 2] });
    expect(await counts('monitoring.warningsInTime', '2025-04-30')).toEqual({ jiangkou: [1, 2], yulan: [0, 1], county: [1, 3] });
  });

  it('visit compliance: households whose cadre has not missed a visit window by the date', async () => {
    expect(await counts('monitoring.visits', '2025-02-28')).toEqual({ jiangkou: [1, 1], yulan: null, county: [1, 1] });
    expect(await counts('monitoring.visits', '2025-04-30')).toEqual({ jiangkou: [0, 1], yulan: null, county: [0, 1] });
  });

  it('case steps: done in time, open past their deadline, escalated and done, samples with their result', async () => {
    expect(await counts('deadlines.onTime', '2025-03-31')).toEqual({ jiangkou: [1, 1], yulan: [1, 1], county: [2, 2] });
    expect(await counts('deadlines.onTime', '2025-04-30')).toEqual({ jiangkou: [1, 2], yulan: [1, 1], county: [2, 3] });
    expect(await counts('deadlines.overdueOpen', '2025-03-14')).toEqual({ jiangkou: null, yulan: null, county: [0, null] });
    expect(await counts('deadlines.overdueOpen', '2025-03-31')).toEqual({ jiangkou: [2, null], yulan: null, county: [2, null] });
    expect(await counts('deadlines.overdueOpen', '2025-04-30')).toEqual({ jiangkou: [1, null], yulan: null, county: [1, null] });
    expect(await counts('deadlines.escalatedDone', '2025-03-31')).toEqual({ jiangkou: [0, 2], yulan: null, county: [0, 2] });
    expect(await counts('deadlines.escalatedDone', '2025-04-30')).toEqual({ jiangkou: [1, 2], yulan: null, county: [1, 2] });
    expect(await counts('deadlines.samplesDone', '2025-02-28')).toEqual({ jiangkou: null, yulan: null, county: [0, 0] });
    expect(await counts('deadlines.samplesDone', '2025-12-31')).toEqual({ jiangkou: [0, 1], yulan: [1, 1], county: [1, 2] });
  });

  it('funds paid in the month by program: approved payrolls only, without lines the bank returned', async () => {
    expect(await counts('funds.paid.dibao', '2025-06-30')).toEqual({ jiangkou: [45000, null], yulan: [30000, null], county: [75000, null] });
    expect(await counts('funds.paid.tekun', '2025-06-15')).toEqual({ jiangkou: [60000, null], yulan: null, county: [60000, null] });
    expect((await counts('funds.paid.dibao', '2025-07-31')).county).toEqual([0, null]);
  });
});

describe('routes', () => {
  it('answers the indicators of the county in the API shape, with citation, target and light', async () => {
    const r = await as('auditor', 'GET', '/api/supervision/indicators?asOf=2025-06-30');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const body = r.json();
    expect(body.area).toEqual({ code: '430525', name: '洞口县' });
    const lw = body.indicators.find((i: { key: string }) => i.key === 'coverage.lianwuOnDibao');
    expect(lw).toMatchObject({ group: 'coverage', unit: 'ratio', numerator: 3, denominator: 4, value: 0.75, light: 'red', hasList: true,
      target: { value: 1, direction: 'atLeast', parameter: 'supervision.targets.lianwuOnDibao' }, source: { ref: '003:L24' } });
    expect(lw.source.citation).toContain('沿府办发');
    // A standard's rise is a ratio of money: the page shows its parts in 元, not as counts.
    expect(lw.parts).toBe('count');
    expect(body.indicators.find((i: { key: string }) => i.key === 'coverage.dibaoRise')).toMatchObject({ parts: 'fen', numerator: 3000, denominator: 42000 });
  });

  it('a township user sees their own township only, and 403 for another', async () => {
    const own = (await as('jiangkou', 'GET', '/api/supervision/indicators?asOf=2025-06-30')).json();
    expect(own.area.code).toBe(JIANGKOU);
    expect(own.indicators.find((i: { key: string }) => i.key === 'coverage.lianwuOnDibao')).toMatchObject({ numerator: 2, denominator: 3 });
    for (const url of [`/api/supervision/indicators?area=${YULAN}`, `/api/supervision/indicators/tekun.centralisation/list?area=${YULAN}`,
      `/api/supervision/indicators/tekun.centralisation/trend?area=${YULAN}`]) {
      const r = await as('jiangkou', 'GET', url);
      expect(r.statusCode, url).toBe(403);
      expect(r.json().error.message).toMatch(/无权/);
    }
    const rank = (await as('jiangkou', 'GET', '/api/supervision/indicators/coverage.lianwuOnDibao/townships?asOf=2025-06-30')).json();
    expect(rank.rows.map((r: { code: string }) => r.code)).toEqual([JIANGKOU]);
  });

  it('a county user may look at one township', async () => {
    const r = (await as('county', 'GET', `/api/supervision/indicators?asOf=2025-06-30&area=${YULAN}`)).json();
    expect(r.area).toEqual({ code: YULAN, name: '毓兰镇' });
    expect(r.indicators.find((i: { key: string }) => i.key === 'coverage.lianwuOnDibao')).toMatchObject({ numerator: 1, denominator: 1, value: 1, light: 'green' });
  });

  it('refuses a bad date with 400 and an unknown indicator with 404, in Chinese', async () => {
    for (const url of ['/api/supervision/indicators?asOf=2025-02-30', '/api/supervision/indicators/tekun.centralisation/townships?asOf=yesterday',
      '/api/supervision/indicators/tekun.centralisation/trend?to=2025-13']) {
      const r = await as('county', 'GET', url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const r = await as('county', 'GET', '/api/supervision/indicators/no.such/list');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.message).toContain('没有这项督导指标');
  });

  it('ranks townships best first with their lights', async () => {
    const r = (await as('county', 'GET', '/api/supervision/indicators/coverage.lianwuOnDibao/townships?asOf=2025-06-30')).json();
    expect(r.rows.slice(0, 2)).toEqual([
      { code: YULAN, name: '毓兰镇', value: 1, numerator: 1, denominator: 1, light: 'green', rank: 1 },
      { code: JIANGKOU, name: '江口镇', value: 0.6667, numerator: 2, denominator: 3, light: 'red', rank: 2 },
    ]);
    expect(r.rows.every((x: { code: string }) => x.code.length === 9)).toBe(true);
  });

  it('lists the persons behind the number, masked, with the household to link to', async () => {
    const r = (await as('county', 'GET', '/api/supervision/indicators/coverage.lianwuOnDibao/list?asOf=2025-03-31')).json();
    expect(r.total).toBe(2);
    expect(r.rows.map((x: { householdNo: string }) => x.householdNo).sort()).toEqual(['LW2', 'LW4']);
    const lw2 = r.rows.find((x: { householdNo: string }) => x.householdNo === 'LW2');
    expect(lw2).toMatchObject({ householdId: ids.LW2, township: '江口镇', reason: '所在家庭未享受低保' });
    expect(lw2.name).not.toBe('成员LW20');
    expect(lw2.name).toContain('*');
    const page = (await as('county', 'GET', '/api/supervision/indicators/coverage.lianwuOnDibao/list?asOf=2025-03-31&page=2&pageSize=1')).json();
    expect(page).toMatchObject({ total: 2, rows: [expect.anything()] });
  });

  it('the inspection pack holds every indicator and the list behind each red one, and each download is audited', async () => {
    const x = await as('auditor', 'GET', '/api/supervision/pack.xlsx?asOf=2025-03-31');
    expect(x.statusCode, x.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const sheet = wb.getWorksheet('督导指标')!;
    const names = sheet.getColumn(2).values.map(String);
    for (const def of INDICATORS.values()) expect(names).toContain(def.name);
    const red = wb.worksheets.filter((w) => w.name.startsWith('红灯')).map((w) => String(w.getCell('A1').value));
    expect(red.some((t) => t.startsWith('“两无”脱贫人口纳入低保率') && t.includes('共 2 条'))).toBe(true);
    const p = await as('jiangkou', 'GET', '/api/supervision/pack.pdf?asOf=2025-03-31');
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toBe('application/pdf');
    expect(p.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'supervision.export'));
    expect(audits.map((a) => [a.actor, a.areaCode, (a.detail as { format: string }).format])).toEqual([['auditor', '430525', 'xlsx'], ['jiangkou', JIANGKOU, 'pdf']]);
  });

  it('lists the zero-employment households and the households whose cadre missed a visit, from the capabilities\' own lists', async () => {
    const zero = (await as('county', 'GET', '/api/supervision/indicators/employment.zeroHouseholds/list?asOf=2025-06-30')).json();
    expect(zero.total).toBe(2);
    expect(zero.rows.map((r: { householdNo: string }) => r.householdNo).sort()).toEqual(['ZE1', 'ZE2']);
    expect(zero.rows[0].reason).toContain('零就业家庭');
    const visits = (await as('jiangkou', 'GET', '/api/supervision/indicators/monitoring.visits/list?asOf=2025-04-30')).json();
    expect(visits).toMatchObject({ total: 1, rows: [{ householdId: ids.LW1, householdNo: 'LW1', township: '江口镇' }] });
    expect(visits.rows[0].reason).toContain('走访逾期');
    expect((await as('jiangkou', 'GET', '/api/supervision/indicators/monitoring.visits/list?asOf=2025-02-28')).json().total).toBe(0);
  });

  it('a snapshot is taken once per month by a county admin, audited, and reproduces the past figure after the records change', async () => {
    expect((await as('staff', 'POST', '/api/supervision/snapshots', { month: '2025-07' })).statusCode).toBe(403);
    expect((await as('county', 'POST', '/api/supervision/snapshots', { month: '2025-7' })).statusCode).toBe(400);
    const first = await as('county', 'POST', '/api/supervision/snapshots', { month: '2025-07' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: true, month: '2025-07', takenBy: 'county' });
    const again = await as('county', 'POST', '/api/supervision/snapshots', { month: '2025-07' });
    expect(again.json()).toMatchObject({ created: false, month: '2025-07', takenAt: first.json().takenAt });
    const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'supervision.snapshot'), eq(auditLog.areaCode, '430525')));
    expect(audits).toHaveLength(1);
    expect((await as('auditor', 'GET', '/api/supervision/snapshots')).json().rows).toEqual([{ month: '2025-07', takenAt: first.json().takenAt, takenBy: 'county' }]);

    // The records change afterwards: a second 两无 person of 毓兰镇 appears; the July figure stays as taken.
    await plant('LW5', YULAN_VILLAGE, [{ laborCapacity: 'none', monthlyIncomeYuan: 0 }], { registeredPoor: true });
    const t = (await as('county', 'GET', '/api/supervision/indicators/coverage.lianwuOnDibao/trend?to=2025-08')).json();
    expect(t.points).toHaveLength(12);
    expect(t.points.at(-2)).toMatchObject({ period: '2025-07', numerator: 3, denominator: 4, value: 0.75, target: 1, snapshot: true });
    expect(t.points.at(-1)).toMatchObject({ period: '2025-08', numerator: 3, denominator: 5, snapshot: false });
    const yulan = (await as('county', 'GET', `/api/supervision/indicators/coverage.lianwuOnDibao/trend?to=2025-07&area=${YULAN}`)).json();
    expect(yulan.points.at(-1)).toMatchObject({ period: '2025-07', numerator: 1, denominator: 1, snapshot: true });
    const q = (await as('county', 'GET', '/api/supervision/indicators/coverage.lianwuOnDibao/trend?to=2025-08&by=quarter')).json();
    expect(q.points.map((p: { period: string }) => p.period)).toEqual(['2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3']);
  });

  it('the schedule takes last month\'s snapshot once, and the demo fills the last 12 months', async () => {
    expect(await takeDueSnapshots(database.db, '2025-09-15')).toEqual(['430525']);
    expect(await takeDueSnapshots(database.db, '2025-09-20')).toEqual([]);
    const rows = (await as('county', 'GET', '/api/supervision/snapshots')).json().rows;
    expect(rows.find((r: { month: string }) => r.month === '2025-08')).toMatchObject({ takenBy: 'system:schedule' });
    expect(await seedSupervisionDemo(database.db, '430525', '2025-09-15')).toBe(10);
    const t = (await as('county', 'GET', '/api/supervision/indicators/tekun.centralisation/trend?to=2025-08')).json();
    expect(t.points.every((p: { snapshot: boolean }) => p.snapshot)).toBe(true);
    expect(t.points.at(-6)).toMatchObject({ period: '2025-03', numerator: 1, denominator: 3 });
  });
});
