/**
 * Household search on a database whose planner statistics are stale (the state PGlite, which has no
 * autovacuum, is left in after a first seeding): the plan reads the matching members once through
 * their index, never once per household, whatever the statistics say. Asserted on the plan's shape
 * (EXPLAIN ANALYZE), not on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { queryRows, refreshStatistics } from '../db/connection.ts';
import { households } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, jiangkouStaff } from '../test-support/fixtures.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds } from './seed.ts';
import { AREA_PREFIX_MEMBER_CAP, householdFilter, householdSearch, listHouseholds, SEARCH_MEMBER_CAP, searchMemberCap, type Actor } from './store.ts';

let database: Database;
let surname: string;
let fullId: string;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  // Seeded after the ANALYZE that opening runs on the empty tables, and not analyzed since.
  await seedDemoHouseholds(database.db, 600, { seed: 11 });
  const [common] = await queryRows<{ s: string }>(database.db, sql`select left(name, 1) as s from members group by 1 order by count(*) desc limit 1`);
  surname = common.s;
  const [one] = await queryRows<{ id_number: string }>(database.db, sql`select id_number from members order by id limit 1`);
  fullId = one.id_number;
});
afterAll(() => database?.close());

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Actual Loops': number; Plans?: PlanNode[] }

async function plan(query: { getSQL(): SQL }): Promise<PlanNode> {
  const [row] = await queryRows<Record<string, unknown>>(database.db, sql`explain (analyze, format json) ${query.getSQL()}`);
  const json = row['QUERY PLAN'];
  return (typeof json === 'string' ? JSON.parse(json) : json as { Plan: PlanNode }[])[0].Plan;
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

/** The plan nodes that run more than once: only the primary-key lookup of each matched household may. */
function repeated(node: PlanNode): string[] {
  return nodes(node).filter((n) => n['Actual Loops'] > 1)
    .filter((n) => !(n['Node Type'] === 'Limit' || (n['Node Type'] === 'Index Scan' && n['Index Name'] === 'households_pkey')))
    .map((n) => `${n['Node Type']} ${n['Relation Name'] ?? ''} ×${n['Actual Loops']}`);
}

/** The same search as a plain query, for the expected results. */
async function expected(actor: Actor, q: string) {
  return (await database.db.select({ id: households.id }).from(households).where(and(...householdFilter(actor, { q })))
    .orderBy(asc(households.areaCode), asc(households.id))).map((r) => r.id);
}

describe('household search without fresh statistics', () => {
  it.each([['a common surname', () => surname], ['a county ID-number prefix', () => DEMO_COUNTY], ['a full ID number', () => fullId]])(
    'reads members once for %s, then looks households up by primary key', async (_label, term) => {
      const search = householdSearch(database.db, countyAdmin, { q: term(), page: 1, pageSize: 20 });
      for (const query of [search.page, search.count]) {
        const p = await plan(query);
        expect(repeated(p)).toEqual([]);
        const memberScans = nodes(p).filter((n) => n['Relation Name'] === 'members');
        expect(memberScans.length).toBeGreaterThan(0);
        for (const scan of memberScans) expect(scan['Actual Loops']).toBe(1);
      }
    });

  it('finds the same households, in the same order, as the plain filter', async () => {
    for (const [actor, q] of [[countyAdmin, surname], [countyAdmin, fullId], [jiangkouStaff, surname]] as const) {
      const all = await expected(actor, q);
      const first = await listHouseholds(database.db, actor, { q, page: 1, pageSize: 20 });
      const second = await listHouseholds(database.db, actor, { q, page: 2, pageSize: 20 });
      expect(first.total).toBe(all.length);
      expect(first.capped).toBe(false);
      expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(all.slice(0, 40));
    }
  });

  it('caps a county-wide search by the county\'s own code (matching nearly everyone) like a name search: a bounded read of members, said to be capped', async () => {
    const actor = countyAdmin;
    const all = await expected(actor, DEMO_COUNTY);
    expect(all.length).toBeGreaterThan(AREA_PREFIX_MEMBER_CAP / 3);
    const p = await plan(householdSearch(database.db, actor, { q: DEMO_COUNTY, page: 1, pageSize: 20 }).page);
    // However the planner reads the index (stale statistics here: a bitmap scan collects every match first), at most
    // the cap of member rows goes on to the household lookups and the sort.
    const limits = nodes(p).filter((n) => n['Node Type'] === 'Limit' && (n.Plans ?? []).some((c) => nodes(c).some((x) => x['Relation Name'] === 'members')));
    expect(limits.length).toBeGreaterThan(0);
    for (const l of limits) expect((l as PlanNode & { 'Actual Rows': number })['Actual Rows']).toBeLessThanOrEqual(AREA_PREFIX_MEMBER_CAP);
    const lookups = nodes(p).filter((n) => n['Index Name'] === 'households_pkey');
    expect(lookups.length).toBeGreaterThan(0);
    for (const l of lookups) expect(l['Actual Loops']).toBeLessThanOrEqual(AREA_PREFIX_MEMBER_CAP);
    const first = await listHouseholds(database.db, actor, { q: DEMO_COUNTY, page: 1, pageSize: 20 });
    expect(first.capped).toBe(true);
    expect(first.total).toBeLessThanOrEqual(AREA_PREFIX_MEMBER_CAP);
    expect(first.rows).toHaveLength(20);
    // What it shows are matches, in the list's order.
    const ids = first.rows.map((r) => r.id);
    expect(ids.every((id) => all.includes(id))).toBe(true);
    expect([...ids].sort((a, b) => all.indexOf(a) - all.indexOf(b))).toEqual(ids);
    // The capped rows are the same on every request (the first by ID number), so the pages do not overlap.
    const second = await listHouseholds(database.db, actor, { q: DEMO_COUNTY, page: 2, pageSize: 20 });
    expect(second.rows.length).toBeGreaterThan(0);
    expect(second.rows.filter((r) => ids.includes(r.id))).toEqual([]);
    expect((await listHouseholds(database.db, actor, { q: DEMO_COUNTY, page: 1, pageSize: 20 })).rows.map((r) => r.id)).toEqual(ids);
  });

  it('keeps the larger cap for a name and for longer numbers', () => {
    expect(searchMemberCap(DEMO_COUNTY)).toBe(AREA_PREFIX_MEMBER_CAP);
    expect(AREA_PREFIX_MEMBER_CAP).toBeLessThan(SEARCH_MEMBER_CAP);
    for (const term of ['刘', '4305251980', fullId]) expect(searchMemberCap(term)).toBe(SEARCH_MEMBER_CAP);
  });

  it('keeps to the area filter and the scope inside the member lookup', async () => {
    const r = await listHouseholds(database.db, countyAdmin, { q: surname, areaCode: '430525101', page: 1, pageSize: 100 });
    expect(r.rows.every((row) => row.areaCode.startsWith('430525101'))).toBe(true);
    const outside = await listHouseholds(database.db, jiangkouStaff, { q: surname, areaCode: '430525102', page: 1, pageSize: 100 });
    expect(outside).toMatchObject({ rows: [], total: 0 });
  });
});

// Last in this file: it leaves the statistics fresh.
describe('refreshStatistics', () => {
  it('analyzes the tables changed since their last ANALYZE, and then none', async () => {
    // PostgreSQL reports a session's changes to the statistics collector a moment after they commit (sooner when idle),
    // so the stale tables may show up only after a short wait: ask again until they have been analyzed.
    await expect.poll(async () => {
      await refreshStatistics(database.db, { onlyStale: true });
      const [h] = await queryRows<{ reltuples: number }>(database.db, sql`select reltuples from pg_class where relname = 'households'`);
      return Number(h.reltuples);
    }, { timeout: 30_000, interval: 1_000 }).toBeGreaterThan(500);
    // PostgreSQL's pooled connections report their changes to the statistics a moment later; PGlite is one session.
    if (!process.env.DOUDI_TEST_DATABASE_URL) expect(await refreshStatistics(database.db, { onlyStale: true })).toEqual([]);
  });
});
