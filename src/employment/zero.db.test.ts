/**
 * The 零就业家庭 found in SQL (store.ts zeroHouseholds / zeroHouseholdCounts) agree with the pure rules
 * (rules.ts canWork, zeroEmployment) on the edges of working age: the birthday of the minimum age, the day
 * before and on the retirement birthday of either sex, a 29 February birth in a common and a leap year, no
 * labour capacity, in school, and the registry's 就业 of an able or of a retired member. PGlite and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { addMonths } from '../domain/dates.ts';
import { publishPolicy } from '../policy/store.ts';
import { seedAreas } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { addDays } from '../workflow/calendar.ts';
import { zeroEmployment } from './rules.ts';
import { packOn, zeroHouseholdCounts, zeroHouseholds } from './store.ts';

let database: Database;
type M = { birthDate: string; sex: 'male' | 'female'; laborCapacity?: string; schooling?: string; employed?: boolean };
const planted: { id: string; ms: M[] }[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await publishPolicy(database.db, countyAdmin, readFileSync('policies/demo-dongkou.yaml', 'utf8'), 'test');
});
afterAll(async () => { await database?.close(); });

async function plant(ms: M[], village = JIANGKOU_VILLAGE) {
  const { id } = await saveHousehold(database.db, countyAdmin, null, { areaCode: village, ledgerKey: `z${planted.length}`, hukou: 'rural',
    members: ms.map((m, i) => ({ name: `成员${planted.length}${i}`, idNumber: person(m.birthDate, m.sex), relation: i === 0 ? 'head' : 'child',
      laborCapacity: m.laborCapacity ?? 'full', schooling: m.schooling ?? 'none', employed: m.employed ?? false })) }, null);
  planted.push({ id, ms });
}

describe('零就业家庭 in SQL against the rules', () => {
  it.each(['2025-02-28', '2024-02-29', '2024-02-28', '2025-03-01'])('on %s the same households as rules.ts zeroEmployment, by township', async (date) => {
    const db = database.db;
    const pack = await packOn(db, '430525', date);
    const min = pack.value<number>('employment.workingAge.min');
    const male = pack.value<number>('employment.retirementAge.male');
    const female = pack.value<number>('employment.retirementAge.female');
    const years = (n: number) => addMonths(date, -12 * n);
    const cases: M[][] = [
      [{ birthDate: years(min), sex: 'male' }], // the birthday of the minimum age
      [{ birthDate: addDays(years(min), 1), sex: 'male' }], // one day short
      [{ birthDate: years(male), sex: 'male' }], // retires today
      [{ birthDate: addDays(years(male), 1), sex: 'male' }], // retires tomorrow
      [{ birthDate: years(female), sex: 'female' }],
      [{ birthDate: addDays(years(female), 1), sex: 'female' }],
      [{ birthDate: addDays(years(female), 1), sex: 'male' }],
      ...['1964', '1965', '1968', '1970', '1972', '2004', '2008', '2009'].flatMap((y) => (['male', 'female'] as const).map((sex) => [{ birthDate: `${y}-02-${Number(y) % 4 ? 28 : 29}`, sex }])),
      [{ birthDate: '1996-02-29', sex: 'male' }, { birthDate: '2008-02-29', sex: 'female' }],
      [{ birthDate: '1990-05-01', sex: 'male', laborCapacity: 'none' }],
      [{ birthDate: '2005-05-01', sex: 'male', schooling: 'college' }],
      [{ birthDate: '1990-05-01', sex: 'male', laborCapacity: 'partial' }],
      [{ birthDate: '1990-05-01', sex: 'male', employed: true }, { birthDate: '1992-05-01', sex: 'female' }],
      [{ birthDate: '1940-05-01', sex: 'male', employed: true }, { birthDate: '1992-05-01', sex: 'female' }],
    ];
    const start = planted.length;
    for (const [i, ms] of cases.entries()) await plant(ms, i % 2 ? YULAN_VILLAGE : JIANGKOU_VILLAGE);
    const mine = planted.slice(start);
    const expected = mine.filter((h) => zeroEmployment(pack, h.ms.map((m, i) => ({ id: String(i), laborCapacity: 'full', schooling: 'none', ...m })),
      new Set(h.ms.flatMap((m, i) => (m.employed ? [String(i)] : []))), date).zero).map((h) => h.id);
    expect(expected.length).toBeGreaterThan(0);
    const found = new Set((await zeroHouseholds(db, '430525', date)).rows.map((r) => r.householdId));
    expect(mine.map((h) => h.id).filter((id) => found.has(id)).sort()).toEqual([...expected].sort());
    // Counts by township: the list's own households (the earlier dates' plants included), township by township.
    const z = await zeroHouseholds(db, '430525', date);
    expect(await zeroHouseholdCounts(db, '430525', date)).toEqual([...z.byTownship].sort((a, b) => a.code.localeCompare(b.code)));
  });
});
