/**
 * The ledger export over HTTP under the server-wide export limit: an export waits while the slots are
 * taken and starts when one frees; past the queue it is refused with 429 and a Chinese message; the
 * slot is given back when the export ends. The streamed workbook keeps ID numbers in text columns.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { seedAreas, seedDemoHouseholds } from '../registry/seed.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { buildServer } from '../server.ts';
import { ExportSlots, EXPORTS_BUSY_MESSAGE } from './exportSlots.ts';
import { COLUMNS } from './template.ts';

let database: Database;
let app: FastifyInstance;
let cookie: string;
const slots = new ExportSlots(1, 1);
const PASSWORD = 'daochu-Paidui-xianzhi-5827';

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await seedDemoHouseholds(database.db, 30, { seed: 5 });
  await createUser(database.db, { username: 'county', displayName: 'county', password: PASSWORD, role: 'county_admin', areaCode: '430525' }, 'test');
  app = await buildServer(database, { exportSlots: slots });
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'county', password: PASSWORD } });
  expect(r.statusCode).toBe(200);
  cookie = `doudi_session=${r.cookies[0].value}`;
});
afterAll(async () => { await app?.close(); await database?.close(); });

const exportXlsx = () => app.inject({ method: 'GET', url: '/api/ledger/export.xlsx', headers: { cookie } });

describe('ledger export under the export limit', () => {
  it('waits for a free slot, refuses one more beyond the queue with 429 “导出任务较多，请稍后再试”, and gives its slot back when done', async () => {
    const busy = await slots.acquire(); // an export already being built takes the only slot
    const waiting = exportXlsx();
    await vi.waitFor(() => expect(slots.stats).toEqual({ active: 1, queued: 1 }));
    const refused = await exportXlsx();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'EXPORT_BUSY', message: EXPORTS_BUSY_MESSAGE } });
    expect(slots.stats).toEqual({ active: 1, queued: 1 });

    busy();
    const done = await waiting;
    expect(done.statusCode).toBe(200);
    expect(done.headers['cache-control']).toBe('no-store');
    expect(slots.stats).toEqual({ active: 0, queued: 0 });
    // The next export starts at once.
    expect((await exportXlsx()).statusCode).toBe(200);
    expect(slots.stats).toEqual({ active: 0, queued: 0 });
  });

  it('writes the ledger key, ID number, area code and phone cells as text (the columns\' number format "@")', async () => {
    const r = await exportXlsx();
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBeGreaterThan(30);
    for (const header of ['户编号', '身份证号', '行政区划代码']) {
      const cell = ws.getRow(2).getCell(COLUMNS.indexOf(header as (typeof COLUMNS)[number]) + 1);
      expect(typeof cell.value).toBe('string');
      expect(cell.numFmt).toBe('@');
    }
    expect(ws.getRow(2).getCell(COLUMNS.indexOf('姓名' as (typeof COLUMNS)[number]) + 1).numFmt).toBeUndefined();
  });
});
