/** Stored deadlines: due dates on the working-day calendar, pause/resume, one extension, 督办 escalation, queue counts and their index. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { workflowTasks } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { publishPolicy } from '../policy/store.ts';
import { countyAdmin } from '../test-support/fixtures.ts';
import { completeTask, countsByQueue, escalateOverdue, extendTask, listEvents, openTask, pauseTask, resumeTask, taskView, type OpenTaskInput } from './tasks.ts';

let database: Database;
let db: Db;
const VILLAGE = '430525101201';
const OTHER_TOWNSHIP_VILLAGE = '430525102201';
let seq = 0;

function open(over: Partial<OpenTaskInput> = {}) {
  return openTask(db, { subjectType: 'case', subjectId: `c${++seq}`, step: 'township_approval', areaCode: VILLAGE, assigneeRole: 'township_staff',
    workingDays: 5, actor: 'jiangkou', today: '2025-09-30', ...over });
}

beforeAll(async () => { database = await openTestDatabase(); db = database.db; });
afterAll(async () => { await database?.close(); });

describe('deadlines', () => {
  it('falls due after its working days on the national calendar, with an event and an audit entry', async () => {
    const t = await open();
    expect(t.dueAt).toBe('2025-10-14');
    const events = await listEvents(db, '430525101', 'case', t.subjectId);
    expect(events).toMatchObject([{ action: 'task.open', actor: 'jiangkou', detail: { taskId: t.id, dueAt: '2025-10-14', workingDays: 5 } }]);
    expect(await listEvents(db, '430525102', 'case', t.subjectId)).toEqual([]);
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'workflow.task.open'), eq(auditLog.target, t.id)));
    expect(audit.areaCode).toBe(VILLAGE);
  });

  it('moves the due date by the working days a pause lasted, and is not overdue while paused', async () => {
    const t = await open();
    const paused = await pauseTask(db, t.id, { actor: 'jiangkou', reason: '等待申请人补交材料', today: '2025-10-09' });
    expect(taskView(paused, '2025-10-20', new Map())).toMatchObject({ overdue: false, remainingWorkingDays: null });
    await expect(pauseTask(db, t.id, { actor: 'jiangkou', reason: '再次', today: '2025-10-10' })).rejects.toMatchObject({ code: 'TASK_PAUSED', status: 409 });
    // (10-09, 10-13]: 10-10, Saturday 10-11 (调休) and 10-13 are working days.
    const resumed = await resumeTask(db, t.id, { actor: 'jiangkou', today: '2025-10-13' });
    expect(resumed).toMatchObject({ pausedSince: null, pausedWorkingDays: 3, dueAt: '2025-10-17' });
    await expect(resumeTask(db, t.id, { actor: 'jiangkou', today: '2025-10-14' })).rejects.toMatchObject({ code: 'TASK_NOT_PAUSED' });
  });

  it('is extended once, with a reason, by at most its own working days', async () => {
    const t = await open();
    await expect(extendTask(db, t.id, { actor: 'jiangkou', reason: '', workingDays: 2 })).rejects.toMatchObject({ code: 'REASON_REQUIRED', path: 'reason' });
    await expect(extendTask(db, t.id, { actor: 'jiangkou', reason: '需补充调查', workingDays: 6 })).rejects.toMatchObject({ code: 'INVALID_EXTENSION', path: 'workingDays' });
    const e = await extendTask(db, t.id, { actor: 'jiangkou', reason: '需补充调查', workingDays: 2 });
    expect(e).toMatchObject({ extended: true, extensionReason: '需补充调查', extensionWorkingDays: 2, dueAt: '2025-10-16' });
    await expect(extendTask(db, t.id, { actor: 'jiangkou', reason: '再延' })).rejects.toMatchObject({ code: 'ALREADY_EXTENDED', status: 409 });
  });

  it('refuses a change to a task outside the scope (not found) or already done', async () => {
    const t = await open();
    await expect(completeTask(db, t.id, { actor: 'yulan', scope: '430525102' })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND', status: 404 });
    await completeTask(db, t.id, { actor: 'jiangkou', scope: '430525101' });
    await expect(completeTask(db, t.id, { actor: 'jiangkou' })).rejects.toMatchObject({ code: 'TASK_CLOSED', status: 409 });
  });
});

describe('督办 escalation', () => {
  it('raises an overdue task to the township, then (no pack setting) to the county the next working day, once a day', async () => {
    await db.delete(workflowTasks);
    const t = await open(); // due 2025-10-14
    const paused = await open();
    await pauseTask(db, paused.id, { actor: 'jiangkou', reason: '等待材料', today: '2025-10-10' });
    expect(await escalateOverdue(db, '2025-10-14')).toEqual([]);
    const first = await escalateOverdue(db, '2025-10-15');
    expect(first).toEqual([expect.objectContaining({ taskId: t.id, level: 1, dueAt: '2025-10-14', overdueWorkingDays: 1 })]);
    expect(await escalateOverdue(db, '2025-10-15')).toEqual([]);
    expect(await escalateOverdue(db, '2025-10-16')).toEqual([expect.objectContaining({ taskId: t.id, level: 2, overdueWorkingDays: 2 })]);
    expect(await escalateOverdue(db, '2025-10-20')).toEqual([]);
    const events = await listEvents(db, '430525', 'case', t.subjectId);
    expect(events.filter((e) => e.action === 'task.escalate').map((e) => e.reason)).toEqual([
      '乡镇督办：已逾期 1 个工作日（应于 2025-10-14 前办结）', '县级督办：已逾期 2 个工作日（应于 2025-10-14 前办结）']);
  });

  it('waits for the county pack\'s workflow.escalation.countyAfterDays before the county level', async () => {
    await db.delete(workflowTasks);
    const pack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'); // countyAfterDays: 3
    await publishPolicy(db, countyAdmin, pack, '测试');
    const t = await open();
    expect((await escalateOverdue(db, '2025-10-15'))[0].level).toBe(1);
    expect(await escalateOverdue(db, '2025-10-16')).toEqual([]); // 2 working days overdue
    expect(await escalateOverdue(db, '2025-10-17')).toEqual([]); // 3
    expect(await escalateOverdue(db, '2025-10-20')).toEqual([expect.objectContaining({ taskId: t.id, level: 2, overdueWorkingDays: 4 })]);
  });
});

describe('work queues', () => {
  it('counts my tasks, due soon (≤ 2 working days) and overdue for my role, department and area only', async () => {
    await db.delete(workflowTasks);
    const today = '2025-10-15';
    await open({ today: '2025-10-13', workingDays: 2 }); // due 10-15: due soon
    await open({ today: '2025-10-14', workingDays: 3 }); // due 10-17: due soon (2 working days)
    await open({ today: '2025-10-14', workingDays: 4 }); // due 10-20: mine only
    await open({ today: '2025-10-09', workingDays: 2 }); // due 10-11: overdue
    const paused = await open({ today: '2025-10-09', workingDays: 2 }); // overdue but paused
    await pauseTask(db, paused.id, { actor: 'jiangkou', reason: '等待材料', today: '2025-10-10' });
    await open({ areaCode: OTHER_TOWNSHIP_VILLAGE, today: '2025-10-09', workingDays: 1 });
    await open({ assigneeRole: 'county_staff', today: '2025-10-09', workingDays: 1 });
    await open({ assigneeRole: 'county_staff', department: '教育局', today: '2025-10-09', workingDays: 1 });
    const done = await open({ today: '2025-10-09', workingDays: 1 });
    await completeTask(db, done.id, { actor: 'jiangkou' });
    expect(await countsByQueue(db, { username: 'jiangkou', role: 'township_staff', areaCode: '430525101' }, today)).toEqual({ mine: 5, dueSoon: 2, overdue: 1 });
    expect(await countsByQueue(db, { username: 'county', role: 'county_staff', areaCode: '430525' }, today)).toEqual({ mine: 1, dueSoon: 0, overdue: 1 });
    expect(await countsByQueue(db, { username: 'edu', role: 'county_staff', areaCode: '430525', department: '教育局' }, today)).toEqual({ mine: 1, dueSoon: 0, overdue: 1 });
  });

  it('counts from the partial queue index over 100,000 open tasks', async () => {
    await db.execute(sql`insert into workflow_tasks (id, subject_type, subject_id, step, area_code, assignee_role, opened_on, due_at, working_days)
      select 'bulk' || g, 'case', 'bulk' || g, 'investigation', '430525' || lpad((100 + g % 20)::text, 3, '0') || '201',
        (array['township_staff','county_staff','village_staff'])[1 + g % 3], date '2025-01-01', date '2025-01-01' + (g % 300), 10
      from generate_series(1, 100000) g`);
    await db.execute(sql`analyze workflow_tasks`);
    const plan = await db.execute(sql`explain select count(*) from workflow_tasks where status = 'open' and assignee_role = 'township_staff' and area_code like '430525101%' and department is null`);
    const text = (plan as unknown as { rows: Record<string, string>[] }).rows.map((r) => Object.values(r)[0]).join('\n');
    expect(text).toContain('workflow_tasks_queue_idx');
    const counts = await countsByQueue(db, { username: 'jiangkou', role: 'township_staff', areaCode: '430525101' }, '2025-06-01');
    expect(counts.mine).toBeGreaterThan(1000);
  });
});
