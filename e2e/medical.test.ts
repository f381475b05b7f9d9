/**
 * Medical assistance in a real browser (issue 19): a county officer uploads the insurance platform's
 * settlement file on the 医疗救助 page and sees what was settled, is shown the row errors of a wrong
 * file (nothing written) and that re-loading a file settles nothing twice, then sees the year's
 * figures — registered-poor inpatients topped up to the pack's 90 % and the share settled one-stop.
 * The household page shows the member's medical category and what is left of the year's cap; both
 * pages fit a phone's 390 px. The demo pack is published again with 正安's top-up to 90 % (004:L30).
 * Screenshots go to test-results/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { parseDocument } from 'yaml';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { medicalSettlements } from '../src/medical/schema.ts';
import { createEntitlement } from '../src/payments/entitlements.ts';
import { publishPolicy } from '../src/policy/store.ts';
import { todayInChina } from '../src/registry/model.ts';
import { loadSnapshots, saveHousehold } from '../src/registry/store.ts';
import { toEvaluationInput } from '../src/registry/toEvaluation.ts';
import { DEMO_COUNTY, DEMO_LOGINS } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase } from './support.ts';

const shots = 'test-results';
const VILLAGE = '430525101201'; // 江口镇 江口村
const year = todayInChina().slice(0, 4);
const day = `${year}-01-01`; // never in the future, and in the year the pages show first
const admin = { username: 'system', role: 'county_admin' as const, areaCode: DEMO_COUNTY };
const P = { longTerm: makeIdNumber('430525', '1949-02-03', 901, 'male'), poor: makeIdNumber('430525', '1966-07-08', 903, 'female') };

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let files: string;
let longTermId: string;

const HEADER = '结算编号,身份证号,姓名,就诊类型,医院级别,医院名称,结算日期,医疗总费用,政策范围内费用,基本医保支付,大病保险支付,医疗救助支付,病种,结算方式';
const GOOD = [
  `E2E-YB-001,${P.longTerm},龙长久,住院,县级及以下,洞口县人民医院,${day},20000,18000,8000,2000,,,一站式`,
  `E2E-YB-002,${P.poor},蒲秀芝,住院,县级及以下,洞口县人民医院,${day},10000,6000,4000,500,,,个人垫付`,
];

const settled = async () => (await database.db.select({ n: count() }).from(medicalSettlements))[0].n;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  files = join(tmpdir(), `doudi-e2e-medical-${process.pid}`);
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, '结算数据.csv'), '\uFEFF' + [HEADER, ...GOOD].join('\r\n'));
  writeFileSync(join(files, '有错误的结算数据.csv'), [HEADER,
    `E2E-YB-101,${P.longTerm},龙长久,住院,县级及以下,洞口县人民医院,${day},500,500,100,0,,,一站式`,
    `E2E-YB-102,${P.poor.slice(0, 17)}${P.poor.endsWith('0') ? '1' : '0'},蒲秀芝,住院,县级及以下,洞口县人民医院,${day},500,500,100,0,,,一站式`].join('\n'));
  database = await openDemoDatabase(200);
  const doc = parseDocument(readFileSync(join(process.cwd(), 'policies', 'demo-dongkou.yaml'), 'utf8'));
  doc.setIn(['parameters', 'medical', 'topUp'], doc.createNode({ ratio: 0.9 }));
  await publishPolicy(database.db, admin, doc.toString(), '医疗救助补足到 90%');
  // A 低保 household of one member who cannot work (低保长期保障户) and a registered-poor household.
  longTermId = (await saveHousehold(database.db, admin, null, { areaCode: VILLAGE, ledgerKey: '909001', hukou: 'rural',
    members: [{ name: '龙长久', idNumber: P.longTerm, relation: 'head', laborCapacity: 'none', monthlyIncomeYuan: 0 }] }, '测试')).id;
  const s = (await loadSnapshots(database.db, [longTermId])).get(longTermId)!;
  await createEntitlement(database.db, { householdId: longTermId, areaCode: VILLAGE, program: '低保', startMonth: `${year}-01`,
    bank: { bankName: '洞口农商银行', accountNo: '6230901234567890901', accountName: '龙长久' },
    snapshot: toEvaluationInput(s.household, s.members), source: { kind: 'roster', fileSha256: 'e2e', row: 1 }, actor: 'e2e' });
  await saveHousehold(database.db, admin, null, { areaCode: VILLAGE, ledgerKey: '909002', hukou: 'rural', registeredPoor: true,
    members: [{ name: '蒲秀芝', idNumber: P.poor, relation: 'head', monthlyIncomeYuan: 3000 }] }, '测试');
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

async function loggedIn(username: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_LOGINS.find((u) => u.username === username)!.password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.locator('.workbench').waitFor();
  return page;
}

/** Chinese UI: no Latin word of three letters or more (raw keys, English labels) outside file formats and encodings. */
async function englishWords(page: Page, selector: string): Promise<string[]> {
  const text = (await page.locator(selector).allInnerTexts()).join('\n');
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !['xlsx', 'csv', 'UTF', 'GBK'].includes(w));
}

describe('medical assistance in the browser', () => {
  it('lets a county officer upload a settlement file (row errors, nothing twice) and see the year\'s figures', async () => {
    const page = await loggedIn('minzheng');
    await page.goto(`${base}/#/medical`);
    const upload = page.locator('.medical-upload input[type=file]');

    await upload.setInputFiles(join(files, '有错误的结算数据.csv'));
    await page.getByText('结算数据有错误，未写入任何数据').waitFor();
    const errors = page.locator('.medical-row-errors');
    await errors.getByText('身份证号', { exact: true }).waitFor();
    expect(await errors.locator('.ant-table-row').first().innerText()).toMatch(/^3\s+身份证号/);
    expect(await settled()).toBe(0);
    await page.screenshot({ path: `${shots}/medical-row-errors.png`, fullPage: true });

    await upload.setInputFiles(join(files, '结算数据.csv'));
    await page.getByText('全部结算数据已载入').waitFor();
    const result = page.locator('.medical-upload-result');
    expect(await result.innerText()).toMatch(/本次结算\s*2/);
    const rows = await database.db.select().from(medicalSettlements);
    expect(rows.map((r) => [r.settlementNo, r.category]).sort()).toEqual([['E2E-YB-001', 'dibaoLongTerm'], ['E2E-YB-002', 'registeredPoor']]);
    // The list shows the settlements with Chinese category names and masked ID numbers.
    const list = page.locator('.medical-settlements');
    await list.getByText('低保长期保障户').waitFor();
    await list.getByText('脱贫户（建档立卡）').waitFor();
    expect(await list.innerText()).not.toContain(P.longTerm);

    // The same file again: everything skipped, nothing written.
    await upload.setInputFiles(join(files, '结算数据.csv'));
    await expect.poll(async () => result.innerText()).toMatch(/已结算过（跳过）\s*2/);
    expect(await settled()).toBe(2);
    expect(await englishWords(page, '.medical-tabs .ant-tabs-nav, .medical-upload, .medical-settlements')).toEqual([]);
    await page.screenshot({ path: `${shots}/medical-settlements.png`, fullPage: true });

    // The figures: the registered-poor inpatient is topped up to the pack's 90 %; one of the two assisted settlements was one-stop.
    await page.getByRole('tab', { name: '统计' }).click();
    await page.locator('.medical-figures canvas').first().waitFor();
    await expect.poll(async () => page.locator('.medical-poor-ratio').innerText()).toMatch(/目标 90\.0%[\s\S]*90\.0%/);
    expect(await page.locator('.medical-one-stop').innerText()).toContain('50.0%');
    expect(await englishWords(page, '.medical-figures')).toEqual([]);
    await page.screenshot({ path: `${shots}/medical-figures.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 xlsx/ }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按救助类别', '按乡镇', '指标']);
    const byCategory = wb.getWorksheet('按救助类别')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(byCategory).toEqual(expect.arrayContaining([['低保长期保障户', 1, 1, 8000, 0]]));

    // The identity list: the 低保 member with 先诊疗后付费; ID numbers masked on the page.
    await page.getByRole('tab', { name: '资助参保与身份标识' }).click();
    const identities = page.locator('.medical-identities');
    await identities.locator('.medical-identities-search input').fill('龙长久');
    await identities.locator('.medical-identities-search input').press('Enter');
    await identities.getByText('龙长久').waitFor();
    const row = await identities.locator('.ant-table-row', { hasText: '龙长久' }).innerText();
    expect(row).toMatch(/低保长期保障户[\s\S]*是/);
    expect(row).not.toContain(P.longTerm);
    await page.locator('.medical-premium').getByText('资助人数').waitFor();
    expect(await englishWords(page, '.medical-premium .ant-card-body, .medical-identities .ant-card-body')).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('shows the household\'s medical category and cap left, at phone width', async () => {
    const [stored] = await database.db.select().from(medicalSettlements).where(eq(medicalSettlements.settlementNo, 'E2E-YB-001'));
    expect(stored).toMatchObject({ assistanceFen: 8000_00, capRemainingFen: 22000_00 });
    const phone = await loggedIn('minzheng', { width: 390, height: 844 });
    await phone.goto(`${base}/#/households/${longTermId}`);
    const block = phone.locator('.household-medical');
    await block.waitFor();
    const members = block.locator('.household-medical-members');
    await members.getByText('低保长期保障户').waitFor();
    expect(await members.innerText()).toContain('22000.00');
    expect(await members.innerText()).toContain('8000.00');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await englishWords(phone, '.household-medical')).toEqual([]);
    await phone.screenshot({ path: `${shots}/medical-household-phone.png`, fullPage: true });

    await phone.goto(`${base}/#/medical`);
    await phone.locator('.medical-settlements').getByText('低保长期保障户').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByRole('tab', { name: '统计' }).click();
    await phone.locator('.medical-figures canvas').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: `${shots}/medical-figures-phone.png`, fullPage: true });
    await phone.context().close();
  }, 180_000);
});
