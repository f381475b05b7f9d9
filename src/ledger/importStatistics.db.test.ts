/** After a ledger import commits, the planner's statistics describe the imported rows (PGlite has no autovacuum to do it later). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { person } from '../test-support/fixtures.ts';
import { importLedger } from './importLedger.ts';

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(() => database?.close());

const HEADER = '户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码,劳动能力,残疾等级,残疾类别,重病,在校情况,是否寄宿,是否就业,月收入,自理能力,联系电话';
const HOUSEHOLDS = 120;

const rowEstimate = async (table: string) =>
  Number((await queryRows<{ n: number }>(database.db, sql`select reltuples as n from pg_class where relname = ${table}`))[0].n);

describe('ledger import and the planner statistics', () => {
  it('refreshes the statistics after the import commits, so the planner counts the imported households and people', async () => {
    const lines = [HEADER];
    for (let i = 0; i < HOUSEHOLDS; i++) {
      lines.push(`ST${i},刘建${i},${person('1970-03-01')},户主,农村,430525101201,有,,,,无,否,是,1500,全自理,`);
      lines.push(`ST${i},王秀${i},${person('1972-05-02', 'female')},配偶,农村,430525101201,有,,,,无,否,是,800,全自理,`);
    }
    // The database opens with its (empty) tables analyzed: the planner expects no rows.
    expect(await rowEstimate('households')).toBeLessThanOrEqual(0);
    const result = await importLedger(database.db, { buffer: Buffer.from(lines.join('\r\n') + '\r\n') }, 'stats.csv', { dryRun: false, actor: 'test' });
    expect(result).toMatchObject({ created: HOUSEHOLDS, persons: 2 * HOUSEHOLDS, imported: true, errors: [] });
    expect(await rowEstimate('households')).toBe(HOUSEHOLDS);
    expect(await rowEstimate('members')).toBe(2 * HOUSEHOLDS);
  });
});
