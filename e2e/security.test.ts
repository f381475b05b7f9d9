/**
 * The Content-Security-Policy in a real browser: the built UI (Ant Design's inline styles, the ECharts
 * canvas, the users page) and the API documentation at /api/docs run without a single violation; a
 * weak password is refused next to its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/db/connection.ts';
import { DEMO_COUNTY, DEMO_PASSWORD, seedAreas, seedDemoHouseholds, seedDemoUsers } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openEmptyDatabase, openedDialog } from './support.ts';

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  database = await openEmptyDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoUsers(database.db);
  await seedDemoHouseholds(database.db, 40);
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await app?.close(); await database?.close(); });

/** A page that records every CSP violation, from the console and from the DOM's own event. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
  await page.exposeFunction('reportCspViolation', (v: string) => { violations.push(v); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, violations };
}

describe('Content-Security-Policy in the browser', () => {
  it('lets the built UI log in, draw its chart and open the users page without a violation', async () => {
    const { page, violations } = await watchedPage();
    const reply = await page.goto(base);
    expect(reply!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.locator('.workbench').waitFor();
    await page.getByRole('menuitem', { name: /(^|\s)统计$/ }).click();
    await page.locator('canvas').first().waitFor();
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('button', { name: /新建用户/ }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('用户名').fill('weakling');
    await dialog.getByLabel('显示名称').fill('弱密码测试');
    await dialog.getByLabel('密码').fill('Doudi20266');
    await dialog.getByLabel('角色').click();
    await page.getByTitle('县级部门工作人员').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // The server's refusal (zxcvbn score too low) is shown at the password field.
    await dialog.getByText(/密码太容易被猜中/).waitFor();
    await page.screenshot({ path: 'test-results/csp-users.png' });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('renders the API documentation with its security schemes and no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${base}/api/docs`);
    await page.locator('.swagger-ui .info .title').filter({ hasText: '兜底 Doudi API' }).waitFor();
    await page.locator('.opblock').first().waitFor();
    await page.getByRole('button', { name: /Authorize/ }).waitFor();
    await page.screenshot({ path: 'test-results/csp-api-docs.png' });
    expect(violations).toEqual([]);
    await page.close();
  });
});
