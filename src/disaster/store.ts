/**
 * Disaster relief storage (docs/disaster.md): events (recorded and their level confirmed by the county),
 * affected households (registered by village and township staff), relief on its workflow (the transition
 * table of rules.reliefWorkflow run by src/workflow/machine.ts, with the shared deadline tasks and timeline),
 * instalments for the payroll, in-kind distributions and their signed receipt lists, emergency periods.
 * Every query is limited to the actor's area (a record outside it is a 404 that says nothing more); every
 * change and its audit entry commit together.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { can } from '../auth/roles.ts';
import { findArea, isWithin } from '../domain/areas.ts';
import { maskAccount, maskIdNumber, maskName } from '../domain/mask.ts';
import { yuanToFen } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { households, members } from '../registry/schema.ts';
import { saveHousehold, type Actor } from '../registry/store.ts';
import { todayInChina } from '../registry/model.ts';
import { packFor } from '../cases/lookups.ts';
import { casePrograms } from '../cases/schema.ts';
import { createCase } from '../cases/store.ts';
import { entitlements } from '../payments/schema.ts';
import { nextState } from '../workflow/machine.ts';
import * as tasks from '../workflow/tasks.ts';
import { noticeObjections, notices, workflowTasks } from '../workflow/schema.ts';
import { noticeEntries } from '../workflow/notices.ts';
import { handleObjection, listObjections, noticesOf, openNotice, recordObjection } from '../workflow/noticeStore.ts';
import { fenToYuan } from '../domain/money.ts';
import { createReport } from '../monitoring/store.ts';
import type { AffectedInput, EmergencyInput, EventInput, ReliefInput } from './model.ts';
import { monthsFrom, needsPrefecture, proposeLevel, reliefAmount, reliefWorkflow, type ReliefWorkflow } from './rules.ts';
import { disasterDistributions, disasterEmergencies, disasterEvents, disasterFiles, disasterHouseholds, disasterInstalments, disasterRelief } from './schema.ts';
import { DAMAGE_GRADES, DISASTER_KINDS, RELIEF_KINDS, RELIEF_STATES, type DamageGrade, type DisasterKind, type Level } from './vocabulary.ts';

export const SUBJECT = 'disaster_relief';
export type EventRow = typeof disasterEvents.$inferSelect;
export type AffectedRow = typeof disasterHouseholds.$inferSelect;
export type ReliefRow = typeof disasterRelief.$inferSelect;

const COUNTY_ROLES = ['county_admin', 'county_staff'];

function countyOnly(actor: Actor, what: string) {
  if (!COUNTY_ROLES.includes(actor.role) || actor.areaCode.length !== 6) throw new AppError('FORBIDDEN', `${what}由县级工作人员办理`, undefined, 403);
}
function writer(actor: Actor) {
  if (!can(actor.role, 'registry.write')) throw new AppError('FORBIDDEN', '您的角色无权登记或办理受灾人员救助', undefined, 403);
}

/** Events of the actor's county (an event is the county's; everyone in it sees the event, each only their own area's households). */
const eventScope = (actor: Actor) => eq(disasterEvents.areaCode, actor.areaCode.slice(0, 6));

export async function eventInScope(db: Db, actor: Actor, id: string): Promise<EventRow> {
  const [e] = await db.select().from(disasterEvents).where(and(eq(disasterEvents.id, id), eventScope(actor)));
  if (!e) throw new AppError('NOT_FOUND', '灾害事件不存在或不在您的管辖范围内', 'id', 404);
  return e;
}

function checkAreas(actor: Actor, areas: string[]) {
  areas.forEach((code, i) => {
    const a = findArea(code);
    if (!a || (a.level !== 'township' && a.level !== 'village')) throw new AppError('UNKNOWN_AREA', `区划代码 ${code} 不是有效的乡镇或村`, `areas[${i}]`);
    if (!isWithin(code, actor.areaCode)) throw new AppError('OUT_OF_SCOPE', `${a.name}不在您的管辖范围内`, `areas[${i}]`, 403);
  });
}

async function packOf(db: Db, areaCode: string, date: string) {
  return (await packFor(db, areaCode, date)).pack;
}

/** 灾害事件 recorded by the county: the level its criteria table proposes is kept with the reasons; no level is in force until confirmed. */
export async function createEvent(db: Db, actor: Actor, input: EventInput) {
  countyOnly(actor, '登记灾害事件');
  checkAreas(actor, input.areas);
  const pack = await packOf(db, actor.areaCode, input.startedOn);
  const p = proposeLevel(pack, input.kind as DisasterKind, input.observations);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(disasterEvents).values({ id, areaCode: actor.areaCode, kind: input.kind, name: input.name, startedOn: input.startedOn, endedOn: input.endedOn ?? null,
      areas: [...new Set(input.areas)], observations: input.observations, description: input.description, proposedLevel: p.level, proposal: { reasons: p.reasons, met: p.met },
      createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.event.create', target: `disaster:${id}`, areaCode: actor.areaCode,
      detail: { kind: DISASTER_KINDS[input.kind as DisasterKind], eventName: input.name, areas: input.areas.length, proposedLevel: p.level } });
  });
  return { id, proposedLevel: p.level, reasons: p.reasons, needsPrefecture: p.needsPrefecture };
}

/** A change of an event's observations, end date or areas: the proposal is made again; a confirmed level stays until confirmed anew. */
export async function updateEvent(db: Db, actor: Actor, id: string, input: Partial<EventInput> & { version?: number }) {
  countyOnly(actor, '修改灾害事件');
  const e = await eventInScope(db, actor, id);
  if (input.areas) checkAreas(actor, input.areas);
  const observations = input.observations ?? e.observations;
  const pack = await packOf(db, e.areaCode, e.startedOn);
  const p = proposeLevel(pack, e.kind as DisasterKind, observations);
  const endedOn = input.endedOn ?? e.endedOn;
  if (endedOn && endedOn < e.startedOn) throw new AppError('INVALID_DATE', '结束日期不能早于开始日期', 'endedOn');
  await db.transaction(async (tx) => {
    const rows = await tx.update(disasterEvents).set({ observations, endedOn, areas: input.areas ? [...new Set(input.areas)] : e.areas, description: input.description ?? e.description,
      proposedLevel: p.level, proposal: { reasons: p.reasons, met: p.met }, updatedAt: new Date(), version: sql`${disasterEvents.version} + 1` })
      .where(and(eq(disasterEvents.id, e.id), input.version ? eq(disasterEvents.version, input.version) : undefined)).returning({ id: disasterEvents.id });
    if (rows.length === 0) throw new AppError('STALE', '该灾害事件已被他人修改，请刷新后重试', 'version', 409);
    await appendAudit(tx, { actor: actor.username, action: 'disaster.event.update', target: `disaster:${e.id}`, areaCode: e.areaCode,
      detail: { observations, endedOn, areas: input.areas?.length ?? e.areas.length, proposedLevel: p.level } });
  });
  return { id: e.id, proposedLevel: p.level, reasons: p.reasons };
}

/** The level confirmed by a named person (it may differ from the proposal: the qualitative conditions are theirs to judge). */
export async function confirmLevel(db: Db, actor: Actor, id: string, input: { level: Level; confirmedBy: string; note: string }) {
  countyOnly(actor, '确认响应级别');
  const e = await eventInScope(db, actor, id);
  if (e.status === 'closed') throw new AppError('CLOSED', '灾害事件已结束', 'id', 409);
  const pack = await packOf(db, e.areaCode, e.startedOn);
  const prefecture = needsPrefecture(pack, input.level);
  if (input.level !== e.proposedLevel && !input.note) throw new AppError('NOTE_REQUIRED', '确认的级别与条件表建议的不同，请在确认说明中写明理由', 'note');
  await db.transaction(async (tx) => {
    await tx.update(disasterEvents).set({ level: input.level, confirmedBy: input.confirmedBy, confirmedAt: new Date(), confirmNote: input.note, needsPrefecture: prefecture, status: 'confirmed',
      updatedAt: new Date(), version: sql`${disasterEvents.version} + 1` }).where(eq(disasterEvents.id, e.id));
    await appendAudit(tx, { actor: actor.username, action: 'disaster.event.confirm', target: `disaster:${e.id}`, areaCode: e.areaCode,
      detail: { level: input.level, proposedLevel: e.proposedLevel, confirmedBy: input.confirmedBy, needsPrefecture: prefecture, note: input.note } });
  });
  return { id: e.id, level: input.level, needsPrefecture: prefecture };
}

export async function listEvents(db: Db, actor: Actor) {
  const rows = await db.select().from(disasterEvents).where(eventScope(actor)).orderBy(sql`${disasterEvents.startedOn} desc`, asc(disasterEvents.id));
  return { rows };
}

// ─── Affected households ───

/** Whether the household is assisted already: an open entitlement, or a 临时救助 case program not refused. */
async function assisted(db: Db, householdId: string): Promise<boolean> {
  const [e] = await db.select({ id: entitlements.id }).from(entitlements).where(and(eq(entitlements.householdId, householdId), isNull(entitlements.endMonth))).limit(1);
  if (e) return true;
  const [p] = await db.select({ id: casePrograms.id }).from(casePrograms)
    .innerJoin(sql`cases`, sql`cases.id = ${casePrograms.caseId}`)
    .where(and(sql`cases.household_id = ${householdId}`, eq(casePrograms.program, '临时救助'), sql`${casePrograms.state} not in ('rejected', 'withdrawn', 'stopped')`)).limit(1);
  return Boolean(p);
}

async function entitlementPrograms(db: Db, householdId: string): Promise<string[]> {
  const rows = await db.select({ program: entitlements.program }).from(entitlements).where(and(eq(entitlements.householdId, householdId), isNull(entitlements.endMonth)));
  return rows.map((r) => r.program);
}

/**
 * 受灾家庭登记, from the village on a phone: a household of the registry (or a new one, created first through
 * the registry's own form), inside the event's areas; refused when the head's ID number is registered for the
 * event already (by another village or twice). What it leads to (links): a household not yet assisted is
 * proposed for 临时救助 and reported to monitoring (the `disaster` rule); a collapsed home of a 低保 or 特困
 * household opens a 住房救助 case, referred to 住建局 (000:L146).
 */
export async function registerAffected(db: Db, actor: Actor, eventId: string, input: AffectedInput, today = todayInChina()) {
  writer(actor);
  if (actor.role === 'auditor') throw new AppError('FORBIDDEN', '审计人员只读', undefined, 403);
  const e = await eventInScope(db, actor, eventId);
  if (e.status === 'closed') throw new AppError('CLOSED', '灾害事件已结束，不能再登记', 'eventId', 409);
  const result = await db.transaction(async (tx) => {
    let householdId = input.householdId ?? null;
    if (!householdId) householdId = (await saveHousehold(tx, actor, null, input.household, null)).id;
    const [h] = await tx.select().from(households).where(and(eq(households.id, householdId), like(households.areaCode, `${actor.areaCode}%`)));
    if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'householdId', 404);
    if (h.status !== 'active') throw new AppError('CLOSED', '该家庭档案已注销', 'householdId', 409);
    if (!e.areas.some((a) => h.areaCode.startsWith(a))) throw new AppError('NOT_IN_EVENT_AREA', `该家庭所在村不在“${e.name}”的受灾区域内`, 'householdId', 409);
    const ms = await tx.select().from(members).where(and(eq(members.householdId, h.id), eq(members.status, 'active'))).orderBy(asc(members.position));
    const head = ms.find((m) => m.relation === 'head') ?? ms[0];
    if (!head) throw new AppError('NO_MEMBERS', '该家庭没有在册成员', 'householdId', 409);
    if (input.affected > ms.length) throw new AppError('TOO_MANY', `受灾人数不能超过家庭在册人数 ${ms.length}`, 'affected');
    const ids = ms.map((m) => m.idNumber);
    const [dup] = await tx.select({ areaCode: disasterHouseholds.areaCode, householdId: disasterHouseholds.householdId }).from(disasterHouseholds)
      .where(and(eq(disasterHouseholds.eventId, e.id), or(inArray(disasterHouseholds.idNumber, ids), eq(disasterHouseholds.householdId, h.id))));
    if (dup) {
      const where = findArea(dup.areaCode)?.name ?? dup.areaCode;
      throw new AppError('DUPLICATE', `该户（身份证号 ${maskIdNumber(head.idNumber)}）已由${where}登记为本次灾害的受灾家庭，不能重复登记`, 'householdId', 409);
    }
    const id = randomUUID();
    await tx.insert(disasterHouseholds).values({ id, eventId: e.id, householdId: h.id, areaCode: h.areaCode, idNumber: head.idNumber, affected: input.affected, dead: input.dead,
      missing: input.missing, injured: input.injured, relocated: input.relocated, lossFen: yuanToFen(input.lossYuan), damage: input.damage, needs: input.needs, note: input.note,
      createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.affected.register', target: `disaster:${e.id}`, areaCode: h.areaCode,
      detail: { affectedId: id, householdId: h.id, newHousehold: !input.householdId, affected: input.affected, damage: input.damage } });
    return { id, household: h, head };
  });
  const links = await linkAffected(db, actor, e, result.id, result.household, input, today);
  return { id: result.id, householdId: result.household.id, links };
}

/** What registration leads to (5 of issue 21); recorded on the affected row. */
async function linkAffected(db: Db, actor: Actor, e: EventRow, affectedId: string, h: typeof households.$inferSelect, input: AffectedInput, today: string) {
  const links: AffectedRow['links'] = {};
  if (!await assisted(db, h.id)) {
    links.temporaryProposed = true;
    const occurredOn = e.startedOn <= today ? e.startedOn : today;
    const what = `${e.name}：房屋${DAMAGE_GRADES[input.damage as DamageGrade]}，受灾 ${input.affected} 人`;
    const r = await createReport(db, actor, { householdId: h.id, channel: 'village', kind: 'disaster', amountYuan: input.lossYuan > 0 ? input.lossYuan : undefined,
      occurredOn, description: what, reporterName: undefined }, today).catch((err: unknown) => {
      if (err instanceof AppError && err.status < 500) return null; // e.g. no pack: the registration stands, the report is left to a person
      throw err;
    });
    links.reportId = r?.id ?? null;
    links.warningId = r?.warning?.id ?? null;
  }
  const programs = await entitlementPrograms(db, h.id);
  if (input.damage === 'collapsed' && (programs.includes('低保') || programs.includes('特困'))) {
    const c = await createCase(db, { ...actor, role: actor.role === 'village_staff' ? 'village_staff' : actor.role }, {
      channel: actor.role === 'village_staff' ? 'village' : 'window', householdId: h.id, description: `${e.name}：住房倒塌（${programs.join('、')}家庭），按住房救助制度优先实施危房改造`,
      programs: [{ program: '住房救助' }], relativeDeclared: false,
    }, today).catch((err: unknown) => {
      if (err instanceof AppError && err.status < 500) return null;
      throw err;
    });
    links.housing = c?.id ?? null;
  }
  await db.update(disasterHouseholds).set({ links }).where(eq(disasterHouseholds.id, affectedId));
  return links;
}

export async function affectedInScope(db: Db, actor: Actor, id: string): Promise<AffectedRow> {
  const [a] = await db.select().from(disasterHouseholds).where(and(eq(disasterHouseholds.id, id), like(disasterHouseholds.areaCode, `${actor.areaCode}%`)));
  if (!a) throw new AppError('NOT_FOUND', '受灾家庭不存在或不在您的管辖范围内', 'id', 404);
  return a;
}

/** The affected households of an event in the actor's area, the head's name masked, with their relief. */
export async function listAffected(db: Db, actor: Actor, eventId: string) {
  const e = await eventInScope(db, actor, eventId);
  const rows = await db.select({ a: disasterHouseholds, ledgerKey: households.ledgerKey }).from(disasterHouseholds)
    .innerJoin(households, eq(households.id, disasterHouseholds.householdId))
    .where(and(eq(disasterHouseholds.eventId, e.id), like(disasterHouseholds.areaCode, `${actor.areaCode}%`))).orderBy(asc(disasterHouseholds.areaCode), asc(disasterHouseholds.createdAt));
  const ids = rows.map((r) => r.a.id);
  const heads = ids.length === 0 ? [] : await db.select({ idNumber: members.idNumber, name: members.name }).from(members).where(inArray(members.idNumber, rows.map((r) => r.a.idNumber)));
  const nameOf = new Map(heads.map((m) => [m.idNumber, m.name]));
  const relief = ids.length === 0 ? [] : await db.select().from(disasterRelief).where(inArray(disasterRelief.affectedId, ids)).orderBy(asc(disasterRelief.createdAt));
  const photos = ids.length === 0 ? [] : await db.select({ id: disasterFiles.id, subjectId: disasterFiles.subjectId, fileName: disasterFiles.fileName, sha256: disasterFiles.sha256 })
    .from(disasterFiles).where(and(eq(disasterFiles.subjectType, 'affected'), inArray(disasterFiles.subjectId, ids)));
  // The notices of the relief (公示) with their objections, the objector masked.
  const posted = relief.length === 0 ? [] : await db.select({ id: notices.id, subjectId: notices.subjectId, startDate: notices.startDate, endDate: notices.endDate }).from(notices)
    .where(and(eq(notices.subjectType, SUBJECT), inArray(notices.subjectId, relief.map((r) => r.id))));
  const noticeOf = new Map(await Promise.all(posted.map(async (n) => [n.subjectId, { id: n.id, startDate: n.startDate, endDate: n.endDate,
    objections: (await listObjections(db, actor.areaCode, n.id)).map((o) => ({ id: o.id, byName: o.byName, content: o.content, result: o.result })) }] as const)));
  return {
    rows: rows.map(({ a, ledgerKey }) => ({
      id: a.id, householdId: a.householdId, householdNo: ledgerKey, areaCode: a.areaCode, areaName: findArea(a.areaCode)?.name ?? a.areaCode,
      head: maskName(nameOf.get(a.idNumber) ?? ''), idNumber: maskIdNumber(a.idNumber), affected: a.affected, dead: a.dead, missing: a.missing, injured: a.injured,
      relocated: a.relocated, lossFen: a.lossFen, damage: a.damage, needs: a.needs, note: a.note, links: a.links, createdBy: a.createdBy,
      photos: photos.filter((p) => p.subjectId === a.id),
      relief: relief.filter((r) => r.affectedId === a.id).map((r) => ({ ...reliefView(r), notice: noticeOf.get(r.id) ?? null })),
    })),
  };
}

export function reliefView(r: ReliefRow) {
  const w = r.workflow as unknown as ReliefWorkflow;
  return { id: r.id, kind: r.kind, season: r.season, form: r.form, items: r.items, amountFen: r.amountFen, reasons: r.reasons, state: r.state, level: r.level,
    approval: w.reason, bank: r.bank ? { ...r.bank, accountNo: maskAccount(r.bank.accountNo) } : null, decidedBy: r.decidedBy, decidedOn: r.decidedOn, version: r.version };
}

/** A photo of an affected household, or a receipt list of a distribution (the file is kept by the route once recorded). */
export async function addFile(db: Db, actor: Actor, subject: { type: 'affected' | 'distribution'; id: string; areaCode: string; eventTarget: string }, fileName: string, f: { sha256: string; bytes: number; mime: string }) {
  writer(actor);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(disasterFiles).values({ id, subjectType: subject.type, subjectId: subject.id, areaCode: subject.areaCode, fileName, sha256: f.sha256, bytes: f.bytes, mime: f.mime, createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.file.add', target: subject.eventTarget, areaCode: subject.areaCode,
      detail: { fileId: id, subjectType: subject.type, subjectId: subject.id, fileName, sha256: f.sha256, bytes: f.bytes } });
  });
  return { id, sha256: f.sha256, bytes: f.bytes };
}

export async function fileInScope(db: Db, actor: Actor, id: string) {
  const [f] = await db.select().from(disasterFiles).where(and(eq(disasterFiles.id, id), like(disasterFiles.areaCode, `${actor.areaCode}%`)));
  if (!f) throw new AppError('NOT_FOUND', '文件不存在或不在您的管辖范围内', 'id', 404);
  return f;
}

// ─── Relief ───

export async function reliefInScope(db: Db, actor: Actor, id: string): Promise<ReliefRow> {
  const [r] = await db.select().from(disasterRelief).where(and(eq(disasterRelief.id, id), like(disasterRelief.areaCode, `${actor.areaCode}%`)));
  if (!r) throw new AppError('NOT_FOUND', '救助不存在或不在您的管辖范围内', 'id', 404);
  return r;
}

async function openStep(tx: Db, r: { id: string; areaCode: string }, w: ReliefWorkflow, state: string, actor: string, today: string): Promise<string | null> {
  const days = w.deadlines[state];
  if (!days) return null;
  const task = await tasks.openTask(tx, { subjectType: SUBJECT, subjectId: r.id, step: state, areaCode: r.areaCode, assigneeRole: state === 'county_approval' ? 'county_staff' : 'township_staff',
    workingDays: days, actor, today });
  return task.id;
}

/** 救助申报: the amount from the pack for the household's facts, the approval chain by amount; the first step's deadline task opens. */
export async function proposeRelief(db: Db, actor: Actor, input: ReliefInput, today = todayInChina()) {
  writer(actor);
  if (actor.role === 'village_staff') throw new AppError('FORBIDDEN', '救助由乡镇（街道）或县级工作人员申报', undefined, 403);
  const a = await affectedInScope(db, actor, input.affectedId);
  const pack = await packOf(db, a.areaCode, today);
  const amount = reliefAmount(pack, { kind: input.kind, people: a.affected, damage: a.damage as DamageGrade, season: input.season ?? null });
  const w = reliefWorkflow(pack, amount.amountFen, input.kind);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: disasterRelief.id }).from(disasterRelief)
      .where(and(eq(disasterRelief.affectedId, a.id), eq(disasterRelief.kind, input.kind), input.season ? eq(disasterRelief.season, input.season) : isNull(disasterRelief.season), sql`${disasterRelief.state} <> 'rejected'`));
    if (dup) throw new AppError('DUPLICATE', `该户本次灾害已有${RELIEF_KINDS[input.kind]}，不能重复申报`, 'kind', 409);
    await tx.insert(disasterRelief).values({ id, eventId: a.eventId, affectedId: a.id, householdId: a.householdId, areaCode: a.areaCode, kind: input.kind, season: input.season ?? null,
      form: input.form, items: input.items, amountFen: amount.amountFen, reasons: [...amount.reasons, w.reason, w.noticeReason], state: w.first,
      workflow: { ...w, instalments: amount.instalments, schedule: amount.schedule } as unknown as Record<string, unknown>, level: w.level, bank: input.bank ?? null, createdBy: actor.username });
    const taskId = await openStep(tx, { id, areaCode: a.areaCode }, w, w.first, actor.username, today);
    await tx.update(disasterRelief).set({ taskId }).where(eq(disasterRelief.id, id));
    if (w.notice) await openReliefNotice(tx, actor, { id, areaCode: a.areaCode, idNumber: a.idNumber, kind: input.kind, amountFen: amount.amountFen }, pack.value<number>('notice.days'), today);
    await tasks.appendEvent(tx, { subjectType: SUBJECT, subjectId: id, areaCode: a.areaCode, actor: actor.username, action: 'relief.propose', fromState: null, toState: w.first, reason: null,
      detail: { kind: input.kind, amountFen: amount.amountFen, level: w.level } });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.relief.propose', target: `disaster:${a.eventId}`, areaCode: a.areaCode,
      detail: { reliefId: id, affectedId: a.id, householdId: a.householdId, kind: RELIEF_KINDS[input.kind], form: input.form, amountFen: amount.amountFen, approvalLevel: w.level === 'county' ? '县级' : '乡镇' } });
  });
  return { id, state: w.first, amountFen: amount.amountFen, level: w.level, reasons: [...amount.reasons, w.reason, w.noticeReason] };
}

/**
 * The 公示 of a relief, on the shared notice machinery as cases post theirs: the household head masked
 * (王*明, 430525********1234), the kind and the amount — nothing else — posted by the township for notice.days.
 */
async function openReliefNotice(tx: Db, actor: Actor, r: { id: string; areaCode: string; idNumber: string; kind: string; amountFen: number }, days: number, today: string) {
  const [head] = await tx.select({ name: members.name }).from(members).where(eq(members.idNumber, r.idNumber)).limit(1);
  const kind = RELIEF_KINDS[r.kind as keyof typeof RELIEF_KINDS];
  const n = await openNotice(tx, { subjectType: SUBJECT, subjectId: r.id, areaCode: r.areaCode, title: `${findArea(r.areaCode)?.name ?? ''}受灾人员${kind}拟救助对象公示`,
    issuer: `${findArea(r.areaCode.slice(0, 9))?.name ?? ''}人民政府`, days, entries: noticeEntries([{ name: head?.name ?? '', idNumber: r.idNumber, program: kind, amountYuan: fenToYuan(r.amountFen) }]),
    actor: actor.username, today });
  await tasks.appendEvent(tx, { subjectType: SUBJECT, subjectId: r.id, areaCode: r.areaCode, actor: actor.username, action: 'relief.notice', fromState: null, toState: 'notice', reason: null,
    detail: { noticeId: n.id, startDate: n.startDate, endDate: n.endDate } });
  return n;
}

/** The relief's notice (one per relief), or a 409 when it is not on notice. */
async function runningNotice(db: Db, actor: Actor, r: ReliefRow) {
  const [n] = r.state === 'notice' ? await noticesOf(db, r.areaCode, SUBJECT, r.id) : [];
  if (!n) throw new AppError('NOT_IN_NOTICE', '该救助不在公示期，不能登记或处理异议', 'id', 409);
  return n;
}

/** 异议: recorded by the village or township while the relief is on notice; it must be handled before the notice closes. */
export async function addReliefObjection(db: Db, actor: Actor, id: string, o: { byName?: string | null; byPhone?: string | null; content: string }) {
  writer(actor);
  if (actor.role !== 'township_staff' && actor.role !== 'village_staff') throw new AppError('FORBIDDEN', '异议由乡镇或村（社区）工作人员登记', undefined, 403);
  const r = await reliefInScope(db, actor, id);
  return db.transaction(async (tx) => {
    const n = await runningNotice(tx, actor, r);
    const obj = await recordObjection(tx, { noticeId: n.id, areaCode: r.areaCode, byName: o.byName ?? null, byPhone: o.byPhone ?? null, content: o.content, actor: actor.username });
    await tasks.appendEvent(tx, { subjectType: SUBJECT, subjectId: r.id, areaCode: r.areaCode, actor: actor.username, action: 'notice.objection', fromState: null, toState: null, reason: o.content, detail: { noticeId: n.id, objectionId: obj.id } });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.relief.objection', target: `disaster:${r.eventId}`, areaCode: r.areaCode, detail: { reliefId: r.id, noticeId: n.id, objectionId: obj.id } });
    return { id: obj.id };
  });
}

/** 异议核实: the township records what the check of an objection found. */
export async function handleReliefObjection(db: Db, actor: Actor, id: string, objectionId: string, result: string) {
  writer(actor);
  if (actor.role !== 'township_staff') throw new AppError('FORBIDDEN', '异议由乡镇（街道）工作人员核实处理', undefined, 403);
  const r = await reliefInScope(db, actor, id);
  await db.transaction(async (tx) => {
    const n = await runningNotice(tx, actor, r);
    const [o] = await tx.select({ id: noticeObjections.id }).from(noticeObjections).where(and(eq(noticeObjections.id, objectionId), eq(noticeObjections.noticeId, n.id)));
    if (!o) throw new AppError('OBJECTION_NOT_FOUND', '异议不存在', 'objectionId', 404);
    await handleObjection(tx, objectionId, { result, actor: actor.username, scope: actor.areaCode });
    await tasks.appendEvent(tx, { subjectType: SUBJECT, subjectId: r.id, areaCode: r.areaCode, actor: actor.username, action: 'notice.objection.handle', fromState: null, toState: null, reason: result, detail: { noticeId: n.id, objectionId } });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.relief.objection.handle', target: `disaster:${r.eventId}`, areaCode: r.areaCode, detail: { reliefId: r.id, objectionId } });
  });
  return { id: objectionId };
}

/** 公示结束: only once the period is over and every objection has its result. */
async function checkNoticeClosable(tx: Db, actor: Actor, r: ReliefRow, today: string) {
  const n = await runningNotice(tx, actor, r);
  if (today <= n.endDate) throw new AppError('NOTICE_RUNNING', `公示期至 ${n.endDate}，公示期满后才能结束公示`, 'action', 409);
  const open = (await listObjections(tx, r.areaCode, n.id)).filter((o) => !o.result).length;
  if (open > 0) throw new AppError('OBJECTION_OPEN', `公示期内收到的异议尚有 ${open} 件未核实处理，处理后才能结束公示`, 'action', 409);
}

/**
 * A step of a relief's workflow (审批, 审核, 不予批准), checked by the transition engine (step, role, level,
 * area). Approval of cash relief creates its instalments: one due now, one a month for 过渡期, or the first
 * of a rebuild's (the rest wait for progress).
 */
export async function actRelief(db: Db, actor: Actor, id: string, action: string, body: { note: string; version?: number }, today = todayInChina()) {
  writer(actor);
  const r = await reliefInScope(db, actor, id);
  const w = r.workflow as unknown as ReliefWorkflow & { instalments: number[]; schedule: 'once' | 'monthly' | 'progress' };
  const next = nextState(w, { state: r.state, areaCode: r.areaCode }, action, actor);
  if ('error' in next) throw next.error;
  await db.transaction(async (tx) => {
    if (action === 'close_notice') await checkNoticeClosable(tx, actor, r, today);
    const rows = await tx.update(disasterRelief).set({ state: next.to, version: sql`${disasterRelief.version} + 1`, ...(next.to === 'approved' || next.to === 'rejected' ? { decidedBy: actor.username, decidedOn: today } : {}) })
      .where(and(eq(disasterRelief.id, r.id), eq(disasterRelief.state, r.state), body.version ? eq(disasterRelief.version, body.version) : undefined)).returning({ id: disasterRelief.id });
    if (rows.length === 0) throw new AppError('STALE', '该救助已被他人办理，请刷新后重试', 'version', 409);
    if (r.taskId) await tasks.completeTask(tx, r.taskId, { actor: actor.username, today });
    const taskId = await openStep(tx, r, w, next.to, actor.username, today);
    await tx.update(disasterRelief).set({ taskId }).where(eq(disasterRelief.id, r.id));
    if (next.to === 'approved' && r.form === 'cash') {
      const month = today.slice(0, 7);
      const months = monthsFrom(month, w.instalments.length);
      await tx.insert(disasterInstalments).values(w.instalments.map((fen, i) => ({ id: randomUUID(), reliefId: r.id, householdId: r.householdId, areaCode: r.areaCode, seq: i + 1,
        month: w.schedule === 'monthly' ? months[i] : i === 0 ? month : null, amountFen: fen, status: w.schedule === 'progress' && i > 0 ? 'waiting' : 'due' })));
    }
    await tasks.appendEvent(tx, { subjectType: SUBJECT, subjectId: r.id, areaCode: r.areaCode, actor: actor.username, action: `relief.${action}`, fromState: r.state, toState: next.to, reason: body.note, detail: {} });
    await appendAudit(tx, { actor: actor.username, action: `disaster.relief.${action}`, target: `disaster:${r.eventId}`, areaCode: r.areaCode,
      detail: { reliefId: r.id, kind: RELIEF_KINDS[r.kind as keyof typeof RELIEF_KINDS], from: r.state, to: next.to, amountFen: r.amountFen, note: body.note } });
  });
  return { id: r.id, state: next.to };
}

/** 重建进度: each progress recorded releases the next waiting instalment for the payroll of this month. */
export async function recordProgress(db: Db, actor: Actor, id: string, note: string, today = todayInChina()) {
  writer(actor);
  if (actor.role === 'village_staff') throw new AppError('FORBIDDEN', '重建进度由乡镇（街道）或县级工作人员登记', undefined, 403);
  const r = await reliefInScope(db, actor, id);
  if (r.kind !== 'rebuild' || r.state !== 'approved') throw new AppError('WRONG_STEP', '只有已批准的倒损民房恢复重建可以登记进度', 'id', 409);
  return db.transaction(async (tx) => {
    const [next] = await tx.select().from(disasterInstalments).where(and(eq(disasterInstalments.reliefId, r.id), eq(disasterInstalments.status, 'waiting'))).orderBy(asc(disasterInstalments.seq)).limit(1);
    if (!next) throw new AppError('ALL_RELEASED', '各期补助均已拨付', 'id', 409);
    await tx.update(disasterInstalments).set({ status: 'due', month: today.slice(0, 7), progress: note }).where(eq(disasterInstalments.id, next.id));
    await tasks.appendEvent(tx, { subjectType: SUBJECT, subjectId: r.id, areaCode: r.areaCode, actor: actor.username, action: 'relief.progress', fromState: null, toState: null, reason: note, detail: { seq: next.seq } });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.relief.progress', target: `disaster:${r.eventId}`, areaCode: r.areaCode,
      detail: { reliefId: r.id, seq: next.seq, amountFen: next.amountFen, note } });
    return { seq: next.seq, amountFen: next.amountFen };
  });
}

/** 实物发放: recorded with who signed; the signed receipt list is uploaded to the distribution after. */
export async function recordDistribution(db: Db, actor: Actor, id: string, input: { items: string; valueYuan: number; givenOn: string; signedBy: string }, today = todayInChina()) {
  writer(actor);
  const r = await reliefInScope(db, actor, id);
  if (r.form !== 'inKind' || r.state !== 'approved') throw new AppError('WRONG_STEP', '只有已批准的实物救助可以登记发放', 'id', 409);
  if (input.givenOn > today) throw new AppError('INVALID_DATE', '发放日期不能晚于今天', 'givenOn');
  const did = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(disasterDistributions).values({ id: did, reliefId: r.id, areaCode: r.areaCode, items: input.items, valueFen: yuanToFen(input.valueYuan), givenOn: input.givenOn, signedBy: input.signedBy, createdBy: actor.username });
    await tx.update(disasterRelief).set({ state: 'distributed', version: sql`${disasterRelief.version} + 1` }).where(eq(disasterRelief.id, r.id));
    await tasks.appendEvent(tx, { subjectType: SUBJECT, subjectId: r.id, areaCode: r.areaCode, actor: actor.username, action: 'relief.distribute', fromState: 'approved', toState: 'distributed', reason: null, detail: { distributionId: did } });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.relief.distribute', target: `disaster:${r.eventId}`, areaCode: r.areaCode,
      detail: { reliefId: r.id, distributionId: did, items: input.items, valueFen: yuanToFen(input.valueYuan), signedBy: input.signedBy } });
  });
  return { id: did };
}

export async function distributionInScope(db: Db, actor: Actor, id: string) {
  const [d] = await db.select({ d: disasterDistributions, eventId: disasterRelief.eventId }).from(disasterDistributions).innerJoin(disasterRelief, eq(disasterRelief.id, disasterDistributions.reliefId))
    .where(and(eq(disasterDistributions.id, id), like(disasterDistributions.areaCode, `${actor.areaCode}%`)));
  if (!d) throw new AppError('NOT_FOUND', '发放记录不存在或不在您的管辖范围内', 'id', 404);
  return { ...d.d, eventId: d.eventId };
}

// ─── Emergency periods ───

/** 应急期 declared by the county (000:L164): the payroll of each of its months adds the pack's extra, back-paid when declared late. */
export async function declareEmergency(db: Db, actor: Actor, input: EmergencyInput) {
  countyOnly(actor, '启动应急期');
  const a = findArea(input.areaCode);
  if (!a) throw new AppError('UNKNOWN_AREA', `区划代码 ${input.areaCode} 无效`, 'areaCode');
  if (!isWithin(input.areaCode, actor.areaCode)) throw new AppError('OUT_OF_SCOPE', `${a.name}不在您的管辖范围内`, 'areaCode', 403);
  if (input.eventId) await eventInScope(db, actor, input.eventId);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(disasterEmergencies).values({ id, areaCode: input.areaCode, startsOn: input.startsOn, endsOn: input.endsOn, reason: input.reason, eventId: input.eventId ?? null, createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'disaster.emergency.declare', target: `emergency:${id}`, areaCode: input.areaCode,
      detail: { startsOn: input.startsOn, endsOn: input.endsOn, reason: input.reason, eventId: input.eventId ?? null } });
  });
  return { id };
}

export async function listEmergencies(db: Db, actor: Actor) {
  const rows = await db.select().from(disasterEmergencies)
    .where(or(like(disasterEmergencies.areaCode, `${actor.areaCode}%`), sql`${actor.areaCode} like ${disasterEmergencies.areaCode} || '%'`)).orderBy(sql`${disasterEmergencies.startsOn} desc`);
  return { rows: rows.map((r) => ({ ...r, areaName: findArea(r.areaCode)?.name ?? r.areaCode })) };
}

// ─── 工作台 ───

/**
 * The relief steps waiting for the actor (工作台): the open deadline tasks of relief whose step is the actor's
 * role inside the actor's area (a county admin works as county staff; a relief step is not a department's,
 * so the task has none), soonest due first; how many in all and how many overdue, and the first `n` with
 * the household head's masked name and the event to open.
 */
export async function reliefQueue(db: Db, actor: Actor, n: number, today = todayInChina()) {
  const role = actor.role === 'county_admin' ? 'county_staff' : actor.role;
  const mine = and(eq(workflowTasks.subjectType, SUBJECT), tasks.mineCondition({ username: actor.username, role, areaCode: actor.areaCode, department: null }));
  const [c] = await db.select({ count: sql<number>`count(*)::int`, overdue: sql<number>`(count(*) filter (where ${workflowTasks.pausedSince} is null and ${workflowTasks.dueAt} < ${today}))::int` })
    .from(workflowTasks).where(mine);
  const rows = c.count === 0 ? [] : await db.select({ taskId: workflowTasks.id, step: workflowTasks.step, dueAt: workflowTasks.dueAt, pausedSince: workflowTasks.pausedSince,
    reliefId: disasterRelief.id, eventId: disasterRelief.eventId, kind: disasterRelief.kind, season: disasterRelief.season, amountFen: disasterRelief.amountFen,
    areaCode: disasterRelief.areaCode, headName: households.headName })
    .from(workflowTasks).innerJoin(disasterRelief, eq(disasterRelief.taskId, workflowTasks.id)).innerJoin(households, eq(households.id, disasterRelief.householdId))
    .where(mine).orderBy(asc(workflowTasks.dueAt), asc(workflowTasks.id)).limit(n);
  return {
    count: c.count, overdue: c.overdue,
    rows: rows.map((r) => ({ reliefId: r.reliefId, eventId: r.eventId, headName: maskName(r.headName), kindName: RELIEF_KINDS[r.kind as keyof typeof RELIEF_KINDS] ?? r.kind,
      stepName: RELIEF_STATES[r.step as keyof typeof RELIEF_STATES] ?? r.step, amountFen: r.amountFen, dueAt: r.dueAt, overdue: !r.pausedSince && r.dueAt < today,
      areaName: findArea(r.areaCode)?.name ?? r.areaCode })),
  };
}
