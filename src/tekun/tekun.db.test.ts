/**
 * 特困供养 through the API and the payroll, on PGlite and PostgreSQL (issue 20): a 特困 person not assessed is
 * paid the basic standard and listed for review, never given a guessed care tier; an institution is set up by
 * the county, the township admits the person, and an assessment dated in an approved month changes the tier:
 * the next payroll pays the basic to the person and the care part (郴州's 10,000 元/年 for 集中供养全护理) to
 * the institution's account, and the approved month's care difference as a back-payment dated from the
 * assessment. Beds are never overfilled; bad input gets a Chinese 4xx and changes nothing; the figures count it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parseDocument } from 'yaml';
import { auditLog } from '../auth/schema.ts';
import { householdSnapshot } from '../cases/store.ts';
import { createEntitlement } from '../payments/entitlements.ts';
import { approvePayroll, runPayroll } from '../payments/payroll.ts';
import { PolicySource } from '../payments/policySource.ts';
import { entitlementSnapshots, payrollLines, payrolls } from '../payments/schema.ts';
import { addUser, packWithRuralStandard, paymentsApi } from '../payments/testing.ts';
import { publishPolicy } from '../policy/store.ts';
import { saveHousehold } from '../registry/store.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { carePayees } from './payroll.ts';
import { tekunCarers, tekunFiles, tekunInstitutions, tekunStays } from './schema.ts';

let api: Awaited<ReturnType<typeof paymentsApi>>;
let memberId: string;
let householdId: string;
let entitlementId: string;
let institutionId: string;
const BASIC = 546_00; // 1.3 × 420
const CARE_UNABLE_DISPERSED = 477_00; // 1/3 × 1430 (demo minimum wage), rounded to the yuan as the demo pack rounds
const CARE_UNABLE_CONCENTRATED = 833_00; // 10,000 元/年 ÷ 12 (002:L597), rounded to the yuan
const INSTITUTION_BANK = { bankName: '洞口农商银行', accountNo: '6230909999000011112', accountName: '江口镇敬老院' };

const run = (month: string) => runPayroll(api.db, { month, area: '430525', policy: PolicySource.published(api.db), by: { username: 'minzheng', via: 'ui' } });
const linesOf = (month: string) => api.db.select({ l: payrollLines }).from(payrollLines).innerJoin(payrolls, eq(payrolls.id, payrollLines.payrollId))
  .where(and(eq(payrolls.month, month), eq(payrollLines.householdId, householdId))).orderBy(asc(payrollLines.kind), asc(payrollLines.part)).then((r) => r.map((x) => x.l));

beforeAll(async () => {
  api = await paymentsApi({});
  const doc = parseDocument(packWithRuralStandard({ '2024-01-01': 420 }, 'demo-dongkou-tekun'));
  doc.setIn(['parameters', 'tekun', 'care', 'concentratedUnableAnnual'], 10000);
  await publishPolicy(api.db, countyAdmin, doc.toString(), 'v2 郴州护理标准');
  await addUser(api.db, 'approver', 'county_admin', '430525');
  householdId = (await saveHousehold(api.db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'TK01', hukou: 'rural',
    members: [{ name: '石老汉', idNumber: person('1945-03-03'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'none', supporter: 'none', selfCare: 'able' }] }, null)).id;
  const snapshot = await householdSnapshot(api.db, householdId);
  memberId = snapshot.members[0].id;
  entitlementId = (await createEntitlement(api.db, { householdId, areaCode: JIANGKOU_VILLAGE, program: '特困', startMonth: '2024-01',
    bank: { bankName: '洞口农商银行', accountNo: '6230901234567899999', accountName: '石老汉' }, snapshot, source: { kind: 'case', caseId: 'TK01' }, actor: 'admin' })).id;
}, 120_000);
afterAll(async () => { await api?.close(); });

describe('特困 care paid where the care is given', () => {
  it('pays a person not assessed the basic standard only and lists the care part for review (the registry column\'s 全自理 is not used)', async () => {
    const r = await run('2024-01');
    expect(r.needsReview).toEqual([expect.objectContaining({ householdNo: 'TK01', program: '特困', month: '2024-01', reason: expect.stringContaining('未做生活自理能力评估') })]);
    const lines = await linesOf('2024-01');
    expect(lines.map((l) => [l.kind, l.part, l.payeeKind, l.amountFen])).toEqual([['regular', '', 'person', BASIC]]);
    await approvePayroll(api.db, '2024-01', '430525', { username: 'approver', via: 'cli' });
    const desk = (await api.as('jiangkou', 'GET', '/api/workbench')).json();
    expect(desk.tekun).toEqual({ count: 1, rows: [expect.objectContaining({ memberId, name: '石*汉', notAssessed: true, reassessOn: null })] });
  });

  it('lets the county admin set up an institution, and refuses a township officer and bad beds in Chinese', async () => {
    const body = { areaCode: '430525101', name: '江口镇敬老院', kind: 'nursingHome', beds: 1, nursingBeds: 1, stars: 3, manager: '王院长', phone: '13800001111', bank: INSTITUTION_BANK };
    expect((await api.as('jiangkou', 'POST', '/api/tekun/institutions', body)).statusCode).toBe(403);
    const bad = await api.as('admin', 'POST', '/api/tekun/institutions', { ...body, nursingBeds: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ message: '护理型床位数不能多于床位数', path: 'nursingBeds' });
    expect(await api.db.select().from(tekunInstitutions)).toHaveLength(0);
    const r = await api.as('admin', 'POST', '/api/tekun/institutions', body);
    expect(r.statusCode, r.body).toBe(201);
    institutionId = r.json().id;
    const list = (await api.as('jiangkou', 'GET', '/api/tekun/institutions')).json().rows;
    expect(list).toEqual([expect.objectContaining({ name: '江口镇敬老院', beds: 1, residents: 0, bank: expect.objectContaining({ accountNo: expect.stringContaining('*') }) })]);
  });

  it('admits the person (township officer), re-takes 集中供养 into the entitlement from the admission month, and never fills a bed twice', async () => {
    const r = await api.as('jiangkou', 'POST', '/api/tekun/admissions', { institutionId, memberId, bed: '101', admittedOn: '2024-02-10', reason: '本人自愿入住' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().snapshots).toBe(1);
    const again = await api.as('jiangkou', 'POST', '/api/tekun/admissions', { institutionId, memberId, admittedOn: '2024-02-11', reason: '重复' });
    expect(again.statusCode).toBe(409);
    const other = (await saveHousehold(api.db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'TK02', hukou: 'rural',
      members: [{ name: '田婆婆', idNumber: person('1940-04-04', 'female'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'none', supporter: 'none' }] }, null)).id;
    const otherMember = (await householdSnapshot(api.db, other)).members[0].id;
    const full = await api.as('jiangkou', 'POST', '/api/tekun/admissions', { institutionId, memberId: otherMember, admittedOn: '2024-02-10', reason: '申请入住' });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toContain('床位已住满');
    expect(await api.db.select().from(tekunStays)).toHaveLength(1);
  });

  it('takes an assessment dated in the approved month: from then the tier is paid, the care part to the institution, and January\'s care as a back-payment', async () => {
    const bad = await api.as('jiangkou', 'POST', `/api/tekun/persons/${memberId}/assessments`, { assessedOn: '2024-01-20', assessor: '县民政局评估组', level: 'bedridden' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('全自理、半护理 或 全护理');
    const r = await api.as('jiangkou', 'POST', `/api/tekun/persons/${memberId}/assessments`, { assessedOn: '2024-01-20', assessor: '县民政局评估组', level: 'unable' });
    expect(r.statusCode, r.body).toBe(201);
    const snaps = await api.db.select().from(entitlementSnapshots).where(eq(entitlementSnapshots.entitlementId, entitlementId)).orderBy(asc(entitlementSnapshots.id));
    expect(snaps.map((s) => [s.fromMonth, (s.snapshot.members as { selfCare: string; careSetting?: string }[])[0]])).toEqual([
      ['2024-01', expect.objectContaining({ selfCare: 'unassessed', careSetting: 'dispersed' })],
      ['2024-02', expect.objectContaining({ selfCare: 'unassessed', careSetting: 'concentrated' })],
      ['2024-01', expect.objectContaining({ selfCare: 'unable', careSetting: 'dispersed' })],
      ['2024-02', expect.objectContaining({ selfCare: 'unable', careSetting: 'concentrated' })],
    ]);
    const res = await run('2024-02');
    expect(res.needsReview).toEqual([]);
    const lines = await linesOf('2024-02');
    expect(lines.map((l) => [l.kind, l.period, l.part, l.payeeKind, l.amountFen, (l.payee as { accountNo: string }).accountNo])).toEqual([
      ['back', '2024-01', '', 'person', CARE_UNABLE_DISPERSED, '6230901234567899999'],
      ['regular', '2024-02', 'basic', 'person', BASIC, '6230901234567899999'],
      ['regular', '2024-02', `care:${memberId}`, 'institution', CARE_UNABLE_CONCENTRATED, INSTITUTION_BANK.accountNo],
    ]);
    expect(res.byProgram).toEqual({ 特困: (CARE_UNABLE_DISPERSED + BASIC + CARE_UNABLE_CONCENTRATED) / 100 });
    // Running again changes nothing.
    expect(await run('2024-02')).toEqual(res);
  });

  it('counts the person in the figures and exports them as xlsx, audited', async () => {
    const f = (await api.as('jiangkou', 'GET', '/api/tekun/figures')).json();
    expect(f.total).toMatchObject({ persons: 1, concentrated: 1, centralisationRate: 1, cannotCare: 1, cannotCareConcentrated: 1, assessed: 1, notAssessed: 0, beds: 1, residents: 1, bedUse: 1 });
    expect(f.byTownship).toEqual([expect.objectContaining({ code: '430525101', name: '江口镇', persons: 1 })]);
    const x = await api.as('jiangkou', 'GET', '/api/tekun/figures.xlsx');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('按乡镇')!.getRow(3).values).toContain('江口镇');
    expect(await api.db.select().from(auditLog).where(eq(auditLog.action, 'tekun.figures.export'))).toHaveLength(1);
    const persons = (await api.as('jiangkou', 'GET', '/api/tekun/persons')).json().rows;
    expect(persons).toEqual([expect.objectContaining({ memberId, name: '石*汉', setting: 'concentrated', institution: '江口镇敬老院', level: 'unable', assessedOn: '2024-01-20' })]);
    // Assessed 2024-01-20, reassessment due 12 months later (the pack's default): on the 工作台 as overdue.
    expect(f.total.assessmentsOverdue).toBe(1);
    const desk = (await api.as('jiangkou', 'GET', '/api/workbench')).json();
    expect(desk.tekun.rows).toEqual([expect.objectContaining({ memberId, notAssessed: false, reassessOn: '2025-01-20' })]);
  });
});

describe('the page\'s edits: an institution, a carer\'s bank account and its audited reveal', () => {
  const CARER_BANK = { bankName: '洞口农商银行', accountNo: '6230901111222233334', accountName: '石大哥' };

  it('keeps the institution\'s account when an edit leaves it out (the list only shows it masked) and removes it on null', async () => {
    const body = { areaCode: '430525101', name: '江口镇中心敬老院', kind: 'nursingHome', beds: 2, nursingBeds: 1, stars: 4, demonstration: true, manager: '王院长' };
    expect((await api.as('jiangkou', 'PUT', `/api/tekun/institutions/${institutionId}`, body)).statusCode).toBe(403);
    const r = await api.as('admin', 'PUT', `/api/tekun/institutions/${institutionId}`, body);
    expect(r.statusCode, r.body).toBe(200);
    const [i] = await api.db.select().from(tekunInstitutions).where(eq(tekunInstitutions.id, institutionId));
    expect(i).toMatchObject({ name: '江口镇中心敬老院', beds: 2, stars: 4, demonstration: true, bank: INSTITUTION_BANK });
    const bad = await api.as('admin', 'PUT', `/api/tekun/institutions/${institutionId}`, { ...body, beds: 0, nursingBeds: 0 });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.message).toContain('床位数不能少于在住人数');
    expect((await api.as('admin', 'PUT', `/api/tekun/institutions/${institutionId}`, { ...body, bank: null })).statusCode).toBe(200);
    expect((await api.db.select().from(tekunInstitutions).where(eq(tekunInstitutions.id, institutionId)))[0].bank).toBeNull();
    await api.db.update(tekunInstitutions).set({ bank: INSTITUTION_BANK }).where(eq(tekunInstitutions.id, institutionId));
  });

  it('records a carer\'s bank account on the arrangement in force, masked in the records, full only through an audited reveal', async () => {
    const h = (await saveHousehold(api.db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'TK03', hukou: 'rural',
      members: [{ name: '石阿婆', idNumber: person('1942-05-05', 'female'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'none', supporter: 'none' }] }, null)).id;
    const m = (await householdSnapshot(api.db, h)).members[0].id;
    const c = await api.as('jiangkou', 'POST', `/api/tekun/persons/${m}/carer`, { name: '石大哥', relation: '侄子', phone: '13800002222', agreementFrom: '2024-01-01', agreementTo: '2026-12-31' });
    expect(c.statusCode, c.body).toBe(201);
    const carerId = c.json().id;
    const bad = await api.as('jiangkou', 'PUT', `/api/tekun/carers/${carerId}/bank`, { bank: { ...CARER_BANK, accountNo: '12ab' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('银行账号应为 12-30 位数字');
    expect((await api.as('cun', 'PUT', `/api/tekun/carers/${carerId}/bank`, { bank: CARER_BANK })).statusCode).toBe(403);
    expect((await api.as('jiangkou', 'PUT', '/api/tekun/carers/nobody/bank', { bank: CARER_BANK })).statusCode).toBe(404);
    const r = await api.as('jiangkou', 'PUT', `/api/tekun/carers/${carerId}/bank`, { bank: CARER_BANK });
    expect(r.statusCode, r.body).toBe(200);
    const masked = (await api.as('jiangkou', 'GET', `/api/tekun/persons/${m}`)).json().carers[0].bank;
    expect(masked).toMatchObject({ bankName: '洞口农商银行', accountName: '石大哥' });
    expect(masked.accountNo).not.toContain('62309011112222');
    expect(masked.accountNo).toMatch(/3334$/);
    expect((await api.as('cun', 'GET', `/api/tekun/persons/${m}?reveal=1`)).statusCode).toBe(403);
    const before = (await api.db.select().from(auditLog).where(eq(auditLog.action, 'account.reveal'))).length;
    const full = await api.as('jiangkou', 'GET', `/api/tekun/persons/${m}?reveal=1`);
    expect(full.json().carers[0].bank).toEqual(CARER_BANK);
    const reveals = await api.db.select().from(auditLog).where(eq(auditLog.action, 'account.reveal'));
    expect(reveals).toHaveLength(before + 1);
    expect(reveals.at(-1)).toMatchObject({ actor: 'jiangkou', target: `member:${m}`, detail: { carers: [carerId] } });
    expect(await api.db.select().from(auditLog).where(eq(auditLog.action, 'tekun.carer.bank'))).toEqual([expect.objectContaining({ target: `member:${m}`, detail: { carerId, before: false, after: true } })]);
    // The payroll pays the carer's care part to this account (src/tekun/payroll.ts reads the arrangement's bank).
    const payee = (await carePayees(api.db, [h]))(m, '2024-03', 'carer');
    expect(payee).toEqual({ ok: true, payee: { ...CARER_BANK, idNumber: '', payeeName: '石大哥' } });
    // An ended arrangement takes no account.
    await api.db.update(tekunCarers).set({ endedOn: '2024-06-30' }).where(eq(tekunCarers.id, carerId));
    const ended = await api.as('jiangkou', 'PUT', `/api/tekun/carers/${carerId}/bank`, { bank: null });
    expect(ended.statusCode).toBe(409);
    expect((await api.db.select().from(tekunCarers).where(eq(tekunCarers.id, carerId)))[0].bank).toEqual(CARER_BANK);
  });

  it('takes an assessment form sent as the page sends it (application/octet-stream, typed by its first bytes), lists and serves it; refuses text and unknown owners', async () => {
    const login = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'jiangkou', password: 'Shiqiao-Dengta-5271' } });
    const headers = { cookie: `doudi_session=${login.cookies[0].value}`, 'x-csrf-token': login.json().csrfToken, 'content-type': 'application/octet-stream' };
    const assessmentId = (await api.as('jiangkou', 'GET', `/api/tekun/persons/${memberId}`)).json().assessments[0].id;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('assessment form')]);
    const upload = (owner: string, payload: Buffer) => api.app.inject({ method: 'POST', url: `/api/tekun/files/${owner}?kind=assessment&name=${encodeURIComponent('评估表.png')}`, payload, headers });
    const text = await upload(assessmentId, Buffer.from('not a form'));
    expect(text.statusCode).toBe(415);
    expect(text.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await upload('nobody', png)).statusCode).toBe(404);
    expect(await api.db.select().from(tekunFiles)).toHaveLength(0);
    const r = await upload(assessmentId, png);
    expect(r.statusCode, r.body).toBe(201);
    const files = (await api.as('jiangkou', 'GET', `/api/tekun/persons/${memberId}`)).json().assessments[0].files;
    expect(files).toEqual([expect.objectContaining({ ownerKind: 'assessment', fileName: '评估表.png' })]);
    const got = await api.as('jiangkou', 'GET', `/api/tekun/files/${files[0].id}`);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    expect(await api.db.select().from(auditLog).where(eq(auditLog.action, 'tekun.file'))).toEqual([expect.objectContaining({ target: `member:${memberId}` })]);
  });
});
