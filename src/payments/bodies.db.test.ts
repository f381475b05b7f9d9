/**
 * Request bodies of the payments routes (issue 15, item 9): the role is checked before a byte of the
 * body is read, and each route takes at most the body it needs (only the bank's return file may be
 * large). Bodies are streams that count what the server pulled from them.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';
import { RETURN_FILE_LIMIT } from './routes.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const MB = 1024 * 1024;

/** Sends `size` bytes as a stream and counts how many of them the server pulled. */
async function send(user: string, url: string, size: number, contentType = 'application/octet-stream') {
  const pulled = { bytes: 0 };
  const stream = new Readable({
    read() {
      if (pulled.bytes >= size) { this.push(null); return; }
      const n = Math.min(64 * 1024, size - pulled.bytes);
      pulled.bytes += n;
      this.push(Buffer.alloc(n, 0x31));
    },
  });
  const r = await app.inject({ method: 'POST', url, payload: stream,
    headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf, 'content-type': contentType, 'content-length': String(size) } });
  return { r, pulled: pulled.bytes };
}

beforeAll(async () => {
  database = await openTestDatabase();
  for (const [username, role, areaCode] of [['minzheng', 'county_staff', '430525'], ['cun', 'village_staff', JIANGKOU_VILLAGE]] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  app = await buildServer(database);
  for (const u of ['minzheng', 'cun']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: u, password: PASSWORD } });
    sessions[u] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); });

const ROUTES_WITH_BODIES = ['/api/payroll/2024-02/prepare', '/api/payroll/2024-02/approve', '/api/payroll/2024-02/returns?name=a.csv', '/api/payroll/recoveries/R1/approve'];

describe('payments request bodies', () => {
  it('refuses a user without the payment permission before reading the body, on every route that takes one', async () => {
    for (const url of ROUTES_WITH_BODIES) {
      const { r, pulled } = await send('cun', url, 25 * MB, url.includes('returns') ? 'text/csv' : 'application/octet-stream');
      expect(r.statusCode, `${url}: ${r.body}`).toBe(403);
      expect(r.json().error.message).toBe('您的角色无权执行此操作');
      expect(pulled, url).toBeLessThan(MB / 2);
    }
  });

  it('takes no more body than each route needs: a large body to prepare, approve or a recovery is 413 unread and changes nothing', async () => {
    for (const url of ROUTES_WITH_BODIES.filter((u) => !u.includes('returns'))) {
      const { r, pulled } = await send('minzheng', url, 2 * MB);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(413);
      expect(r.json().error.message).toBe('请求内容过大，超过了此接口允许的大小');
      expect(pulled, url).toBeLessThan(MB / 2);
    }
    const list = await app.inject({ method: 'GET', url: '/api/payroll', headers: { cookie: sessions.minzheng.cookie } });
    expect(list.json().rows).toEqual([]);
  });

  it('checks the return file\'s month and name before reading it, and refuses one above its limit unread', async () => {
    const noName = await send('minzheng', '/api/payroll/2024-02/returns', 5 * MB, 'text/csv');
    expect(noName.r.statusCode, noName.r.body).toBe(400);
    expect(noName.r.json().error).toMatchObject({ code: 'INVALID_INPUT', path: 'name' });
    expect(noName.pulled).toBeLessThan(MB / 2);
    const badMonth = await send('minzheng', '/api/payroll/2024-13/returns?name=a.csv', 5 * MB, 'text/csv');
    expect(badMonth.r.json().error).toMatchObject({ code: 'INVALID_MONTH', path: 'month' });
    expect(badMonth.pulled).toBeLessThan(MB / 2);
    const tooLarge = await send('minzheng', '/api/payroll/2024-02/returns?name=a.csv', RETURN_FILE_LIMIT + 1, 'text/csv');
    expect(tooLarge.r.statusCode).toBe(413);
    expect(tooLarge.pulled).toBeLessThan(MB / 2);
  });
});
