/**
 * Work queues per role (docs/cases.md): my tasks (the open deadline tasks of my role — and department,
 * for a department's county staff — in my area), due soon (≤ 2 working days), overdue (red), and the
 * notices running in my area, each with its count. A county admin works the county staff's queue.
 * Each list is one indexed query over workflow_tasks (partial index on open tasks by role, area, due
 * date) joined to the case by primary key; bench/cases.bench.ts measures them at 10⁵ cases.
 */
import { and, asc, eq, gte, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { casePrograms, cases } from './schema.ts';
import { notices, workflowTasks } from '../workflow/schema.ts';
import { maskName } from '../domain/mask.ts';
import { todayInChina } from '../registry/model.ts';
import { addWorkingDays } from '../workflow/calendar.ts';
import { countyOverrides, uncoveredDeadlineYears } from '../workflow/calendarStore.ts';
import { CIVIL_AFFAIRS_DEPARTMENT } from './flow.ts';
import { STATES, type State } from './model.ts';
import type { CaseActor } from './lookups.ts';
import * as wf from './wf.ts';

export type QueueView = 'mine' | 'dueSoon' | 'overdue' | 'notices';

/** The queue identity of an actor: a county admin works as the civil affairs bureau's county staff. */
export function queueActor(actor: CaseActor) {
  if (actor.role === 'county_admin') return { username: actor.username, role: 'county_staff', areaCode: actor.areaCode, department: CIVIL_AFFAIRS_DEPARTMENT };
  return { username: actor.username, role: actor.role, areaCode: actor.areaCode, department: actor.role === 'county_staff' ? actor.department ?? CIVIL_AFFAIRS_DEPARTMENT : null };
}

/** The SQL of the notices view: notices of cases posted in the area and not yet ended. */
export function noticesCondition(scope: string, today: string): SQL {
  return and(eq(notices.subjectType, 'case_program'), like(notices.areaCode, `${scope}%`), gte(notices.endDate, today))!;
}

export async function queueCounts(db: Db, actor: CaseActor, today = todayInChina()) {
  const counts = await wf.countsByQueue(db, queueActor(actor), today);
  const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(notices).where(noticesCondition(actor.areaCode, today));
  return { ...counts, notices: n.n };
}

export async function queue(db: Db, actor: CaseActor, view: QueueView, page: number, pageSize: number, today = todayInChina()) {
  const counts = await queueCounts(db, actor, today);
  // Deadlines counted without holiday data: the page warns, naming the year (docs/workflow.md).
  const uncoveredYears = await uncoveredDeadlineYears(db, actor.areaCode);
  if (view === 'notices') {
    // The page of notices first (index on area and end date), then its programs and cases by key.
    const page_ = db.select({ id: notices.id, title: notices.title, startDate: notices.startDate, endDate: notices.endDate, subjectId: notices.subjectId }).from(notices)
      .where(noticesCondition(actor.areaCode, today)).orderBy(asc(notices.endDate), asc(notices.id)).limit(pageSize).offset((page - 1) * pageSize).as('n');
    const rows = await db.select({ noticeId: page_.id, title: page_.title, startDate: page_.startDate, endDate: page_.endDate, programId: casePrograms.id, program: casePrograms.program,
      caseId: cases.id, number: cases.number, applicantName: cases.applicantName, objection: casePrograms.objection })
      .from(page_).innerJoin(casePrograms, eq(casePrograms.id, page_.subjectId)).innerJoin(cases, eq(cases.id, casePrograms.caseId))
      .orderBy(asc(page_.endDate), asc(page_.id));
    return { counts, view, uncoveredYears, rows: rows.map((r) => ({ ...r, applicantName: maskName(r.applicantName) })) };
  }
  const dueSoonBy = addWorkingDays(today, wf.DUE_SOON_WORKING_DAYS, await countyOverrides(db, actor.areaCode));
  // The page of tasks first (partial index on open tasks by role, area, due date), then its cases and programs by key:
  // joining before the limit would join every matching task.
  const t = db.select({ id: workflowTasks.id, step: workflowTasks.step, dueAt: workflowTasks.dueAt, pausedSince: workflowTasks.pausedSince, escalation: workflowTasks.escalation,
    extended: workflowTasks.extended, department: workflowTasks.department, subjectId: workflowTasks.subjectId }).from(workflowTasks)
    .where(and(eq(workflowTasks.subjectType, 'case'), wf.queueCondition(queueActor(actor), view, today, dueSoonBy)))
    .orderBy(asc(workflowTasks.dueAt), asc(workflowTasks.id)).limit(pageSize).offset((page - 1) * pageSize).as('t');
  const rows = await db.select({ taskId: t.id, step: t.step, dueAt: t.dueAt, pausedSince: t.pausedSince, escalation: t.escalation,
    extended: t.extended, department: t.department, caseId: cases.id, number: cases.number, applicantName: cases.applicantName, areaCode: cases.areaCode,
    relativeFlag: sql<boolean>`${cases.relativeDeclared} or ${cases.relativeMatched}`, programId: casePrograms.id, program: casePrograms.program, oneByOne: casePrograms.oneByOne })
    .from(t).innerJoin(cases, eq(cases.id, t.subjectId)).leftJoin(casePrograms, eq(casePrograms.taskId, t.id))
    .orderBy(asc(t.dueAt), asc(t.id));
  return {
    counts, view, uncoveredYears,
    rows: rows.map((r) => ({ ...r, applicantName: maskName(r.applicantName), stepName: (STATES as Record<string, string>)[r.step as State] ?? (r.step === 'referral' ? '转办' : r.step === 'review' ? '复核' : r.step),
      overdue: !r.pausedSince && r.dueAt < today })),
  };
}
