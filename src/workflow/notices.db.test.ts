/** Notices stored masked, their period and phone from the county pack, objections masked on display, and the notice routes inside the user's area. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { noticeObjections } from './schema.ts';
import { createUser } from '../auth/users.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin } from '../test-support/fixtures.ts';
import { seedAreas } from '../registry/seed.ts';
import { publishPolicy } from '../policy/store.ts';
import { buildServer } from '../server.ts';
import { noticeEntries } from './notices.ts';
import { handleObjection, listObjections, openNotice, recordObjection } from './noticeStore.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const VILLAGE = '430525101201';
const FULL_ID = '430525198503041234';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
let noticeId: string;

function as(user: string, url: string) {
  return app.inject({ method: 'GET', url, headers: { cookie: sessions[user].cookie } });
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await publishPolicy(database.db, countyAdmin, readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'), '测试');
  for (const [username, role, areaCode] of [['jiangkou', 'township_staff', '430525101'], ['yulan', 'township_staff', '430525102']] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  app = await buildServer(database);
  for (const username of ['jiangkou', 'yulan']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  const n = await openNotice(database.db, { subjectType: 'case_program', subjectId: 'p1', areaCode: VILLAGE, title: '江口村低保拟批准对象公示',
    issuer: '江口镇人民政府', days: 7, entries: noticeEntries([{ name: '王小明', idNumber: FULL_ID, program: '低保', amountYuan: 450 }]), actor: 'jiangkou', today: '2025-09-29' });
  noticeId = n.id;
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('stored notices', () => {
  it('runs notice.days calendar days, takes the objection phone from the county pack, and stores no full ID number', async () => {
    const r = await as('jiangkou', `/api/workflow/notices/${noticeId}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.json()).toMatchObject({ startDate: '2025-09-29', endDate: '2025-10-06', contactPhone: '0739-7000000', contactAddress: '江口镇人民政府社会救助服务窗口',
      entries: [{ name: '王*明', idNumber: '430525********1234', program: '低保', amountYuan: 450 }] });
    const raw = await database.db.execute(sql`select entries::text as e from notices`);
    expect(JSON.stringify((raw as unknown as { rows: unknown[] }).rows)).not.toContain(FULL_ID);
  });

  it('records objections with the objector stored but shown masked, and their handling once', async () => {
    const o = await recordObjection(database.db, { noticeId, areaCode: VILLAGE, byName: '张三丰', byPhone: '13912345678', content: '该户有车辆', actor: 'jiangkou' });
    await expect(recordObjection(database.db, { noticeId, areaCode: '430525102201', content: 'x', actor: 'yulan' })).rejects.toMatchObject({ code: 'NOTICE_NOT_FOUND', status: 404 });
    const [stored] = await database.db.select().from(noticeObjections).where(eq(noticeObjections.id, o.id));
    expect(stored).toMatchObject({ byName: '张三丰', byPhone: '13912345678' });
    await handleObjection(database.db, o.id, { result: '经核实车辆已于 2024 年报废', actor: 'jiangkou', scope: '430525101' });
    await expect(handleObjection(database.db, o.id, { result: '再次', actor: 'jiangkou', scope: '430525101' })).rejects.toMatchObject({ code: 'OBJECTION_HANDLED' });
    expect(await listObjections(database.db, '430525102', noticeId)).toEqual([]);
    const body = (await as('jiangkou', `/api/workflow/notices/${noticeId}`)).json();
    expect(body.objections).toMatchObject([{ byName: '张*丰', byPhone: '139****5678', content: '该户有车辆', result: '经核实车辆已于 2024 年报废' }]);
    expect(JSON.stringify(body)).not.toContain('13912345678');
  });

  it('serves the A4 page and the PDF inside the area only', async () => {
    const html = await as('jiangkou', `/api/workflow/notices/${noticeId}/print`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('王*明');
    const pdf = await as('jiangkou', `/api/workflow/notices/${noticeId}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    for (const path of ['', '/print', '/pdf']) expect((await as('yulan', `/api/workflow/notices/${noticeId}${path}`)).statusCode).toBe(404);
  });
});
