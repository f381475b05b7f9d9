/**
 * Stored deadlines (workflow_tasks) and the subject timeline (workflow_events), shared by cases,
 * referrals and monitoring. A task is one step of one subject, due a number of working days after it
 * was opened on the county's calendar (calendar.ts + the county's overrides):
 * - pause/resume: while waiting on the applicant the clock stops; on resume the due date moves by the
 *   working days the pause lasted (days in (paused_since, resume day]); a paused task is never overdue.
 * - extend: once per task, with a reason, by at most the step's own number of working days.
 * - escalateOverdue(db, today): 督办. A task open and unpaused past its due date is raised to the
 *   township (level 1) the first time it is seen overdue, and to the county (level 2) once it is more
 *   than `workflow.escalation.countyAfterDays` working days overdue (from the county's pack; if the
 *   pack does not set it, the next working day after the township escalation). At most one step per
 *   task per day, so running it again the same day changes nothing. Each escalation is an event on the
 *   subject's timeline and the run is one audit entry.
 * - queues: 'mine' (open tasks of the actor's role, and department if any, in the actor's area),
 *   'dueSoon' (unpaused, due within 2 working days), 'overdue' (unpaused, due date passed). One query
 *   over the partial index (assignee_role, area_code, due_at) WHERE status = 'open'.
 *
 * The caller (cases, monitoring) checks that the actor may act on the subject; mutations take an
 * optional `scope` and refuse a task outside it as not found. Every mutation writes a timeline event
 * and an audit entry in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { insertJsonRows } from '../db/jsonRows.ts';
import { workflowTasks } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { todayInChina } from '../registry/model.ts';
import { currentPolicy } from '../policy/store.ts';
import { loadPack, parameterOn } from '../policy/pack.ts';
import { addWorkingDays, coverageNote, workingDaysBetween, type Overrides } from './calendar.ts';
import { countyOf, countyOverrides } from './calendarStore.ts';
import { appendEvent, appendEvents } from './events.ts';

export { appendEvent, appendEvents, listEvents, type EventInput, type WorkflowEvent } from './events.ts';

export type Task = typeof workflowTasks.$inferSelect;

/** Who is acting: a user (role, area scope, county department if any). */
export interface WorkflowActor {
  username: string;
  role: string;
  areaCode: string;
  department?: string | null;
}

export interface OpenTaskInput {
  subjectType: string;
  subjectId: string;
  step: string;
  areaCode: string;
  assigneeRole: string;
  department?: string | null;
  workingDays: number;
  actor: string;
  /** The day counting starts (default: today in China). */
  today?: string;
}

export async function openTask(tx: Db, t: OpenTaskInput): Promise<Task> {
  return (await openTasks(tx, [t]))[0];
}

/**
 * Opens tasks in the order given, as `openTask` does one (each with its timeline event and audit entry),
 * in a few statements: the county's calendar read once per county, each due date counted once per county,
 * day and length, the rows inserted thousands at a time as one JSON parameter (db/jsonRows.ts) and read
 * back in one query. `id` chooses a task's id in advance (a caller that stores it on its own row first).
 */
export async function openTasks(tx: Db, ts: (OpenTaskInput & { id?: string })[]): Promise<Task[]> {
  for (const t of ts) if (!Number.isInteger(t.workingDays) || t.workingDays < 1) throw new AppError('INVALID_DEADLINE', '办理时限应为至少 1 个工作日的整数', 'workingDays');
  if (ts.length === 0) return [];
  const calendars = new Map<string, Overrides>();
  const dues = new Map<string, string>();
  const rows: (typeof workflowTasks.$inferInsert & { id: string; openedOn: string; dueAt: string })[] = [];
  for (const t of ts) {
    const county = countyOf(t.areaCode);
    const overrides = calendars.get(county) ?? calendars.set(county, await countyOverrides(tx, t.areaCode)).get(county)!;
    const today = t.today ?? todayInChina();
    const key = `${county}|${today}|${t.workingDays}`;
    const dueAt = dues.get(key) ?? dues.set(key, addWorkingDays(today, t.workingDays, overrides)).get(key)!;
    rows.push({ id: t.id ?? randomUUID(), subjectType: t.subjectType, subjectId: t.subjectId, step: t.step, areaCode: t.areaCode, assigneeRole: t.assigneeRole,
      department: t.department ?? null, openedOn: today, dueAt, workingDays: t.workingDays });
  }
  await insertJsonRows(tx, workflowTasks, rows);
  const ids = rows.map((r) => r.id);
  const byId = new Map((await tx.select().from(workflowTasks).where(sql`${workflowTasks.id} = any(${sql.param(ids)}::text[])`)).map((task) => [task.id, task]));
  const opened = rows.map((r) => byId.get(r.id)!);
  await recordAll(tx, opened.map((task, k) => {
    const { openedOn, dueAt, workingDays } = rows[k];
    const note = coverageNote(openedOn, dueAt);
    return { task, actor: ts[k].actor, action: 'task.open', reason: null, detail: { dueAt, workingDays, ...(note ? { calendarNote: note } : {}) } };
  }));
  return opened;
}

async function record(tx: Db, task: Task, actor: string, action: string, reason: string | null, detail: Record<string, unknown>) {
  await recordAll(tx, [{ task, actor, action, reason, detail }]);
}

/** Each change's timeline event and audit entry, in order (audit entries appended to the chain ten thousand at a time). */
async function recordAll(tx: Db, changes: { task: Task; actor: string; action: string; reason: string | null; detail: Record<string, unknown> }[]) {
  const full = changes.map((c) => ({ ...c, full: { taskId: c.task.id, step: c.task.step, ...c.detail } }));
  await appendEvents(tx, full.map((c) => ({ subjectType: c.task.subjectType, subjectId: c.task.subjectId, areaCode: c.task.areaCode, actor: c.actor, action: c.action, reason: c.reason, detail: c.full })));
  // appendAudit takes its entries as arguments: ten thousand per call stays far below the engine's argument limit.
  for (let i = 0; i < full.length; i += 10_000) {
    await appendAudit(tx, ...full.slice(i, i + 10_000).map(({ actor, action, task, reason, full: detail }) => ({ actor, action: `workflow.${action}`, target: task.id, areaCode: task.areaCode,
      detail: { subjectType: task.subjectType, subjectId: task.subjectId, reason, ...detail } })));
  }
}

export interface TaskChange {
  actor: string;
  /** When given, a task outside this area is not found. */
  scope?: string;
  reason?: string;
  today?: string;
}

/** The task, locked for the change, open and inside the scope. */
async function openTaskForChange(tx: Db, id: string, scope: string | undefined): Promise<Task> {
  const [task] = await tx.select().from(workflowTasks).where(eq(workflowTasks.id, id)).for('update');
  if (!task || (scope !== undefined && !task.areaCode.startsWith(scope))) throw new AppError('TASK_NOT_FOUND', '办理事项不存在', 'taskId', 404);
  if (task.status !== 'open') throw new AppError('TASK_CLOSED', task.status === 'done' ? '该事项已办结' : '该事项已取消', 'taskId', 409);
  return task;
}

async function update(tx: Db, id: string, set: Partial<Task>): Promise<Task> {
  const [row] = await tx.update(workflowTasks).set(set).where(eq(workflowTasks.id, id)).returning();
  return row;
}

/** Done (办结). A paused task can be completed too. */
export async function completeTask(tx: Db, id: string, c: TaskChange): Promise<Task> {
  const task = await openTaskForChange(tx, id, c.scope);
  const row = await update(tx, id, { status: 'done', doneAt: new Date() });
  await record(tx, task, c.actor, 'task.done', c.reason ?? null, { dueAt: task.dueAt });
  return row;
}

export async function cancelTask(tx: Db, id: string, c: TaskChange & { reason: string }): Promise<Task> {
  const task = await openTaskForChange(tx, id, c.scope);
  const row = await update(tx, id, { status: 'cancelled', doneAt: new Date() });
  await record(tx, task, c.actor, 'task.cancel', c.reason, {});
  return row;
}

/** Stops the clock (waiting on the applicant or a paper). */
export async function pauseTask(tx: Db, id: string, c: TaskChange & { reason: string }): Promise<Task> {
  const task = await openTaskForChange(tx, id, c.scope);
  if (task.pausedSince) throw new AppError('TASK_PAUSED', `该事项已于 ${task.pausedSince} 暂停计时`, 'taskId', 409);
  const today = c.today ?? todayInChina();
  const row = await update(tx, id, { pausedSince: today });
  await record(tx, task, c.actor, 'task.pause', c.reason, { pausedSince: today });
  return row;
}

/** Restarts the clock; the due date moves by the working days the pause lasted. */
export async function resumeTask(tx: Db, id: string, c: TaskChange): Promise<Task> {
  const task = await openTaskForChange(tx, id, c.scope);
  if (!task.pausedSince) throw new AppError('TASK_NOT_PAUSED', '该事项未暂停计时', 'taskId', 409);
  const today = c.today ?? todayInChina();
  if (today < task.pausedSince) throw new AppError('INVALID_DATE', '恢复日期不能早于暂停日期', 'today');
  const overrides = await countyOverrides(tx, task.areaCode);
  const paused = workingDaysBetween(task.pausedSince, today, overrides);
  const dueAt = addWorkingDays(task.dueAt, paused, overrides);
  const row = await update(tx, id, { pausedSince: null, pausedWorkingDays: task.pausedWorkingDays + paused, dueAt });
  await record(tx, task, c.actor, 'task.resume', c.reason ?? null, { pausedSince: task.pausedSince, pausedWorkingDays: paused, previousDueAt: task.dueAt, dueAt });
  return row;
}

/** The one extension (延期) a task may have: a reason, and at most the step's own working days (the default). */
export async function extendTask(tx: Db, id: string, c: TaskChange & { workingDays?: number; reason: string }): Promise<Task> {
  const task = await openTaskForChange(tx, id, c.scope);
  const days = c.workingDays ?? task.workingDays;
  if (task.extended) throw new AppError('ALREADY_EXTENDED', `该事项已延期一次（${task.extensionReason}），不能再次延期`, 'workingDays', 409);
  if (!c.reason.trim()) throw new AppError('REASON_REQUIRED', '请填写延期理由', 'reason');
  if (!Number.isInteger(days) || days < 1 || days > task.workingDays) {
    throw new AppError('INVALID_EXTENSION', `延期应为 1 至 ${task.workingDays} 个工作日（不超过原办理时限）`, 'workingDays');
  }
  const dueAt = addWorkingDays(task.dueAt, days, await countyOverrides(tx, task.areaCode));
  const row = await update(tx, id, { extended: true, extensionWorkingDays: days, extensionReason: c.reason, dueAt });
  await record(tx, task, c.actor, 'task.extend', c.reason, { workingDays: days, previousDueAt: task.dueAt, dueAt });
  return row;
}

export interface Escalation {
  taskId: string;
  subjectType: string;
  subjectId: string;
  step: string;
  areaCode: string;
  /** 1 township, 2 county */
  level: 1 | 2;
  dueAt: string;
  overdueWorkingDays: number;
}

/** `workflow.escalation.countyAfterDays` of the county's current pack on `date`, or null when it sets none. */
export async function countyEscalationDays(db: Db, areaCode: string, date: string): Promise<number | null> {
  const version = await currentPolicy(db, countyOf(areaCode));
  if (!version) return null;
  try {
    return parameterOn<number>(loadPack(version.yaml), 'workflow.escalation.countyAfterDays', date).value;
  } catch {
    return null;
  }
}

/** The pure rule: which level (if any) an overdue task reaches today. */
export function escalationDue(task: Pick<Task, 'status' | 'pausedSince' | 'dueAt' | 'escalation' | 'escalatedAt'>, today: string, overrides: Overrides,
  countyAfterDays: number | null): { level: 1 | 2; overdueWorkingDays: number } | null {
  if (task.status !== 'open' || task.pausedSince || task.dueAt >= today) return null;
  if (task.escalatedAt !== null && task.escalatedAt >= today) return null; // one step per day
  const overdueWorkingDays = workingDaysBetween(task.dueAt, today, overrides);
  if (task.escalation === 0) return { level: 1, overdueWorkingDays };
  if (task.escalation === 1) {
    const ready = countyAfterDays === null ? workingDaysBetween(task.escalatedAt ?? task.dueAt, today, overrides) >= 1 : overdueWorkingDays > countyAfterDays;
    return ready ? { level: 2, overdueWorkingDays } : null;
  }
  return null;
}

/** 督办: raises overdue tasks one level (township, then county); idempotent for a day. */
export async function escalateOverdue(db: Db, today: string): Promise<Escalation[]> {
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const candidates = await tx.select().from(workflowTasks)
      .where(and(eq(workflowTasks.status, 'open'), isNull(workflowTasks.pausedSince), lt(workflowTasks.dueAt, today),
        sql`${workflowTasks.escalation} < 2`, or(isNull(workflowTasks.escalatedAt), lt(workflowTasks.escalatedAt, today))))
      .orderBy(asc(workflowTasks.areaCode), asc(workflowTasks.id)).for('update');
    const counties = new Map<string, { overrides: Overrides; countyAfterDays: number | null }>();
    const out: Escalation[] = [];
    for (const task of candidates) {
      const county = countyOf(task.areaCode);
      let c = counties.get(county);
      if (!c) counties.set(county, c = { overrides: await countyOverrides(tx, county), countyAfterDays: await countyEscalationDays(tx, county, today) });
      const due = escalationDue(task, today, c.overrides, c.countyAfterDays);
      if (!due) continue;
      await tx.update(workflowTasks).set({ escalation: due.level, escalatedAt: today }).where(eq(workflowTasks.id, task.id));
      const e: Escalation = { taskId: task.id, subjectType: task.subjectType, subjectId: task.subjectId, step: task.step, areaCode: task.areaCode,
        level: due.level, dueAt: task.dueAt, overdueWorkingDays: due.overdueWorkingDays };
      await appendEvent(tx, { subjectType: task.subjectType, subjectId: task.subjectId, areaCode: task.areaCode, actor: 'system', action: 'task.escalate',
        reason: `${due.level === 1 ? '乡镇' : '县级'}督办：已逾期 ${due.overdueWorkingDays} 个工作日（应于 ${task.dueAt} 前办结）`,
        detail: { taskId: task.id, step: task.step, level: due.level, dueAt: task.dueAt, overdueWorkingDays: due.overdueWorkingDays } });
      out.push(e);
    }
    if (out.length) {
      await appendAudit(tx, { actor: 'system', action: 'workflow.task.escalate', target: today, areaCode: null,
        detail: { today, tasks: out.map((e) => ({ taskId: e.taskId, level: e.level })) } });
    }
    return out;
  });
}

export type Queue = 'mine' | 'dueSoon' | 'overdue';

/** Working days ahead that count as 'due soon'. */
export const DUE_SOON_WORKING_DAYS = 2;

/** The tasks an actor works on: their role (and department, if any) inside their area; open only. */
export function mineCondition(actor: WorkflowActor): SQL {
  return and(eq(workflowTasks.status, 'open'), eq(workflowTasks.assigneeRole, actor.role), like(workflowTasks.areaCode, `${actor.areaCode}%`),
    actor.department ? eq(workflowTasks.department, actor.department) : isNull(workflowTasks.department))!;
}

/** The SQL condition of a queue, for joins by cases and monitoring (`dueSoonBy` = addWorkingDays(today, 2) on the county calendar). */
export function queueCondition(actor: WorkflowActor, queue: Queue, today: string, dueSoonBy: string): SQL {
  const mine = mineCondition(actor);
  if (queue === 'mine') return mine;
  if (queue === 'overdue') return and(mine, isNull(workflowTasks.pausedSince), sql`${workflowTasks.dueAt} < ${today}`)!;
  return and(mine, isNull(workflowTasks.pausedSince), sql`${workflowTasks.dueAt} >= ${today}`, sql`${workflowTasks.dueAt} <= ${dueSoonBy}`)!;
}

export interface QueueCounts { mine: number; dueSoon: number; overdue: number }

/** My tasks, due soon (≤ 2 working days) and overdue, counted in one indexed query. */
export async function countsByQueue(db: Db, actor: WorkflowActor, today = todayInChina()): Promise<QueueCounts> {
  const dueSoonBy = addWorkingDays(today, DUE_SOON_WORKING_DAYS, await countyOverrides(db, actor.areaCode));
  const [row] = await db.select({
    mine: sql<number>`count(*)::int`,
    dueSoon: sql<number>`(count(*) filter (where ${workflowTasks.pausedSince} is null and ${workflowTasks.dueAt} >= ${today} and ${workflowTasks.dueAt} <= ${dueSoonBy}))::int`,
    overdue: sql<number>`(count(*) filter (where ${workflowTasks.pausedSince} is null and ${workflowTasks.dueAt} < ${today}))::int`,
  }).from(workflowTasks).where(mineCondition(actor));
  return { mine: row.mine, dueSoon: row.dueSoon, overdue: row.overdue };
}

export interface TaskView extends Task {
  overdue: boolean;
  /** Working days left until the due date (negative: overdue by that many); null while paused. */
  remainingWorkingDays: number | null;
}

/** A task as queues and the case page show it (red when overdue). */
export function taskView(task: Task, today: string, overrides: Overrides): TaskView {
  const open = task.status === 'open' && !task.pausedSince;
  return { ...task, overdue: open && task.dueAt < today, remainingWorkingDays: open ? workingDaysBetween(today, task.dueAt, overrides) : null };
}

/** The open tasks of a subject (inside `scope`). */
export async function openTasksOf(db: Db, scope: string, subjectType: string, subjectId: string): Promise<Task[]> {
  return db.select().from(workflowTasks).where(and(eq(workflowTasks.subjectType, subjectType), eq(workflowTasks.subjectId, subjectId),
    eq(workflowTasks.status, 'open'), like(workflowTasks.areaCode, `${scope}%`))).orderBy(asc(workflowTasks.openedAt));
}
