/**
 * Monitoring storage (issue 9 items 2-4): reports, the warning list and handling, identification and
 * risk removal run through the shared engine (src/workflow/machine.ts) with deadlines as workflow
 * tasks and the village notice (公示) through src/workflow/noticeStore.ts, assistance measures (social
 * assistance opens a case through src/cases' intake), and a household's whole chain on one page.
 * Every query is scoped to the actor's area prefix; every change is audited and is an event on the
 * household's monitoring timeline (workflow_events, subject 'monitoring' / household id).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, like, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { households, members } from '../registry/schema.ts';
import { monitoringCadres, monitoringFiles, monitoringHouseholds, monitoringMeasures, monitoringProcedures, monitoringReports, monitoringVisits, monitoringWarnings } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { maskName, maskNamesIn } from '../domain/mask.ts';
import { yuanToFen } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { createCase } from '../cases/store.ts';
import { PROGRAMS } from '../cases/model.ts';
import { nextState, type Guard } from '../workflow/machine.ts';
import { appendEvent, listEvents } from '../workflow/events.ts';
import { getNotice, listObjections, noticesOf, openNotice } from '../workflow/noticeStore.ts';
import { completeTask, openTasksOf } from '../workflow/tasks.ts';
import { FINAL_STATES, monitoringWorkflow, OPEN_STATES, STATE_LABELS, STEP_ROLE, type Purpose } from './flow.ts';
import {
  HOUSEHOLD_TYPES, LEVEL_ORDER, measureMatches, MEASURE_KINDS, perCapitaAnnualFen, REPORT_CHANNELS, REPORT_KINDS, removalCheck, RISK_FACTORS, RULE_FACTOR, RULES, ruleSettings,
  maskedWarning, warningFor, type Level, type MeasureKind, type RiskFactor, type RuleName,
} from './rules.ts';
import { identificationDue, openStepTask, reportSignal, requirePack, storeWarnings, SUBJECT } from './signals.ts';
import { citation } from '../policy/citations.ts';

export const canWrite = (actor: Actor) => actor.role !== 'auditor';
function writer(actor: Actor) {
  if (!canWrite(actor)) throw new AppError('FORBIDDEN', '您的角色无权执行此操作', undefined, 403);
}

/** An active household inside the actor's area, or 404. */
export async function householdInScope(db: Db, actor: Actor, id: string) {
  const [h] = await db.select().from(households).where(and(eq(households.id, id), like(households.areaCode, `${actor.areaCode}%`)));
  if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'householdId', 404);
  return h;
}

function checkVersion(row: { version: number }, version: number | undefined, what: string) {
  if (version !== undefined && row.version !== version) throw new AppError('STALE', `${what}已被他人更新，请刷新后重试`, 'version', 409);
}

// ─── Reports ───

export interface ReportInput { householdId: string; channel: keyof typeof REPORT_CHANNELS; kind: keyof typeof REPORT_KINDS; memberId?: string; amountYuan?: number; occurredOn: string; description: string; reporterName?: string }

/** A report (村级、帮扶干部、热线、本人申报): stored, and the county's rule for its kind decides at once whether it raises a warning. */
export async function createReport(db: Db, actor: Actor, input: ReportInput, today = todayInChina()) {
  writer(actor);
  if (input.occurredOn > today) throw new AppError('INVALID_DATE', '发生日期不能晚于今天', 'occurredOn');
  const h = await householdInScope(db, actor, input.householdId);
  if (h.status !== 'active') throw new AppError('CLOSED', '该家庭档案已注销', 'householdId', 409);
  let memberName: string | null = null;
  if (input.memberId) {
    const [m] = await db.select().from(members).where(and(eq(members.id, input.memberId), eq(members.householdId, h.id)));
    if (!m) throw new AppError('NOT_FOUND', '该成员不属于此家庭', 'memberId', 404);
    memberName = m.name;
  } else if (['death', 'jobLoss', 'dropout'].includes(input.kind)) {
    throw new AppError('MEMBER_REQUIRED', `「${REPORT_KINDS[input.kind]}」须选择家庭成员`, 'memberId');
  }
  if (input.kind === 'medical' && input.amountYuan === undefined) throw new AppError('AMOUNT_REQUIRED', '大额医疗支出须填写自付金额（元）', 'amountYuan');
  const pack = await requirePack(db, h.areaCode, today);
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [r] = await tx.insert(monitoringReports).values({ id: randomUUID(), householdId: h.id, areaCode: h.areaCode, channel: input.channel, kind: input.kind, memberId: input.memberId ?? null,
      amountFen: input.amountYuan === undefined ? null : yuanToFen(input.amountYuan), occurredOn: input.occurredOn, description: input.description,
      reporterName: input.reporterName ?? null, createdBy: actor.username }).returning();
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: h.id, areaCode: h.areaCode, actor: actor.username, action: 'report.add', reason: input.description,
      detail: { reportId: r.id, channel: input.channel, kind: input.kind } });
    const signal = await reportSignal(tx, r, memberName);
    const draft = signal && warningFor(signal, ruleSettings(pack));
    const [warning] = draft ? await storeWarnings(tx, [draft], pack, today, actor.username) : [];
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.report', target: `report:${r.id}`, areaCode: h.areaCode,
      detail: { householdId: h.id, channel: input.channel, kind: input.kind, warningId: warning?.id ?? null } });
    return { id: r.id, warning: warning ? { id: warning.id, rule: warning.rule, level: warning.level, message: warning.message } : null,
      note: warning ? null : '已登记；按本县规则未达到预警条件（或该规则未启用）' };
  });
}

// ─── Warnings ───

export interface WarningQuery { level?: Level; status?: 'open' | 'handled'; area?: string; rule?: RuleName; householdId?: string; page: number; pageSize: number }

function warningWhere(actor: Actor, q: Partial<WarningQuery>): SQL {
  const area = q.area && q.area.startsWith(actor.areaCode) ? q.area : actor.areaCode;
  return and(like(monitoringWarnings.areaCode, `${area}%`), q.level ? eq(monitoringWarnings.level, q.level) : undefined,
    q.status ? eq(monitoringWarnings.status, q.status) : undefined, q.rule ? eq(monitoringWarnings.rule, q.rule) : undefined,
    q.householdId ? eq(monitoringWarnings.householdId, q.householdId) : undefined)!;
}

/** Warnings by level (red first) and area, oldest open first; the head's name is masked. */
export async function listWarnings(db: Db, actor: Actor, q: WarningQuery, today = todayInChina()) {
  const where = warningWhere(actor, q);
  const levelRank = sql`case ${monitoringWarnings.level} when 'red' then 0 when 'orange' then 1 else 2 end`;
  const rows = await db.select({ w: monitoringWarnings, headName: households.headName }).from(monitoringWarnings).innerJoin(households, eq(households.id, monitoringWarnings.householdId))
    .where(where).orderBy(asc(monitoringWarnings.status), levelRank, asc(monitoringWarnings.raisedOn), asc(monitoringWarnings.id))
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ n }] = await db.select({ n: count() }).from(monitoringWarnings).where(where);
  const counts = await db.select({ level: monitoringWarnings.level, status: monitoringWarnings.status, n: count() }).from(monitoringWarnings)
    .where(warningWhere(actor, { area: q.area })).groupBy(monitoringWarnings.level, monitoringWarnings.status);
  return {
    total: n,
    counts: LEVEL_ORDER.map((level) => ({ level, open: counts.find((c) => c.level === level && c.status === 'open')?.n ?? 0, handled: counts.find((c) => c.level === level && c.status === 'handled')?.n ?? 0 })),
    rows: rows.map(({ w, headName }) => ({ ...maskedWarning(w), headName: maskName(headName), ruleName: RULES[w.rule as RuleName] ?? w.rule, overdue: w.status === 'open' && w.dueOn < today,
      ageDays: Math.round((Date.parse(today) - Date.parse(w.raisedOn)) / 86_400_000) })),
  };
}

export const WARNING_RESULTS = { identify: '启动识别纳入', merged: '已是监测对象，并入帮扶', dismissed: '核实无风险' } as const;

/** Handles a warning once: start identification, merge into the household's monitoring, or dismiss after checking; the result is registered. */
export async function handleWarning(db: Db, actor: Actor, id: string, body: { result: keyof typeof WARNING_RESULTS; note: string; version?: number }, today = todayInChina()) {
  writer(actor);
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [w] = await tx.select().from(monitoringWarnings).where(and(eq(monitoringWarnings.id, id), like(monitoringWarnings.areaCode, `${actor.areaCode}%`))).for('update');
    if (!w) throw new AppError('NOT_FOUND', '预警不存在或不在您的管辖范围内', 'id', 404);
    if (w.status !== 'open') throw new AppError('HANDLED', '该预警已处置', 'id', 409);
    checkVersion(w, body.version, '该预警');
    // Every result follows an on-site check of the risk (实地核查致贫因子, 002:L669): what was found is written down.
    if (!body.note.trim()) throw new AppError('NOTE_REQUIRED', '请填写核实情况（实地核查的结果）', 'note');
    const [mh] = await tx.select().from(monitoringHouseholds).where(eq(monitoringHouseholds.householdId, w.householdId));
    const open = await openProcedure(tx, w.householdId);
    let procedureId: string | null = null;
    if (body.result === 'identify') {
      if (mh?.status === 'monitored') throw new AppError('ALREADY_MONITORED', '该户已是监测对象，请选择「已是监测对象，并入帮扶」并落实帮扶措施', 'result', 409);
      if (open && open.purpose === 'remove') throw new AppError('REMOVAL_OPEN', '该户正在办理风险消除，请先撤回风险消除', 'result', 409);
      procedureId = open?.id ?? (await startProcedure(tx, actor, w.householdId, w.areaCode, 'identify', w.clueOn, today)).id;
    } else if (body.result === 'merged' && mh?.status !== 'monitored' && !open) {
      throw new AppError('NOT_MONITORED', '该户不是监测对象，请选择「启动识别纳入」或「核实无风险」', 'result', 409);
    }
    const [row] = await tx.update(monitoringWarnings).set({ status: 'handled', result: body.result, resultNote: body.note, handledBy: actor.username, handledAt: new Date(),
      procedureId, version: w.version + 1 }).where(eq(monitoringWarnings.id, id)).returning();
    if (w.taskId) {
      const [t] = await openTasksOf(tx, '', SUBJECT, w.householdId).then((ts) => ts.filter((x) => x.id === w.taskId));
      if (t) await completeTask(tx, t.id, { actor: actor.username, reason: WARNING_RESULTS[body.result], today });
    }
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: w.householdId, areaCode: w.areaCode, actor: actor.username, action: 'warning.handle', reason: body.note || null,
      detail: { warningId: id, rule: w.rule, level: w.level, result: body.result, procedureId } });
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.warning.handle', target: `warning:${id}`, areaCode: w.areaCode, detail: { result: body.result, procedureId } });
    return row;
  });
}

// ─── Procedures: identification and risk removal ───

export type ProcedureRow = typeof monitoringProcedures.$inferSelect;

async function openProcedure(tx: Db, householdId: string): Promise<ProcedureRow | undefined> {
  const [p] = await tx.select().from(monitoringProcedures).where(and(eq(monitoringProcedures.householdId, householdId), notInArray(monitoringProcedures.state, [...FINAL_STATES])));
  return p;
}

async function startProcedure(tx: Db, actor: Actor, householdId: string, areaCode: string, purpose: Purpose, clueOn: string, today: string): Promise<ProcedureRow> {
  const pack = await requirePack(tx, areaCode, today);
  const dueOn = await identificationDue(tx, pack, areaCode, clueOn);
  const id = randomUUID();
  const taskId = await openStepTask(tx, { householdId, areaCode, step: 'check', role: STEP_ROLE.check, dueOn, today, actor: actor.username });
  const [p] = await tx.insert(monitoringProcedures).values({ id, householdId, areaCode, purpose, state: 'check', clueOn, dueOn, taskId, createdBy: actor.username }).returning();
  await appendEvent(tx, { subjectType: SUBJECT, subjectId: householdId, areaCode, actor: actor.username, action: `procedure.${purpose}.start`, toState: 'check',
    detail: { procedureId: id, purpose, clueOn, dueOn } });
  await appendAudit(tx, { actor: actor.username, action: `monitoring.${purpose}.start`, target: `procedure:${id}`, areaCode, detail: { householdId, clueOn, dueOn } });
  return p;
}

/** The facts the removal criteria read, now. */
async function removalFacts(db: Db, householdId: string) {
  const [mh] = await db.select().from(monitoringHouseholds).where(eq(monitoringHouseholds.householdId, householdId));
  const ms = await db.select({ f: members.monthlyIncomeFen }).from(members).where(and(eq(members.householdId, householdId), eq(members.status, 'active')));
  const measures = await db.select().from(monitoringMeasures).where(eq(monitoringMeasures.householdId, householdId));
  const [{ n }] = await db.select({ n: count() }).from(monitoringWarnings).where(and(eq(monitoringWarnings.householdId, householdId), eq(monitoringWarnings.status, 'open')));
  return { status: (mh?.status ?? 'removed') as 'monitored' | 'removed', perCapitaFen: perCapitaAnnualFen(ms.map((m) => m.f)), openWarnings: n, measures };
}

export async function removalProblems(db: Db, householdId: string, areaCode: string, today: string): Promise<string[]> {
  const pack = await requirePack(db, areaCode, today);
  const facts = await removalFacts(db, householdId);
  const line = (() => { try { return yuanToFen(pack.value<number>('monitoring.incomeLine')); } catch { return null; } })();
  let months: number;
  try { months = pack.value<number>('monitoring.removal.stableMonths'); } catch { return ['政策包未设置风险消除稳定期 monitoring.removal.stableMonths']; }
  return removalCheck(facts, line, months, today);
}

/** 风险消除: starts the same steps, only when the pack's criteria hold now. */
export async function startRemoval(db: Db, actor: Actor, householdId: string, today = todayInChina()) {
  writer(actor);
  const h = await householdInScope(db, actor, householdId);
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    if (await openProcedure(tx, h.id)) throw new AppError('PROCEDURE_OPEN', '该户已有正在办理的识别或风险消除程序', 'householdId', 409);
    const problems = await removalProblems(tx, h.id, h.areaCode, today);
    if (problems.length) throw new AppError('CRITERIA_NOT_MET', `尚不符合风险消除条件：${problems.join('；')}`, 'householdId', 409);
    return startProcedure(tx, actor, h.id, h.areaCode, 'remove', today, today);
  });
}

export interface ActBody {
  version?: number;
  /** complete_check: what the household check found. */
  findings?: string;
  /** appraise: the 民主评议 result. */
  appraisal?: string;
  /** township_approve: opinion; reject / withdraw: reason. */
  opinion?: string;
  reason?: string;
  /** decide (identify): the type and risk factors. */
  type?: (typeof HOUSEHOLD_TYPES)[number];
  riskFactors?: RiskFactor[];
}

/** One step of a procedure, decided by the shared engine with this procedure's guards: the step recorded, then the procedure moves on. */
export async function procedureAct(db: Db, actor: Actor, procedureId: string, action: string, body: ActBody, today = todayInChina()) {
  writer(actor);
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [p] = await tx.select().from(monitoringProcedures).where(and(eq(monitoringProcedures.id, procedureId), like(monitoringProcedures.areaCode, `${actor.areaCode}%`))).for('update');
    if (!p) throw new AppError('NOT_FOUND', '程序不存在或不在您的管辖范围内', 'id', 404);
    checkVersion(p, body.version, '该程序');
    const def = monitoringWorkflow(p.purpose as Purpose);
    const { guards, objections } = await procedureGuards(tx, p, action, today);
    const r = nextState(def, { state: p.state, areaCode: p.areaCode }, action, actor, guards);
    if ('error' in r) throw r.error;
    const { data, noticeId } = await recordStep(tx, actor, p, action, body, today, objections);
    return moveProcedureOn(tx, actor, p, action, body, today, { def, to: r.to as string, data, noticeId });
  });
}

/** The guards of a procedure's steps: the signed papers uploaded, the notice period over with every objection handled, the removal criteria holding now. */
async function procedureGuards(tx: Db, p: ProcedureRow, action: string, today: string) {
  const files = await tx.select({ kind: monitoringFiles.kind }).from(monitoringFiles).where(and(eq(monitoringFiles.subjectType, 'procedure'), eq(monitoringFiles.subjectId, p.id)));
  const notice = p.noticeId ? await getNotice(tx, '', p.noticeId) : null;
  const objections = notice ? await listObjections(tx, '', notice.id) : [];
  const removal = p.purpose === 'remove' && action === 'decide' ? await removalProblems(tx, p.householdId, p.areaCode, today) : [];
  const guards: Record<string, Guard> = {
    papersSigned: () => {
      const missing = [['authorization', '自愿申请监测（核对）授权书'], ['pledge', '诚实守信承诺书']].filter(([k]) => !files.some((f) => f.kind === k)).map(([, n]) => `《${n}》`);
      return missing.length ? `请先上传签字的${missing.join('、')}（${citation('002:L669')}）` : true;
    },
    noticeEnded: () => {
      if (!notice) return '尚未公示';
      if (today <= notice.endDate) return `公示期至 ${notice.endDate}，期满后方可结束公示`;
      const pending = objections.filter((o) => !o.result).length;
      return pending ? `有 ${pending} 条公示异议尚未处理` : true;
    },
    criteriaHold: () => (removal.length ? `尚不符合风险消除条件：${removal.join('；')}` : true),
  };
  return { guards, objections };
}

/** What a step records in the procedure's data (the village notice opened after the appraisal; the decision on the household's status). */
async function recordStep(tx: Db, actor: Actor, p: ProcedureRow, action: string, body: ActBody, today: string, objections: unknown[]) {
  const data = { ...p.data };
  let noticeId = p.noticeId;
  const need = (v: string | undefined, path: string, what: string) => { if (!v?.trim()) throw new AppError('REQUIRED', `请填写${what}`, path); return v.trim(); };
  const stamp = { by: actor.username, on: today };
  switch (action) {
    case 'complete_check': data.check = { findings: need(body.findings, 'findings', '入户核查情况'), ...stamp }; break;
    case 'appraise': {
      data.appraisal = { result: need(body.appraisal, 'appraisal', '民主评议结果'), ...stamp };
      noticeId = await villageNotice(tx, actor, p, today);
      break;
    }
    case 'close_notice': data.notice = { objections: objections.length, ...stamp }; break;
    case 'township_approve': data.townshipReview = { opinion: need(body.opinion, 'opinion', '乡镇初审意见'), ...stamp }; break;
    case 'reject': case 'withdraw': data[action] = { reason: need(body.reason, 'reason', action === 'reject' ? '不予通过的理由' : '撤回原因'), ...stamp }; break;
    case 'decide': {
      if (p.purpose === 'identify') {
        if (!body.type || !HOUSEHOLD_TYPES.includes(body.type)) throw new AppError('TYPE_REQUIRED', `请选择监测对象类别：${HOUSEHOLD_TYPES.join('、')}`, 'type');
        const factors = [...new Set(body.riskFactors ?? [])];
        if (!factors.length || factors.some((f) => !(f in RISK_FACTORS))) throw new AppError('FACTORS_REQUIRED', '请选择至少一项风险因子', 'riskFactors');
        data.decision = { type: body.type, riskFactors: factors, ...stamp };
        await tx.insert(monitoringHouseholds).values({ householdId: p.householdId, areaCode: p.areaCode, type: body.type, riskFactors: factors, identifiedOn: today })
          .onConflictDoUpdate({ target: monitoringHouseholds.householdId, set: { status: 'monitored', type: body.type, riskFactors: factors, identifiedOn: today, removedOn: null,
            version: sql`${monitoringHouseholds.version} + 1`, updatedAt: new Date() } });
      } else {
        data.decision = { removed: true, ...stamp };
        await tx.update(monitoringHouseholds).set({ status: 'removed', removedOn: today, version: sql`${monitoringHouseholds.version} + 1`, updatedAt: new Date() })
          .where(eq(monitoringHouseholds.householdId, p.householdId));
      }
      break;
    }
  }
  return { data, noticeId };
}

/** The procedure moves on: the step's task completed and the next one opened, the procedure updated, a timeline event and an audit entry. */
async function moveProcedureOn(tx: Db, actor: Actor, p: ProcedureRow, action: string, body: ActBody, today: string,
  { def, to, data, noticeId }: { def: ReturnType<typeof monitoringWorkflow>; to: string; data: ProcedureRow['data']; noticeId: string | null }) {
  if (p.taskId) {
    const open = (await openTasksOf(tx, '', SUBJECT, p.householdId)).find((t) => t.id === p.taskId);
    if (open) await completeTask(tx, open.id, { actor: actor.username, reason: def.labels?.[action] ?? action, today });
  }
  const taskId = (OPEN_STATES as readonly string[]).includes(to)
    ? await openStepTask(tx, { householdId: p.householdId, areaCode: p.areaCode, step: to, role: STEP_ROLE[to as (typeof OPEN_STATES)[number]], dueOn: p.dueOn, today, actor: actor.username })
    : null;
  const [row] = await tx.update(monitoringProcedures).set({ state: to, data, noticeId, taskId, decidedOn: (FINAL_STATES as readonly string[]).includes(to) ? today : null, version: p.version + 1 })
    .where(eq(monitoringProcedures.id, p.id)).returning();
  await appendEvent(tx, { subjectType: SUBJECT, subjectId: p.householdId, areaCode: p.areaCode, actor: actor.username, action: `procedure.${action}`, fromState: p.state, toState: to,
    reason: body.reason ?? body.opinion ?? body.appraisal ?? body.findings ?? null, detail: { procedureId: p.id, purpose: p.purpose, ...(action === 'decide' ? { decision: data.decision } : {}) } });
  await appendAudit(tx, { actor: actor.username, action: `monitoring.${p.purpose}.${action}`, target: `procedure:${p.id}`, areaCode: p.areaCode, detail: { from: p.state, to } });
  return row;
}

/** The village notice of a procedure: the head's masked name and masked ID number and what is proposed — no phone, bank or health data. */
async function villageNotice(tx: Db, actor: Actor, p: ProcedureRow, today: string): Promise<string> {
  const pack = await requirePack(tx, p.areaCode, today);
  const ms = await tx.select().from(members).where(and(eq(members.householdId, p.householdId), eq(members.status, 'active'))).orderBy(asc(members.position));
  const head = ms.find((m) => m.relation === 'head') ?? ms[0];
  if (!head) throw new AppError('NO_MEMBERS', '该家庭没有在册成员，不能公示', 'householdId', 409);
  const program = p.purpose === 'identify' ? '拟纳入防返贫监测对象' : '拟消除返贫致贫风险';
  const row = await openNotice(tx, { subjectType: SUBJECT, subjectId: p.householdId, areaCode: p.areaCode, title: `${program}公示`, issuer: '村民委员会',
    days: pack.value<number>('notice.days'), entries: [{ name: head.name, idNumber: head.idNumber, program }].map((x) => ({ name: x.name, idNumber: x.idNumber, program: x.program })) as never,
    actor: actor.username, today });
  return row.id;
}

// ─── Files of a procedure (authorisation, pledge) ───

export const PROCEDURE_FILE_KINDS = { authorization: '自愿申请监测（核对）授权书', pledge: '诚实守信承诺书' } as const;

export async function procedureInScope(db: Db, actor: Actor, id: string): Promise<ProcedureRow> {
  const [p] = await db.select().from(monitoringProcedures).where(and(eq(monitoringProcedures.id, id), like(monitoringProcedures.areaCode, `${actor.areaCode}%`)));
  if (!p) throw new AppError('NOT_FOUND', '程序不存在或不在您的管辖范围内', 'id', 404);
  return p;
}

export async function addFile(db: Db, actor: Actor, subject: { type: 'procedure' | 'visit'; id: string; householdId: string; areaCode: string }, kind: string, fileName: string,
  f: { sha256: string; bytes: number; mime: string }) {
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const id = randomUUID();
    await tx.insert(monitoringFiles).values({ id, subjectType: subject.type, subjectId: subject.id, areaCode: subject.areaCode, kind, sha256: f.sha256, bytes: f.bytes, mime: f.mime, fileName, uploadedBy: actor.username });
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: subject.householdId, areaCode: subject.areaCode, actor: actor.username, action: 'file.add', detail: { fileId: id, subject: subject.type, subjectId: subject.id, kind, sha256: f.sha256 } });
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.file', target: `${subject.type}:${subject.id}`, areaCode: subject.areaCode, detail: { fileId: id, kind, sha256: f.sha256, bytes: f.bytes } });
    return { id, kind, fileName, ...f };
  });
}

export async function fileInScope(db: Db, actor: Actor, id: string) {
  const [f] = await db.select().from(monitoringFiles).where(and(eq(monitoringFiles.id, id), like(monitoringFiles.areaCode, `${actor.areaCode}%`)));
  if (!f) throw new AppError('NOT_FOUND', '文件不存在或不在您的管辖范围内', 'id', 404);
  return f;
}

// ─── Measures ───

export interface MeasureInput { riskFactor: RiskFactor; kind: MeasureKind; description: string; startOn: string; endOn?: string | null; program?: (typeof PROGRAMS)[number] }

/** A measure matched to one of the household's risk factors; social assistance opens a case through the case workflow's intake. */
export async function addMeasure(db: Db, actor: Actor, householdId: string, input: MeasureInput, today = todayInChina()) {
  writer(actor);
  const h = await householdInScope(db, actor, householdId);
  const [mh] = await db.select().from(monitoringHouseholds).where(eq(monitoringHouseholds.householdId, h.id));
  if (!mh || mh.status !== 'monitored') throw new AppError('NOT_MONITORED', '该户不是在监测的对象：帮扶措施在县级审定纳入监测后落实', 'householdId', 409);
  if (!mh.riskFactors.includes(input.riskFactor)) {
    throw new AppError('FACTOR_NOT_IDENTIFIED', `该户认定的风险因子为：${mh.riskFactors.map((f) => RISK_FACTORS[f as RiskFactor]).join('、')}`, 'riskFactor');
  }
  const match = measureMatches(input.riskFactor, input.kind);
  if (match !== true) throw new AppError('MEASURE_MISMATCH', match, 'kind');
  if (input.startOn > today) throw new AppError('INVALID_DATE', '开始日期不能晚于今天', 'startOn');
  if (input.endOn && input.endOn < input.startOn) throw new AppError('INVALID_DATE', '结束日期不能早于开始日期', 'endOn');
  let caseId: string | null = null;
  if (input.kind === 'social_assistance') {
    if (!input.program) throw new AppError('PROGRAM_REQUIRED', '社会救助措施须选择救助项目（将转入救助申请办理）', 'program');
    // The case workflow's own intake (src/cases/store.ts createCase): a case from a data warning, for this household.
    const c = await createCase(db, actor as Parameters<typeof createCase>[1], { channel: 'warning', householdId: h.id, description: input.description, programs: [{ program: input.program }] as never,
      warning: { source: '防返贫动态监测', detail: input.description }, relativeDeclared: false } as Parameters<typeof createCase>[2], today);
    caseId = c.id;
  }
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const id = randomUUID();
    const [row] = await tx.insert(monitoringMeasures).values({ id, householdId: h.id, areaCode: h.areaCode, riskFactor: input.riskFactor, kind: input.kind, description: input.description,
      startOn: input.startOn, endOn: input.endOn ?? null, caseId, createdBy: actor.username }).returning();
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: h.id, areaCode: h.areaCode, actor: actor.username, action: 'measure.add', reason: input.description,
      detail: { measureId: id, riskFactor: input.riskFactor, kind: input.kind, caseId } });
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.measure.add', target: `measure:${id}`, areaCode: h.areaCode, detail: { householdId: h.id, riskFactor: input.riskFactor, kind: input.kind, caseId } });
    return row;
  });
}

export async function measureResult(db: Db, actor: Actor, id: string, body: { result: string; resultOn: string; version?: number }, today = todayInChina()) {
  writer(actor);
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [m] = await tx.select().from(monitoringMeasures).where(and(eq(monitoringMeasures.id, id), like(monitoringMeasures.areaCode, `${actor.areaCode}%`))).for('update');
    if (!m) throw new AppError('NOT_FOUND', '帮扶措施不存在或不在您的管辖范围内', 'id', 404);
    checkVersion(m, body.version, '该措施');
    if (body.resultOn > today) throw new AppError('INVALID_DATE', '见效日期不能晚于今天', 'resultOn');
    if (body.resultOn < m.startOn) throw new AppError('INVALID_DATE', '见效日期不能早于措施开始日期', 'resultOn');
    const [row] = await tx.update(monitoringMeasures).set({ result: body.result, resultOn: body.resultOn, version: m.version + 1 }).where(eq(monitoringMeasures.id, id)).returning();
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: m.householdId, areaCode: m.areaCode, actor: actor.username, action: 'measure.result', reason: body.result,
      detail: { measureId: id, resultOn: body.resultOn } });
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.measure.result', target: `measure:${id}`, areaCode: m.areaCode, detail: { resultOn: body.resultOn } });
    return row;
  });
}

// ─── The household's chain ───

/** Everything about one household's monitoring on one page: status, warnings, procedures (with notices), measures, cadres, visits, the timeline. */
export async function householdChain(db: Db, actor: Actor, householdId: string, today = todayInChina()) {
  const h = await householdInScope(db, actor, householdId);
  const [mh] = await db.select().from(monitoringHouseholds).where(eq(monitoringHouseholds.householdId, h.id));
  const ms = await db.select({ id: members.id, name: members.name, relation: members.relation, status: members.status, monthlyIncomeFen: members.monthlyIncomeFen })
    .from(members).where(eq(members.householdId, h.id)).orderBy(asc(members.position));
  const warnings = await db.select().from(monitoringWarnings).where(eq(monitoringWarnings.householdId, h.id)).orderBy(desc(monitoringWarnings.raisedOn));
  const procedures = await db.select().from(monitoringProcedures).where(eq(monitoringProcedures.householdId, h.id)).orderBy(asc(monitoringProcedures.createdAt));
  const files = procedures.length ? await db.select().from(monitoringFiles).where(and(eq(monitoringFiles.subjectType, 'procedure'), inArray(monitoringFiles.subjectId, procedures.map((p) => p.id)))) : [];
  const notices = await noticesOf(db, actor.areaCode, SUBJECT, h.id);
  const measures = await db.select().from(monitoringMeasures).where(eq(monitoringMeasures.householdId, h.id)).orderBy(asc(monitoringMeasures.startOn));
  const visits = await db.select({ v: monitoringVisits, cadre: monitoringCadres.name, cadreKind: monitoringCadres.kind }).from(monitoringVisits)
    .innerJoin(monitoringCadres, eq(monitoringCadres.id, monitoringVisits.cadreId)).where(eq(monitoringVisits.householdId, h.id)).orderBy(desc(monitoringVisits.visitedOn));
  const photos = visits.length ? await db.select().from(monitoringFiles).where(and(eq(monitoringFiles.subjectType, 'visit'), inArray(monitoringFiles.subjectId, visits.map((v) => v.v.id)))) : [];
  const cadreIds = [mh?.monitoringCadreId, mh?.pairedCadreId].filter((x): x is number => !!x);
  const cadres = cadreIds.length ? await db.select().from(monitoringCadres).where(inArray(monitoringCadres.id, cadreIds)) : [];
  const events = await listEvents(db, actor.areaCode, SUBJECT, h.id);
  const tasks = await openTasksOf(db, actor.areaCode, SUBJECT, h.id);
  const open = procedures.find((p) => !(FINAL_STATES as readonly string[]).includes(p.state));
  const removal = mh?.status === 'monitored' && !open ? await removalProblems(db, h.id, h.areaCode, today).catch((e: AppError) => [e.message]) : null;
  const proposedFactors = [...new Set(warnings.map((w) => RULE_FACTOR[w.rule as RuleName]).filter(Boolean))];
  return {
    household: { id: h.id, areaCode: h.areaCode, headName: maskName(h.headName), registeredPoor: h.registeredPoor, status: h.status,
      perCapitaYuan: perCapitaAnnualFen(ms.filter((m) => m.status === 'active').map((m) => m.monthlyIncomeFen)) / 100 },
    members: ms.map((m) => ({ id: m.id, name: maskName(m.name), relation: m.relation, status: m.status })),
    monitoring: mh ?? null,
    cadres: cadres.map((c) => ({ id: c.id, name: c.name, kind: c.kind, unit: c.unit })),
    warnings: warnings.map((w) => ({ ...maskedWarning(w), ruleName: RULES[w.rule as RuleName] ?? w.rule })),
    procedures: procedures.map((p) => ({ ...p, stateName: STATE_LABELS[p.state] ?? p.state, files: files.filter((f) => f.subjectId === p.id).map((f) => ({ id: f.id, kind: f.kind, fileName: f.fileName, bytes: f.bytes })),
      actions: [...new Set(monitoringWorkflow(p.purpose as Purpose).transitions.filter((t) => t.step === p.state && t.roles.includes(actor.role)).map((t) => t.action))] })),
    notices: notices.map((n) => ({ id: n.id, title: n.title, startDate: n.startDate, endDate: n.endDate })),
    measures: measures.map((m) => ({ ...m, kindName: MEASURE_KINDS[m.kind as MeasureKind] ?? m.kind, factorName: RISK_FACTORS[m.riskFactor as RiskFactor] ?? m.riskFactor })),
    visits: visits.map(({ v, cadre, cadreKind }) => ({ ...v, cadre, cadreKind, photos: photos.filter((p) => p.subjectId === v.id).map((p) => ({ id: p.id, bytes: p.bytes, mime: p.mime })) })),
    tasks, events: events.map((e) => maskedWarningEvent(e, warnings)), removalProblems: removal, proposedFactors,
  };
}

/** A timeline entry that repeats a warning's message (warning.raise): the member's name masked like the warning's. */
function maskedWarningEvent<E extends { reason: string | null; detail: unknown }>(e: E, warnings: { id: string; evidence: Record<string, unknown> }[]): E {
  const id = (e.detail as { warningId?: unknown } | null)?.warningId;
  const w = id ? warnings.find((x) => x.id === id) : undefined;
  return w && e.reason ? { ...e, reason: maskNamesIn(e.reason, [w.evidence['成员']]) } : e;
}

/** Monitored households in scope (list page), by status, type and area. */
export async function listMonitored(db: Db, actor: Actor, q: { status?: 'monitored' | 'removed'; type?: string; area?: string; page: number; pageSize: number }) {
  const area = q.area && q.area.startsWith(actor.areaCode) ? q.area : actor.areaCode;
  const where = and(like(monitoringHouseholds.areaCode, `${area}%`), q.status ? eq(monitoringHouseholds.status, q.status) : undefined, q.type ? eq(monitoringHouseholds.type, q.type) : undefined);
  const rows = await db.select({ m: monitoringHouseholds, headName: households.headName }).from(monitoringHouseholds).innerJoin(households, eq(households.id, monitoringHouseholds.householdId))
    .where(where).orderBy(asc(monitoringHouseholds.areaCode), asc(monitoringHouseholds.householdId)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ n }] = await db.select({ n: count() }).from(monitoringHouseholds).where(where);
  // Households under identification (not yet monitored) too, for the list's second tab.
  const pending = await db.select({ p: monitoringProcedures, headName: households.headName }).from(monitoringProcedures).innerJoin(households, eq(households.id, monitoringProcedures.householdId))
    .where(and(like(monitoringProcedures.areaCode, `${area}%`), inArray(monitoringProcedures.state, [...OPEN_STATES]))).orderBy(asc(monitoringProcedures.dueOn)).limit(200);
  return {
    total: n,
    rows: rows.map(({ m, headName }) => ({ ...m, headName: maskName(headName) })),
    procedures: pending.map(({ p, headName }) => ({ id: p.id, householdId: p.householdId, areaCode: p.areaCode, purpose: p.purpose, state: p.state, stateName: STATE_LABELS[p.state], dueOn: p.dueOn, headName: maskName(headName) })),
  };
}
