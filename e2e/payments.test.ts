/**
 * Payments in a real browser (issue 10): a county officer prepares this month's payroll and is told
 * a second person must approve it; a second county officer approves it and downloads the bank file
 * (contract columns, total line), seeing account numbers masked until asking for them whole (audited);
 * a month prepared in error is withdrawn from its page. The household page shows the payment history.
 * Screenshots go to test-results/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { auditLog } from '../src/auth/schema.ts';
import { payrolls } from '../src/payments/schema.ts';
import { DEMO_COUNTY, DEMO_LOGINS } from '../src/registry/seed.ts';
import { seedDemoPayments } from '../src/payments/demo.ts';
import { approvePayroll, runPayroll } from '../src/payments/payroll.ts';
import { PolicySource } from '../src/payments/policySource.ts';
import { addMonth, currentMonth } from '../src/payments/months.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase } from './support.ts';

const shots = 'test-results';
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const month = currentMonth();

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  database = await openDemoDatabase(200);
  // Demo payments a month back: two approved months and last month prepared; last month is approved here, this month is left to the browser.
  expect(await seedDemoPayments(database.db, DEMO_COUNTY, { households: 120, month: addMonth(month, -1) })).toBeGreaterThan(0);
  await approvePayroll(database.db, addMonth(month, -1), DEMO_COUNTY, { username: 'admin', via: 'ui' });
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function loggedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_LOGINS.find((u) => u.username === username)!.password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.locator('.workbench').waitFor();
  return page;
}

describe('payroll in the browser', () => {
  it('is prepared by one county officer, approved by a second, and gives the bank file', async () => {
    const preparer = await loggedIn('minzheng');
    await preparer.goto(`${base}/#/payroll`);
    await preparer.getByRole('button', { name: '生成发放名册' }).click();
    await preparer.getByText(`${month} 发放名册已生成`).waitFor();
    await preparer.getByText('您生成了此名册，须由另一位县级工作人员审批').waitFor();
    expect(await preparer.getByRole("button", { name: /审\s?批$/ }).count()).toBe(0);
    await preparer.screenshot({ path: `${shots}/payments-prepared.png`, fullPage: true });
    await preparer.context().close();

    const approver = await loggedIn('admin');
    await approver.goto(`${base}/#/payroll`);
    await approver.getByRole("button", { name: /审\s?批$/ }).first().click();
    await approver.getByRole("button", { name: /审\s?批$/ }).last().click();
    await approver.getByText('已审批锁定').waitFor();
    const [row] = await database.db.select().from(payrolls).where(eq(payrolls.month, month));
    expect(row).toMatchObject({ status: 'approved', preparedBy: 'minzheng', approvedBy: 'admin' });

    // Account numbers come masked to the last 4 digits; whole only on request, audited as a reveal.
    await approver.locator('.ant-table-tbody td').filter({ hasText: /^\*+\d{4}$/ }).first().waitFor();
    expect(await approver.locator('.ant-table-tbody td').filter({ hasText: /^\d{12,30}$/ }).count()).toBe(0);
    await approver.getByRole('button', { name: '显示完整银行账号（记入审计日志）' }).click();
    await approver.locator('.ant-table-tbody td').filter({ hasText: /^\d{12,30}$/ }).first().waitFor();
    expect(await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.reveal'), eq(auditLog.actor, 'admin')))).toHaveLength(1);

    const [download] = await Promise.all([approver.waitForEvent('download'), approver.getByRole('link', { name: /CSV/ }).click()]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('序号,账户名,银行账号,开户银行,身份证号,金额,救助项目,所属期,乡镇,村（社区）');
    expect(lines.at(-1)).toMatch(/^合计,,,,,\d+\.\d{2},,,,$/);
    expect(lines).toHaveLength(2 + Number(row.summary.lines));
    await approver.screenshot({ path: `${shots}/payments-approved.png`, fullPage: true });

    await approver.goto(`${base}/#/payments/report`);
    await approver.getByText('按月份、项目、乡镇').waitFor();
    await approver.locator('canvas').first().waitFor();
    await approver.screenshot({ path: `${shots}/payments-report.png`, fullPage: true });
    await approver.context().close();
  }, 180_000);

  it('withdraws a month prepared in error from its page, with a reason, so the month is free again', async () => {
    const next = addMonth(month, 1);
    await runPayroll(database.db, { month: next, area: DEMO_COUNTY, policy: PolicySource.published(database.db), by: { username: 'minzheng', via: 'ui' } });
    const page = await loggedIn('admin');
    await page.goto(`${base}/#/payroll`);
    await page.getByRole('cell', { name: next, exact: true }).click();
    await page.getByRole('button', { name: '撤回名册' }).click();
    await page.getByLabel('撤回原因').fill('误生成了下个月');
    await page.getByRole('button', { name: /^撤\s?回$/ }).click();
    await page.getByText(`${next} 发放名册已撤回`).waitFor();
    await page.getByText(`${next} 尚未生成发放名册`).waitFor();
    expect(await database.db.select().from(payrolls).where(eq(payrolls.month, next))).toEqual([]);
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'payroll.withdraw'));
    expect(entry).toMatchObject({ actor: 'admin', detail: { month: next, reason: '误生成了下个月' } });
    await page.context().close();
  }, 120_000);
});
