/**
 * The demo's seeded cases (a fresh `npm start`): they lie in the township of the demo's township login
 * (xiangzhen, 江口镇 in README's table of demo accounts) and are registered by it, so that account's queue
 * and case list start with them; the village login sees only those of its village.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { cases } from './schema.ts';
import { DEMO_COUNTY, DEMO_LOGINS, DEMO_PASSWORD, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { seedDemoCases } from './demo.ts';

let database: Database;
let app: FastifyInstance;
const xiangzhen = DEMO_LOGINS.find((l) => l.username === 'xiangzhen')!;

async function get(username: string, url: string) {
  const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: DEMO_PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  const r = await app.inject({ method: 'GET', url, headers: { cookie: `doudi_session=${login.cookies[0].value}` } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoPolicy(database.db);
  await seedDemoHouseholds(database.db, 400, { seed: 3 });
  await seedDemoUsers(database.db);
  expect(await seedDemoCases(database.db, DEMO_COUNTY)).toBeGreaterThan(0);
  app = await buildServer(database);
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('demo cases', () => {
  it('are registered by the demo township login, in its township (江口镇, as README\'s table of demo accounts says)', async () => {
    expect(xiangzhen).toMatchObject({ role: 'township_staff', areaCode: '430525101' });
    const rows = await database.db.select({ areaCode: cases.areaCode, createdBy: cases.createdBy, channel: cases.channel }).from(cases);
    expect(rows.length).toBe(5);
    for (const r of rows) {
      expect(r.areaCode.startsWith(xiangzhen.areaCode), `${r.channel} case in ${r.areaCode}`).toBe(true);
      // The citizen's own application (掌上办) is registered by the citizen.
      expect(r.createdBy).toBe(r.channel === 'citizen' ? 'citizen' : 'xiangzhen');
    }
  });

  it('fill the township login\'s case list and queue from the start', async () => {
    expect((await get('xiangzhen', '/api/cases')).total).toBe(5);
    const mine = await get('xiangzhen', '/api/cases/queues?view=mine');
    expect(mine.counts.mine).toBeGreaterThan(0);
    expect(mine.rows.length).toBeGreaterThan(0);
  });
});
