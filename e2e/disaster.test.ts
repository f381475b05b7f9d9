/**
 * Disaster relief in a real browser (issue 21): a village officer registers an affected household on a phone
 * (390 px) — searched in the registry, with the people affected, the house damage, needs and a photo taken with
 * the camera — and a second registration of it is refused; a township officer approves relief on the event page
 * at phone width; the county sees the event page at 1440 px with the level confirmed and the figures, and
 * downloads the 灾情报告. The demo county's event (src/disaster/demo.ts) is planted first. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { seedDisasterDemo } from '../src/disaster/demo.ts';
import { disasterFiles, disasterHouseholds, disasterRelief } from '../src/disaster/schema.ts';
import { saveHousehold } from '../src/registry/store.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase, signIn } from './support.ts';

const shots = 'test-results';
const VILLAGE = '430525101201'; // 江口镇 江口村, the demo village officer's
const admin = { username: 'system', role: 'county_admin' as const, areaCode: DEMO_COUNTY };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('e2e house photo')]);

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let eventId: string;
let snowId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  database = await openDemoDatabase(200);
  // Five households of 江口村 that sort first, so the demo event has its five at any county size.
  for (let i = 1; i <= 5; i++) {
    await saveHousehold(database.db, admin, null, { areaCode: VILLAGE, ledgerKey: `DEMO-E2E-${i}`, hukou: 'rural',
      members: [{ name: `演示受灾${i}`, idNumber: makeIdNumber('430525', `1950-0${i}-03`, 920 + i * 2, 'male'), relation: 'head', monthlyIncomeYuan: 0 }] }, '测试');
  }
  eventId = (await seedDisasterDemo(database.db))!.eventId;
  snowId = (await saveHousehold(database.db, admin, null, { areaCode: VILLAGE, ledgerKey: '919001', hukou: 'rural',
    members: [{ name: '雪灾户', idNumber: makeIdNumber('430525', '1958-02-03', 911, 'male'), relation: 'head', monthlyIncomeYuan: 0 },
      { name: '雪灾妻', idNumber: makeIdNumber('430525', '1960-04-05', 912, 'female'), relation: 'spouse', monthlyIncomeYuan: 0 }] }, '测试')).id;
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function loggedIn(username: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, base, username);
  await page.locator('.workbench').waitFor();
  return page;
}
const width = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
async function englishWords(page: Page, selector: string): Promise<string[]> {
  const text = (await page.locator(selector).allInnerTexts()).join('\n');
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => w !== w.toUpperCase() && w !== 'xlsx'); // capitals are codes (level III), not words
}

describe('disaster relief in the browser', () => {
  it('lets a village officer register an affected household with a photo on a phone, and refuses it twice', async () => {
    const phone = await loggedIn('cun', { width: 390, height: 844 });
    await phone.goto(`${base}/#/disaster/${eventId}/register`);
    const form = phone.locator('.disaster-register');
    await form.getByText('已在档家庭').waitFor();
    await form.locator('.ant-select-selector').first().click();
    await phone.keyboard.type('雪灾户');
    await phone.locator('.ant-select-item-option', { hasText: '雪灾户' }).click();
    await form.getByLabel('受灾人数').fill('2');
    await form.getByText('倒塌', { exact: true }).click();
    await form.getByText('口粮', { exact: true }).click();
    await form.locator('input.disaster-photos').setInputFiles({ name: 'house.png', mimeType: 'image/png', buffer: PNG });
    expect(await width(phone)).toBeLessThanOrEqual(390);
    expect(await englishWords(phone, '.disaster-register')).toEqual([]);
    await phone.screenshot({ path: `${shots}/disaster-register-phone.png`, fullPage: true });
    await form.getByRole('button', { name: '登 记' }).click();
    await form.locator('.ant-alert-success').waitFor();
    const [row] = await database.db.select().from(disasterHouseholds).where(eq(disasterHouseholds.householdId, snowId));
    expect(row).toMatchObject({ affected: 2, damage: 'collapsed', needs: ['food'] });
    await expect.poll(async () => (await database.db.select().from(disasterFiles).where(eq(disasterFiles.subjectId, row.id))).length).toBe(1);

    await form.locator('.ant-select-selector').first().click();
    await phone.keyboard.type('雪灾户');
    await phone.locator('.ant-select-item-option', { hasText: '雪灾户' }).click();
    await form.getByRole('button', { name: '登 记' }).click();
    await phone.locator('.ant-message').getByText(/已由.*登记/).waitFor();
    expect(await database.db.select().from(disasterHouseholds).where(eq(disasterHouseholds.householdId, snowId))).toHaveLength(1);
    await phone.context().close();
  }, 120_000);

  it('lets a township officer approve relief on the event page at phone width', async () => {
    const phone = await loggedIn('xiangzhen', { width: 390, height: 844 });
    await phone.goto(`${base}/#/disaster/${eventId}`);
    const line = phone.locator('.relief-line', { hasText: '临时生活困难救助' });
    await line.getByRole('button', { name: '批 准' }).click();
    await phone.locator('.act-note').fill('灾情属实，同意');
    await phone.getByRole('button', { name: '确 定' }).click();
    await line.getByText('已批准').waitFor();
    const [r] = await database.db.select().from(disasterRelief).where(eq(disasterRelief.kind, 'hardship'));
    expect(r.state).toBe('approved');
    expect(await width(phone)).toBeLessThanOrEqual(390);
    expect(await englishWords(phone, '.disaster-event')).toEqual([]);
    await phone.screenshot({ path: `${shots}/disaster-event-phone.png`, fullPage: true });
    await phone.context().close();
  }, 120_000);

  it('shows the county the event with its confirmed level and figures at 1440 px, and the 灾情报告', async () => {
    const page = await loggedIn('admin', { width: 1440, height: 900 });
    await page.goto(`${base}/#/disaster`);
    await page.locator('.disaster-events').getByText('江口镇低温雨雪冰冻灾害（演示）').click();
    const event = page.locator('.disaster-event');
    await event.getByText('III 级（较大）').first().waitFor();
    await expect.poll(async () => event.locator('.ant-statistic').first().innerText()).toMatch(/受灾户数\s*6/);
    expect(await englishWords(page, '.disaster-event')).toEqual([]);
    expect(await width(page)).toBeLessThanOrEqual(1440);
    await page.screenshot({ path: `${shots}/disaster-event-1440.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), event.getByRole('link', { name: /灾情报告/ }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const rows = new Map<string, unknown>();
    wb.getWorksheet('灾情报告')!.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(rows.get('受灾户数')).toBe(6);
    await page.context().close();
  }, 120_000);
});
