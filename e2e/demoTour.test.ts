/**
 * The demo county shows a whole 低保 approval in one sitting (issue 17, item 9), in Chromium: seeded as on a
 * first start, xiangzhen opens the households README names and finds, from each household page, the case
 * approved and paid, the case in 公示 with an objection, and the case overdue and escalated (督办), which
 * the 已逾期 queue also lists. The first 500 households of the demo seed hold the same 江口镇 households as
 * the 2,000 of `npm start` (src/cases/demoReadme.db.test.ts checks README's whole table).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/db/connection.ts';
import { households } from '../src/registry/schema.ts';
import { seedDemoCounty } from '../src/serveCommand.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openEmptyDatabase, signIn } from './support.ts';

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

/** README's 户编号 for a row of "演示县里看什么", by the words the row starts with. */
function readmeKey(what: string): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const row = readme.split('\n').find((l) => l.startsWith(`| ${what}`));
  return /\| (DEMO\d{6}) \|/.exec(row ?? '')![1];
}

beforeAll(async () => {
  database = await openEmptyDatabase();
  await seedDemoCounty(database.db, 500);
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function login(page: Page, username: string) {
  await signIn(page, base, username);
}

/** Opens the household README names and, from its 救助案件, the case; resolves on the case page. */
async function openCaseOf(page: Page, what: string, step: string) {
  const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, readmeKey(what)));
  await page.goto(`${base}/#/households/${h.id}`);
  const item = page.locator('.household-cases .household-case', { has: page.locator('.case-program-step', { hasText: step }) });
  await item.waitFor();
  await item.locator('.case-link').click();
  await page.locator('.case-page').waitFor();
}

describe('the demo county in one sitting', () => {
  it('shows xiangzhen a 低保 approved and paid, one in 公示 with an objection, and one overdue and escalated', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'xiangzhen');

    // Paid: the household's payment record has 低保 in an approved payroll month.
    const [paid] = await database.db.select().from(households).where(eq(households.ledgerKey, readmeKey('已批准并发放')));
    await page.goto(`${base}/#/households/${paid.id}`);
    await page.locator('.payment-history .ant-table-row', { hasText: '低保' }).filter({ hasText: '已审批' }).first().waitFor();
    await openCaseOf(page, '已批准并发放', '低保：已批准');
    await expect.poll(() => page.locator('.program-card .program-state').first().textContent()).toBe('已批准');

    await openCaseOf(page, '公示中', '低保：公示中');
    await page.locator('.program-card', { hasText: '公示有异议' }).waitFor();

    await openCaseOf(page, '受理后逾期', '低保：入户调查');
    await page.locator('.program-card').getByText(/督办/).first().waitFor();

    await page.goto(`${base}/#/cases?view=overdue`);
    await page.locator('.ant-table-row', { hasText: '督办' }).first().waitFor();
    await page.close();
  });
});
