/**
 * The demo county's 特困供养 (issue 20 item 6), as a first `npm start` seeds it: institutions with residents,
 * dispersed persons with carers and agreements, one person not assessed whose care money the prepared
 * payroll withholds and lists for review, and care parts paid to an institution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { seedDemoCounty } from '../serveCommand.ts';
import { DEMO_COUNTY } from '../registry/seed.ts';
import { payrollLines, payrolls } from '../payments/schema.ts';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { currentPolicy } from '../policy/store.ts';
import { todayInChina } from '../registry/model.ts';
import { tekunFigures } from './figures.ts';
import { seedTekunDemo } from './demo.ts';

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); await seedDemoCounty(database.db, 400); }, 600_000);
afterAll(() => database?.close());

describe('the demo county\'s 特困供养', () => {
  it('has institutions with residents, carers, a person not assessed and care parts paid to an institution', async () => {
    const db = database.db;
    const actor = { username: 'admin', role: 'county_admin' as const, areaCode: DEMO_COUNTY };
    const today = todayInChina();
    const pack = resolvePack(loadPack((await currentPolicy(db, DEMO_COUNTY))!.yaml), today);
    const f = await tekunFigures(db, actor, pack, today);
    expect(f.institutions.length).toBeGreaterThanOrEqual(2);
    expect(f.total.residents).toBeGreaterThan(0);
    expect(f.total.notAssessed).toBeGreaterThan(0);
    expect(f.total.concentrated).toBeGreaterThan(0);
    expect(f.total.persons - f.total.concentrated).toBeGreaterThan(0);
    const [p] = await db.select().from(payrolls).where(and(eq(payrolls.areaCode, DEMO_COUNTY), eq(payrolls.status, 'prepared')));
    const lines = await db.select().from(payrollLines).where(eq(payrollLines.payrollId, p.id));
    expect(lines.some((l) => l.payeeKind === 'institution')).toBe(true);
    expect((p.summary.needsReview as { reason: string }[]).some((r) => r.reason.includes('未做生活自理能力评估'))).toBe(true);
    expect(await seedTekunDemo(db, DEMO_COUNTY)).toBe(0);
  });
});
