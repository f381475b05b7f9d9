/**
 * The desk in a real browser (issue 17, items 2, 4 and 7): each role lands on its 工作台 with what waits
 * for it; the auditor reads the audit log in Chinese words with the chain's state on top, filters it and
 * exports it; the empty 处置预警 form is refused and starts nothing. Screenshots of 审计日志 and 工作台 at
 * 1440 and 390 px go to docs/screens/ (when DOUDI_SCREENS=1) and to test-results/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { monitoringWarnings } from '../src/monitoring/schema.ts';
import { seedDemoCases } from '../src/cases/demo.ts';
import { createCase } from '../src/cases/store.ts';
import { households } from '../src/registry/schema.ts';
import { seedMonitoringDemo } from '../src/monitoring/demo.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase, openedDialog, signIn } from './support.ts';

const shots = 'test-results';
const docsScreens = process.env.DOUDI_SCREENS === '1' ? 'docs/screens' : null;
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  if (docsScreens) mkdirSync(docsScreens, { recursive: true });
  database = await openDemoDatabase(300);
  await seedDemoCases(database.db, DEMO_COUNTY);
  await seedMonitoringDemo(database.db);
  // The demo's cases sit in the county's first township; two applications wait in 江口镇, xiangzhen's.
  const xiangzhen = { username: 'xiangzhen', role: 'township_staff' as const, areaCode: '430525101' };
  const hs = await database.db.select({ id: households.id }).from(households).where(like(households.areaCode, '430525101%')).orderBy(asc(households.id)).limit(2);
  for (const h of hs) await createCase(database.db, xiangzhen, { channel: 'window', householdId: h.id, description: '申请低保', programs: [{ program: '低保' }], relativeDeclared: false });
  // A month prepared by 县民政局救助股 in the UI, waiting for a second county officer.
  await database.db.execute(sql`insert into payrolls (id, month, area_code, status, policy, summary, prepared_by, prepared_via)
    values ('e2e-payroll', '2026-11', ${DEMO_COUNTY}, 'prepared', '{}'::jsonb, '{"lines": 120, "totalYuan": 40800}'::jsonb, 'minzheng', 'ui')`);
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function login(username: string, width = 1440): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: width < 500 ? 844 : 900 }, isMobile: width < 500 });
  await signIn(page, base, username);
  await page.locator('.workbench').waitFor();
  await page.locator('.wb-mine').waitFor();
  return page;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  if (docsScreens) await page.screenshot({ path: `${docsScreens}/${name}.png`, fullPage: false });
}

const count = async (page: Page, part: string) => Number(await page.locator(`.${part} .wb-count`).innerText());

describe('工作台', () => {
  it('lands the township officer on the cases waiting for them, each a link to its case', async () => {
    const page = await login('xiangzhen');
    expect(await count(page, 'wb-mine')).toBeGreaterThan(0);
    const first = page.locator('.wb-mine .wb-item a').first();
    expect(await first.innerText()).toMatch(/^\p{Script=Han}\*/u); // a masked name
    await expect.poll(() => page.locator('.wb-warnings .wb-count').innerText()).toMatch(/^\d+$/);
    expect(await page.locator('.wb-payroll').count()).toBe(0); // approving payrolls is the county's
    await shot(page, 'workbench-1440');
    await first.click();
    await page.waitForURL(/#\/cases\/[^/]+$/);
    await page.close();
  });

  it('shows the county officer the payroll month to approve, and the statistics one click away', async () => {
    const page = await login('admin');
    expect(await count(page, 'wb-payroll')).toBe(1);
    await page.locator('.wb-payroll').getByText('待您审批').waitFor();
    await page.getByRole('button', { name: '统计' }).click();
    await page.locator('canvas').first().waitFor();
    await page.close();
    // The one who prepared it is told another officer approves it.
    const preparer = await login('minzheng');
    await preparer.locator('.wb-payroll').getByText('您编制的，须由他人审批').waitFor();
    await preparer.close();
  });

  it('shows the village officer the warnings of the village, and the auditor the reveals of the last 30 days', async () => {
    const cun = await login('cun', 390);
    expect(await count(cun, 'wb-warnings')).toBeGreaterThan(0);
    expect(await cun.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(cun, 'workbench-390');
    await cun.close();
    const auditor = await login('shenji');
    await auditor.locator('.wb-audit').waitFor();
    expect(await auditor.locator('.wb-findings').count()).toBe(0);
    await auditor.close();
  });
});

describe('审计日志', () => {
  it('reads in Chinese for the auditor: chain state on top, names, links, area names, details as pairs; filters and exports', async () => {
    // Something worth auditing: a township officer looks at a member's full numbers.
    const xz = await login('xiangzhen');
    await xz.goto(`${base}/#/households`);
    await xz.locator('.ant-table-row').first().click();
    await xz.waitForURL(/#\/households\/[^/]+$/);
    await xz.locator('button.reveal').first().click();
    await xz.getByText('已显示完整号码，本次查看已记入审计日志').waitFor();
    await xz.close();

    const page = await login('shenji');
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.locator('.audit-chain.ant-alert-success').getByText('哈希链完整：没有记录被修改或删除').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    const text = await page.locator('.audit-page').innerText();
    expect(text).toContain('登录');
    expect(text).toContain('县审计局');
    expect(text).toContain('江口镇');
    // No raw action key, raw target or JSON on the page.
    expect(text).not.toMatch(/\b(auth\.login|household\.create|member\.reveal|workflow\.task\.open)\b/);
    expect(text).not.toMatch(/\b(user|household|case):\w/);
    expect(text).not.toContain('{"');
    // The time stays on one line.
    const timeBox = await page.locator('.ant-table-row .audit-time').first().boundingBox();
    expect(timeBox!.height).toBeLessThan(30);

    await shot(page, 'audit-1440');

    // Filter by group: the reveal, with the member as a link to the household, masked.
    await page.getByRole('combobox', { name: '动作类别' }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('查看或导出完整号码').click();
    const row = page.locator('.ant-table-row').filter({ hasText: '查看成员完整身份证号和电话' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('江口镇社会救助窗口');
    const link = row.locator('a[href^="#/households/"]');
    expect(await link.innerText()).toMatch(/^成员：\p{Script=Han}\*/u);
    expect(await row.innerText()).toContain('身份证号、电话、出生日期');

    // The export: an xlsx of the filtered entries, itself audited.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导出 Excel/ }).click()]);
    const file = await download.path();
    expect(readFileSync(file!).subarray(0, 2).toString()).toBe('PK');
    await expect.poll(async () => (await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    const [exported] = await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'audit.export' and actor = 'shenji'`)
      .then((r) => ((r as unknown as { rows?: { n: number }[] }).rows ?? (r as unknown as { n: number }[])));
    expect(exported.n).toBe(1);
    await page.close();

    const phone = await login('shenji', 390);
    await phone.goto(`${base}/#/audit`);
    await phone.locator('.audit-cards .ant-list-item').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, 'audit-390');
    await phone.close();
  });
});

describe('处置预警', () => {
  it('refuses the empty form: no result is preselected, and nothing starts', async () => {
    const page = await login('cun');
    await page.goto(`${base}/#/monitoring`);
    const row = page.locator('.ant-table-row').filter({ has: page.getByRole('button', { name: /处\s?置/ }) }).first();
    await row.waitFor();
    await row.getByRole('button', { name: /处\s?置/ }).click();
    const d = await openedDialog(page);
    expect(await d.getByRole('radio', { checked: true }).count()).toBe(0);
    await d.getByRole('button', { name: '登记结果' }).click();
    await d.getByText('请选择处置结果').waitFor();
    await d.getByText('请填写核实情况（实地核查的结果）').waitFor();
    expect(await d.isVisible()).toBe(true);
    const handled = await database.db.select({ id: monitoringWarnings.id }).from(monitoringWarnings)
      .where(and(eq(monitoringWarnings.status, 'handled'), eq(monitoringWarnings.handledBy, 'cun')));
    expect(handled).toEqual([]);
    await page.close();
  });
});
