/** A first start's demo county has department feeds and the findings they raise, so the 核对 pages are not empty. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findings } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from '../registry/seed.ts';
import { seedVerificationDemo } from './demo.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-verify-demo-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('seeds feeds whose findings a fresh demo county shows (wage, vehicle, death, business)', async () => {
  const database = await openTestDatabase();
  try {
    await seedAreas(database.db, DEMO_COUNTY);
    await seedDemoUsers(database.db);
    await seedDemoPolicy(database.db);
    await seedDemoHouseholds(database.db, 60);
    await seedVerificationDemo(database.db, DEMO_COUNTY, join(dir, 'feeds'));
    const kinds = new Set((await database.db.select().from(findings)).map((f) => f.kind));
    for (const k of ['wage', 'vehicle', 'deceased', 'business']) expect(kinds).toContain(k);
    expect(readdirSync(join(dir, 'feeds')).length).toBeGreaterThanOrEqual(4);
  } finally {
    await database.close();
  }
});
