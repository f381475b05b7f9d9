/**
 * Case storage and the transitions of a program (docs/cases.md). Every read and write is limited to
 * the actor's area (prefix of the case's 12-digit village code); a case outside it is a 404 that says
 * nothing more. Every transition is checked against the workflow copied onto the program (step order,
 * role, level), recorded as a timeline event (workflow_events) and an audit entry in the same
 * transaction, and moves the step's deadline task on. Approval of 低保, 特困 and 残疾人两项补贴 takes
 * a snapshot of the household and creates the entitlement payments pays.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { caseAttachments, casePrograms, cases, staffRelatives } from './schema.ts';
import { households, members } from '../registry/schema.ts';
import { notices, noticeObjections, workflowTasks } from '../workflow/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { findArea, isWithin } from '../domain/areas.ts';
import { addMonths } from '../domain/dates.ts';
import { maskAccount, maskBank, maskHistoryValue, maskIdNumber, maskMember, maskName, maskPhone } from '../domain/mask.ts';
import { fenToYuan, yuanToFen } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import type { ResolvedPack } from '../policy/pack.ts';
import { evaluate, type Evaluation } from '../policy/evaluate.ts';
import { parseHousehold } from '../policy/household.ts';
import { reviewPeriod } from '../policy/review.ts';
import { todayInChina } from '../registry/model.ts';
import { saveHousehold, type Actor } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { buildWorkflow, CIVIL_AFFAIRS_DEPARTMENT, FlowError, transitionsFor, type ProgramWorkflow } from './flow.ts';
import { ACTION_LABELS, ENGINE_PROGRAMS, FINAL_STATES, isEntitlementProgram, STATES, type ActionName, type CaseInput, type EntitlementProgram, type ProgramInput, type State } from './model.ts';
import * as wf from './wf.ts';
import { caseInScope, closeCaseIfDone, packFor, scoped, type CaseActor, type CaseRow, type ProgramRow } from './lookups.ts';
import { createReferral } from './referrals.ts';
import { spendReserve } from './reserve.ts';

async function programOf(db: Db, c: CaseRow, programId: string): Promise<ProgramRow> {
  const [p] = await db.select().from(casePrograms).where(and(eq(casePrograms.id, programId), eq(casePrograms.caseId, c.id)));
  if (!p) throw new AppError('NOT_FOUND', '该案件没有这个救助项目', 'programId', 404);
  return p;
}

/** 申请编号: SQ, the date, 6 random characters (no 0/O/1/I). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newCaseNumber(today: string): string {
  const bytes = randomBytes(6);
  return `SQ${today.replaceAll('-', '')}${[...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

function checkVillage(actor: Actor, areaCode: string) {
  const area = findArea(areaCode);
  if (!area || area.level !== 'village') throw new AppError('UNKNOWN_AREA', `行政区划代码 ${areaCode} 不是有效的村（社区）代码`, 'areaCode');
  if (!isWithin(areaCode, actor.areaCode)) throw new AppError('OUT_OF_SCOPE', `村（社区）${area.name} 不在您的管辖范围内`, 'areaCode', 403);
}

/** ID numbers of the register of staff relatives (近亲属备案) in the county of `areaCode`, among `ids`. */
export async function matchStaffRelatives(db: Db, areaCode: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: staffRelatives.relativeIdNumber }).from(staffRelatives)
    .where(and(inArray(staffRelatives.relativeIdNumber, ids), like(staffRelatives.areaCode, `${areaCode.slice(0, 6)}%`), isNull(staffRelatives.removedAt)));
  return [...new Set(rows.map((r) => r.id))];
}

/** Opens the deadline task of the state a program has entered (none for a final state). */
async function openStepTask(tx: Db, p: { caseId: string; areaCode: string; workflow: ProgramWorkflow }, state: State, actor: string, today: string): Promise<string | null> {
  const days = p.workflow.deadlines[state];
  const who = p.workflow.assignees[state];
  if (!days || !who || state === 'referred') return null; // a referral carries its own deadline
  const task = await wf.openTask(tx, { subjectType: 'case', subjectId: p.caseId, step: state, areaCode: p.areaCode, assigneeRole: who.role,
    department: who.department ?? null, workingDays: days, actor, today });
  return task.id;
}

async function event(tx: Db, e: { subjectType: string; subjectId: string; areaCode: string; actor: string; action: string; fromState?: string | null; toState?: string | null; reason?: string | null; detail?: Record<string, unknown> }) {
  await wf.appendEvent(tx, { ...e, fromState: e.fromState ?? null, toState: e.toState ?? null, reason: e.reason ?? null, detail: e.detail ?? {} });
}

/** Inserts the programs of a case, each with the workflow of the pack in force today, in state 待受理. */
async function insertPrograms(tx: Db, actor: Actor, c: { id: string; areaCode: string }, programs: ProgramInput[], countyVisit: boolean, today: string) {
  const { pack, policy } = await packFor(tx, c.areaCode, today);
  const out: ProgramRow[] = [];
  for (const [i, p] of programs.entries()) {
    const amountFen = p.amountYuan === undefined ? null : yuanToFen(p.amountYuan);
    let workflow: ProgramWorkflow;
    try {
      workflow = buildWorkflow(pack, { program: p.program, subtype: p.subtype ?? null, amountFen, countyVisit }, policy);
    } catch (e) {
      if (e instanceof FlowError) throw new AppError('INVALID_POLICY', e.message, `programs[${i}]`, 409);
      throw e;
    }
    const id = randomUUID();
    const [row] = await tx.insert(casePrograms).values({ id, caseId: c.id, areaCode: c.areaCode, program: p.program, subtype: p.subtype ?? null, state: 'intake',
      workflow: workflow as unknown as Record<string, unknown>, level: workflow.level, oneByOne: workflow.oneByOne, amountFen }).returning();
    const taskId = await openStepTask(tx, { caseId: c.id, areaCode: c.areaCode, workflow }, 'intake', actor.username, today);
    if (taskId) await tx.update(casePrograms).set({ taskId }).where(eq(casePrograms.id, id));
    await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: 'program.add', toState: 'intake',
      detail: { programId: id, program: p.program, subtype: p.subtype ?? null, level: workflow.level, oneByOne: workflow.oneByOne, policy } });
    out.push({ ...row, taskId });
  }
  return out;
}

/**
 * Intake (受理登记): at the window, by a village, from a hotline call or a data warning. With a
 * household, the applicant is its head and nothing the registry holds is asked again; the household's
 * members are matched against the staff-relatives register, as is the applicant.
 */
export async function createCase(db: Db, actor: CaseActor, input: CaseInput, today = todayInChina()) {
  if (actor.role === 'auditor') throw new AppError('FORBIDDEN', '您的角色无权受理申请', undefined, 403);
  if (actor.role === 'village_staff' && input.channel !== 'village') throw new AppError('FORBIDDEN', '村（社区）工作人员只能报告（来源为村级报告）', 'channel', 403);
  return db.transaction(async (tx) => {
    let areaCode: string;
    let applicant = { name: input.applicantName ?? '', idNumber: input.applicantIdNumber ?? null, phone: input.applicantPhone ?? null };
    let ids: string[] = input.applicantIdNumber ? [input.applicantIdNumber] : [];
    if (input.householdId) {
      const [h] = await tx.select().from(households).where(and(eq(households.id, input.householdId), like(households.areaCode, `${actor.areaCode}%`)));
      if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'householdId', 404);
      if (h.status !== 'active') throw new AppError('CLOSED', '该家庭档案已注销，不能申请', 'householdId', 409);
      areaCode = h.areaCode;
      const ms = await tx.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active'))).orderBy(asc(members.position));
      const head = ms.find((m) => m.relation === 'head') ?? ms[0];
      if (!input.applicantName && head) applicant = { name: head.name, idNumber: head.idNumber, phone: input.applicantPhone ?? head.phone };
      ids = [...new Set([...ids, ...ms.map((m) => m.idNumber)])];
    } else {
      areaCode = input.areaCode!;
      checkVillage(actor, areaCode);
    }
    const matched = await matchStaffRelatives(tx, areaCode, ids);
    const countyVisit = input.relativeDeclared || matched.length > 0;
    const id = randomUUID();
    const channelDetail = input.channel === 'hotline' ? { ...input.hotline } : input.channel === 'warning' ? { ...input.warning } : {};
    const [c] = await tx.insert(cases).values({ id, number: newCaseNumber(today), householdId: input.householdId ?? null, areaCode, channel: input.channel, channelDetail,
      applicantName: applicant.name, applicantIdNumber: applicant.idNumber, applicantPhone: applicant.phone, description: input.description,
      relativeDeclared: input.relativeDeclared, relativeMatched: matched.length > 0, bank: input.bank ?? null, createdBy: actor.username }).returning();
    await event(tx, { subjectType: 'case', subjectId: id, areaCode, actor: actor.username, action: 'case.open',
      detail: { channel: input.channel, number: c.number, relative: countyVisit ? (matched.length ? 'matched' : 'declared') : null } });
    const programs = await insertPrograms(tx, actor, c, input.programs, countyVisit, today);
    await appendAudit(tx, { actor: actor.username, action: 'case.open', target: `case:${id}`, areaCode,
      detail: { channel: input.channel, householdId: input.householdId ?? null, programs: programs.map((p) => p.program), relativeMatched: matched.length > 0, relativeDeclared: input.relativeDeclared } });
    return { id, number: c.number, relativeFlag: countyVisit, programs: programs.map((p) => ({ id: p.id, program: p.program, state: p.state, level: p.level })) };
  });
}

/** Adds programs to an open case (after screening, or to a citizen's application); the township's. */
export async function addPrograms(db: Db, actor: Actor, caseId: string, programs: ProgramInput[], today = todayInChina()) {
  if (actor.role !== 'township_staff') throw new AppError('FORBIDDEN', '由乡镇（街道）工作人员添加救助项目', undefined, 403);
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    if (c.status !== 'open') throw new AppError('CLOSED', '案件已办结', 'id', 409);
    const existing = await tx.select({ program: casePrograms.program, state: casePrograms.state }).from(casePrograms).where(eq(casePrograms.caseId, c.id));
    const i = programs.findIndex((p) => existing.some((e) => e.program === p.program && !FINAL_STATES.includes(e.state as State)));
    if (i >= 0) throw new AppError('DUPLICATE_PROGRAM', `该案件已有正在办理的 ${programs[i].program}`, `programs[${i}].program`, 409);
    const rows = await insertPrograms(tx, actor, c, programs, c.relativeDeclared || c.relativeMatched, today);
    // A citizen's application waited for the township with a task of its own: taken up now.
    const intakeTask = typeof c.channelDetail.intakeTaskId === 'string' ? c.channelDetail.intakeTaskId : null;
    if (intakeTask) {
      await wf.completeTask(tx, intakeTask, { actor: actor.username, today });
      const { intakeTaskId: _, ...rest } = c.channelDetail;
      await tx.update(cases).set({ channelDetail: rest }).where(eq(cases.id, c.id));
    }
    await appendAudit(tx, { actor: actor.username, action: 'case.programs.add', target: `case:${c.id}`, areaCode: c.areaCode, detail: { programs: rows.map((p) => p.program) } });
    return rows.map((p) => ({ id: p.id, program: p.program, state: p.state, level: p.level }));
  });
}

/**
 * 新建家庭档案 from a case that came without one (citizen, hotline, warning): the household is created from
 * the submitted form and linked to the case in one transaction. The form shows the applicant's ID and phone
 * numbers masked (as every page does); a first member sent without them takes the applicant's, so the full
 * numbers never travel to the browser.
 */
export async function createHouseholdForCase(db: Db, actor: Actor, caseId: string, raw: unknown) {
  if (actor.role !== 'township_staff') throw new AppError('FORBIDDEN', '由乡镇（街道）工作人员关联家庭', undefined, 403);
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    if (c.householdId) throw new AppError('ALREADY_LINKED', '该案件已关联家庭', 'householdId', 409);
    const input = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : raw;
    const ms = input && typeof input === 'object' ? (input as { members?: unknown }).members : undefined;
    if (Array.isArray(ms) && ms[0] && typeof ms[0] === 'object') {
      const first = { ...(ms[0] as Record<string, unknown>) };
      if (!first.id && !first.idNumber && c.applicantIdNumber) first.idNumber = c.applicantIdNumber;
      if (!first.id && !first.phone && c.applicantPhone) first.phone = c.applicantPhone;
      (input as { members: unknown[] }).members = [first, ...ms.slice(1)];
    }
    const saved = await saveHousehold(tx, actor, null, input, null);
    const linked = await linkHousehold(tx, actor, c.id, saved.id);
    return { id: saved.id, caseId: c.id, relativeMatched: linked.relativeMatched };
  });
}

/** Links a household to a case that came without one (hotline, warning, citizen); the relatives register is matched again. */
export async function linkHousehold(db: Db, actor: Actor, caseId: string, householdId: string) {
  if (actor.role !== 'township_staff') throw new AppError('FORBIDDEN', '由乡镇（街道）工作人员关联家庭', undefined, 403);
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    if (c.householdId) throw new AppError('ALREADY_LINKED', '该案件已关联家庭', 'householdId', 409);
    const [h] = await tx.select().from(households).where(and(eq(households.id, householdId), like(households.areaCode, `${actor.areaCode}%`)));
    if (!h || h.status !== 'active') throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'householdId', 404);
    const ms = await tx.select({ idNumber: members.idNumber }).from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active')));
    const matched = await matchStaffRelatives(tx, h.areaCode, [...ms.map((m) => m.idNumber), ...(c.applicantIdNumber ? [c.applicantIdNumber] : [])]);
    await tx.update(cases).set({ householdId: h.id, areaCode: h.areaCode, relativeMatched: c.relativeMatched || matched.length > 0, updatedAt: new Date(), version: sql`${cases.version} + 1` }).where(eq(cases.id, c.id));
    await tx.update(casePrograms).set({ areaCode: h.areaCode }).where(eq(casePrograms.caseId, c.id));
    await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: h.areaCode, actor: actor.username, action: 'case.link', detail: { householdId: h.id, relativeMatched: matched.length > 0 } });
    await appendAudit(tx, { actor: actor.username, action: 'case.link', target: `case:${c.id}`, areaCode: h.areaCode, detail: { householdId: h.id } });
    return { ok: true, relativeMatched: matched.length > 0 };
  });
}

export async function setBank(db: Db, actor: Actor, caseId: string, bank: { bankName: string; accountNo: string; accountName: string }) {
  if (actor.role !== 'township_staff') throw new AppError('FORBIDDEN', '由乡镇（街道）工作人员登记银行账户', undefined, 403);
  await db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    await tx.update(cases).set({ bank, updatedAt: new Date(), version: sql`${cases.version} + 1` }).where(eq(cases.id, c.id));
    await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: 'case.bank', detail: { accountNo: maskAccount(bank.accountNo) } });
    await appendAudit(tx, { actor: actor.username, action: 'case.bank', target: `case:${c.id}`, areaCode: c.areaCode, detail: {} });
  });
  return { ok: true };
}

/** The month an entitlement starts: the month after approval, or the approval month (cases.entitlementStart). */
export function startMonthOf(pack: ResolvedPack, approvedOn: string): string {
  const next = pack.value<string>('cases.entitlementStart') === 'nextMonth';
  return (next ? addMonths(`${approvedOn.slice(0, 7)}-01`, 1) : approvedOn).slice(0, 7);
}

/** The household as the engine reads it (registry/toEvaluation.ts): the snapshot an approval or review takes. */
export async function householdSnapshot(db: Db, householdId: string) {
  const [h] = await db.select().from(households).where(eq(households.id, householdId));
  const ms = await db.select().from(members).where(and(eq(members.householdId, householdId), eq(members.status, 'active'))).orderBy(asc(members.position));
  return toEvaluationInput(h, ms);
}

/**
 * The next review date of an approved 低保/特困 program: policy/review.ts on the household (特困 and
 * stable 低保 every review.stableMonths, 低保 with work capacity every review.variableMonths); when the
 * engine does not classify the household so today, 特困 takes the stable and 低保 the variable period.
 */
export function nextReviewOn(pack: ResolvedPack, snapshot: unknown, from: string, program: string): string | null {
  if (program !== '低保' && program !== '特困') return null;
  try {
    const h = parseHousehold(snapshot);
    const period = reviewPeriod(pack, h, evaluate(pack, h), from);
    if (period) return period.nextOn;
  } catch { /* the fallback below */ }
  return addMonths(from, pack.value<number>(program === '特困' ? 'review.stableMonths' : 'review.variableMonths'));
}

/** The program's entries of an evaluation (低保 → dibao and dibao.single, …), summed. */
export function programResult(e: Evaluation, program: string): { status: 'eligible' | 'taper' | 'ineligible'; monthlyYuan: number; endsOn?: string } {
  const live = e.benefits.filter((b) => ENGINE_PROGRAMS[b.program] === program && b.status !== 'ineligible');
  if (live.length === 0) return { status: 'ineligible', monthlyYuan: 0 };
  const taper = live.find((b) => b.status === 'taper');
  return { status: taper ? 'taper' : 'eligible', monthlyYuan: Math.round(live.reduce((s, b) => s + (b.monthlyYuan ?? 0), 0) * 100) / 100, ...(taper?.endsOn ? { endsOn: taper.endsOn } : {}) };
}

/** Objections recorded against the program's notice. */
async function objectionCount(tx: Db, noticeId: string | null): Promise<number> {
  if (!noticeId) return 0;
  const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(noticeObjections).where(eq(noticeObjections.noticeId, noticeId));
  return r.n;
}

export interface ActionResult { programId: string; from: string; to: string; entitlementId?: string | null }

/**
 * Takes one action on one program: the workflow copied onto the program decides whether it may be
 * taken in the current state and by whom; the action's own guards follow (核对授权书 and open
 * findings before 核对, the notice period before closing it, …); then the program moves on to the
 * next step (its task, notice or referral), recorded on the timeline and in the audit log.
 */
export async function act(db: Db, actor: CaseActor, caseId: string, programId: string, action: ActionName | 'pay_advance' | 'document', body: Record<string, unknown>, today = todayInChina()): Promise<ActionResult> {
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    const p = await programOf(tx, c, programId);
    const candidates = mayTake(actor, p, action);
    const objections = await objectionCount(tx, p.noticeId);
    const data = { ...(p.data ?? {}) } as Record<string, unknown>;
    const chosen = candidates.find((t) => t.roles.includes(actor.role) && (!t.when || (t.when === 'objection' ? objections > 0 : t.when === 'noObjection' ? objections === 0 : !data.appealed)));
    if (!chosen) throw new AppError('ALREADY_APPEALED', '该决定已复议过一次，不能再次申请复议', 'action', 409);
    const { set, entitlementId } = await takeAction(tx, actor, c, p, action, body, today, { data, objections });
    data[action] = { ...body, by: actor.username, on: today };
    return moveOn(tx, actor, c, p, action, body, today, { to: chosen.to, set, data, objections, entitlementId });
  });
}

/** The transitions of the program's workflow for `action` in its state; refused (in Chinese) when none, or none for the actor's role and department. */
function mayTake(actor: CaseActor, p: ProgramRow, action: string) {
  const flow = p.workflow as unknown as ProgramWorkflow;
  const candidates = transitionsFor(flow, p.state, action);
  const label = (ACTION_LABELS as Record<string, string>)[action] ?? action;
  const stateName = STATES[p.state as State] ?? p.state;
  if (candidates.length === 0) {
    const later = flow.transitions.some((t) => t.action === action);
    throw new AppError('WRONG_STEP', later ? `当前处于“${stateName}”，还不能${label}（须按步骤顺序办理）` : `${p.program}在“${stateName}”不能${label}`, 'action', 409);
  }
  if (!candidates.some((t) => t.roles.includes(actor.role))) {
    const who = candidates[0].level === 'county' ? '县级' : candidates[0].roles.includes('village_staff') ? '乡镇或村' : '乡镇（街道）';
    throw new AppError('FORBIDDEN', `“${label}”须由${who}工作人员办理`, 'action', 403);
  }
  if (candidates[0].level === 'county' && actor.role === 'county_staff' && actor.department && actor.department !== CIVIL_AFFAIRS_DEPARTMENT) {
    throw new AppError('FORBIDDEN', `“${label}”由县民政局办理；${actor.department}办理转办事项`, 'action', 403);
  }
  return candidates;
}

type ProgramChange = Partial<typeof casePrograms.$inferInsert>;

/** The action's own guards and what it records: the program's columns to set, `data` completed in place, the entitlement an approval creates. */
async function takeAction(tx: Db, actor: CaseActor, c: CaseRow, p: ProgramRow, action: string, body: Record<string, unknown>, today: string,
  { data, objections }: { data: Record<string, unknown>; objections: number }): Promise<{ set: ProgramChange; entitlementId?: string | null }> {
  const set: ProgramChange = {};
  let entitlementId: string | null | undefined;
  switch (action) {
    case 'accept':
    case 'investigate':
    case 'appraise':
    case 'county_visit':
    case 'review':
      if (!c.householdId && action !== 'accept') throw new AppError('NO_HOUSEHOLD', '请先为案件关联或新建家庭档案', 'householdId', 409);
      if (action === 'accept' && !c.householdId) throw new AppError('NO_HOUSEHOLD', '受理前请先关联或新建家庭档案（已登记的信息不再要求申请人提供）', 'householdId', 409);
      break;
    case 'verify': {
      const [auth] = await tx.select({ id: caseAttachments.id }).from(caseAttachments).where(and(eq(caseAttachments.caseId, c.id), eq(caseAttachments.kind, 'authorization'))).limit(1);
      if (!auth) throw new AppError('AUTHORIZATION_MISSING', '核对前须上传申请人签字的《家庭经济状况核对授权书》', 'attachments', 409);
      const open = await wf.openBlockingFindings(tx, c.householdId!);
      if (open > 0) throw new AppError('OPEN_FINDINGS', `该家庭尚有 ${open} 条未处理的核对疑点，处理后才能完成核对`, 'findings', 409);
      if (body.result === 'fail') throw new AppError('VERIFICATION_FAILED', '核对结果不符合时请选择“不予批准”并写明理由', 'result', 409);
      break;
    }
    case 'close_notice': {
      const [n] = p.noticeId ? await tx.select().from(notices).where(eq(notices.id, p.noticeId)) : [];
      if (n && today <= n.endDate) throw new AppError('NOTICE_RUNNING', `公示期至 ${n.endDate}，公示期满后才能结束公示`, 'action', 409);
      data.objections = objections;
      break;
    }
    case 'approve':
    case 'overturn': {
      if (body.amountYuan !== undefined) set.amountFen = yuanToFen(body.amountYuan as number);
      if (p.program === '临时救助' && (set.amountFen ?? p.amountFen) == null) throw new AppError('AMOUNT_REQUIRED', '临时救助须填写批准金额', 'amountYuan');
      if (p.program === '临时救助' && p.level === 'township' && (set.amountFen ?? p.amountFen ?? 0) > (flowLimitFen(await packFor(tx, c.areaCode, today).then((x) => x.pack)))) {
        throw new AppError('ABOVE_TOWNSHIP_LIMIT', '金额超过乡镇审批额度，须报县级审批（一事一议）', 'amountYuan', 409);
      }
      if (isEntitlementProgram(p.program)) entitlementId = await grantEntitlement(tx, actor, c, p.program, today, { set, data });
      set.decision = 'approved';
      set.decisionReason = String(body.reason);
      set.decidedBy = actor.username;
      set.decidedAt = new Date();
      break;
    }
    case 'reject':
    case 'uphold':
      set.decision = 'rejected';
      set.decisionReason = String(body.reason);
      set.decidedBy = actor.username;
      set.decidedAt = new Date();
      break;
    case 'appeal':
      data.appealed = true;
      break;
    case 'pay_advance': {
      // 先行救助: within the township's limit, out of its reserve, documented afterwards.
      const amountFen = yuanToFen(body.amountYuan as number);
      const { pack } = await packFor(tx, c.areaCode, today);
      if (amountFen > flowLimitFen(pack)) throw new AppError('ABOVE_TOWNSHIP_LIMIT', `先行救助金额超过乡镇审批额度 ${pack.value<number>('temporary.townshipLimit')} 元，须按一事一议报县级审批`, 'amountYuan', 409);
      data.reserveBalanceAfterFen = await spendReserve(tx, { townshipCode: c.areaCode.slice(0, 9), areaCode: c.areaCode, amountFen, caseId: c.id, programId: p.id, note: String(body.note ?? ''), actor: actor.username });
      set.amountFen = amountFen;
      break;
    }
    case 'document':
      set.decision = 'approved';
      set.decisionReason = String(body.reason);
      set.decidedBy = actor.username;
      set.decidedAt = new Date();
      break;
    default:
      break;
  }
  return { set, entitlementId };
}

/**
 * The program moves on to the next step: the step's task completed and the next one opened, the notice
 * or the department's referral opened, the program updated (unless changed meanwhile), a timeline event
 * and an audit entry, the case closed when all its programs are done.
 */
async function moveOn(tx: Db, actor: CaseActor, c: CaseRow, p: ProgramRow, action: string, body: Record<string, unknown>, today: string,
  { to, set, data, objections, entitlementId }: { to: State; set: ProgramChange; data: Record<string, unknown>; objections: number; entitlementId?: string | null }): Promise<ActionResult> {
  const flow = p.workflow as unknown as ProgramWorkflow;
  if (p.taskId) await wf.completeTask(tx, p.taskId, { actor: actor.username, today });
  const taskId = FINAL_STATES.includes(to) ? null : await openStepTask(tx, { caseId: c.id, areaCode: c.areaCode, workflow: flow }, to, actor.username, today);
  if (to === 'notice') set.noticeId = await openCaseNotice(tx, actor, c, p, today);
  if (to === 'referred') await openDepartmentReferral(tx, actor, c, p, flow, today);
  const done = await tx.update(casePrograms).set({ ...set, state: to, data, taskId, objection: objections > 0 || p.objection, updatedAt: new Date(), version: sql`${casePrograms.version} + 1` })
    .where(and(eq(casePrograms.id, p.id), eq(casePrograms.state, p.state))).returning({ id: casePrograms.id });
  if (done.length === 0) throw new AppError('CONCURRENT_CHANGE', '该项目刚被他人办理，请刷新后重试', 'action', 409);
  await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: `program.${action}`, fromState: p.state, toState: to,
    reason: typeof body.reason === 'string' ? body.reason : typeof body.note === 'string' ? body.note : null, detail: { programId: p.id, program: p.program, ...(entitlementId ? { entitlementId } : {}) } });
  await appendAudit(tx, { actor: actor.username, action: `case.${action}`, target: `case_program:${p.id}`, areaCode: c.areaCode,
    detail: { caseId: c.id, program: p.program, from: p.state, to, ...(entitlementId ? { entitlementId } : {}) } });
  await closeCaseIfDone(tx, c.id);
  return { programId: p.id, from: p.state, to, entitlementId: entitlementId ?? null };
}

/** Approval of 低保, 特困 or 残疾人两项补贴: the entitlement payments pays, from a snapshot of the household; the monthly amount and next review noted in `data`. */
async function grantEntitlement(tx: Db, actor: CaseActor, c: CaseRow, program: EntitlementProgram, today: string, { set, data }: { set: ProgramChange; data: Record<string, unknown> }): Promise<string> {
  if (!c.householdId) throw new AppError('NO_HOUSEHOLD', '请先为案件关联家庭档案', 'householdId', 409);
  const { pack } = await packFor(tx, c.areaCode, today);
  const snapshot = await householdSnapshot(tx, c.householdId);
  const startMonth = startMonthOf(pack, today);
  const e = await wf.createEntitlement(tx, { householdId: c.householdId, areaCode: c.areaCode, program, startMonth, bank: c.bank ?? null, snapshot,
    source: { kind: 'case', caseId: c.id }, actor: actor.username });
  set.entitlementId = e.id;
  set.startMonth = startMonth;
  data.monthlyYuan = programResult(evaluate(pack, parseHousehold(snapshot)), program).monthlyYuan;
  const next = nextReviewOn(pack, snapshot, today, program);
  if (next) data.nextReviewOn = next;
  return e.id;
}

export function flowLimitFen(pack: ResolvedPack): number {
  return Math.round(pack.value<number>('temporary.townshipLimit') * 100);
}

/**
 * The 公示 of a program: its applicant, masked (王*明, 430525********1234), the program, the amount; no phone, bank or health data.
 * The amount is the one the decision is about: the amount recorded on the program, or else, for a monthly
 * benefit of a linked household, the monthly amount the engine computes on the household today.
 */
async function openCaseNotice(tx: Db, actor: Actor, c: CaseRow, p: ProgramRow, today: string): Promise<string> {
  const { pack } = await packFor(tx, c.areaCode, today);
  const computed = p.amountFen == null && c.householdId && isEntitlementProgram(p.program)
    ? programResult(evaluate(pack, parseHousehold(await householdSnapshot(tx, c.householdId))), p.program) : null;
  const amount = p.amountFen != null ? { amountYuan: fenToYuan(p.amountFen) }
    : computed && computed.status !== 'ineligible' ? { amountYuan: computed.monthlyYuan, monthly: true } : {};
  const days = pack.value<number>('notice.days');
  const township = findArea(c.areaCode.slice(0, 9))?.name ?? '';
  const village = findArea(c.areaCode)?.name ?? '';
  const n = await wf.openNotice(tx, {
    subjectType: 'case_program', subjectId: p.id, areaCode: c.areaCode, title: `${village}${p.program}拟批准对象公示`, issuer: `${township}人民政府`,
    days, entries: wf.noticeEntries([{ name: c.applicantName, idNumber: c.applicantIdNumber ?? '', program: p.program, ...amount }]),
    actor: actor.username, today,
  });
  return n.id;
}

async function openDepartmentReferral(tx: Db, actor: Actor, c: CaseRow, p: ProgramRow, flow: ProgramWorkflow, today: string) {
  await createReferral(tx, actor, c, { programId: p.id, department: flow.assignees.referred!.department!, note: `${p.program}：乡镇入户调查已完成，请审核办结` }, today, true);
}

/** Pause while waiting on the applicant, resume, or extend once with a reason: on the program's current deadline. */
export async function taskControl(db: Db, actor: Actor, caseId: string, programId: string, what: 'pause' | 'resume' | 'extend', reason: string, workingDays?: number, today = todayInChina()) {
  if (actor.role === 'auditor' || actor.role === 'village_staff') throw new AppError('FORBIDDEN', '您的角色无权调整办理时限', undefined, 403);
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    const p = await programOf(tx, c, programId);
    if (!p.taskId) throw new AppError('NO_DEADLINE', '该项目当前没有办理时限', 'programId', 409);
    const flow = p.workflow as unknown as ProgramWorkflow;
    const task = what === 'pause' ? await wf.pauseTask(tx, p.taskId, { actor: actor.username, reason, today })
      : what === 'resume' ? await wf.resumeTask(tx, p.taskId, { actor: actor.username, reason, today })
      : await wf.extendTask(tx, p.taskId, { actor: actor.username, reason, today, workingDays: workingDays ?? flow.deadlines[p.state as State] ?? 1 });
    await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: `task.${what}`, reason, detail: { programId: p.id, step: p.state } });
    await appendAudit(tx, { actor: actor.username, action: `case.task.${what}`, target: `case_program:${p.id}`, areaCode: c.areaCode, detail: { reason } });
    return task;
  });
}

/** Records an objection (异议) against the program's running notice; it forces 民主评议 when the pack says so. */
export async function addObjection(db: Db, actor: Actor, caseId: string, programId: string, o: { byName?: string; byPhone?: string; content: string }, today = todayInChina()) {
  if (actor.role !== 'township_staff' && actor.role !== 'village_staff') throw new AppError('FORBIDDEN', '异议由乡镇或村（社区）工作人员登记', undefined, 403);
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    const p = await programOf(tx, c, programId);
    if (p.state !== 'notice' || !p.noticeId) throw new AppError('NOT_IN_NOTICE', '该项目不在公示期，不能登记异议', 'programId', 409);
    const obj = await wf.recordObjection(tx, { noticeId: p.noticeId, areaCode: c.areaCode, byName: o.byName ?? null, byPhone: o.byPhone ?? null, content: o.content, actor: actor.username });
    await tx.update(casePrograms).set({ objection: true, updatedAt: new Date() }).where(eq(casePrograms.id, p.id));
    await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: 'notice.objection', reason: o.content, detail: { programId: p.id, objectionId: obj.id } });
    await appendAudit(tx, { actor: actor.username, action: 'case.objection', target: `case_program:${p.id}`, areaCode: c.areaCode, detail: { objectionId: obj.id } });
    return { id: obj.id };
  });
}

export interface CaseListQuery { status?: 'open' | 'closed'; program?: string; q?: string; householdId?: string; page: number; pageSize: number }

/** Cases in the actor's area, newest first; the applicant shown masked. */
export async function listCases(db: Db, actor: Actor, q: CaseListQuery) {
  const where = [scoped(actor)];
  if (q.status) where.push(eq(cases.status, q.status));
  if (q.householdId) where.push(eq(cases.householdId, q.householdId));
  if (q.q) where.push(or(like(cases.number, `${q.q.toUpperCase()}%`), like(cases.applicantName, `${q.q}%`))!);
  // Inside a subquery drizzle writes a column without its table ("id"), which would name the subquery's own
  // column: the outer case is named with its table, and the subquery's table gets an alias.
  const caseId = sql`${cases}.${sql.identifier(cases.id.name)}`;
  if (q.program) where.push(sql`exists (select 1 from ${casePrograms} p where p.case_id = ${caseId} and p.program = ${q.program})`);
  const rows = await db.select({ id: cases.id, number: cases.number, areaCode: cases.areaCode, channel: cases.channel, applicantName: cases.applicantName, status: cases.status,
    relativeFlag: sql<boolean>`${cases.relativeDeclared} or ${cases.relativeMatched}`, sampled: cases.sampled, createdAt: cases.createdAt,
    programs: sql<{ id: string; program: string; state: string }[]>`coalesce((select json_agg(json_build_object('id', p.id, 'program', p.program, 'state', p.state) order by p.created_at) from case_programs p where p.case_id = ${caseId}), '[]'::json)` })
    .from(cases).where(and(...where)).orderBy(desc(cases.createdAt), desc(cases.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(sql`(select 1 from ${cases} where ${and(...where)} limit 10001) t`);
  return { total, page: q.page, pageSize: q.pageSize, rows: rows.map((r) => ({ ...r, applicantName: maskName(r.applicantName) })) };
}

/** The case page: the case, its household (masked), programs with the actions this actor may take, attachments, tasks, notices. */
export async function getCase(db: Db, actor: CaseActor, id: string, today = todayInChina()) {
  const c = await caseInScope(db, actor, id);
  const ps = await db.select().from(casePrograms).where(eq(casePrograms.caseId, c.id)).orderBy(asc(casePrograms.createdAt));
  const atts = await db.select({ id: caseAttachments.id, kind: caseAttachments.kind, fileName: caseAttachments.fileName, mime: caseAttachments.mime, bytes: caseAttachments.bytes,
    sha256: caseAttachments.sha256, uploadedBy: caseAttachments.uploadedBy, uploadedAt: caseAttachments.uploadedAt }).from(caseAttachments).where(eq(caseAttachments.caseId, c.id)).orderBy(asc(caseAttachments.uploadedAt));
  const taskIds = ps.map((p) => p.taskId).filter((x): x is string => !!x);
  const tasks = taskIds.length ? await db.select().from(workflowTasks).where(inArray(workflowTasks.id, taskIds)) : [];
  const noticeIds = ps.map((p) => p.noticeId).filter((x): x is string => !!x);
  const ns = noticeIds.length ? await db.select({ id: notices.id, title: notices.title, startDate: notices.startDate, endDate: notices.endDate }).from(notices).where(inArray(notices.id, noticeIds)) : [];
  let household = null;
  if (c.householdId) {
    const [h] = await db.select({ id: households.id, areaCode: households.areaCode, headName: households.headName, memberCount: households.memberCount, hukou: households.hukou, status: households.status })
      .from(households).where(eq(households.id, c.householdId));
    const ms = await db.select().from(members).where(and(eq(members.householdId, c.householdId), eq(members.status, 'active'))).orderBy(asc(members.position));
    household = { ...h, members: ms.map((m) => { const v = maskMember(m, today); return { id: v.id, name: v.name, idNumber: v.idNumber, relation: v.relation, age: v.age }; }) };
  }
  return {
    case: { ...c, applicantIdNumber: c.applicantIdNumber && maskIdNumber(c.applicantIdNumber), applicantPhone: c.applicantPhone && maskPhone(c.applicantPhone),
      bank: maskBank(c.bank), relativeFlag: c.relativeDeclared || c.relativeMatched,
      channelDetail: c.channel === 'hotline' ? { ...c.channelDetail, callbackNumber: maskPhone(String(c.channelDetail.callbackNumber ?? '')) } : c.channel === 'citizen' ? {} : c.channelDetail },
    household,
    programs: ps.map((p) => {
      const flow = p.workflow as unknown as ProgramWorkflow;
      const task = tasks.find((t) => t.id === p.taskId) ?? null;
      const actions = [...new Set(flow.transitions.filter((t) => t.step === p.state && t.roles.includes(actor.role)).map((t) => t.action))];
      return { id: p.id, program: p.program, subtype: p.subtype, state: p.state, stateName: STATES[p.state as State] ?? p.state, level: p.level, oneByOne: p.oneByOne,
        amountYuan: p.amountFen == null ? null : fenToYuan(p.amountFen), objection: p.objection, decision: p.decision, decisionReason: p.decisionReason, decidedBy: p.decidedBy, decidedAt: p.decidedAt,
        entitlementId: p.entitlementId, startMonth: p.startMonth, data: p.data, steps: flow.steps, actions,
        task: task && { id: task.id, step: task.step, dueAt: task.dueAt, paused: task.pausedSince !== null, extended: task.extended, escalation: task.escalation, overdue: task.pausedSince === null && task.dueAt < today },
        notice: ns.find((n) => n.id === p.noticeId) ?? null, policy: flow.policy };
    }),
    attachments: atts,
  };
}

/** The case's timeline: every event of the case, oldest first. */
export async function caseTimeline(db: Db, actor: Actor, id: string) {
  const c = await caseInScope(db, actor, id);
  // Bank events written before accounts had their own mask carry 10 digits: masked again as they leave.
  const rows = await wf.listEvents(db, actor.areaCode, 'case', c.id);
  return { rows: rows.map((e) => (e.detail && typeof e.detail === 'object' && 'accountNo' in e.detail
    ? { ...e, detail: { ...e.detail, accountNo: maskHistoryValue('accountNo', e.detail.accountNo) } } : e)) };
}

/** Who drew a random-number sample: the county draws `cases.sampleShare` of the cases opened in a period (双随机). */
export async function drawSample(db: Db, actor: Actor, from: string, to: string, today = todayInChina()) {
  if (actor.role !== 'county_admin' && actor.role !== 'county_staff') throw new AppError('FORBIDDEN', '随机抽查由县级工作人员抽取', undefined, 403);
  return db.transaction(async (tx) => {
    const { pack } = await packFor(tx, actor.areaCode, today);
    const share = pack.value<number>('cases.sampleShare');
    const pool = await tx.select({ id: cases.id, areaCode: cases.areaCode }).from(cases)
      .where(and(scoped(actor), eq(cases.sampled, false), sql`${cases.createdAt} >= ${from}::date and ${cases.createdAt} < (${to}::date + 1)`));
    const n = Math.ceil(pool.length * share);
    // Fisher–Yates with a cryptographic generator: nobody can predict or steer the draw.
    for (let i = pool.length - 1; i > 0; i--) { const j = randomInt(i + 1); [pool[i], pool[j]] = [pool[j], pool[i]]; }
    const drawn = pool.slice(0, n);
    if (drawn.length) await tx.update(cases).set({ sampled: true }).where(inArray(cases.id, drawn.map((d) => d.id)));
    for (const d of drawn) await event(tx, { subjectType: 'case', subjectId: d.id, areaCode: d.areaCode, actor: actor.username, action: 'case.sample', detail: { from, to, share } });
    await appendAudit(tx, { actor: actor.username, action: 'case.sample.draw', target: null, areaCode: actor.areaCode, detail: { from, to, share, pool: pool.length, drawn: drawn.map((d) => d.id) } });
    return { pool: pool.length, share, drawn: drawn.map((d) => d.id) };
  });
}

export async function recordSampleResult(db: Db, actor: Actor, caseId: string, result: Record<string, unknown>) {
  if (actor.role !== 'county_admin' && actor.role !== 'county_staff') throw new AppError('FORBIDDEN', '抽查结果由县级工作人员登记', undefined, 403);
  await db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    if (!c.sampled) throw new AppError('NOT_SAMPLED', '该案件未被抽中', 'id', 409);
    await tx.update(cases).set({ sampleResult: { ...result, by: actor.username }, updatedAt: new Date() }).where(eq(cases.id, c.id));
    await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: 'case.sample.result', reason: String(result.note ?? ''), detail: { result: result.result } });
    await appendAudit(tx, { actor: actor.username, action: 'case.sample.result', target: `case:${c.id}`, areaCode: c.areaCode, detail: { result: result.result } });
  });
  return { ok: true };
}

/** Attachment metadata after the file is stored; the area is the case's. */
export async function addAttachment(db: Db, actor: Actor, caseId: string, kind: string, fileName: string, f: { sha256: string; bytes: number; mime: string }) {
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, caseId);
    const id = randomUUID();
    await tx.insert(caseAttachments).values({ id, caseId: c.id, areaCode: c.areaCode, kind, sha256: f.sha256, bytes: f.bytes, mime: f.mime, fileName, uploadedBy: actor.username });
    await event(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: actor.username, action: 'attachment.add', detail: { attachmentId: id, kind, sha256: f.sha256 } });
    await appendAudit(tx, { actor: actor.username, action: 'case.attachment', target: `case:${c.id}`, areaCode: c.areaCode, detail: { attachmentId: id, kind, sha256: f.sha256, bytes: f.bytes } });
    return { id, kind, fileName, ...f };
  });
}

export async function attachmentInScope(db: Db, actor: Actor, caseId: string, attachmentId: string) {
  const c = await caseInScope(db, actor, caseId);
  const [a] = await db.select().from(caseAttachments).where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, c.id)));
  if (!a) throw new AppError('NOT_FOUND', '附件不存在', 'attachmentId', 404);
  return a;
}
