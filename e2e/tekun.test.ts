/**
 * 特困供养 in a real browser (issue 20): 江口镇's officer sees a 特困 person not assessed (care money withheld),
 * records a self-care assessment and admits the person into the township's 敬老院, then reads the figures
 * (集中供养率, bed use) — at 1440 px and on a phone's 390 px without sideways scrolling, in Chinese only; on
 * the phone the officer uploads the signed assessment form (the file itself as the body, audited).
 * Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { householdSnapshot } from '../src/cases/store.ts';
import { createEntitlement } from '../src/payments/entitlements.ts';
import { todayInChina } from '../src/registry/model.ts';
import { saveHousehold } from '../src/registry/store.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { createInstitution } from '../src/tekun/store.ts';
import { tekunAssessments, tekunFiles, tekunStays } from '../src/tekun/schema.ts';
import { launchChromium, openDemoDatabase, openedDialog, signIn } from './support.ts';

const shots = 'test-results';
const VILLAGE = '430525101201'; // 江口镇 江口村
const today = todayInChina();
const admin = { username: 'admin', role: 'county_admin' as const, areaCode: DEMO_COUNTY };

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let memberId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  database = await openDemoDatabase(100);
  const householdId = (await saveHousehold(database.db, admin, null, { areaCode: VILLAGE, ledgerKey: '919001', hukou: 'rural',
    members: [{ name: '石守田', idNumber: makeIdNumber('430525', '1941-05-06', 911, 'male'), relation: 'head', laborCapacity: 'none', supporter: 'none', monthlyIncomeYuan: 0 }] }, '测试')).id;
  const snapshot = await householdSnapshot(database.db, householdId);
  memberId = snapshot.members[0].id;
  await createEntitlement(database.db, { householdId, areaCode: VILLAGE, program: '特困', startMonth: today.slice(0, 7),
    bank: { bankName: '洞口农商银行', accountNo: '6230901234567891911', accountName: '石守田' }, snapshot, source: { kind: 'roster', fileSha256: 'e2e', row: 1 }, actor: 'e2e' });
  await createInstitution(database.db, admin, { areaCode: '430525101', name: '江口镇敬老院', kind: 'nursingHome', beds: 20, nursingBeds: 6, stars: 3, demonstration: false, manager: '王院长',
    phone: null, bank: { bankName: '洞口农商银行', accountNo: '6230909999000011112', accountName: '江口镇敬老院' } });
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
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, base, username);
  await page.locator('.workbench').waitFor();
  return page;
}

async function pickDate(modal: ReturnType<Page['locator']>, label: string, date: string) {
  const input = modal.getByLabel(label);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function englishWords(page: Page, selector: string): Promise<string[]> {
  const text = (await page.locator(selector).allInnerTexts()).join('\n');
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !['xlsx', 'png', 'pdf'].includes(w.toLowerCase()));
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('特困供养 in the browser', () => {
  it('lets the township officer assess and admit a 特困 person, and shows the figures, at 1440 and 390 px', async () => {
    const page = await loggedIn('xiangzhen', { width: 1440, height: 900 });
    // The 工作台 names the person to assess.
    await page.locator('.wb-tekun').getByText('石*田').waitFor();
    await page.goto(`${base}/#/tekun`);
    const row = page.locator('.tekun-persons .ant-table-row', { hasText: '石*田' });
    await row.getByText('未评估，照料护理费暂停').waitFor();
    expect(await englishWords(page, '.tekun-tabs')).toEqual([]);

    await row.locator('.tekun-assess').click();
    let modal = await openedDialog(page);
    await modal.getByText('生活自理能力评估').first().waitFor();
    await pickDate(modal, '评估日期', today);
    await modal.getByLabel('评估人或评估机构').fill('县民政局评估小组');
    await modal.getByText('全护理').click();
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await row.getByText('全护理').waitFor();
    expect(await database.db.select().from(tekunAssessments).where(eq(tekunAssessments.memberId, memberId))).toHaveLength(1);

    await row.locator('.tekun-admit').click();
    modal = await openedDialog(page);
    await modal.getByText('办理入住').first().waitFor();
    await modal.getByLabel('供养机构').click();
    await page.locator('.ant-select-item-option', { hasText: '江口镇敬老院' }).click();
    await pickDate(modal, '入住日期', today);
    await modal.getByLabel('入住原因').fill('本人自愿');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await row.getByText('集中供养').waitFor();
    expect(await database.db.select().from(tekunStays).where(eq(tekunStays.memberId, memberId))).toHaveLength(1);
    await page.screenshot({ path: `${shots}/tekun-persons.png`, fullPage: true });

    await page.getByRole('tab', { name: '统计' }).click();
    const figures = page.locator('.tekun-figures');
    await figures.waitFor();
    await expect.poll(async () => figures.innerText()).toMatch(/集中供养率\s*100\.0%/);
    expect(await englishWords(page, '.tekun-tabs')).toEqual([]);
    await page.screenshot({ path: `${shots}/tekun-figures.png`, fullPage: true });
    await page.context().close();

    const phone = await loggedIn('xiangzhen', { width: 390, height: 844 });
    for (const tab of ['供养情况', '供养机构', '统计']) {
      await phone.goto(`${base}/#/tekun`);
      await phone.getByRole('tab', { name: tab }).click();
      await phone.locator('.tekun-tabs .ant-tabs-tabpane-active .ant-card').first().waitFor();
      expect(await noSidewaysScroll(phone), tab).toBeLessThanOrEqual(390);
    }
    await phone.screenshot({ path: `${shots}/tekun-phone.png`, fullPage: true });
    await phone.context().close();
  });

  it('uploads the assessment form from a phone at 390 px, and lists it under the assessment', async () => {
    const phone = await loggedIn('xiangzhen', { width: 390, height: 844 });
    await phone.goto(`${base}/#/tekun`);
    const row = phone.locator('.tekun-persons .ant-table-row', { hasText: '石*田' });
    await row.locator('.tekun-papers').click();
    const modal = phone.locator('.tekun-papers-modal');
    const assessment = modal.locator('.tekun-assessment').first();
    await assessment.getByText('未上传').waitFor();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('e2e assessment form')]);
    await assessment.locator('.ant-upload input[type=file]').setInputFiles({ name: '自理能力评估表.png', mimeType: 'image/png', buffer: png });
    await assessment.locator('.tekun-paper', { hasText: '自理能力评估表.png' }).waitFor();
    const [assessed] = await database.db.select().from(tekunAssessments).where(eq(tekunAssessments.memberId, memberId));
    expect(await database.db.select({ ownerKind: tekunFiles.ownerKind, fileName: tekunFiles.fileName, mime: tekunFiles.mime }).from(tekunFiles).where(eq(tekunFiles.ownerId, assessed.id)))
      .toEqual([{ ownerKind: 'assessment', fileName: '自理能力评估表.png', mime: 'image/png' }]);
    expect(await englishWords(phone, '.tekun-papers-modal')).toEqual([]);
    expect(await noSidewaysScroll(phone)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: `${shots}/tekun-phone-upload.png`, fullPage: true });
    await phone.context().close();
  });
});
