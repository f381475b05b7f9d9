/** The county calendar through the API: overrides set and removed by a county admin, audited, refused to others and for bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { createUser } from '../auth/users.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { addWorkingDays, COVERED_YEARS } from './calendar.ts';
import { calendarOverrides, workflowTasks } from './schema.ts';
import { countyOverrides } from './calendarStore.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};

function as(user: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const s = sessions[user];
  return app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  for (const [username, role, areaCode] of [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101']] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  app = await buildServer(database);
  for (const username of ['county', 'jiangkou']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('county calendar overrides', () => {
  it('shows the national calendar with reasons for a range', async () => {
    const r = await as('jiangkou', 'GET', '/api/workflow/calendar?from=2025-09-28&to=2025-10-01');
    expect(r.statusCode).toBe(200);
    expect(r.json().days.map((d: { working: boolean; reason: string }) => [d.working, d.reason])).toEqual([
      [true, '调休工作日（国庆节）'], [true, '工作日'], [true, '工作日'], [false, '法定节假日（国庆节）']]);
  });

  it('lets the county admin make a day off, which moves deadlines, audited with the value it replaced', async () => {
    const set = await as('county', 'POST', '/api/workflow/calendar', { date: '2025-10-09', working: false, note: '县庆放假' });
    expect(set.statusCode).toBe(200);
    expect(set.json().override).toMatchObject({ areaCode: '430525', date: '2025-10-09', working: false, createdBy: 'county' });
    const overrides = await countyOverrides(database.db, '430525101201');
    expect(addWorkingDays('2025-09-30', 1, overrides)).toBe('2025-10-10');
    await as('county', 'POST', '/api/workflow/calendar', { date: '2025-10-09', working: true, note: '改回' });
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'workflow.calendar.set'), eq(auditLog.target, '2025-10-09')));
    expect(audit.map((a) => a.detail)).toEqual([
      { date: '2025-10-09', working: false, note: '县庆放假', previous: null },
      { date: '2025-10-09', working: true, note: '改回', previous: { working: false, note: '县庆放假' } }]);
  });

  it('removes an override with working null, and says so when there is none', async () => {
    expect((await as('county', 'POST', '/api/workflow/calendar', { date: '2025-10-09', working: null, note: '恢复全国日历' })).json()).toEqual({ override: null });
    expect((await countyOverrides(database.db, '430525')).has('2025-10-09')).toBe(false);
    const again = await as('county', 'POST', '/api/workflow/calendar', { date: '2025-10-09', working: null, note: '恢复全国日历' });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toMatchObject({ code: 'NO_OVERRIDE', path: 'date' });
  });

  it('refuses township staff, and bad input with a Chinese message at its field', async () => {
    expect((await as('jiangkou', 'POST', '/api/workflow/calendar', { date: '2025-10-09', working: false, note: 'x' })).statusCode).toBe(403);
    const bad = await as('county', 'POST', '/api/workflow/calendar', { date: '2025-02-30', working: false, note: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_INPUT', path: 'date', message: '日期格式应为 YYYY-MM-DD' });
    const noNote = await as('county', 'POST', '/api/workflow/calendar', { date: '2025-10-09', working: false, note: ' ' });
    expect(noNote.json().error).toMatchObject({ path: 'note', message: '请填写调整说明' });
    const range = await as('county', 'GET', '/api/workflow/calendar?from=2025-01-01&to=2027-01-01');
    expect(range.json().error).toMatchObject({ code: 'RANGE_TOO_LONG', path: 'to' });
  });

  it('names the year without holiday data in which open deadlines of the area fall, with the days the county has set', async () => {
    const year = COVERED_YEARS.to + 1;
    const task = (id: string, areaCode: string, dueAt: string, status = 'open') => ({ id, subjectType: 'case', subjectId: id, step: 'investigation', areaCode,
      assigneeRole: 'township_staff', openedOn: `${COVERED_YEARS.to}-12-20`, dueAt, workingDays: 10, status });
    const ids = ['gap-1', 'gap-2', 'gap-3', 'gap-4'];
    await database.db.insert(workflowTasks).values([task('gap-1', '430525101201', `${year}-01-05`), task('gap-2', '430525102201', `${year}-01-06`),
      task('gap-3', '430525101201', `${year}-01-07`, 'done'), task('gap-4', '430525101201', `${COVERED_YEARS.to}-12-30`)]);
    try {
      const before = (await as('jiangkou', 'GET', `/api/workflow/calendar?from=${year}-01-01&to=${year}-01-31`)).json();
      expect(before.uncoveredYears).toEqual([{ year, deadlines: 1, overrides: 0 }]);
      expect(before.days[0].kind).toBe('fallback');
      await as('county', 'POST', '/api/workflow/calendar', { date: `${year}-01-01`, working: false, note: '元旦' });
      expect((await as('county', 'GET', '/api/workflow/calendar')).json().uncoveredYears).toEqual([{ year, deadlines: 2, overrides: 1 }]);
      const queue = await as('jiangkou', 'GET', '/api/cases/queues');
      expect(queue.statusCode).toBe(200);
      expect(queue.json().uncoveredYears).toEqual([{ year, deadlines: 1, overrides: 1 }]);
    } finally {
      await database.db.delete(workflowTasks).where(inArray(workflowTasks.id, ids));
      await database.db.delete(calendarOverrides).where(eq(calendarOverrides.date, `${year}-01-01`));
    }
  });
});
