/**
 * The web UI in a real browser (Debian's Chromium driven by playwright-core): log in, search,
 * open a household, edit a member, see the change in the history; area isolation; phone width;
 * ledger upload with its validation report.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { and, eq, like, not } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { households } from '../src/registry/schema.ts';
import { makeIdNumber } from '../src/domain/idNumber.ts';
import { DEMO_LOGINS } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase } from './support.ts';

const shots = 'test-results';
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  database = await openDemoDatabase(300);
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
  await page.locator('.workbench').waitFor();
}

async function householdIn(prefix: string, outside = false) {
  const [h] = await database.db.select().from(households)
    .where(and(outside ? not(like(households.areaCode, `${prefix}%`)) : like(households.areaCode, `${prefix}%`), eq(households.status, 'active'))).limit(1);
  return h;
}

describe('web UI', () => {
  it('lets a township officer find a household, edit a member and see the change in its history', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'xiangzhen');
    await page.locator('.workbench').waitFor(); // 工作台 first; the chart of households by township is under 统计
    await page.getByRole('menuitem', { name: /(^|\s)统计$/ }).click();
    await page.locator('canvas').first().waitFor();
    const target = await householdIn('430525101');
    await page.getByRole('menuitem', { name: '家庭档案' }).click();
    await page.getByPlaceholder('检索姓名或身份证号').fill(target.headName);
    await page.getByRole('button', { name: '查 询' }).click();
    await page.getByRole('cell', { name: target.headName, exact: true }).first().click();
    await page.getByText('家庭成员', { exact: true }).waitFor();
    expect(await page.locator('.id-number').first().textContent()).toMatch(/^430525\*{8}\d{3}[\dX]$/);
    await page.getByText('江口镇社会救助窗口 · 乡镇（街道）工作人员 · 江口镇').waitFor();
    await page.locator('.reveal').first().click(); // a township officer may see the full number; the view is audited
    await expect.poll(() => page.locator('.id-number').first().textContent()).toMatch(/^430525\d{8}\d{3}[\dX]$/);
    // The birth date shows only with the revealed number, beside the age.
    expect(await page.locator('tbody .member-age').first().textContent()).toMatch(/^\d+（\d{4}-\d{2}-\d{2}）$/);

    await page.getByRole('button', { name: '编 辑' }).click();
    const income = page.locator('.member-form').first().getByLabel('月收入（元）');
    await income.fill('1234.5');
    await page.getByLabel('变更原因').fill('入户核查：务工收入变化');
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByText('变更历史').waitFor();
    const entry = page.locator('.history-entry').first();
    await expect.poll(() => entry.textContent()).toContain('入户核查：务工收入变化');
    expect(await entry.textContent()).toContain('月收入');
    expect(await entry.textContent()).toContain('1234.50 元');
    await page.locator('.screening').getByText('合计（元/月）').waitFor();
    // Each reason lists its parameters with their document: what it is, the value, and where it comes from.
    const expand = page.locator('.screening .ant-table-row-expand-icon');
    if (await expand.count()) {
      await expand.first().click();
      await expect.poll(() => page.locator('.screening-reasons').first().textContent()).toMatch(/依据：(文件默认值|政策包)/);
    }
    await page.screenshot({ path: join(shots, 'household.png'), fullPage: true });
    await page.close();
  });

  it('shows a township officer only their own township', async () => {
    const page = await browser.newPage();
    await login(page, 'xiangzhen');
    const other = await householdIn('430525101', true);
    await page.goto(`${base}/#/households`);
    await page.getByPlaceholder('检索姓名或身份证号').fill(other.headName);
    await page.getByRole('button', { name: '查 询' }).click();
    await expect.poll(async () => (await page.locator('.ant-table-row').allTextContents()).join('|')).not.toContain(other.areaCode);
    const rows = await page.locator('.ant-table-row').allTextContents();
    expect(rows.every((r) => r.includes('江口镇') || r.includes('雪峰社区'))).toBe(true);
    await page.goto(`${base}/#/households/${other.id}`);
    await page.getByText('家庭不存在或不在您的管辖范围内').waitFor();
    await page.close();
  });

  it('is usable at phone width, and in English on request', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, 'minzheng');
    const h = await householdIn('430525');
    await page.goto(`${base}/#/households/${h.id}`);
    await page.getByText('家庭成员', { exact: true }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(shots, 'household-phone.png'), fullPage: true });
    // English on request, remembered after a reload.
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Members', { exact: true }).waitFor();
    await page.reload();
    await page.getByText('Members', { exact: true }).waitFor();
    await page.getByText('中', { exact: true }).click();
    await page.close();
  });

  it('checks an uploaded ledger, lists its errors, and imports it once corrected', async () => {
    const page = await browser.newPage();
    await login(page, 'xiangzhen');
    await page.goto(`${base}/#/import`);
    const dir = join(tmpdir(), `doudi-e2e-${Date.now()}`);
    mkdirSync(dir);
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const id = makeIdNumber('430525', '1961-04-05', 801, 'male');
    const bad = join(dir, '江口村花名册.csv');
    writeFileSync(bad, `户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码,月收入\nE2E-1,测试户主,${id},户主,农村,430525101201,-3\n`);
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByText('未写入任何数据').waitFor();
    expect(await page.locator('.ant-table-row').first().textContent()).toContain('月收入不能为负数');
    const good = join(dir, '江口村花名册-改.csv');
    writeFileSync(good, `户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码,月收入\nE2E-1,测试户主,${id},户主,农村,430525101201,300\n`);
    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByText('校验通过').waitFor();
    await page.locator('.ant-alert-action').getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入完成：新增 1 户').waitFor();
    await page.screenshot({ path: join(shots, 'import.png') });
    await page.close();
  });

  it('lets the county admin preview a raised standard written as YAML (高级) by township and publish it as a new version', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'admin');
    await page.goto(`${base}/#/policy`);
    await page.getByRole('tab', { name: '高级（YAML）' }).click();
    const editor = page.getByLabel('YAML', { exact: true });
    await editor.fill((await editor.inputValue()).replace('"2024-07-01": 450', '"2024-07-01": 600'));
    await page.getByRole('button', { name: '检查并测算' }).click();
    await page.getByText('户待遇变化').waitFor();
    const gainers = await page.locator('.policy-townships .ant-table-row').evaluateAll((rows) => rows.map((r) => Number(r.children[4]?.textContent ?? 0)));
    expect(gainers.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await page.getByPlaceholder('发布理由').fill('提高农村低保标准');
    await page.getByRole('button', { name: '发 布' }).click();
    await page.getByText('已发布新版本').waitFor();
    await page.getByRole('tab', { name: '历史版本' }).click();
    await page.locator('.ant-list-item').getByText('第 2 版').waitFor();
    await page.screenshot({ path: join(shots, 'policy.png') });
    await page.close();
  });

  it('lets a village officer register a new household through the form, with the ID number checked as typed and the server objections shown at the field', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'cun');
    await page.goto(`${base}/#/households/new`);
    await page.locator('.ant-cascader').first().click();
    await page.locator('.ant-cascader-menu-item', { hasText: '江口镇' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '江口村' }).click();
    const member = page.locator('.member-form').first();
    await member.getByLabel('姓名').fill('新登记户主');
    await member.getByLabel('身份证号').fill('430525195001011234');
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByText('校验位错误').waitFor();
    await member.getByLabel('身份证号').fill(makeIdNumber('430525', '1950-01-01', 555, 'male'));
    // The server's objection appears next to the field it names (members[1].idNumber).
    await page.getByRole('button', { name: '添加成员' }).click();
    const child = page.locator('.member-form').nth(1);
    await child.getByLabel('姓名').fill('新登记子女');
    await child.getByLabel('身份证号').fill(makeIdNumber('430525', '1950-01-01', 555, 'male'));
    await page.getByRole('button', { name: '保 存' }).click();
    await child.getByText('身份证号与第 1 名成员重复').waitFor();
    await child.getByLabel('身份证号').fill(makeIdNumber('430525', '2012-06-01', 556, 'female'));
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByText('家庭信息：新登记户主').waitFor();
    expect(await page.locator('.history-entry').first().textContent()).toContain('建档（2 人）');
    // Without reveal: ages beside the masked numbers, never a birth date, no reveal button, screening on today only.
    await page.getByRole('columnheader', { name: '年龄' }).waitFor();
    const members = await page.locator('.ant-table').first().textContent();
    expect(members).not.toMatch(/1950-01-01|19500101|2012-06-01|20120601/);
    expect(members).toMatch(/430525\*{8}\d{3}[\dX]/);
    expect(await page.locator('.reveal').count()).toBe(0);
    await page.locator('.screening').waitFor();
    expect(await page.locator('.screening .ant-picker').count()).toBe(0);
    await page.close();
  });

  it('tells an officer whose form was opened before another officer saved that it is out of date, saves nothing, and reloads', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'xiangzhen');
    const target = await householdIn('430525101');
    await page.goto(`${base}/#/households/${target.id}/edit`);
    await expect.poll(() => page.locator('.member-form').first().getByLabel('姓名').inputValue()).not.toBe('');
    // Meanwhile another officer saves the household: a new version with a new address.
    const [current] = await database.db.select().from(households).where(eq(households.id, target.id));
    await database.db.update(households).set({ version: current.version + 1, address: '他人先改的住址' }).where(eq(households.id, target.id));
    await page.getByLabel('住址').fill('过期表单的住址');
    await page.getByLabel('变更原因').fill('过期表单');
    await page.getByRole('button', { name: '保 存' }).click();
    await page.locator('.stale-version').getByText(`该家庭信息已被他人修改（当前版本 ${current.version + 1}），请刷新后重新修改`).waitFor();
    const [after] = await database.db.select().from(households).where(eq(households.id, target.id));
    expect(after).toMatchObject({ version: current.version + 1, address: '他人先改的住址' });
    await page.getByRole('button', { name: '重新加载' }).click();
    await expect.poll(() => page.getByLabel('住址').inputValue()).toBe('他人先改的住址');
    await page.getByLabel('变更原因').fill('刷新后修改');
    await page.getByLabel('住址').fill('刷新后的住址');
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByText('变更历史').waitFor();
    await expect.poll(async () => (await database.db.select().from(households).where(eq(households.id, target.id)))[0].address).toBe('刷新后的住址');
    await page.close();
  });
});
