/**
 * 适老化 on 掌上办 (issue 17, item 10; MIIT《互联网网站适老化通用设计规范》2021): the citizen's page has a
 * large-type, high-contrast mode, switched by keyboard as well as by touch, remembered on the device
 * (localStorage), opening no pop-up; axe-core finds no serious or critical violation on 掌上办 in either
 * mode, nor on the login page. Screenshots go to test-results/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { type Database } from '../src/db/connection.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openDemoDatabase } from './support.ts';

const shots = 'test-results';
const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  database = await openDemoDatabase(5);
  app = await buildServer(database);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/** The serious and critical violations axe-core finds on the page as it is, each with the elements it names. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 5).join(' ')}`);
}

const toggle = (page: Page) => page.getByRole('button', { name: /长辈模式/ });
const labelSize = (page: Page) => page.locator('.public-main label', { hasText: '姓名' }).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));

async function openPublic(page: Page, tab = '') {
  await page.goto(`${base}/#/public${tab}`);
  await page.locator('.public-main .ant-form').waitFor();
}

describe('掌上办 for older people', () => {
  it('switches to large type and high contrast from the keyboard alone, opens no pop-up, and remembers it on the device', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    await openPublic(page);
    const normal = await labelSize(page);
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('false');
    // Keyboard only: Tab from the top of the page reaches the switch; Enter turns it on.
    for (let i = 0; i < 6 && !(await toggle(page).evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await toggle(page).evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle(page).getAttribute('aria-pressed')).toBe('true');
    const large = await labelSize(page);
    expect(large).toBeGreaterThanOrEqual(18);
    expect(large).toBeGreaterThan(normal);
    // High contrast: body text black on white.
    expect(await page.locator('.public-main label', { hasText: '姓名' }).evaluate((e) => getComputedStyle(e).color)).toBe('rgb(0, 0, 0)');
    // Still fits the phone, and no dialog or modal opened.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator('.ant-modal:visible').count()).toBe(0);
    await page.screenshot({ path: `${shots}/public-elder-390.png`, fullPage: true });

    // Remembered on the device: a reload, and the status tab, open in the same mode.
    await page.reload();
    await page.locator('.public-main .ant-form').waitFor();
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => localStorage.getItem('doudi.public.elder'))).toBe('1');
    expect(await labelSize(page)).toBe(large);

    // And off again: back to the ordinary page, remembered as off.
    await toggle(page).click();
    await expect.poll(() => toggle(page).getAttribute('aria-pressed')).toBe('false');
    expect(await labelSize(page)).toBe(normal);
    await page.reload();
    await page.locator('.public-main .ant-form').waitFor();
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('false');
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('has no serious or critical axe-core violation on 掌上办 in either mode, on both tabs', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    for (const elder of [false, true]) {
      for (const tab of ['', '?tab=status']) {
        await page.goto(`${base}/#/public`);
        await page.evaluate((on) => { if (on) localStorage.setItem('doudi.public.elder', '1'); else localStorage.removeItem('doudi.public.elder'); }, elder);
        await openPublic(page, tab);
        await page.reload();
        await page.locator('.public-main .ant-form').waitFor();
        expect(await toggle(page).getAttribute('aria-pressed')).toBe(String(elder));
        expect(await seriousViolations(page), `${elder ? '长辈模式' : '标准模式'} ${tab || 'apply'}`).toEqual([]);
      }
    }
    await page.close();
  });

  it('has no serious or critical axe-core violation on the login page', async () => {
    for (const width of [1366, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 844 }, bypassCSP: true });
      await page.goto(base);
      await page.getByLabel('用户名').waitFor();
      expect(await seriousViolations(page), `login at ${width}`).toEqual([]);
      await page.close();
    }
  });
});
