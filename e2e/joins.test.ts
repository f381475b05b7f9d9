/**
 * Joins a county clerk follows without retyping (issue 17, item 6), in Chromium: the login page leads
 * citizens to 掌上办; a citizen's application becomes a household from a form filled from the application,
 * saved back onto the case; the new household carries the county's readable 户编号 (never its internal id)
 * and lists its cases with their current step, each a link to the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { cases } from '../src/cases/schema.ts';
import { applyPublic } from '../src/cases/public.ts';
import { createCase } from '../src/cases/store.ts';
import { members } from '../src/registry/schema.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { DEMO_LOGINS } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase } from './support.ts';

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  database = await openDemoDatabase(30);
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function login(page: Page, username: string) {
  await page.goto(base);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_LOGINS.find((u) => u.username === username)!.password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.getByLabel('密码').waitFor({ state: 'detached' });
}

describe('joins', () => {
  it('leads a citizen from the login page to 掌上办', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(base);
    await page.getByRole('link', { name: /群众掌上办/ }).click();
    await page.locator('.public-title', { hasText: '掌上办' }).waitFor();
    expect(page.url()).toMatch(/#\/public$/);
    await page.close();
  });

  it('turns a citizen\'s application into a household filled from it, back on the case; the household shows its 户编号 and its case', async () => {
    const idNumber = makeIdNumber('430525', '1972-04-18', 37, 'female');
    const { number } = await applyPublic(database.db, { name: '向春梅', idNumber, phone: '13712345678', areaCode: '430525101201', description: '丈夫车祸住院' });
    const [c] = await database.db.select().from(cases).where(eq(cases.number, number));
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'xiangzhen');
    await page.goto(`${base}/#/cases/${c.id}`);
    await page.locator('.new-household-from-case').click();

    // Filled from the application: the name, the village, the ID and phone numbers as the masked hint.
    await page.locator('.from-application', { hasText: number }).waitFor();
    await expect.poll(() => page.getByLabel('姓名').inputValue()).toBe('向春梅');
    await page.locator('.member-form').getByText(/现为 430525\*+/).waitFor();
    await page.getByText('江口村').first().waitFor();
    await page.getByRole('button', { name: /保\s*存/ }).click();

    // Saved: back on the case, now with its household.
    await page.waitForURL(new RegExp(`#/cases/${c.id}$`));
    const link = page.locator('.case-household .ant-card-head-title a', { hasText: '向春梅' });
    await link.waitFor();
    const [head] = await database.db.select().from(members).where(eq(members.idNumber, idNumber));
    expect(head.phone).toBe('13712345678');
    expect(head.householdId).toBeTruthy();

    // A second case of the household, at its first step, the way the window would register it.
    const later = await createCase(database.db, { username: 'xiangzhen', role: 'township_staff', areaCode: '430525101' },
      { channel: 'window', householdId: head.householdId, description: '申请低保', programs: [{ program: '低保' }], relativeDeclared: false });
    await link.click();
    await page.waitForURL(/#\/households\//);
    const key = (await page.locator('.ant-descriptions-item', { hasText: '户编号' }).locator('.ant-descriptions-item-content').textContent())!;
    expect(key).toMatch(/^430525-\d{6}$/);
    expect(key).not.toContain(head.householdId);
    const second = page.locator('.household-cases .household-case', { hasText: later.number });
    await second.waitFor();
    expect(await second.locator('.case-program-step').allTextContents()).toEqual(['低保：待受理']);
    const item = page.locator('.household-cases .household-case', { hasText: number });
    expect(await item.textContent()).toContain('办理中');
    await item.locator('.case-link').click();
    await page.waitForURL(new RegExp(`#/cases/${c.id}$`));
    await page.close();
  });
});
