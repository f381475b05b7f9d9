/**
 * 就业救助 through the HTTP API, on PGlite and PostgreSQL: the 零就业家庭 found and cleared by a placement;
 * services typed by township or 人社 staff (others refused, bad input a Chinese 4xx that writes nothing) or
 * loaded from 人社's file (all or nothing, the same file refused twice, kept with its SHA-256); the
 * 公益性岗位 term limit from the birth date and the pack's retirement ages; the subsidy and the allowances as
 * payroll lines paid once; a placement of a 低保 member updating the household and proposing a review that a
 * person decides with the engine's 渐退; the figures by township with their xlsx.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { and, eq, like } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { createUser } from '../auth/users.ts';
import { addDays } from '../workflow/calendar.ts';
import { notices } from '../workflow/schema.ts';
import { addMonths } from '../domain/dates.ts';
import { payrollLines } from '../payments/schema.ts';
import { todayInChina } from '../registry/model.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { monitoringWarnings } from '../monitoring/schema.ts';
import { runMonitor } from '../monitoring/signals.ts';
import { members } from '../registry/schema.ts';
import { loadFeed } from '../verification/feeds.ts';
import { employmentServices, employmentWageRecords } from './schema.ts';
import { EMPLOYMENT_PROGRAMS } from './vocabulary.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Jiuye-Jiuzhu-7315';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const today = todayInChina();
const month = today.slice(0, 7);
const year = Number(today.slice(0, 4));
const PDF = Buffer.from('%PDF-1.4\n% 核对授权书\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const BANK = { bankName: '洞口农商银行', accountNo: '623090123456789001', accountName: '培训学校' };

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
}
const ok = async (p: Promise<{ statusCode: number; json(): any; body: string }>, status = 200) => {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};
const upload = (user: string, name: string, text: string) =>
  as(user, 'POST', `/api/employment/files?name=${encodeURIComponent(name)}`, Buffer.from('\uFEFF' + text), { 'content-type': 'application/octet-stream' });

// A 零就业家庭 of two able adults; a 低保 household whose head is out of work; a man four years from retirement; a retired man.
const ID = { zeroHead: person('1980-04-01'), zeroWife: person('1982-05-01', 'female'), dibaoHead: person('1975-06-01'), dibaoSon: person(`${year - 17}-03-01`),
  nearRetirement: person(`${year - 56}-03-01`), retired: person(`${year - 61}-01-01`) };
const H: Record<string, string> = {};
const M: Record<string, string> = {};

const idNumberOf = async (id: string) => (await database.db.select({ idNumber: members.idNumber }).from(members).where(eq(members.id, id)))[0].idNumber;

async function addHousehold(key: string, ms: { key: string; name: string; idNumber: string; relation: string; monthlyIncomeYuan?: number }[]) {
  const r = await ok(as('jiangkou', 'POST', '/api/households', { areaCode: JIANGKOU_VILLAGE, hukou: 'rural', members: ms.map(({ key: _k, ...m }) => ({ monthlyIncomeYuan: 0, ...m })) }), 201);
  H[key] = r.id;
  const h = await ok(as('jiangkou', 'GET', `/api/households/${r.id}`));
  ms.forEach((m, i) => { M[m.key] = h.members[i].id; });
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await seedAreas(database.db, '430524');
  const users = [['county', 'county_admin', '430525', '民政局'], ['renshe', 'county_staff', '430525', '人社局'], ['minzheng', 'county_staff', '430525', '民政局'],
    ['jiangkou', 'township_staff', '430525101', null], ['yulan', 'township_staff', '430525102', null], ['longhui', 'county_admin', '430524', null]] as const;
  for (const [username, role, areaCode, department] of users) await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department }, 'test');
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await ok(as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' }), 201);
  await addHousehold('zero', [{ key: 'zeroHead', name: '赵大山', idNumber: ID.zeroHead, relation: 'head' }, { key: 'zeroWife', name: '钱秀英', idNumber: ID.zeroWife, relation: 'spouse' }]);
  await addHousehold('dibao', [{ key: 'dibaoHead', name: '孙建国', idNumber: ID.dibaoHead, relation: 'head' }, { key: 'dibaoSon', name: '孙小军', idNumber: ID.dibaoSon, relation: 'child' }]);
  await addHousehold('near', [{ key: 'nearRetirement', name: '李老根', idNumber: ID.nearRetirement, relation: 'head' }]);
  await addHousehold('retired', [{ key: 'retired', name: '周老汉', idNumber: ID.retired, relation: 'head' }]);
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('零就业家庭', () => {
  it('lists households whose able members are all out of work, by township, and not one with a member at work', async () => {
    const z = await ok(as('jiangkou', 'GET', '/api/employment/zero-households'));
    expect(z.rows.map((r: { householdId: string }) => r.householdId).sort()).toEqual([H.zero, H.dibao, H.near].sort());
    expect(z.byTownship).toEqual([{ code: '430525101', name: '江口镇', households: 3 }]);
    expect(z.rows[0]).toMatchObject({ township: '江口镇', since: today, days: 0 });
    expect((await ok(as('yulan', 'GET', '/api/employment/zero-households'))).rows).toEqual([]);
    expect((await ok(as('longhui', 'GET', '/api/employment/zero-households'))).rows).toEqual([]);
  });

  it('lists the working-age people able to work with their employment, masked', async () => {
    const w = await ok(as('jiangkou', 'GET', '/api/employment/workforce'));
    // The 17-year-old is in no school but under 18 counts from 16; the retired man does not count.
    expect(w.rows.map((r: { memberId: string }) => r.memberId)).not.toContain(M.retired);
    expect(w.rows.find((r: { memberId: string }) => r.memberId === M.zeroHead)).toMatchObject({ employed: false, idNumber: expect.stringMatching(/\*{4}/) });
    expect(JSON.stringify(w)).not.toContain(ID.zeroHead);
  });
});

describe('services per person', () => {
  it('are entered by township and 人社 staff; other departments, other townships and other counties are refused', async () => {
    const body = { memberId: M.zeroHead, kind: 'recommendation', date: today, employer: '洞口县某电子厂' };
    await ok(as('jiangkou', 'POST', '/api/employment/services', body));
    await ok(as('renshe', 'POST', '/api/employment/services', { ...body, kind: 'guidance' }));
    expect((await as('minzheng', 'POST', '/api/employment/services', body)).statusCode).toBe(403);
    expect((await as('yulan', 'POST', '/api/employment/services', body)).statusCode).toBe(404);
    expect((await as('longhui', 'POST', '/api/employment/services', body)).statusCode).toBe(404);
    const list = await ok(as('jiangkou', 'GET', `/api/employment/services?memberId=${M.zeroHead}`));
    expect(list.rows.map((r: { kindLabel: string }) => r.kindLabel).sort()).toEqual(['岗位推荐', '职业指导'].sort());
    expect((await ok(as('yulan', 'GET', `/api/employment/services?memberId=${M.zeroHead}`))).total).toBe(0);
  });

  it('refuses bad input with a Chinese message at the field and writes nothing', async () => {
    const before = (await database.db.select().from(employmentServices)).length;
    const noDays = await as('jiangkou', 'POST', '/api/employment/services', { memberId: M.zeroHead, kind: 'training', date: today, course: '电工' });
    expect(noDays.statusCode).toBe(400);
    expect(noDays.json().error).toMatchObject({ message: '技能培训须填写培训天数', path: 'days' });
    const future = await as('jiangkou', 'POST', '/api/employment/services', { memberId: M.zeroHead, kind: 'guidance', date: addMonths(today, 1) });
    expect(future.json().error).toMatchObject({ code: 'FUTURE_DATE', path: 'date' });
    const old = await as('jiangkou', 'POST', '/api/employment/services', { memberId: M.zeroHead, kind: 'school', date: today, course: '技师学院' });
    expect(old.statusCode).toBe(422);
    expect(old.json().error.message).toMatch(/不在“两后生”年龄范围/);
    expect((await database.db.select().from(employmentServices)).length).toBe(before);
  });

  it('loads 人社\'s file all or nothing, keeps its SHA-256 and refuses the same file twice', async () => {
    const header = '身份证号,姓名,服务类型,日期,结束日期,培训项目,培训天数,是否结业,培训后就业,用工单位,月工资,劳务经纪人';
    const bad = `${header}\n${ID.zeroHead},赵大山,岗位推荐,${today},,,,,,某厂,,\n${ID.zeroWife},别人,职业指导,${today},,,,,,,,\n`;
    const refused = await upload('jiangkou', 'bad.csv', bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ row: 3, column: '姓名', message: '姓名与家庭档案中该身份证号的姓名不一致' }]);
    const trainingStart = addMonths(today, -1);
    const good = `${header}\n${ID.zeroHead},赵大山,岗位推荐,${today},,,,,,某厂,,\n${ID.zeroHead},赵大山,技能培训,${trainingStart},${trainingStart},电工,15,是,否,,,\n`;
    const loaded = await ok(upload('renshe', 'renshe.csv', good));
    expect(loaded).toMatchObject({ rows: 2, loaded: 2, errors: [] });
    expect((await upload('renshe', 'again.csv', good)).json().error.code).toBe('DUPLICATE_FILE');
    const files = await ok(as('jiangkou', 'GET', '/api/employment/files'));
    expect(files.rows).toEqual([expect.objectContaining({ fileName: 'renshe.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 2, loaded: 2 })]);
    expect((await ok(as('yulan', 'GET', '/api/employment/files'))).rows).toEqual([]);
  });

  it('clears a 零就业家庭 by a placement, records since when it was without work, and marks the member employed', async () => {
    const start = addMonths(today, -7);
    const placed = await ok(as('jiangkou', 'POST', '/api/employment/services', { memberId: M.zeroWife, kind: 'placement', date: start, employer: '洞口县某制衣厂',
      monthlyWageYuan: 2600, broker: '劳务经纪人老刘', payee: { ...BANK, accountName: '刘某' } }));
    expect(placed.clearedZeroSince).toBeTruthy();
    expect(placed.registryChanged).toBe(true);
    expect(placed.reviews).toEqual([]);
    const z = await ok(as('jiangkou', 'GET', '/api/employment/zero-households'));
    expect(z.rows.map((r: { householdId: string }) => r.householdId)).not.toContain(H.zero);
    const h = await ok(as('jiangkou', 'GET', `/api/households/${H.zero}`));
    expect(h.members[1]).toMatchObject({ employed: true, monthlyIncomeFen: 2600_00 });
  });
});

describe('公益性岗位', () => {
  let job: string;
  it('gives three years, or to retirement when it is less than five years away, and refuses a planned end beyond it', async () => {
    job = (await ok(as('jiangkou', 'POST', '/api/employment/jobs', { name: '护林员', employer: '江口镇人民政府', areaCode: '430525101', startDate: addMonths(today, -24) }))).id;
    expect((await as('yulan', 'POST', '/api/employment/jobs', { name: '保洁员', employer: '江口镇', areaCode: '430525101', startDate: today })).statusCode).toBe(403);
    const start = `${month}-01`;
    const beyond = await as('jiangkou', 'POST', `/api/employment/jobs/${job}/holders`, { memberId: M.zeroHead, startDate: start, lastDay: addMonths(start, 40) });
    expect(beyond.statusCode).toBe(422);
    expect(beyond.json().error).toMatchObject({ code: 'TERM_LIMIT', path: 'lastDay' });
    const three = await ok(as('jiangkou', 'POST', `/api/employment/jobs/${job}/holders`, { memberId: M.zeroHead, startDate: addMonths(start, -2), payee: { ...BANK, accountName: '赵大山' } }));
    expect(three).toMatchObject({ toRetirement: false, maxLastDay: addDays(addMonths(addMonths(start, -2), 36), -1) });
    const near = await ok(as('jiangkou', 'POST', `/api/employment/jobs/${job}/holders`, { memberId: M.nearRetirement, startDate: start }));
    expect(near).toMatchObject({ toRetirement: true, maxLastDay: addDays(`${year + 4}-03-01`, -1) });
    const retired = await as('jiangkou', 'POST', `/api/employment/jobs/${job}/holders`, { memberId: M.retired, startDate: start });
    expect(retired.statusCode).toBe(422);
    expect(retired.json().error.message).toMatch(/已到法定退休年龄/);
    const twice = await as('jiangkou', 'POST', `/api/employment/jobs/${job}/holders`, { memberId: M.zeroHead, startDate: start });
    expect(twice.json().error.code).toBe('ALREADY_HOLDING');
    const jobs = await ok(as('jiangkou', 'GET', '/api/employment/jobs'));
    expect(jobs.rows[0].holders.filter((x: { current: boolean }) => x.current)).toHaveLength(2);
    expect((await ok(as('longhui', 'GET', '/api/employment/jobs'))).rows).toEqual([]);
  });
});

describe('back into assistance', () => {
  it('a placement of a 低保 member updates the household and proposes a review, which a person decides with the engine\'s 渐退', async () => {
    const c = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: H.dibao, programs: [{ program: '低保' }],
      bank: { bankName: '洞口农商银行', accountNo: '6214830000123456', accountName: '孙建国' } }), 201);
    const programOf = async () => (await ok(as('jiangkou', 'GET', `/api/cases/${c.id}`))).programs.find((p: { program: string }) => p.program === '低保');
    const p = await programOf();
    await ok(as('jiangkou', 'POST', `/api/cases/${c.id}/attachments?kind=authorization&name=a.pdf`, PDF, { 'content-type': 'application/pdf' }), 201);
    const step = (action: string, body: unknown = {}) => ok(as('jiangkou', 'POST', `/api/cases/${c.id}/programs/${p.id}/actions/${action}`, body));
    await step('accept');
    await step('investigate', { visitedOn: today, visitors: ['甲', '乙'], findings: '户主失业', recommendation: 'support' });
    await step('verify', { result: 'pass', note: '核对无异常' });
    await database.db.update(notices).set({ endDate: addMonths(today, -1) }).where(eq(notices.id, (await programOf()).notice.id));
    await step('close_notice');
    expect((await step('approve', { reason: '符合低保条件' })).to).toBe('approved');

    const placed = await ok(as('renshe', 'POST', '/api/employment/services', { memberId: M.dibaoHead, kind: 'placement', date: today, employer: '洞口县某物流公司', monthlyWageYuan: 3000 }));
    expect(placed.reviews).toEqual([{ reviewId: expect.any(String), program: '低保', created: true }]);
    // Nothing changes the money yet: the household page shows the review for a person to decide.
    const block = await ok(as('jiangkou', 'GET', `/api/households/${H.dibao}/employment`));
    expect(block.reviewsDue).toEqual([expect.objectContaining({ id: placed.reviews[0].reviewId, program: '低保', dueDate: today })]);
    expect(block.members[0]).toMatchObject({ employed: true, source: 'placement', employer: '洞口县某物流公司', monthlyIncomeYuan: 3000 });
    expect((await as('yulan', 'GET', `/api/households/${H.dibao}/employment`)).statusCode).toBe(404);
    // A second placement does not open a second review while one is due.
    const again = await ok(as('jiangkou', 'POST', '/api/employment/services', { memberId: M.dibaoSon, kind: 'placement', date: today, employer: '某店' }));
    expect(again.reviews).toEqual([{ reviewId: placed.reviews[0].reviewId, program: '低保', created: false }]);
    // Continuing is refused: with the wage (less the work cost) the household is above the standard; 渐退 is what the engine allows.
    expect((await as('jiangkou', 'POST', `/api/reviews/${placed.reviews[0].reviewId}/decision`, { outcome: 'continue', reason: '继续' })).json().error.code).toBe('NO_LONGER_ELIGIBLE');
    const taper = await ok(as('jiangkou', 'POST', `/api/reviews/${placed.reviews[0].reviewId}/decision`, { outcome: 'taper', reason: '户主就业，收入超过低保标准' }));
    expect(taper.outcome).toBe('taper');
  });
});

describe('money through the payroll', () => {
  it('pays the 公益性岗位 subsidy and the allowances once, as lines of their own programs', async () => {
    // A 两后生 of the 低保 household in school since the start of this month (paid into the household's account).
    await ok(as('jiangkou', 'POST', '/api/employment/services', { memberId: M.dibaoSon, kind: 'school', date: `${month}-01`, course: '郴州技师学院 数控' }));
    await ok(as('county', 'POST', `/api/payroll/${month}/prepare`));
    const lines = await database.db.select().from(payrollLines).where(like(payrollLines.program, '%'));
    const of = (program: string) => lines.filter((l) => l.program === program);
    // The job from two months ago: three months of the minimum wage (1430 in the demo pack) for the head, the current month for the man near retirement.
    expect(of(EMPLOYMENT_PROGRAMS.welfareJob).filter((l) => l.householdId === H.zero).map((l) => [l.period, l.amountFen]).sort())
      .toEqual([[addMonths(`${month}-01`, -2).slice(0, 7), 1430_00], [addMonths(`${month}-01`, -1).slice(0, 7), 1430_00], [month, 1430_00]]);
    expect(of(EMPLOYMENT_PROGRAMS.welfareJob).find((l) => l.householdId === H.near)).toBeUndefined(); // no account: waiting
    expect(of(EMPLOYMENT_PROGRAMS.training)).toEqual([]); // the training's household has no account: waiting
    expect(of(EMPLOYMENT_PROGRAMS.broker)).toEqual([expect.objectContaining({ householdId: H.zero, amountFen: 300_00, payee: expect.objectContaining({ accountName: '刘某' }) })]);
    expect(of(EMPLOYMENT_PROGRAMS.school)).toEqual([expect.objectContaining({ householdId: H.dibao, period: month, amountFen: 6000_00, payee: expect.objectContaining({ accountName: '孙建国' }) })]);
    const summary = await ok(as('county', 'GET', `/api/payroll/${month}`));
    expect(JSON.stringify(summary)).toMatch(/等待银行账户/);

    await ok(as('renshe', 'POST', `/api/payroll/${month}/approve`));
    const next = addMonths(`${month}-01`, 1).slice(0, 7);
    await ok(as('county', 'POST', `/api/payroll/${next}/prepare`));
    const later = await database.db.select().from(payrollLines);
    const jobLines = later.filter((l) => l.program === EMPLOYMENT_PROGRAMS.welfareJob && l.householdId === H.zero);
    expect(jobLines.map((l) => l.period).sort()).toEqual([addMonths(`${month}-01`, -2).slice(0, 7), addMonths(`${month}-01`, -1).slice(0, 7), month, next]);
    expect(later.filter((l) => l.program === EMPLOYMENT_PROGRAMS.broker)).toHaveLength(1);
    expect(later.filter((l) => l.program === EMPLOYMENT_PROGRAMS.school)).toHaveLength(1);
  });
});

describe('figures', () => {
  it('counts by township, as JSON and xlsx, for the county only', async () => {
    const f = await ok(as('county', 'GET', `/api/employment/figures?year=${year}`));
    const jk = f.byTownship.find((t: { code: string }) => t.code === '430525101');
    const inYear = (d: string) => (d.startsWith(String(year)) ? 1 : 0);
    expect(jk).toMatchObject({ name: '江口镇', placement: inYear(addMonths(today, -7)) + 2, school: 1, trainingsCompleted: inYear(addMonths(today, -1)), employedAfter: 0, holders: 2 });
    expect(jk.paidYuan[EMPLOYMENT_PROGRAMS.school]).toBe(6000);
    expect(f.targets).toMatchObject({ recommendation: 3, guidance: 1, training: 1 });
    expect((await ok(as('longhui', 'GET', `/api/employment/figures?year=${year}`))).byTownship).toEqual([]);
    const x = await as('county', 'GET', `/api/employment/figures?year=${year}&format=xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(2).getCell(1).value).toBe('江口镇');
    const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'employment.figures.export'), eq(auditLog.actor, 'county')));
    expect(audited).toHaveLength(1);
  });
});

describe('monitoring reads the employment records', () => {
  it('raises a job-loss warning when a placement ended and the member has no other work, not while a 公益性岗位 is held', async () => {
    await addHousehold('ended', [{ key: 'endedHead', name: '吴长发', idNumber: person('1985-07-01'), relation: 'head' }]);
    const lastDay = addDays(today, -10);
    for (const memberId of [M.endedHead, M.nearRetirement]) {
      await ok(as('jiangkou', 'POST', '/api/employment/services', { memberId, kind: 'placement', date: addMonths(today, -3), endDate: lastDay, employer: '洞口县某砖厂', monthlyWageYuan: 2400 }));
    }
    const run = await runMonitor(database.db, today, '430525', 'test');
    expect(run.problems).toEqual([]);
    const jobLoss = await database.db.select().from(monitoringWarnings).where(eq(monitoringWarnings.rule, 'jobLoss'));
    expect(jobLoss.map((w) => w.householdId)).toEqual([H.ended]);
    expect(jobLoss[0]).toMatchObject({ clueOn: addDays(lastDay, 1), message: expect.stringContaining(`已于 ${lastDay} 结束`) });
    expect(jobLoss[0].evidence).toMatchObject({ 结束的就业: '就业安置（洞口县某砖厂）', 结束日期: lastDay });
    // The same records on a second run raise nothing new.
    expect((await runMonitor(database.db, today, '430525', 'test')).byRule.jobLoss ?? 0).toBe(0);
  });
});

describe('the wage feed', () => {
  it('records a working-age member paid in the month as employed from the feed file, clearing the 零就业家庭, once however often the file is loaded', async () => {
    await addHousehold('paid', [{ key: 'paidHead', name: '郑有才', idNumber: person('1988-09-01'), relation: 'head' }]);
    const zeroIds = async () => (await ok(as('jiangkou', 'GET', '/api/employment/zero-households'))).rows.map((r: { householdId: string }) => r.householdId);
    expect(await zeroIds()).toContain(H.paid);
    const dir = mkdtempSync(join(tmpdir(), 'doudi-wage-'));
    try {
      const path = join(dir, 'wage.csv');
      writeFileSync(path, `身份证号,姓名,单位,月工资\n${(await idNumberOf(M.paidHead))},郑有才,洞口县某鞋厂,2800\n${(await idNumberOf(M.retired))},周老汉,洞口县某鞋厂,1800\n`);
      const load = () => loadFeed(database.db, { path, fileName: '人社工资.csv', source: 'wage', period: month, actor: 'county', areaCode: '430525', dir });
      expect((await load()).matched).toBe(2);
      const recorded = await database.db.select().from(employmentWageRecords);
      // The retired man is paid but is not of working age: not recorded.
      expect(recorded).toEqual([expect.objectContaining({ memberId: M.paidHead, period: month, date: `${month}-01`, employer: '洞口县某鞋厂', monthlyWageFen: 2800_00 })]);
      expect(await zeroIds()).not.toContain(H.paid);
      const w = await ok(as('jiangkou', 'GET', '/api/employment/workforce'));
      expect(w.rows.find((r: { memberId: string }) => r.memberId === M.paidHead)).toMatchObject({ employed: true, source: 'wage', employer: '洞口县某鞋厂' });
      await load();
      expect(await database.db.select().from(employmentWageRecords)).toHaveLength(1);
      const audited = await database.db.select().from(auditLog).where(eq(auditLog.action, 'employment.wage_feed'));
      expect(audited).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not take a member whose wage stopped for out of work while a placement is open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-wage-'));
    try {
      const path = join(dir, 'wage-previous.csv');
      writeFileSync(path, `身份证号,姓名,单位,月工资\n${await idNumberOf(M.zeroWife)},钱秀英,洞口县某制衣厂,2600\n${await idNumberOf(M.paidHead)},郑有才,洞口县某鞋厂,2800\n`);
      await loadFeed(database.db, { path, fileName: '人社工资-上月.csv', source: 'wage', period: addMonths(`${month}-01`, -1).slice(0, 7), actor: 'county', areaCode: '430525', dir });
      await runMonitor(database.db, today, '430525', 'test');
      const jobLoss = await database.db.select().from(monitoringWarnings).where(eq(monitoringWarnings.rule, 'jobLoss'));
      expect(jobLoss.map((w) => w.householdId)).toEqual([H.ended]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('以工代训', () => {
  it('records a workshop with its account and its months with trainees, paid by the pack per month for at most its months, and counts them by township', async () => {
    const body = { name: '江口镇制鞋扶贫车间', employer: '洞口县某鞋业有限公司', areaCode: '430525101', payee: { ...BANK, accountName: '洞口县某鞋业有限公司' } };
    expect((await as('yulan', 'POST', '/api/employment/workshops', body)).statusCode).toBe(403);
    expect((await as('minzheng', 'POST', '/api/employment/workshops', body)).statusCode).toBe(403);
    const shop = (await ok(as('jiangkou', 'POST', '/api/employment/workshops', body))).id;
    const months = [7, 6, 5, 4, 3, 2, 1].map((k) => addMonths(`${month}-01`, -k).slice(0, 7));
    const record = (m: string, memberIds = [M.zeroHead, M.paidHead]) => as('jiangkou', 'POST', `/api/employment/workshops/${shop}/months`, { month: m, memberIds });
    const empty = await record(months[0], []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe('请至少选择一名学员');
    expect((await record(months[0], [M.zeroHead, 'no-such-member'])).statusCode).toBe(404);
    for (const m of months.slice(0, 6)) expect(await ok(record(m))).toMatchObject({ month: m, trainees: 2, amountYuan: 3000 });
    expect((await record(months[0])).json().error.code).toBe('ALREADY_RECORDED');
    const seventh = await record(months[6]);
    expect(seventh.statusCode).toBe(422);
    expect(seventh.json().error.message).toMatch(/最长 6 个月/);
    expect((await as('yulan', 'POST', `/api/employment/workshops/${shop}/months`, { month: months[6], memberIds: [M.zeroHead] })).statusCode).toBe(404);

    const list = await ok(as('jiangkou', 'GET', '/api/employment/workshops'));
    expect(list.rows).toEqual([expect.objectContaining({ id: shop, township: '江口镇', totalYuan: 18000, payee: expect.objectContaining({ accountNo: expect.stringMatching(/\*/) }) })]);
    expect((await ok(as('longhui', 'GET', '/api/employment/workshops'))).rows).toEqual([]);
    const inYear = months.slice(0, 6).filter((m) => m.startsWith(String(year))).length;
    const f = await ok(as('county', 'GET', `/api/employment/figures?year=${year}`));
    expect(f.byTownship.find((t: { code: string }) => t.code === '430525101')).toMatchObject({ workshopMonths: inYear, workTrainingYuan: inYear * 3000 });
    // Not a household's money: no payroll line carries it.
    expect(await database.db.select().from(payrollLines).where(like(payrollLines.program, '%以工代训%'))).toEqual([]);
  });
});
