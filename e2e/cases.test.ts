/**
 * The case workflow in a real browser (issue 7, "Done when"): a 低保 case from window intake to
 * approval, its notice drawing an objection and so 民主评议, its entitlement recorded for payments; a
 * 急难型临时救助 paid first from the township's reserve and documented after; a referral gone overdue,
 * escalated (督办) and shown red, closed by the department; a citizen applying on a phone-width page
 * and following the status. The clock is driven the way the county's daily run does it: the overdue
 * date is set on the stored deadline and `tick` (doudi cases tick) escalates it. Screenshots go to
 * test-results/.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { casePrograms, caseReferrals, cases } from '../src/cases/schema.ts';
import { households } from '../src/registry/schema.ts';
import { notices, workflowTasks } from '../src/workflow/schema.ts';
import { createUser } from '../src/auth/users.ts';
import { addDays } from '../src/workflow/calendar.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { listEntitlements } from '../src/payments/entitlements.ts';
import { todayInChina } from '../src/registry/model.ts';
import { tick } from '../src/cases/scheduler.ts';
import { act as actOnProgram, addPrograms, linkHousehold } from '../src/cases/store.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { cascadeSurely, checkSurely, launchChromium, openDemoDatabase, openedDialog, signIn } from './support.ts';

const shots = 'test-results';
const DEPT_PASSWORD = 'Yibao-Inbox-Sorrel-42';
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let files: string;
let png: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  files = join(tmpdir(), `doudi-e2e-cases-${process.pid}`);
  mkdirSync(files, { recursive: true });
  // A real 1×1 PNG: the server decides a file's type by its first bytes.
  png = join(files, '核对授权书.png');
  writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
  database = await openDemoDatabase(300);
  await createUser(database.db, { username: 'yibao', password: DEPT_PASSWORD, role: 'county_staff', areaCode: DEMO_COUNTY, displayName: '县医保局', department: '医保局' }, 'system');
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

async function login(page: Page, username: string) {
  await signIn(page, base, username, username === 'yibao' ? DEPT_PASSWORD : undefined);
  await page.locator('.workbench').waitFor();
}

async function householdIn(prefix: string) {
  const [h] = await database.db.select().from(households).where(and(like(households.areaCode, `${prefix}%`), eq(households.status, 'active'))).limit(1);
  return h;
}

const programCard = (page: Page, program: string) => page.locator('.program-card').filter({ has: page.locator('.ant-card-head-title', { hasText: program }) });

/** Opens an action's modal on the program, fills it with `fill`, submits, and waits for the program's new state. */
async function act(page: Page, program: string, action: string, fill: (modal: ReturnType<Page['locator']>) => Promise<void>, state: string) {
  await programCard(page, program).locator(`.act-${action}`).click();
  const modal = await openedDialog(page);
  await fill(modal);
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  await modal.waitFor({ state: 'hidden' });
  await expect.poll(() => programCard(page, program).locator('.program-state').textContent()).toBe(state);
}

async function pickDate(modal: ReturnType<Page['locator']>, label: string, date: string) {
  const input = modal.getByLabel(label);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** Checks exactly these programs in the intake form (the screening may have proposed others). */
async function choosePrograms(page: Page, wanted: string[]) {
  // The choice opens once the household's screening has been applied (the response alone comes a render earlier).
  await page.locator('.intake input[type=checkbox][value="低保"]:not([disabled])').waitFor();
  for (const p of ['低保', '特困', '残疾人两项补贴', '临时救助', '医疗救助', '教育资助', '住房救助', '就业救助']) {
    const box = page.locator('.intake').getByRole('checkbox', { name: p, exact: true });
    if (wanted.includes(p)) await box.check(); else await box.uncheck();
  }
}

/** Window intake for a registry household, from its household page; resolves on the new case page. */
async function intakeFromHousehold(page: Page, householdId: string, programs: string[], authorization: boolean) {
  await page.goto(`${base}/#/households/${householdId}`);
  const screening = page.waitForResponse((r) => r.url().includes('/screening'));
  await page.getByRole('button', { name: /受理申请/ }).click();
  await page.locator('.intake').waitFor();
  await screening;
  await choosePrograms(page, programs);
  await page.getByLabel('申请事由').fill('家庭主要劳动力患病，收入下降');
  if (authorization) {
    await page.locator('.ant-upload', { has: page.locator('.add-authorization') }).locator('input[type=file]').setInputFiles(png);
    await page.locator('.intake-files').getByText('核对授权书.png').waitFor();
  }
  await page.getByRole('button', { name: /登\s*记/ }).click();
  await page.locator('.case-page').waitFor();
  return page.url().split('/cases/')[1];
}

describe('case workflow in the browser', () => {
  it('takes a 低保 case from the window to approval; an objection to its notice forces 民主评议; the entitlement is recorded', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'xiangzhen');
    const h = await householdIn('430525101');
    const caseId = await intakeFromHousehold(page, h.id, ['低保'], true);
    await page.locator('.case-attachments .ant-table').getByText('核对授权书', { exact: true }).waitFor();
    const today = todayInChina();

    await act(page, '低保', 'accept', async (m) => { await m.getByLabel('受理意见').fill('材料齐全，予以受理'); }, '入户调查');
    await act(page, '低保', 'investigate', async (m) => {
      await pickDate(m, '入户日期', today);
      const visitors = m.locator('.ant-select-selection-search-input');
      for (const v of ['李调查', '王协理']) { await visitors.fill(v); await visitors.press('Enter'); }
      await m.getByLabel('调查情况').fill('家中二人，户主慢性病长期服药，无稳定收入');
      await checkSurely(m.getByLabel('建议纳入', { exact: true }));
    }, '家庭经济状况核对');
    await act(page, '低保', 'verify', async (m) => {
      await checkSurely(m.getByLabel('符合', { exact: true }));
      await m.getByLabel('核对说明').fill('核对了社保、不动产、车辆、存款信息，无不符');
    }, '公示中');

    // The notice, printable with masked name and ID number; an objection is recorded against it.
    const notice = programCard(page, '低保').locator('.program-notice');
    const printHref = await notice.getByRole('link', { name: /公示（打印）/ }).getAttribute('href');
    const html = await (await page.request.get(`${base}${printHref}`)).text();
    expect(html).toContain(`${h.headName[0]}*`);
    expect(html).toMatch(/430525\*{8}\d{3}[\dX]/);
    expect((await page.request.get(`${base}${await notice.getByRole('link', { name: 'PDF' }).getAttribute('href')}`)).headers()['content-type']).toContain('application/pdf');
    await notice.getByRole('button', { name: /登记异议/ }).click();
    const objection = await openedDialog(page);
    await objection.getByLabel('异议内容').fill('邻居反映其子女在外务工，收入较高');
    await objection.locator('.ant-modal-footer .ant-btn-primary').click();
    await objection.waitFor({ state: 'hidden' });
    await programCard(page, '低保').getByText('公示有异议').waitFor();
    await page.screenshot({ path: join(shots, 'case-notice.png'), fullPage: true });

    // The notice period ends (as if its 7 days had passed): closing it leads to 民主评议, not to approval.
    const [p] = await database.db.select().from(casePrograms).where(eq(casePrograms.caseId, caseId));
    await database.db.update(notices).set({ startDate: addDays(today, -8), endDate: addDays(today, -1) }).where(eq(notices.id, p.noticeId!));
    await page.reload();
    await act(page, '低保', 'close_notice', async (m) => { await m.getByLabel('公示结果说明').fill('公示期满，收到异议一件'); }, '民主评议');
    await act(page, '低保', 'appraise', async (m) => {
      await pickDate(m, '评议日期', today);
      await m.getByLabel('参加人数').fill('9');
      await checkSurely(m.getByLabel('同意', { exact: true }));
      await m.getByLabel('评议记录').fill('经核实，子女务工收入已如实申报，评议同意纳入');
    }, '乡镇审批');
    await act(page, '低保', 'approve', async (m) => { await m.getByLabel('批准理由').fill('家庭人均收入低于当地低保标准，经评议同意'); }, '已批准');
    await programCard(page, '低保').locator('.entitlement').waitFor();
    const timeline = await page.locator('.case-timeline').textContent();
    for (const step of ['登记申请', '受理', '入户调查', '核对', '登记异议', '公示结束', '民主评议', '批准']) expect(timeline).toContain(step);
    await page.screenshot({ path: join(shots, 'case-dibao-approved.png'), fullPage: true });

    const entitlements = await listEntitlements(database.db, DEMO_COUNTY, h.id);
    expect(entitlements.map((e) => e.program)).toContain('低保');
    await page.close();

    // The same case at phone width: nothing wider than the screen.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(phone, 'xiangzhen');
    await phone.goto(`${base}/#/cases/${caseId}`);
    await phone.locator('.program-decision').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(shots, 'case-phone.png'), fullPage: true });
    await phone.goto(`${base}/#/cases`);
    await expect.poll(() => phone.locator('.queue-tile-mine .queue-tile-count').textContent()).toMatch(/^\d+$/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(shots, 'queues-phone.png') });
    await phone.close();
  });

  it('pays a 急难型临时救助 first from the township reserve and documents it after', async () => {
    // The county allocates the township's reserve.
    const county = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(county, 'minzheng');
    await county.goto(`${base}/#/reserves`);
    await county.getByRole('button', { name: /拨\s*付/ }).click();
    const allocate = await openedDialog(county);
    await cascadeSurely(county, allocate.locator('.ant-cascader'), ['江口镇'], allocate.locator('.ant-modal-title'));
    await allocate.getByLabel('金额（元）').fill('5000');
    await allocate.getByLabel('说明').fill('2026 年第一批备用金');
    await allocate.locator('.ant-modal-footer .ant-btn-primary').click();
    // Closed once the allocation is saved; if it is not, what the dialog shows says why.
    await allocate.waitFor({ state: 'hidden', timeout: 30_000 }).catch(async (e) => {
      throw new Error(`拨付对话框未关闭：${(await allocate.innerText().catch(() => '')).replace(/\s+/g, ' ')}`, { cause: e });
    });
    await county.locator('.reserves').getByRole('cell', { name: '5000.00' }).waitFor();
    await county.close();

    // A hotline call at night: no household yet, the township pays first.
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'xiangzhen');
    await page.goto(`${base}/#/cases/new`);
    await page.locator('.intake').getByText('服务热线', { exact: true }).click();
    await page.getByLabel('来电人').fill('张来电');
    await page.getByLabel('回拨号码').fill('13907391234');
    await page.getByLabel('来电内容').fill('邻居家昨夜失火，房屋烧毁，一家三口无处居住');
    await page.locator('.intake .ant-cascader').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '江口镇' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '江口村' }).click();
    await page.getByLabel('申请人姓名').fill('赵受灾');
    await choosePrograms(page, ['临时救助']);
    await page.getByLabel('临时救助类型').click();
    await page.getByTitle('急难型（先行救助）').click();
    await page.getByLabel('申请金额（元）').fill('800');
    await page.screenshot({ path: join(shots, 'case-intake-hotline.png'), fullPage: true });
    await page.getByRole('button', { name: /登\s*记/ }).click();
    await page.locator('.case-page').waitFor();
    await act(page, '临时救助', 'pay_advance', async (m) => {
      expect(await m.getByLabel('先行救助金额（元）').inputValue()).toBe('800.00');
      await m.getByLabel('说明').fill('当晚现金发放');
    }, '先行救助待补手续');
    await act(page, '临时救助', 'document', async (m) => {
      await m.getByLabel('救助对象').fill('赵受灾');
      await m.getByLabel('救助事由').fill('住房失火，基本生活陷入困境');
      await m.getByLabel('救助金额（元）').fill('800');
    }, '已批准');
    expect(await page.locator('.program-recorded').textContent()).toContain('800 元');
    await page.screenshot({ path: join(shots, 'case-emergency.png'), fullPage: true });
    await page.goto(`${base}/#/reserves`);
    await page.locator('.reserves').getByRole('cell', { name: '4200.00' }).waitFor();
    await page.close();
  });

  it('shows a referral gone overdue in red with its 督办, and lets the department close it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'xiangzhen');
    const [h] = await database.db.select().from(households).where(and(like(households.areaCode, '430525101%'), eq(households.status, 'active'))).offset(1).limit(1);
    const caseId = await intakeFromHousehold(page, h.id, ['医疗救助'], false);
    await act(page, '医疗救助', 'accept', async () => {}, '入户调查');
    await act(page, '医疗救助', 'investigate', async (m) => {
      await pickDate(m, '入户日期', todayInChina());
      const visitors = m.locator('.ant-select-selection-search-input');
      for (const v of ['李调查', '王协理']) { await visitors.fill(v); await visitors.press('Enter'); }
      await m.getByLabel('调查情况').fill('住院费用自付部分较高');
      await checkSurely(m.getByLabel('建议纳入', { exact: true }));
    }, '已转办部门');
    await page.locator('.case-referrals').getByText('医保局').waitFor();
    await page.close();

    // Ten days pass without an answer: the deadline lies behind, and the daily run escalates it.
    const [ref] = await database.db.select().from(caseReferrals).where(eq(caseReferrals.caseId, caseId));
    await database.db.update(workflowTasks).set({ dueAt: addDays(todayInChina(), -10) }).where(eq(workflowTasks.id, ref.taskId!));
    const run = await tick(database.db, todayInChina());
    expect(run.escalated).toBeGreaterThan(0);

    const dept = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(dept, 'yibao');
    await dept.getByRole('menuitem', { name: '部门收件箱' }).click();
    const row = dept.locator('.referral-inbox .row-overdue');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/已逾期.*督办/);
    expect(await row.locator('.overdue').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(207, 19, 34)');
    await dept.screenshot({ path: join(shots, 'referral-overdue.png'), fullPage: true });
    // The department's own queue counts it as overdue too.
    await dept.goto(`${base}/#/cases?view=overdue`);
    await dept.locator('.queues .row-overdue').first().waitFor();
    await dept.screenshot({ path: join(shots, 'queue-overdue.png') });

    await dept.getByRole('menuitem', { name: '部门收件箱' }).click();
    await dept.locator('.referral-inbox .complete-referral').first().click();
    const done = await openedDialog(dept);
    await checkSurely(done.getByLabel('批准', { exact: true }));
    await done.getByLabel('办结结果').fill('符合医疗救助条件，按规定比例救助');
    await done.locator('.ant-modal-footer .ant-btn-primary').click();
    await done.waitFor({ state: 'hidden' });
    await dept.locator('.referral-inbox').getByText('已办结', { exact: true }).first().waitFor();
    await dept.goto(`${base}/#/cases/${caseId}`);
    await expect.poll(() => programCard(dept, '医疗救助').locator('.program-state').textContent()).toBe('已批准');
    await dept.close();
  });

  it('lets a citizen apply on a phone-width page and follow the status with the number and the last 6 ID digits', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    // The page runs under the server's Content-Security-Policy without a violation.
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
    await page.goto(`${base}/#/public`);
    await page.getByLabel('姓名').fill('孙申请');
    await page.getByLabel('身份证号').fill('430525198001011234');
    await page.getByLabel('联系电话').fill('13807391234');
    await page.getByText(/校验位错误/).waitFor();
    const id = makeIdNumber('430525', '1980-01-01', 123, 'female');
    await page.getByLabel('身份证号').fill(id);
    await page.locator('.ant-cascader').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '江口镇' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '江口村' }).click();
    await page.getByLabel('遇到了什么困难').fill('丈夫因病去世，独自抚养两个孩子，没有固定收入');
    await page.locator('.public-page input[type=file]').setInputFiles(png);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(shots, 'public-apply-phone.png'), fullPage: true });
    await page.getByRole('button', { name: /提交申请/ }).click();
    const number = (await page.locator('.application-number').textContent())!.trim();
    expect(number).toMatch(/^SQ\d{8}[A-Z0-9]{6}$/);
    await page.getByRole('button', { name: /查询进度/ }).click();
    await page.getByLabel('身份证号后 6 位').fill(id.slice(-6));
    await page.getByRole('button', { name: /查\s*询/ }).last().click();
    await page.locator('.public-status').getByText('已收到，等待乡镇（街道）受理').waitFor();
    // The photo reached the case.
    const [c] = await database.db.select().from(cases).where(eq(cases.number, number));
    expect(c.channel).toBe('citizen');
    expect(c.channelDetail.photos).toBe(1);
    // The township takes it up: links the household, adds 低保 and accepts it; the citizen sees the step.
    const township = { username: 'xiangzhen', role: 'township_staff' as const, areaCode: '430525101' };
    const h = await householdIn('430525101');
    await linkHousehold(database.db, township, c.id, h.id);
    const [added] = await addPrograms(database.db, township, c.id, [{ program: '低保' }]);
    await actOnProgram(database.db, township, c.id, added.id, 'accept', { note: '' });
    await page.getByRole('button', { name: /查\s*询/ }).last().click();
    await page.locator('.public-status').getByText('当前环节：入户调查').waitFor();
    await page.screenshot({ path: join(shots, 'public-status-phone.png'), fullPage: true });
    // Wrong digits: the same answer as a wrong number, nothing shown.
    await page.getByLabel('身份证号后 6 位').fill('000000');
    await page.getByRole('button', { name: /查\s*询/ }).last().click();
    await page.getByText('未找到该申请：请核对申请编号和身份证号后 6 位').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(violations).toEqual([]);
    await page.close();
  });
});
