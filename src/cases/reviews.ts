/**
 * 复核 (000:L134): an approved 低保 or 特困 program carries the date of its next review
 * (`data.nextReviewOn`, from policy/review.ts: `review.stableMonths` or `review.variableMonths`). The
 * scheduler (`doudi cases tick`, and a daily timer in `doudi serve`) creates the reviews that have
 * fallen due, each with a deadline task for the township. The township decides on the household as
 * the registry holds it on the review date, recalculated by the engine: continue; adjust (a new
 * snapshot for payments from the next month); taper (渐退, 低保 only: paid the last amount until the
 * engine's end date, then ended); or stop (the entitlement ends with the review month, so nothing is
 * paid from the next month).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { casePrograms, caseReviews, cases } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { addMonths } from '../domain/dates.ts';
import { maskName } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { evaluate } from '../policy/evaluate.ts';
import { parseHousehold } from '../policy/household.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { REVIEW_OUTCOMES } from './model.ts';
import { packFor } from './lookups.ts';
import { householdSnapshot, nextReviewOn, programResult } from './store.ts';
import * as wf from './wf.ts';

/** Creates the reviews that are due on `today` (idempotent: one review per program and due date). */
export async function createDueReviews(db: Db, today: string): Promise<{ created: number }> {
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const due = await tx.select({ id: casePrograms.id, caseId: casePrograms.caseId, areaCode: casePrograms.areaCode, dueDate: sql<string>`${casePrograms.data}->>'nextReviewOn'` })
      .from(casePrograms)
      .where(and(eq(casePrograms.state, 'approved'), sql`${casePrograms.data}->>'nextReviewOn' <= ${today}`,
        sql`not exists (select 1 from ${caseReviews} r where r.program_id = ${casePrograms.id} and r.status = 'due')`));
    let created = 0;
    for (const p of due) if (await insertReview(tx, p, today, 'system')) created++;
    if (created) await appendAudit(tx, { actor: 'system', action: 'case.review.schedule', target: today, areaCode: null, detail: { created } });
    return { created };
  });
}

/**
 * A review of program `p` due on `p.dueDate`, with the township's deadline task and the case's timeline entry;
 * null when that review exists already. `why` is the trigger (schedule unless said) and the note of a review
 * opened outside the schedule (000:L134).
 */
async function insertReview(tx: Db, p: { id: string; caseId: string; areaCode: string; dueDate: string }, today: string, actor: string,
  why: { trigger?: 'schedule' | 'reported_change' | 'unannounced'; note?: string } = {}): Promise<string | null> {
  const id = randomUUID();
  const inserted = await tx.insert(caseReviews).values({ id, caseId: p.caseId, programId: p.id, areaCode: p.areaCode, dueDate: p.dueDate,
    ...(why.trigger ? { trigger: why.trigger } : {}), ...(why.note ? { note: why.note } : {}) }).onConflictDoNothing().returning({ id: caseReviews.id });
  if (inserted.length === 0) return null;
  const { pack } = await packFor(tx, p.areaCode, today);
  await wf.openTask(tx, { subjectType: 'case', subjectId: p.caseId, step: 'review', areaCode: p.areaCode, assigneeRole: 'township_staff',
    workingDays: pack.value<number>('cases.deadlines.review'), actor, today });
  await wf.appendEvent(tx, { subjectType: 'case', subjectId: p.caseId, areaCode: p.areaCode, actor, action: 'review.due', ...(why.note ? { reason: why.note } : {}),
    detail: { reviewId: id, programId: p.id, dueDate: p.dueDate, ...(why.trigger ? { trigger: why.trigger } : {}) } });
  return id;
}

/**
 * Proposes a review now, outside the schedule, of each approved program of `household` among `programs`
 * (a change such as a 低保 member placed in work asks for one): due today, decided by the township as any
 * review (continue, adjust, taper, stop). A program with a review already due gets no second one.
 * Returns the reviews due for those programs, new or already open.
 */
export async function proposeReviews(tx: Db, household: string, programs: string[], today: string, actor: string, why: string): Promise<{ reviewId: string; program: string; created: boolean }[]> {
  const ps = await tx.select({ id: casePrograms.id, caseId: casePrograms.caseId, areaCode: casePrograms.areaCode, program: casePrograms.program }).from(casePrograms)
    .innerJoin(cases, eq(cases.id, casePrograms.caseId))
    .where(and(eq(cases.householdId, household), eq(casePrograms.state, 'approved'), sql`${casePrograms.program} in (${sql.join(programs.map((p) => sql`${p}`), sql`, `)})`));
  const out = [];
  for (const p of ps) {
    const [open] = await tx.select({ id: caseReviews.id }).from(caseReviews).where(and(eq(caseReviews.programId, p.id), eq(caseReviews.status, 'due'))).limit(1);
    if (open) { out.push({ reviewId: open.id, program: p.program, created: false }); continue; }
    const id = await insertReview(tx, { ...p, dueDate: today }, today, actor, { trigger: 'reported_change', note: why });
    if (id) out.push({ reviewId: id, program: p.program, created: true });
  }
  return out;
}


/**
 * A review opened now, not from the schedule (000:L134): a recipient's reported change of household, income or
 * assets, or an unannounced check. Open only on an approved program with an entitlement in the actor's area, and
 * only one open review per program; decided like a scheduled one (`decideReview`).
 */
export async function openReview(db: Db, actor: Actor, body: { caseId: string; programId: string; trigger: 'reported_change' | 'unannounced'; note: string }, today = todayInChina()) {
  if (actor.role !== 'township_staff') throw new AppError('FORBIDDEN', '复核由乡镇（街道）工作人员发起', undefined, 403);
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(casePrograms).where(and(eq(casePrograms.id, body.programId), eq(casePrograms.caseId, body.caseId), like(casePrograms.areaCode, `${actor.areaCode}%`)));
    if (!p) throw new AppError('NOT_FOUND', '案件或项目不存在或不在您的管辖范围内', 'programId', 404);
    if (p.state !== 'approved' || !p.entitlementId) throw new AppError('NOT_RECEIVING', '只有已批准、正在享受待遇的项目才能复核', 'programId', 409);
    const [open] = await tx.select({ id: caseReviews.id }).from(caseReviews).where(and(eq(caseReviews.programId, p.id), eq(caseReviews.status, 'due'))).limit(1);
    if (open) throw new AppError('REVIEW_OPEN', '该项目已有待办的复核，请先办结', 'programId', 409);
    const id = await insertReview(tx, { ...p, dueDate: today }, today, actor.username, { trigger: body.trigger, note: body.note });
    if (!id) throw new AppError('REVIEW_OPEN', '该项目今天已有复核', 'programId', 409);
    await appendAudit(tx, { actor: actor.username, action: 'case.review.open', target: `case_program:${p.id}`, areaCode: p.areaCode, detail: { reviewId: id, trigger: body.trigger, note: body.note } });
    return { id, caseId: p.caseId, programId: p.id, dueDate: today, trigger: body.trigger };
  });
}

export async function decideReview(db: Db, actor: Actor, reviewId: string, body: { outcome: keyof typeof REVIEW_OUTCOMES; reason: string; taperMonths?: number }, today = todayInChina()) {
  if (actor.role !== 'township_staff') throw new AppError('FORBIDDEN', '复核由乡镇（街道）工作人员办理', undefined, 403);
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(caseReviews).where(and(eq(caseReviews.id, reviewId), like(caseReviews.areaCode, `${actor.areaCode}%`)));
    if (!r) throw new AppError('NOT_FOUND', '复核事项不存在或不在您的管辖范围内', 'id', 404);
    if (r.status !== 'due') throw new AppError('REVIEW_DONE', '该复核已办结', 'id', 409);
    const [p] = await tx.select().from(casePrograms).where(eq(casePrograms.id, r.programId));
    const [c] = await tx.select().from(cases).where(eq(cases.id, r.caseId));
    if (!p.entitlementId || !c.householdId) throw new AppError('NO_ENTITLEMENT', '该项目没有待遇记录', 'id', 409);
    const { pack } = await packFor(tx, c.areaCode, today);
    const snapshot = await householdSnapshot(tx, c.householdId);
    const evaluation = evaluate(pack, parseHousehold(snapshot));
    const now = programResult(evaluation, p.program);
    const nextMonth = addMonths(`${today.slice(0, 7)}-01`, 1).slice(0, 7);
    const data = { ...(p.data ?? {}) } as Record<string, unknown>;
    let state = p.state;
    if ((body.outcome === 'continue' || body.outcome === 'adjust') && now.status === 'ineligible') {
      throw new AppError('NO_LONGER_ELIGIBLE', `按复核日（${today}）测算，该家庭已不符合${p.program}条件，请选择渐退或停止`, 'outcome', 409);
    }
    switch (body.outcome) {
      case 'continue':
        data.nextReviewOn = nextReviewOn(pack, snapshot, today, p.program);
        break;
      case 'adjust':
        await wf.takeSnapshot(tx, p.entitlementId, snapshot, nextMonth, actor.username, `复核调整：${body.reason}`);
        data.monthlyYuan = now.monthlyYuan;
        data.nextReviewOn = nextReviewOn(pack, snapshot, today, p.program);
        break;
      case 'taper': {
        if (p.program !== '低保') throw new AppError('TAPER_DIBAO_ONLY', '渐退只适用于低保', 'outcome', 409);
        const last = Number(data.monthlyYuan ?? 0);
        if (!(last > 0)) throw new AppError('TAPER_NO_AMOUNT', '没有原保障金额，无法渐退；请选择停止', 'outcome', 409);
        // 000:L148 "不超过一年": the months are decided here, within dibao.taperMonths, and kept in the snapshot the payroll reads.
        const maxMonths = pack.value<number>('dibao.taperMonths');
        if (body.taperMonths !== undefined && body.taperMonths > maxMonths) {
          throw new AppError('TAPER_TOO_LONG', `渐退期 ${body.taperMonths} 个月超过政策包规定的上限 ${maxMonths} 个月`, 'taperMonths');
        }
        const taperMonths = body.taperMonths ?? maxMonths;
        const tapered = { ...snapshot, current: { program: 'dibao', lastMonthlyYuan: last, incomeAboveStandardSince: today, taperMonths } };
        const t = programResult(evaluate(pack, parseHousehold(tapered)), p.program);
        if (t.status !== 'taper' || !t.endsOn) throw new AppError('TAPER_NOT_APPLICABLE', `按复核日测算不适用渐退（${t.status === 'eligible' ? '仍符合低保条件' : '不符合渐退条件'}）`, 'outcome', 409);
        await wf.takeSnapshot(tx, p.entitlementId, tapered, nextMonth, actor.username, `复核渐退至 ${t.endsOn}：${body.reason}`);
        await wf.endEntitlement(tx, p.entitlementId, t.endsOn.slice(0, 7), `渐退期满（${t.endsOn}）：${body.reason}`, actor.username);
        data.taperEndsOn = t.endsOn;
        data.taperMonths = taperMonths;
        data.nextReviewOn = null;
        break;
      }
      case 'stop':
        await wf.endEntitlement(tx, p.entitlementId, today.slice(0, 7), `复核停止：${body.reason}`, actor.username);
        data.nextReviewOn = null;
        state = 'stopped';
        break;
    }
    await tx.update(caseReviews).set({ status: 'done', outcome: body.outcome, reason: body.reason, evaluation: { date: today, result: now, totalMonthlyYuan: evaluation.totalMonthlyYuan,
      ...(body.outcome === 'taper' ? { taperMonths: data.taperMonths, taperEndsOn: data.taperEndsOn } : {}) },
      decidedBy: actor.username, decidedAt: new Date() }).where(eq(caseReviews.id, r.id));
    await tx.update(casePrograms).set({ data, state, updatedAt: new Date(), version: sql`${casePrograms.version} + 1` }).where(eq(casePrograms.id, p.id));
    const tasks = (await wf.openTasksOf(tx, actor.areaCode, 'case', c.id)).filter((t) => t.step === 'review');
    for (const t of tasks) await wf.completeTask(tx, t.id, { actor: actor.username, today });
    await wf.appendEvent(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: `review.${body.outcome}`, fromState: p.state, toState: state, reason: body.reason,
      detail: { reviewId: r.id, programId: p.id, program: p.program, engine: now } });
    await appendAudit(tx, { actor: actor.username, action: `case.review.${body.outcome}`, target: `case_program:${p.id}`, areaCode: c.areaCode, detail: { reviewId: r.id, entitlementId: p.entitlementId, engine: now } });
    return { outcome: body.outcome, engine: now, nextReviewOn: data.nextReviewOn ?? null, state };
  });
}

/** Reviews in the actor's area: due ones first by date. */
export async function listReviews(db: Db, actor: Actor, q: { status?: 'due' | 'done'; page: number; pageSize: number }) {
  const where = [like(caseReviews.areaCode, `${actor.areaCode}%`)];
  if (q.status) where.push(eq(caseReviews.status, q.status));
  const rows = await db.select({ id: caseReviews.id, caseId: caseReviews.caseId, programId: caseReviews.programId, areaCode: caseReviews.areaCode, dueDate: caseReviews.dueDate,
    status: caseReviews.status, trigger: caseReviews.trigger, note: caseReviews.note, outcome: caseReviews.outcome, reason: caseReviews.reason, decidedAt: caseReviews.decidedAt, program: casePrograms.program, caseNumber: cases.number, applicantName: cases.applicantName })
    .from(caseReviews).innerJoin(casePrograms, eq(casePrograms.id, caseReviews.programId)).innerJoin(cases, eq(cases.id, caseReviews.caseId))
    .where(and(...where)).orderBy(asc(caseReviews.status), asc(caseReviews.dueDate)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { rows: rows.map((r) => ({ ...r, applicantName: maskName(r.applicantName) })) };
}

