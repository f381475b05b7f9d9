/**
 * 督导 in a real browser (issue 24, item 2): the county admin reads every indicator with its value and its
 * light (a colour and a word), opens one — the trend, the township ranking and the list behind the number —
 * and follows a list row to the household; the inspection pack arrives as an xlsx naming the indicators and
 * as a PDF with pages; the admin records this month's snapshot and runs the coverage-gap search again. 江口镇's
 * officer sees only 江口镇 and goes from the workbench to a coverage gap, which they close. At 390 px the page and the drawer do not scroll sideways. Screenshots go to test-results/
 * (and, with DOUDI_SCREENS=1, to docs/screens/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { todayInChina } from '../src/domain/dates.ts';
import { saveHousehold } from '../src/registry/store.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { coverageGaps } from '../src/supervision/gapSchema.ts';
import { runGapSearch } from '../src/supervision/gapStore.ts';
import { launchChromium, openDemoDatabase, signIn, checkSurely } from './support.ts';

const shots = 'test-results';
const docsScreens = process.env.DOUDI_SCREENS === '1' ? 'docs/screens' : null;
const VILLAGE = '430525101201'; // 江口镇 江口村
const admin = { username: 'admin', role: 'county_admin' as const, areaCode: DEMO_COUNTY };
const LIGHT_WORDS = ['达标', '接近', '未达标', '无目标'];

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let plantedId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  if (docsScreens) mkdirSync(docsScreens, { recursive: true });
  database = await openDemoDatabase(80);
  // A 两无 person of a formerly poor household (no work capacity, no income) without 低保: behind “两无”脱贫人口纳入低保率.
  plantedId = (await saveHousehold(database.db, admin, null, { areaCode: VILLAGE, ledgerKey: '924001', hukou: 'rural', registeredPoor: true,
    members: [{ name: '龙守业', idNumber: makeIdNumber('430525', '1948-03-09', 241, 'male'), relation: 'head', laborCapacity: 'none', supporter: 'none', monthlyIncomeYuan: 0 }] }, '测试')).id;
  // The county's coverage-gap search finds the planted person unserved (应保未保).
  await runGapSearch(database.db, { scope: DEMO_COUNTY, actor: 'e2e' });
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function loggedIn(username: string, width = 1440, path = 'supervision'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, isMobile: width < 500, hasTouch: width < 500, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, base, username);
  await page.goto(`${base}/#/${path}`);
  await page.locator('.sup-indicator').first().waitFor();
  return page;
}

/** A screenshot in test-results/; the page's own at 1440 and 390 px also in docs/screens/ (with DOUDI_SCREENS=1). */
async function shot(page: Page, name: string, docs = false) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  if (docsScreens && docs) await page.screenshot({ path: `${docsScreens}/${name}.png`, fullPage: false });
}

/** ASCII words of three or more letters in the visible text (a Chinese page shows none but file types); codes (with a digit) are data. */
async function englishWords(page: Page, selector: string): Promise<string[]> {
  const text = (await page.locator(selector).allInnerTexts()).join('\n');
  return (text.match(/[A-Za-z0-9_-]+/g) ?? []).filter((w) => /[A-Za-z]{3}/.test(w) && !/\d/.test(w) && !['xlsx', 'pdf', 'PDF'].includes(w));
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('督导 in the browser', () => {
  it('shows the county admin every indicator with a value and a light in words, and the chosen indicator\'s trend, ranking and list down to the household', async () => {
    const page = await loggedIn('admin');
    const api = await (await page.request.get(`${base}/api/supervision/indicators`)).json() as { indicators: { key: string; name: string; light: string }[] };
    const cards = page.locator('.sup-indicator');
    await expect.poll(() => cards.count()).toBe(api.indicators.length);
    for (let n = 0; n < api.indicators.length; n++) {
      const card = cards.nth(n);
      expect(await card.locator('.sup-value').innerText()).toMatch(/\d|—/);
      expect(LIGHT_WORDS).toContain(await card.locator('.sup-light').innerText());
    }
    expect(await page.locator('.sup-scope').innerText()).toContain('洞口县');
    expect(await englishWords(page, '.supervision-page')).toEqual([]);
    await shot(page, 'supervision-1440', true);

    // The planted 两无 person keeps 两无 poverty coverage from its target: the list names them (masked) and links to the household.
    await page.locator('.sup-indicator-coverage\\.lianwuOnDibao').click();
    const drawer = page.locator('.sup-drawer');
    await drawer.locator('.sup-trend canvas').first().waitFor();
    await expect.poll(() => drawer.locator('.sup-trend-table .ant-table-row').count()).toBe(12);
    const ranking = await (await page.request.get(`${base}/api/supervision/indicators/coverage.lianwuOnDibao/townships`)).json() as { rows: { name: string }[] };
    expect(ranking.rows.length).toBeGreaterThan(1);
    await expect.poll(() => drawer.locator('.sup-ranking-table .ant-table-row').count()).toBe(ranking.rows.length);
    const row = drawer.locator('.sup-list-table .ant-table-row', { hasText: '龙*业' });
    await row.waitFor();
    expect(await englishWords(page, '.sup-drawer')).toEqual([]);
    await shot(page, 'supervision-drawer-1440');
    await row.locator('.sup-household-link').click();
    await page.waitForURL(new RegExp(`#/households/${plantedId}$`));
    await page.context().close();
  });

  it('downloads the inspection pack of the chosen date as an xlsx naming every indicator and a PDF with pages, and records this month\'s snapshot', async () => {
    const page = await loggedIn('admin');
    const api = await (await page.request.get(`${base}/api/supervision/indicators`)).json() as { indicators: { name: string }[] };
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('.sup-pack-xlsx').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const cells = book.worksheets.flatMap((s) => s.getSheetValues().flat().map(String));
    for (const { name } of api.indicators) expect(cells.some((c) => c.includes(name)), name).toBe(true);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('.sup-pack-pdf').click()]);
    const bytes = readFileSync((await pdf.path())!).toString('latin1');
    expect(bytes.startsWith('%PDF')).toBe(true);
    expect((bytes.match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(0);

    // 重新排查: the search runs again as a job; its counts are shown when it ends.
    await page.getByRole('tab', { name: '应保未保/待复核' }).click();
    await page.locator('.sup-run-gaps').click();
    await expect.poll(() => page.locator('.sup-run-result').innerText()).toMatch(/评估户数\s*\d+/);
    await page.locator('.sup-gaps-table .ant-table-row', { hasText: '龙*业' }).first().waitFor();

    await page.getByRole('tab', { name: '月度快照' }).click();
    await page.locator('.sup-take-snapshot').click();
    const month = todayInChina().slice(0, 7);
    await page.locator('.sup-snapshots .ant-table-row', { hasText: month }).waitFor();
    await page.context().close();
  });

  it('shows 江口镇\'s officer only 江口镇, leads them from the workbench to a coverage gap they close, and fits a phone\'s 390 px', async () => {
    const page = await loggedIn('xiangzhen', 390);
    // The workbench names the open gap and leads to the gap tab.
    await page.goto(`${base}/#/`);
    await page.locator('.wb-gaps .wb-item', { hasText: '龙*业' }).first().waitFor();
    await page.locator('.wb-gaps .ant-card-extra a').click();
    await page.waitForURL(/#\/supervision\?tab=gaps$/);
    await page.locator('.sup-gaps-table .ant-table-row', { hasText: '龙*业' }).first().waitFor();
    await page.getByRole('tab', { name: '督导指标' }).click();
    await page.locator('.sup-indicator').first().waitFor();
    expect(await page.locator('.sup-scope').innerText()).toContain('江口镇');
    expect(await page.locator('.sup-area').count()).toBe(0); // no township to pick
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'supervision-390', true);
    await page.locator('.sup-indicator-coverage\\.lianwuOnDibao').click();
    const drawer = page.locator('.sup-drawer');
    await drawer.locator('.sup-list-table .ant-table-row', { hasText: '龙*业' }).waitFor();
    for (const township of await drawer.locator('.sup-list-table .ant-table-row td:nth-child(3)').allInnerTexts()) expect(township).toBe('江口镇');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await drawer.locator('.ant-drawer-close').click();

    // A gap of the planted person closed as not a gap, with the officer's note.
    await page.getByRole('tab', { name: '应保未保/待复核' }).click();
    const gap = page.locator('.sup-gaps-table .ant-table-row', { hasText: '龙*业' }).first();
    await gap.waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    const open = await database.db.select().from(coverageGaps).where(and(eq(coverageGaps.householdId, plantedId), eq(coverageGaps.status, 'open')));
    expect(open.length).toBeGreaterThan(0);
    await gap.locator('.sup-close-gap').click();
    const modal = page.locator('.sup-close-gap-modal');
    await checkSurely(modal.getByRole('radio', { name: '经核实不属于' }));
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.getByText('经核实不属于的，请填写核实情况').waitFor(); // a note is required
    await modal.getByLabel('说明').fill('已外出务工，收入超过标准');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await database.db.select().from(coverageGaps).where(eq(coverageGaps.id, open[0].id)))[0].status).toBe('closed');
    await expect.poll(() => page.locator('.sup-gaps-table .ant-table-row', { hasText: '龙*业' }).count()).toBe(open.length - 1);
    await shot(page, 'supervision-gaps-390');
    await page.context().close();
  });
});
