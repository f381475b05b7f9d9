/**
 * 就业救助 in a real browser (issue 22): the township's officer sees a 零就业家庭 of 江口镇, records a placement
 * for its member on the page and sees the household cleared, is shown the row errors of a wrong 人社 file
 * (nothing written), opens a 公益性岗位 and places a person on it with the term limit the server found, and
 * reads the year's figures by township; the page and the household's 就业 block fit a phone's 390 px.
 * Screenshots go to test-results/.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { employmentServices, welfareJobHolders } from '../src/employment/schema.ts';
import { todayInChina } from '../src/registry/model.ts';
import { saveHousehold } from '../src/registry/store.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase, signIn } from './support.ts';

const shots = 'test-results';
const VILLAGE = '430525101201'; // 江口镇 江口村
const year = Number(todayInChina().slice(0, 4));
const admin = { username: 'system', role: 'county_admin' as const, areaCode: DEMO_COUNTY };
const P = { husband: makeIdNumber('430525', `${year - 40}-02-03`, 921, 'male'), wife: makeIdNumber('430525', `${year - 38}-07-08`, 922, 'female') };

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let files: string;
let householdId: string;

const services = async () => (await database.db.select({ n: count() }).from(employmentServices))[0].n;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  files = join(tmpdir(), `doudi-e2e-employment-${process.pid}`);
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, '有错误的人社文件.csv'), `身份证号,姓名,服务类型,日期\n${P.husband},别人,岗位推荐,${todayInChina()}\n`);
  database = await openDemoDatabase(120);
  householdId = (await saveHousehold(database.db, admin, null, { areaCode: VILLAGE, ledgerKey: '922001', hukou: 'rural',
    members: [{ name: '赵就业', idNumber: P.husband, relation: 'head', monthlyIncomeYuan: 0 }, { name: '钱就业', idNumber: P.wife, relation: 'spouse', monthlyIncomeYuan: 0 }] }, '测试')).id;
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
  rmSync(files, { recursive: true, force: true });
});

async function loggedIn(username: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, base, username);
  await page.locator('.workbench').waitFor();
  return page;
}

/** Chinese UI: no Latin word of three letters or more (raw keys, English labels) outside file formats. */
async function englishWords(page: Page, selector: string): Promise<string[]> {
  const text = (await page.locator(selector).allInnerTexts()).join('\n');
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !['xlsx', 'csv'].includes(w));
}

async function choose(page: Page, field: string, option: string) {
  await page.locator(`${field} .ant-select`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('employment assistance in the browser', () => {
  it('lets the township clear a 零就业家庭 by a placement, see a wrong file refused, place a person on a 公益性岗位 and read the figures', async () => {
    const page = await loggedIn('xiangzhen');
    await page.goto(`${base}/#/employment`);
    const zero = page.locator('.employment-zero');
    await zero.getByText('922001').waitFor();
    expect(await englishWords(page, '.employment-tabs .ant-tabs-nav, .employment-zero')).toEqual([]);
    await page.screenshot({ path: `${shots}/employment-zero.png`, fullPage: true });

    // A placement of the wife, typed on the page: the household leaves the list.
    await page.getByRole('tab', { name: '就业服务' }).click();
    const form = page.locator('.employment-service-form');
    await choose(page, '.employment-service-form .ant-form-item:has(label:text-is("人员"))', '钱就业');
    await choose(page, '.employment-service-form .ant-form-item:has(label:text-is("服务类型"))', '就业安置');
    await form.getByLabel('用工单位').fill('洞口县雪峰电子厂');
    await form.getByLabel('月工资（元）').fill('2600');
    await form.locator('.employment-service-submit').click();
    await page.getByText('已登记，该户零就业已清零').waitFor();
    await page.locator('.employment-services').getByText('洞口县雪峰电子厂').waitFor();
    expect(await services()).toBe(1);

    // A wrong 人社 file: the row and column named, nothing written.
    await page.locator('.employment-upload input[type=file]').setInputFiles(join(files, '有错误的人社文件.csv'));
    const errors = page.locator('.employment-row-errors');
    await errors.getByText('姓名与家庭档案中该身份证号的姓名不一致').waitFor();
    expect(await errors.locator('.ant-table-row').first().innerText()).toMatch(/^2\s+姓名/);
    expect(await services()).toBe(1);
    expect(await englishWords(page, '.employment-service-form, .employment-upload, .employment-services')).toEqual([]);
    await page.screenshot({ path: `${shots}/employment-services.png`, fullPage: true });

    await page.getByRole('tab', { name: '零就业家庭' }).click();
    await page.locator('.employment-zero .ant-table').waitFor();
    await expect.poll(async () => page.locator('.employment-zero').innerText()).not.toContain('922001');

    // A 公益性岗位, and the husband placed on it: three years from today (he is 40).
    await page.getByRole('tab', { name: '公益性岗位' }).click();
    const jobs = page.locator('.employment-job-forms');
    await jobs.getByLabel('岗位名称').fill('护林员');
    await jobs.getByLabel('用工单位').first().fill('江口镇人民政府');
    await jobs.locator('.employment-job-submit').click();
    await page.getByText('岗位已开发').waitFor();
    await choose(page, '.employment-job-forms .ant-form-item:has(label:text-is("岗位"))', '护林员');
    await choose(page, '.employment-job-forms .ant-form-item:has(label:text-is("人员"))', '赵就业');
    await jobs.locator('.employment-holder-submit').click();
    await page.getByText(/已安排上岗：公益性岗位补贴最长 3 年/).waitFor();
    const [holder] = await database.db.select().from(welfareJobHolders);
    expect(holder).toMatchObject({ householdId, toRetirement: false });
    await page.locator('.employment-jobs').getByText('赵就业').waitFor();
    expect(await englishWords(page, '.employment-job-forms, .employment-jobs')).toEqual([]);
    await page.screenshot({ path: `${shots}/employment-jobs.png`, fullPage: true });

    await page.getByRole('tab', { name: '统计' }).click();
    const figures = page.locator('.employment-figures');
    await figures.getByText('江口镇').waitFor();
    expect(await figures.locator('.ant-table-row', { hasText: '江口镇' }).innerText()).toMatch(/江口镇/);
    expect(await englishWords(page, '.employment-figures')).toEqual([]);
    await page.screenshot({ path: `${shots}/employment-figures.png`, fullPage: true });
    await page.context().close();
  }, 180_000);

  it('fits a phone: every tab of the page and the household\'s 就业 block', async () => {
    const phone = await loggedIn('xiangzhen', { width: 390, height: 844 });
    await phone.goto(`${base}/#/employment`);
    for (const tab of ['零就业家庭', '劳动力', '就业服务', '公益性岗位', '统计']) {
      await phone.getByRole('tab', { name: tab }).click();
      await phone.locator('.ant-tabs-tabpane-active .ant-card').first().waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), tab).toBeLessThanOrEqual(390);
    }
    await phone.goto(`${base}/#/households/${householdId}`);
    const block = phone.locator('.household-employment');
    await block.getByText('洞口县雪峰电子厂').first().waitFor();
    expect(await block.innerText()).toContain('公益性岗位');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await englishWords(phone, '.household-employment')).toEqual([]);
    await phone.screenshot({ path: `${shots}/employment-household-phone.png`, fullPage: true });
    await phone.context().close();
  }, 180_000);
});
