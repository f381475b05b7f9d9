/** What every browser test file starts with: a seeded in-memory demo county and Debian's Chromium. */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { DEMO_COUNTY, DEMO_LOGINS, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from '../src/registry/seed.ts';

/**
 * An empty, migrated in-memory database: a copy of the run's migrated template (the project's globalSetup
 * src/test-support/template.ts, as in the database suite), so no browser file runs every migration again.
 */
export function openEmptyDatabase(): Promise<Database> {
  return openDatabase({ dataDir: 'memory://', loadDataDir: inject('doudiTestTemplate')?.pglite.dump });
}

/** The demo county (areas, demo users, the demo pack, `households` synthetic households) in a throwaway database. */
export async function openDemoDatabase(households: number): Promise<Database> {
  const database = await openEmptyDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoUsers(database.db);
  await seedDemoPolicy(database.db);
  await seedDemoHouseholds(database.db, households);
  return database;
}

/** Debian's Chromium in China time, as the county's browsers are: pages that default a date to today (dayjs())
 * then agree with the server's China date even when the machine's clock zone is UTC and it is already tomorrow in China. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    env: { ...process.env, TZ: 'Asia/Shanghai' },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Signs in on the login page at `base`, with the demo password of `username` unless another is given; resolves
 * when the login form has gone (the caller waits for the page it expects). */
export async function signIn(page: Page, base: string, username: string, password?: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password ?? DEMO_LOGINS.find((u) => u.username === username)!.password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.getByLabel('密码').waitFor({ state: 'detached' });
}

/**
 * The dialog open on `page`, once its opening animation has ended: a click on its buttons while it still zooms in
 * was lost in a whole run (the dialog stayed open), so tests act on a dialog only when it has settled.
 */
export async function openedDialog(page: Page): Promise<Locator> {
  const d = page.getByRole('dialog');
  await d.waitFor();
  await expect.poll(async () => (await d.getAttribute('class')) ?? '', { timeout: 30_000 }).not.toMatch(/-appear|-enter/);
  return d;
}

/**
 * Checks a radio button or checkbox and waits until it shows checked, checking again if needed: a click while a
 * dialog is still opening (its form being set up) can be lost, which a whole run on a busy machine showed twice.
 */
export async function checkSurely(box: Locator): Promise<void> {
  await expect.poll(async () => {
    await box.check({ timeout: 2_000 }).catch(() => {});
    return box.isChecked();
  }, { timeout: 60_000 }).toBe(true);
}

/**
 * Chooses `path` in a cascader (the menu item of each level clicked in turn), closes its menu by clicking `outside`
 * (a dialog's title, say) and waits until the cascader shows the last label, choosing again if it does not: a click
 * on a menu item while the menu still opens, or a dialog still settles, can be lost (a whole run lost the township
 * of the reserve's allocation, and the dialog then refused to submit).
 */
export async function cascadeSurely(page: Page, cascader: Locator, path: string[], outside: Locator): Promise<void> {
  await expect.poll(async () => {
    await cascader.click({ timeout: 5_000 }).catch(() => {});
    for (const label of path) {
      await page.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item', { hasText: label }).first().click({ timeout: 5_000 }).catch(() => {});
    }
    await outside.click({ timeout: 5_000 }).catch(() => {});
    await page.locator('.ant-cascader-dropdown:visible').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    return cascader.innerText();
  }, { timeout: 60_000 }).toContain(path[path.length - 1]);
}
