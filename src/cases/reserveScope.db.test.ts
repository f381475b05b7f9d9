/**
 * The township reserve as a village sees it (issue 15, item 6): the balance of its township's reserve
 * and its own village's advances, never another village's advance (case id, amount, note, officer) —
 * that case is a 404 for it. Through the API, on both databases.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';

const PANSHANG_VILLAGE = '430525101202'; // 畔上村, a sibling village in 江口镇
const PASSWORD = 'Shiqiao-Dengta-5271';
let database: Database;
let app: FastifyInstance;
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const advances: Record<string, string> = {}; // village code → case id

async function as(user: string, method: string, url: string, payload?: unknown) {
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });
}
async function ok(p: ReturnType<typeof as>, status = 200) {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  const users = [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'], ['jiangkoucun', 'village_staff', JIANGKOU_VILLAGE],
    ['panshang', 'village_staff', PANSHANG_VILLAGE]] as const;
  for (const [username, role, areaCode] of users) await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department: role === 'county_admin' ? '民政局' : null }, 'test');
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await ok(as('county', 'POST', '/api/policy/publish', { yaml: readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'), note: '发布' }), 201);
  await ok(as('county', 'POST', '/api/reserves/allocate', { townshipCode: '430525101', amountYuan: 5000, note: '拨付备用金' }));
  // One emergency advance in each village, paid first from 江口镇's reserve by the township.
  for (const [village, amountYuan, names] of [[JIANGKOU_VILLAGE, 800, ['王大明']], [PANSHANG_VILLAGE, 600, ['赵小山']]] as const) {
    const hid = (await ok(as('jiangkou', 'POST', '/api/households', household(village, [...names])), 201)).id;
    const c = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'hotline', householdId: hid, hotline: { caller: '村民', callbackNumber: '13900002222', said: '失火' },
      programs: [{ program: '临时救助', subtype: '急难型', amountYuan }] }), 201);
    const p = (await ok(as('jiangkou', 'GET', `/api/cases/${c.id}`))).programs[0];
    await ok(as('jiangkou', 'POST', `/api/cases/${c.id}/programs/${p.id}/actions/pay_advance`, { amountYuan, note: `${village} 先行救助` }));
    advances[village] = c.id;
  }
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); });

type Movement = { kind: string; caseId: string | null; amountYuan: number; note: string | null; actor: string };

describe('the township reserve seen from a village', () => {
  it("lists the village's own advance and the county's allocation, but no advance of a sibling village", async () => {
    for (const [user, own, other] of [['jiangkoucun', JIANGKOU_VILLAGE, PANSHANG_VILLAGE], ['panshang', PANSHANG_VILLAGE, JIANGKOU_VILLAGE]] as const) {
      const r = await ok(as(user, 'GET', '/api/reserves'));
      const movements = r.movements as Movement[];
      expect(movements.filter((m) => m.kind === 'advance').map((m) => m.caseId), user).toEqual([advances[own]]);
      expect(movements.some((m) => m.kind === 'allocate' && m.amountYuan === 5000)).toBe(true);
      expect(JSON.stringify(movements)).not.toContain(advances[other]);
      expect(JSON.stringify(movements)).not.toContain(`${other} 先行救助`);
      // The sibling's case itself is out of reach, as the list now agrees.
      expect((await as(user, 'GET', `/api/cases/${advances[other]}`)).statusCode).toBe(404);
      // The balance is the township's: it pays every village's emergencies.
      expect(r.townships).toEqual([expect.objectContaining({ townshipCode: '430525101', balanceYuan: 3600 })]);
    }
  });

  it('still lists every advance of the township to the township and the county', async () => {
    for (const user of ['jiangkou', 'county']) {
      const movements = (await ok(as(user, 'GET', '/api/reserves'))).movements as Movement[];
      expect(movements.filter((m) => m.kind === 'advance').map((m) => m.caseId).sort(), user).toEqual([advances[JIANGKOU_VILLAGE], advances[PANSHANG_VILLAGE]].sort());
    }
  });
});
