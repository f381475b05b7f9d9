/**
 * Every page of the UI as every demo role (issue 17, items 3 and 5): one browser, one demo county (the
 * seeds of a first `npm start`: households, monitoring, cases, payments, verification), one context per
 * role and width, three roles at a time. Each route of web/src/routes.tsx is opened (routes with an id open the first record of
 * their list) and checked:
 * - in Chinese at desktop width, the visible text shows no internal word: no ASCII word of three or more
 *   letters outside a short allow-list (raw enum values, English keys, parameter names) and no
 *   `NNN:Lnnn` line reference into a source document;
 * - at 390 × 844 (a phone), the page does not scroll sideways: `scrollWidth ≤ 390`.
 * Every tab of a page is opened for the text check. Each failure names the role, the route and the offending words, and all failures are reported at once.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/db/connection.ts';
import { seedDemoCounty } from '../src/serveCommand.ts';
import { DEMO_LOGINS } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { launchChromium, openEmptyDatabase, signIn } from './support.ts';

/** ASCII words a Chinese page may show: file types, the language switch and the demo logins (a person's login name is theirs). */
const ALLOWED_WORDS = new Set(['PDF', 'pdf', 'xlsx', 'CSV', 'csv', 'EN', 'ID', 'YAML', 'Excel', ...DEMO_LOGINS.map((l) => l.username)]);
/**
 * Internal words in visible text: line references such as 001:L876, and ASCII words of 3+ letters outside the
 * allow-list. Codes are data, not words: a token with a digit (UUID, hash, ledger key), or in capitals (case numbers).
 */
function internalWords(text: string): string[] {
  const refs = text.match(/\d{3}:L\d+(?:-\d+)?/g) ?? [];
  const words = (text.match(/[A-Za-z0-9_.:-]+/g) ?? [])
    .filter((token) => !/\d/.test(token) && token !== token.toUpperCase())
    .map((token) => token.replace(/^[._:-]+|[._:-]+$/g, ''))
    .filter((token) => /[A-Za-z]{3}/.test(token) && !ALLOWED_WORDS.has(token) && !ALLOWED_WORDS.has(token.split('.').pop()!));
  return [...new Set([...refs, ...words])];
}
/** Pages rebuilt by other items of issue 17 (政策包 as forms, item 1; the audit log for an auditor, item 2): their text is checked once those land. */
const TEXT_CHECKED_ELSEWHERE = new Set<string>([]);

/** The routes of the UI, read from the route table itself so a new page is walked without editing this test. */
function routePaths(): string[] {
  const source = readFileSync(new URL('../web/src/routes.tsx', import.meta.url), 'utf8');
  return [...source.matchAll(/\{ path: '([^']*)'/g)].map((m) => m[1]);
}

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let feeds: string;

beforeAll(async () => {
  feeds = join(tmpdir(), `doudi-e2e-screens-${process.pid}`);
  mkdirSync(feeds, { recursive: true });
  database = await openEmptyDatabase();
  await seedDemoCounty(database.db, 300, undefined, join(feeds, 'feeds'), join(feeds, 'attachments'));
  app = await buildServer(database, { feedDir: join(feeds, 'feeds'), attachmentDir: join(feeds, 'attachments') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
  if (feeds) rmSync(feeds, { recursive: true, force: true });
});

async function login(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, base, username);
  await page.locator('.ant-layout-content').waitFor();
  return page;
}

/** The first record of a list the role can see, fetched with the page's own session. */
async function firstRow(page: Page, url: string): Promise<Record<string, unknown> | undefined> {
  const r = await page.request.get(`${base}${url}`);
  if (!r.ok()) return undefined;
  const body = await r.json() as { rows?: Record<string, unknown>[]; procedures?: Record<string, unknown>[] };
  return body.rows?.[0] ?? body.procedures?.[0];
}

/** The concrete hash paths of a role: ids filled from the first record of each list. */
async function concretePaths(page: Page): Promise<string[]> {
  const ids = {
    household: (await firstRow(page, '/api/households?status=active'))?.id as string | undefined,
    case: (await firstRow(page, '/api/cases'))?.id as string | undefined,
    monitored: (await firstRow(page, '/api/monitoring/households'))?.householdId as string | undefined,
    disaster: (await firstRow(page, '/api/disaster/events'))?.id as string | undefined,
  };
  const out: string[] = [];
  for (const path of routePaths()) {
    if (!path.includes(':id')) { out.push(path); continue; }
    const id = path.startsWith('households/') ? ids.household : path.startsWith('cases/') ? ids.case : path.startsWith('monitoring/households/') ? ids.monitored : path.startsWith('disaster/') ? ids.disaster : undefined;
    if (id) out.push(path.replace(':id', id));
  }
  return out;
}

/** Opens a route and waits until its data has loaded: content shown, no spinner or skeleton left (at most a few seconds). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${base}/#/${path}`);
  await page.waitForFunction(() => {
    const main = document.querySelector('.ant-layout-content, .public-page');
    return !!main && main.textContent!.trim().length > 0 && !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-card-loading');
  }, undefined, { timeout: 10_000, polling: 100 }).catch(() => {});
  await page.waitForTimeout(100);
}

/**
 * Runs `each` for every role, ROLES_AT_ONCE at a time, each in its own browser context: a page mostly waits on
 * the server and on rendering, so two roles overlap well on two cores. Failures of all roles are collected.
 */
const ROLES_AT_ONCE = 3;
async function forEveryRole(each: (username: string) => Promise<string[]>): Promise<string[]> {
  const queue = DEMO_LOGINS.map((l) => l.username);
  const failures: string[][] = [];
  await Promise.all(Array.from({ length: ROLES_AT_ONCE }, async () => {
    for (let username = queue.shift(); username; username = queue.shift()) failures.push(await each(username));
  }));
  return failures.flat().sort();
}

describe('every page as every role', () => {
  it('shows no internal word (English key, raw enum value, NNN:Lnnn reference) in Chinese mode', async () => {
    const failures = await forEveryRole(async (username) => {
      const found: string[] = [];
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await login(context, username);
      for (const path of await concretePaths(page)) {
        if (TEXT_CHECKED_ELSEWHERE.has(path)) continue;
        await open(page, path);
        // Each tab of the page too (监测对象 is the second tab of 防返贫监测).
        const tabs = page.locator('.ant-layout-content .ant-tabs-tab:not(.ant-tabs-tab-disabled)');
        const texts = [await page.locator('body').innerText()];
        for (let i = 1; i < await tabs.count(); i++) {
          await tabs.nth(i).click();
          await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-card-loading'), undefined, { timeout: 10_000, polling: 100 }).catch(() => {});
          texts.push(await page.locator('body').innerText());
        }
        const words = internalWords(texts.join('\n'));
        if (words.length) found.push(`${username} #/${path}: ${words.join(' ')}`);
      }
      await context.close();
      return found;
    });
    expect(failures).toEqual([]);
  }, 600_000);

  it('does not scroll sideways at 390 px for any role', async () => {
    const failures = await forEveryRole(async (username) => {
      const found: string[] = [];
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await login(context, username);
      for (const path of await concretePaths(page)) {
        await open(page, path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) found.push(`${username} #/${path}: ${width} px`);
      }
      await context.close();
      return found;
    });
    expect(failures).toEqual([]);
  }, 600_000);
});
