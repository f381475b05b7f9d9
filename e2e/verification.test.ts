/**
 * 家庭经济状况核对 in a real browser: county staff upload a wage feed (one bad row listed), run the
 * whole-registry re-check and watch its progress to the end, then resolve the finding on the
 * household page and see the registry change (the member's income and the history entry).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { households, members } from '../src/registry/schema.ts';
import { DEMO_LOGINS } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase } from './support.ts';

const shots = 'test-results';
const dir = mkdtempSync(join(tmpdir(), 'doudi-e2e-verify-'));
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  database = await openDemoDatabase(200);
  app = await buildServer(database, { feedDir: join(dir, 'feeds') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await app?.close(); await database?.close(); rmSync(dir, { recursive: true, force: true }); });

async function login(page: Page, username: string) {
  await page.goto(base);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_LOGINS.find((u) => u.username === username)!.password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.locator('.workbench').waitFor();
}

describe('verification in the browser', () => {
  it('uploads a feed with its error report, re-checks with progress, and confirming a finding corrects the registry', async () => {
    const [h] = await database.db.select().from(households).where(and(like(households.areaCode, '430525101%'), eq(households.status, 'active'))).orderBy(asc(households.id)).limit(1);
    const [m] = await database.db.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active'))).orderBy(asc(members.position)).limit(1);
    const wage = m.monthlyIncomeFen / 100 + 2345;
    const feed = join(dir, '人社工资.csv');
    writeFileSync(feed, `身份证号,姓名,单位,月工资\n${m.idNumber},${m.name},洞口县某厂,${wage}\n123,坏号码,某厂,100\n`);

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'minzheng');
    await page.getByRole('menuitem', { name: '家庭经济状况核对' }).click();
    await page.locator('.feed-source').click();
    await page.getByTitle('人社 社保缴费/工资').click();
    await page.locator('.feed-period input, input.feed-period').fill('2024-11');
    await page.locator('input[type=file]').setInputFiles(feed);
    await page.locator('.feed-result').getByText('1 行有错误，未载入；其余 1 行已载入。').waitFor();
    await page.locator('.feed-result').getByRole('cell', { name: /18位/ }).waitFor();

    await page.locator('.verify-start').click();
    await page.locator('.verify-job .ant-progress').waitFor();
    await page.locator('.verify-done').waitFor({ timeout: 60_000 });
    expect(await page.locator('.verify-job .ant-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await page.locator('.verify-job').textContent()).toMatch(/已核对 (\d+) \/ \1 户/);
    expect(await page.locator('.verify-done').textContent()).toContain('工资收入 1');
    await page.screenshot({ path: `${shots}/verification-recheck.png` });

    await page.goto(`${base}/#/households/${h.id}`);
    const panel = page.locator('.findings');
    await panel.getByText('工资收入').waitFor();
    await panel.locator('.finding-confirm').click();
    await page.getByText('确认后将更正登记信息（记入变更历史）').waitFor();
    await page.locator('.finding-confirm-ok').click();
    await panel.getByText('已确认').waitFor();
    await page.getByText(/核对确认：工资收入/).first().waitFor();
    await page.screenshot({ path: `${shots}/verification-household.png` });
    const [after] = await database.db.select().from(members).where(eq(members.id, m.id));
    expect(after.monthlyIncomeFen).toBe(Math.round(wage * 100));
  });
});
