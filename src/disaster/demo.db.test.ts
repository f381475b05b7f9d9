/** The demo county's disaster (src/disaster/demo.ts): one event, confirmed, with five affected households and their relief at each step a visitor should see. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { seedAreas, seedDemoPolicy } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { countyAdmin, household, JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';
import { seedDisasterDemo } from './demo.ts';
import { disasterDistributions, disasterEvents, disasterHouseholds, disasterInstalments, disasterRelief } from './schema.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await seedDemoPolicy(database.db);
  for (let i = 0; i < 5; i++) await saveHousehold(database.db, countyAdmin, null, { ...household(JIANGKOU_VILLAGE, [`演示${i}甲`]), ledgerKey: `DEMO00000${i}` }, null);
}, 60_000);
afterAll(() => database?.close());

describe('seedDisasterDemo', () => {
  it('plants a confirmed event with affected households and relief at several steps', async () => {
    const r = await seedDisasterDemo(database.db, '2024-01-15');
    expect(r).not.toBeNull();
    const [e] = await database.db.select().from(disasterEvents).where(eq(disasterEvents.id, r!.eventId));
    expect(e).toMatchObject({ proposedLevel: 'III', level: 'III', status: 'confirmed' });
    expect(await database.db.select().from(disasterHouseholds)).toHaveLength(5);
    const states = (await database.db.select().from(disasterRelief)).map((x) => `${x.kind}:${x.state}`).sort();
    expect(states).toEqual(['emergency:approved', 'emergency:distributed', 'hardship:township_approval', 'rebuild:county_approval', 'transition:notice']);
    expect((await database.db.select().from(disasterInstalments)).map((i) => [i.month, i.status])).toEqual([['2024-01', 'due']]);
    expect(await database.db.select().from(disasterDistributions)).toHaveLength(1);
  });
});
