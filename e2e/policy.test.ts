/**
 * 政策包 without YAML in a real browser: a county admin changes the 农村低保标准 of the second period
 * in the form, sees the difference from the current version in Chinese and the preview by township,
 * publishes with a reason (a new version, audited); a bad value gets a Chinese message at its field.
 * And calendar honesty: 办件 and 工作日历 warn when an open deadline falls in a year without holiday data.
 * With DOUDI_SCREENS=1 it also writes the screenshots of docs/screens/ (政策包 at 1440 and 390 px).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { auditLog } from '../src/auth/schema.ts';
import { policyVersions } from '../src/policy/schema.ts';
import { DEMO_LOGINS } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { COVERED_YEARS } from '../src/workflow/calendar.ts';
import { workflowTasks } from '../src/workflow/schema.ts';
import { launchChromium, openDemoDatabase } from './support.ts';

const screens = process.env.DOUDI_SCREENS ? 'docs/screens' : null;
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (screens) mkdirSync(screens, { recursive: true });
  database = await openDemoDatabase(200);
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await app?.close(); await database?.close(); });

async function login(page: Page, username: string) {
  await page.goto(base);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_LOGINS.find((u) => u.username === username)!.password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor({ state: 'attached' });
}

const row = (page: Page, name: string) => page.locator(`[data-param="${name}"]`);

describe('policy pack edited as a form', () => {
  it('changes a standard in the form, shows the difference and the preview by township, and publishes it with a reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await login(page, 'admin');
    await page.goto(`${base}/#/policy`);
    // The current version in words, no YAML.
    await page.getByRole('cell', { name: '农村低保标准' }).first().waitFor();
    await expect.poll(() => page.locator('.policy-page').innerText()).not.toMatch(/demo value|dibao\.|parameters:/);
    await page.getByRole('tab', { name: '修改与发布' }).click();
    const rural = row(page, 'dibao.standard.rural');
    await expect.poll(() => rural.innerText()).toContain('农村低保标准');
    expect(await rural.innerText()).toContain('依据：演示值');
    expect(await rural.locator('.dated-table tbody tr').count()).toBe(2);
    await rural.locator('.dated-table tbody tr').nth(1).locator('input.ant-input-number-input').fill('480');
    await rural.locator('.param-cite').fill('县政府常务会议纪要〔2024〕5号');
    await page.getByRole('button', { name: '检查并测算' }).click();
    const differences = page.locator('.policy-differences');
    await differences.getByRole('cell', { name: '2024-07-01 起 480 元/人/月' }).waitFor();
    expect(await differences.locator('tbody tr').count()).toBe(1);
    expect(await differences.innerText()).toContain('2024-01-01 起 420 元/人/月；2024-07-01 起 450 元/人/月');
    await page.locator('.policy-townships').getByRole('cell', { name: '江口镇' }).waitFor();
    await page.getByRole('heading', { name: '与现行版本的差异' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    if (screens) await page.screenshot({ path: `${screens}/policy-1440.png` });

    await page.getByLabel('发布理由').fill('县政府常务会议决定提高农村低保标准');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByText('已发布新版本').waitFor();
    const [latest] = await database.db.select().from(policyVersions).orderBy(desc(policyVersions.id)).limit(1);
    expect(latest).toMatchObject({ version: 2, publishedBy: 'admin', note: '县政府常务会议决定提高农村低保标准' });
    expect(latest.yaml).toContain('rural: { "2024-01-01": 420, "2024-07-01": 480 }  # 县政府常务会议纪要〔2024〕5号');
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'policy.publish'), eq(auditLog.target, `policy:${latest.id}`)));
    expect(audit.detail).toMatchObject({ note: '县政府常务会议决定提高农村低保标准', changed: ['dibao.standard.rural'] });
    await page.close();
  });

  it('refuses a bad value with a Chinese message at the parameter, and publishes nothing', async () => {
    const before = await database.db.select().from(policyVersions);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await login(page, 'admin');
    await page.goto(`${base}/#/policy`);
    await page.getByRole('tab', { name: '修改与发布' }).click();
    const elderly = row(page, 'dibao.surcharge.elderly');
    await elderly.locator('input').fill('20');
    await page.getByRole('button', { name: '检查并测算' }).click();
    await elderly.locator('.param-error-text').getByText('老年人分类施保比例：应为0 到 1 之间的比例（如 0.2 或 1/3；20% 写作 0.2），实际为 20').waitFor();
    expect(await page.locator('.policy-preview').count()).toBe(0);
    expect(await database.db.select().from(policyVersions)).toHaveLength(before.length);
    await page.close();
  });

  it('fits a phone: the form at 390 px does not scroll sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await login(page, 'admin');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/#/policy`);
    await page.getByRole('tab', { name: '修改与发布' }).click();
    await row(page, 'dibao.standard.rural').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (screens) await page.screenshot({ path: `${screens}/policy-390.png` });
    await page.close();
  });
});

describe('calendar honesty', () => {
  it('warns on 办件 and 工作日历 when an open deadline falls in a year without holiday data, naming the year and how to load it', async () => {
    const year = COVERED_YEARS.to + 1;
    const ids = ['e2e-gap-1', 'e2e-gap-2'];
    await database.db.insert(workflowTasks).values(ids.map((id, i) => ({ id, subjectType: 'case', subjectId: id, step: 'investigation', areaCode: '430525101201',
      assigneeRole: 'township_staff', openedOn: `${COVERED_YEARS.to}-12-20`, dueAt: `${year}-01-0${4 + i}`, workingDays: 10 })));
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await login(page, 'xiangzhen');
      await page.goto(`${base}/#/cases`);
      const banner = page.locator('.calendar-gap');
      await banner.getByText(`${year} 年的法定节假日和调休尚未收录：2 项办理期限落在该年`).waitFor();
      expect(await banner.innerText()).toContain('逐日“调整某日”');
      await banner.getByRole('link', { name: '工作日历' }).click();
      await page.locator('.work-calendar .calendar-gap').getByText(`${year} 年的法定节假日和调休尚未收录`).waitFor();
      await page.close();
    } finally {
      await database.db.delete(workflowTasks).where(inArray(workflowTasks.id, ids));
    }
  });
});
