/** What every browser test file starts with: a seeded in-memory demo county and Debian's Chromium. */
import { chromium, type Browser } from 'playwright-core';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from '../src/registry/seed.ts';

/** The demo county (areas, demo users, the demo pack, `households` synthetic households) in a throwaway database. */
export async function openDemoDatabase(households: number): Promise<Database> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoUsers(database.db);
  await seedDemoPolicy(database.db);
  await seedDemoHouseholds(database.db, households);
  return database;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
