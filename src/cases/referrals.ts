/**
 * 转办: a case, or one program of it, sent to a county department (教育局, 医保局, 住建局, 人社局, 残联 …)
 * with a deadline from the pack (`cases.deadlines.referral`, working days). The deadline is a workflow
 * task of the case assigned to the department's county staff: it pauses while waiting on the applicant,
 * escalates (督办) to the township and then the county when overdue, and shows red in the queues. The
 * department's 办结 result comes back onto the case's timeline; for a program the department decides
 * (医疗救助, 教育资助, 住房救助, 就业救助) it approves or rejects the program.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { casePrograms, caseReferrals, cases } from './schema.ts';
import { workflowTasks } from '../workflow/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { maskName } from '../domain/mask.ts';
import { yuanToFen } from '../domain/money.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { caseInScope, closeCaseIfDone, packFor, type CaseActor, type CaseRow } from './lookups.ts';
import * as wf from './wf.ts';

export type ReferralRow = typeof caseReferrals.$inferSelect;

/** Creates a referral and its deadline. `automatic`: made by the workflow when a department's program reaches it. */
export async function createReferral(tx: Db, actor: Actor, c: CaseRow, r: { programId?: string; department: string; note: string }, today: string, automatic = false) {
  if (!automatic && actor.role !== 'township_staff' && actor.role !== 'county_staff' && actor.role !== 'county_admin') {
    throw new AppError('FORBIDDEN', '转办由乡镇或县级工作人员办理', undefined, 403);
  }
  if (c.status !== 'open') throw new AppError('CLOSED', '案件已办结，不能转办', 'id', 409);
  if (r.programId) {
    const [p] = await tx.select({ id: casePrograms.id }).from(casePrograms).where(and(eq(casePrograms.id, r.programId), eq(casePrograms.caseId, c.id)));
    if (!p) throw new AppError('NOT_FOUND', '该案件没有这个救助项目', 'programId', 404);
  }
  const { pack } = await packFor(tx, c.areaCode, today);
  const id = randomUUID();
  const task = await wf.openTask(tx, { subjectType: 'case', subjectId: c.id, step: 'referral', areaCode: c.areaCode, assigneeRole: 'county_staff', department: r.department,
    workingDays: pack.value<number>('cases.deadlines.referral'), actor: actor.username, today });
  await tx.insert(caseReferrals).values({ id, caseId: c.id, programId: r.programId ?? null, areaCode: c.areaCode, department: r.department, note: r.note, taskId: task.id, createdBy: actor.username });
  await wf.appendEvent(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: 'referral.open', reason: r.note,
    detail: { referralId: id, department: r.department, programId: r.programId ?? null, dueAt: task.dueAt } });
  await appendAudit(tx, { actor: actor.username, action: 'case.referral.open', target: `referral:${id}`, areaCode: c.areaCode, detail: { caseId: c.id, department: r.department, programId: r.programId ?? null } });
  return { id, dueAt: task.dueAt };
}

export async function referCase(db: Db, actor: Actor, caseId: string, r: { programId?: string; department: string; note: string }, today = todayInChina()) {
  return db.transaction(async (tx) => createReferral(tx, actor, await caseInScope(tx, actor, caseId), r, today));
}

/** The referral, if the actor may see it: its case in the actor's area, and for a department user, their department's. */
async function referralFor(db: Db, actor: CaseActor, id: string): Promise<ReferralRow> {
  const [r] = await db.select().from(caseReferrals).where(and(eq(caseReferrals.id, id), like(caseReferrals.areaCode, `${actor.areaCode}%`)));
  if (!r || (actor.department && r.department !== actor.department)) throw new AppError('NOT_FOUND', '转办事项不存在或不在您的管辖范围内', 'id', 404);
  return r;
}

function mustBeDepartment(actor: CaseActor, r: ReferralRow) {
  if (actor.role !== 'county_staff' || actor.department !== r.department) throw new AppError('FORBIDDEN', `转办事项由${r.department}工作人员办结`, undefined, 403);
}

/**
 * 办结: the department's result onto the case. For a program waiting on the department (已转办部门),
 * `decision` approves or rejects it (with the result as the reason).
 */
export async function completeReferral(db: Db, actor: CaseActor, id: string, body: { result: string; decision?: 'approve' | 'reject'; amountYuan?: number }, today = todayInChina()) {
  return db.transaction(async (tx) => {
    const r = await referralFor(tx, actor, id);
    mustBeDepartment(actor, r);
    if (r.status !== 'open') throw new AppError('REFERRAL_DONE', '该转办事项已办结', 'id', 409);
    const [p] = r.programId ? await tx.select().from(casePrograms).where(eq(casePrograms.id, r.programId)) : [];
    const decides = p && p.state === 'referred';
    if (decides && !body.decision) throw new AppError('DECISION_REQUIRED', `${p.program}由本部门审批，请选择批准或不予批准`, 'decision');
    if (r.taskId) await wf.completeTask(tx, r.taskId, { actor: actor.username, today });
    await tx.update(caseReferrals).set({ status: 'done', result: body.result, resultBy: actor.username, resultAt: new Date() }).where(eq(caseReferrals.id, r.id));
    if (decides) {
      const to = body.decision === 'approve' ? 'approved' : 'rejected';
      await tx.update(casePrograms).set({ state: to, decision: to, decisionReason: body.result, decidedBy: actor.username, decidedAt: new Date(),
        ...(body.amountYuan !== undefined ? { amountFen: yuanToFen(body.amountYuan) } : {}), updatedAt: new Date(), version: sql`${casePrograms.version} + 1` }).where(eq(casePrograms.id, p.id));
      await wf.appendEvent(tx, { subjectType: 'case', subjectId: r.caseId, areaCode: r.areaCode, actor: actor.username, action: `program.${body.decision}`, fromState: 'referred', toState: to,
        reason: body.result, detail: { programId: p.id, program: p.program, department: r.department } });
    }
    await wf.appendEvent(tx, { subjectType: 'case', subjectId: r.caseId, areaCode: r.areaCode, actor: actor.username, action: 'referral.done', reason: body.result,
      detail: { referralId: r.id, department: r.department, ...(decides ? { decision: body.decision } : {}) } });
    await appendAudit(tx, { actor: actor.username, action: 'case.referral.done', target: `referral:${r.id}`, areaCode: r.areaCode, detail: { caseId: r.caseId, decision: body.decision ?? null } });
    await closeCaseIfDone(tx, r.caseId);
    return { ok: true };
  });
}

/** Pause (waiting on the applicant) or resume a referral's deadline; the department's. */
export async function referralTask(db: Db, actor: CaseActor, id: string, what: 'pause' | 'resume', reason: string, today = todayInChina()) {
  return db.transaction(async (tx) => {
    const r = await referralFor(tx, actor, id);
    mustBeDepartment(actor, r);
    if (r.status !== 'open' || !r.taskId) throw new AppError('REFERRAL_DONE', '该转办事项已办结', 'id', 409);
    const task = what === 'pause' ? await wf.pauseTask(tx, r.taskId, { actor: actor.username, reason, today }) : await wf.resumeTask(tx, r.taskId, { actor: actor.username, reason, today });
    await appendAudit(tx, { actor: actor.username, action: `case.referral.${what}`, target: `referral:${r.id}`, areaCode: r.areaCode, detail: { reason } });
    return { dueAt: task.dueAt, paused: task.pausedSince !== null };
  });
}

/**
 * A department's inbox (county staff with a department: theirs; other users: the referrals of their
 * area), open first, with due date, pause and 督办 level; overdue ones are marked.
 */
export async function referralInbox(db: Db, actor: CaseActor, q: { status?: 'open' | 'done'; page: number; pageSize: number }, today = todayInChina()) {
  const where = [like(caseReferrals.areaCode, `${actor.areaCode}%`)];
  if (actor.department) where.push(eq(caseReferrals.department, actor.department));
  if (q.status) where.push(eq(caseReferrals.status, q.status));
  const rows = await db.select({ id: caseReferrals.id, caseId: caseReferrals.caseId, programId: caseReferrals.programId, areaCode: caseReferrals.areaCode, department: caseReferrals.department,
    status: caseReferrals.status, note: caseReferrals.note, result: caseReferrals.result, createdAt: caseReferrals.createdAt, caseNumber: cases.number, applicantName: cases.applicantName,
    program: casePrograms.program, programState: casePrograms.state, dueAt: workflowTasks.dueAt, pausedSince: workflowTasks.pausedSince, escalation: workflowTasks.escalation })
    .from(caseReferrals).innerJoin(cases, eq(cases.id, caseReferrals.caseId))
    .leftJoin(casePrograms, eq(casePrograms.id, caseReferrals.programId))
    .leftJoin(workflowTasks, eq(workflowTasks.id, caseReferrals.taskId))
    .where(and(...where)).orderBy(desc(sql`${caseReferrals.status} = 'open'`), asc(workflowTasks.dueAt), desc(caseReferrals.createdAt))
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [counts] = await db.select({ open: sql<number>`(count(*) filter (where ${caseReferrals.status} = 'open'))::int`,
    overdue: sql<number>`(count(*) filter (where ${caseReferrals.status} = 'open' and ${workflowTasks.pausedSince} is null and ${workflowTasks.dueAt} < ${today}))::int` })
    .from(caseReferrals).leftJoin(workflowTasks, eq(workflowTasks.id, caseReferrals.taskId)).where(and(...where.filter((_, i) => i < (actor.department ? 2 : 1))));
  return { counts, rows: rows.map((r) => ({ ...r, applicantName: maskName(r.applicantName), overdue: r.status === 'open' && !r.pausedSince && !!r.dueAt && r.dueAt < today })) };
}

export async function caseReferralsOf(db: Db, actor: Actor, caseId: string) {
  const c = await caseInScope(db, actor, caseId);
  return db.select({ id: caseReferrals.id, programId: caseReferrals.programId, department: caseReferrals.department, status: caseReferrals.status, note: caseReferrals.note,
    result: caseReferrals.result, resultBy: caseReferrals.resultBy, resultAt: caseReferrals.resultAt, createdAt: caseReferrals.createdAt, dueAt: workflowTasks.dueAt,
    pausedSince: workflowTasks.pausedSince, escalation: workflowTasks.escalation })
    .from(caseReferrals).leftJoin(workflowTasks, eq(workflowTasks.id, caseReferrals.taskId)).where(eq(caseReferrals.caseId, c.id)).orderBy(asc(caseReferrals.createdAt));
}
