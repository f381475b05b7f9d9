/**
 * Bad input walked through the HTTP API: every one is a 4xx with a Chinese message and the field
 * path, and none changes the database. Covers characters PostgreSQL cannot store (NUL, lone
 * surrogates), invisible and bidi-control names, births after today, amounts finer than a fen,
 * zod's own limits, a duplicate 户编号 and a stale version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { queryRows } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { makeIdNumber } from '../domain/idNumber.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';
import { buildServer } from '../server.ts';
import { seedAreas } from './seed.ts';
import { todayInChina } from './model.ts';

let database: Database;
let app: FastifyInstance;
let headers: Record<string, string>;
let existingId: string;
const existing = { ...household(JIANGKOU_VILLAGE, ['既有户主', '既有配偶']), ledgerKey: 'BAD-INPUT-1' };

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await createUser(database.db, { username: 'jiangkou', displayName: '江口', password: 'Qy7#vLm2&Xo9pTz', role: 'township_staff', areaCode: '430525101' }, 'test');
  app = await buildServer(database);
  const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'jiangkou', password: 'Qy7#vLm2&Xo9pTz' } });
  headers = { cookie: `doudi_session=${login.cookies[0].value}`, 'x-csrf-token': login.json().csrfToken };
  const created = await app.inject({ method: 'POST', url: '/api/households', payload: existing, headers });
  expect(created.statusCode).toBe(201);
  existingId = created.json().id;
});
afterAll(async () => { await app?.close(); await database?.close(); });

/** Everything a bad request could have written, as one comparable value. */
async function databaseState() {
  return queryRows(database.db, sql`select
    (select count(*)::int from households) households, (select count(*)::int from members) members,
    (select count(*)::int from household_history) history, (select count(*)::int from audit_log) audit,
    (select max(version) from households) version, (select string_agg(name, ',' order by name) from members) names`);
}

/** A household of two with one change applied. */
function withChange(change: (h: Record<string, unknown> & { members: Record<string, unknown>[] }) => void) {
  const h = household(JIANGKOU_VILLAGE, ['新户主', '新配偶']) as unknown as Record<string, unknown> & { members: Record<string, unknown>[] };
  change(h);
  return h;
}

const tomorrow = new Date(Date.parse(todayInChina()) + 86_400_000).toISOString().slice(0, 10);
const editBody = (change: Record<string, unknown>) => ({ household: existing, reason: '更正', version: 1, ...change });

const cases: { what: string; method: 'POST' | 'PUT' | 'GET'; url: () => string; payload?: () => unknown; status: number; path: string }[] = [
  { what: 'a NUL in a name', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.members[0].name = '王\u0000明'; }), status: 400, path: 'members[0].name' },
  { what: 'a lone surrogate in a name', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.members[1].name = '李\uD800'; }), status: 400, path: 'members[1].name' },
  { what: 'a name of a zero-width space', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.members[0].name = '\u200B'; }), status: 400, path: 'members[0].name' },
  { what: 'a name with a right-to-left override', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.members[0].name = '\u202E明王'; }), status: 400, path: 'members[0].name' },
  { what: 'a name of a byte-order mark', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.members[0].name = '\uFEFF'; }), status: 400, path: 'members[0].name' },
  { what: 'a NUL in the address', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.address = '江口村\u0000'; }), status: 400, path: 'address' },
  { what: 'a NUL in the 户编号', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.ledgerKey = 'K\u0000'; }), status: 400, path: 'ledgerKey' },
  { what: 'a birth date after today', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.members[1].idNumber = makeIdNumber('430525', tomorrow, 8, 'female'); }), status: 400, path: 'members[1].idNumber' },
  { what: 'an income with three decimals', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.members[0].monthlyIncomeYuan = 1200.555; }), status: 400, path: 'members[0].monthlyIncomeYuan' },
  { what: 'assets with a sixth decimal', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.financialAssetsYuan = 1.230001; }), status: 400, path: 'financialAssetsYuan' },
  { what: '100 vehicles (zod\'s limit)', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.vehicles = 100; }), status: 400, path: 'vehicles' },
  { what: 'a flag that is not a boolean (zod\'s own message)', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.singleParent = '是'; }), status: 400, path: 'singleParent' },
  { what: 'a duplicate 户编号 on create', method: 'POST', url: () => '/api/households', payload: () => withChange((h) => { h.ledgerKey = 'BAD-INPUT-1'; }), status: 409, path: 'ledgerKey' },
  { what: 'a NUL in a name on edit', method: 'PUT', url: () => `/api/households/${existingId}`, payload: () => editBody({ household: { ...existing, members: [{ ...existing.members[0], name: '\u0000' }, existing.members[1]] } }), status: 400, path: 'household.members[0].name' },
  { what: 'a NUL in the reason', method: 'PUT', url: () => `/api/households/${existingId}`, payload: () => editBody({ household: { ...existing, vehicles: 1 }, reason: '更正\u0000' }), status: 400, path: 'reason' },
  { what: 'an edit without the version', method: 'PUT', url: () => `/api/households/${existingId}`, payload: () => ({ household: { ...existing, vehicles: 1 }, reason: '更正' }), status: 400, path: 'version' },
  { what: 'an edit of an older version', method: 'PUT', url: () => `/api/households/${existingId}`, payload: () => editBody({ household: { ...existing, vehicles: 1 }, version: 0 }), status: 400, path: 'version' },
  { what: 'an edit from a stale form', method: 'PUT', url: () => `/api/households/${existingId}`, payload: () => editBody({ household: { ...existing, vehicles: 1 }, version: 7 }), status: 409, path: 'version' },
  { what: 'a NUL in the URL\'s household id', method: 'PUT', url: () => '/api/households/%00', payload: () => editBody({}), status: 400, path: 'id' },
  { what: 'a NUL in the close reason', method: 'POST', url: () => `/api/households/${existingId}/close`, payload: () => ({ reason: '迁出\u0000' }), status: 400, path: 'reason' },
  { what: 'a NUL in a search', method: 'GET', url: () => '/api/households?q=%00', status: 400, path: 'q' },
  { what: 'a bidi override in a search', method: 'GET', url: () => `/api/households?q=${encodeURIComponent('\u202E王')}`, status: 400, path: 'q' },
  { what: 'a page size over the limit (zod\'s own message)', method: 'GET', url: () => '/api/households?pageSize=1000', status: 400, path: 'pageSize' },
];

describe('bad input through the API', () => {
  it.each(cases)('refuses $what with $status, a Chinese message and the field, and changes nothing', async ({ method, url, payload, status, path }) => {
    const before = await databaseState();
    const r = await app.inject({ method, url: url(), payload: payload?.() as object, headers });
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(r.json().error.message).not.toMatch(/Too (big|small)|expected|Invalid/);
    expect(r.json().error.path).toBe(path);
    expect(await databaseState()).toEqual(before);
  });

  it('answers characters the database cannot store with a 400 even where no schema checks them (a household id with a NUL)', async () => {
    const before = await databaseState();
    const r = await app.inject({ method: 'GET', url: '/api/households/%00', headers });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await databaseState()).toEqual(before);
  });

  it('still accepts a name with a middle dot and an address with ordinary punctuation', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/households', headers,
      payload: withChange((h) => { h.members[0].name = '阿依古丽·买买提'; h.address = '江口村 3 组（老屋）'; h.financialAssetsYuan = 0.1 + 0.2; }) });
    expect(r.statusCode, r.body).toBe(201);
  });
});
