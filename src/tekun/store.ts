/**
 * 特困供养's records (issue 20 items 1-3): institutions (county admin), admissions and discharges, the
 * 照料服务责任人 and agreement of a dispersed person, willingness to move in, self-care assessments, and the
 * files behind them. Every query is limited to the actor's area (a person's records by the person's village
 * code; an institution by its township or county, visible to the townships under it); each change and its
 * audit entry commit together. A change that alters how a 特困 person's care is paid (an assessment, an
 * admission or discharge) re-takes the care facts into the household's open 特困 entitlement from the month
 * it takes effect (`refreshCareSnapshots`), so the payroll pays the difference for approved months as a
 * back-payment dated from that month.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import type { Role } from '../auth/roles.ts';
import { AppError } from '../errors.ts';
import { maskBank, maskName, maskPhone } from '../domain/mask.ts';
import { entitlements, entitlementSnapshots } from '../payments/schema.ts';
import { takeSnapshot } from '../payments/entitlements.ts';
import { households, members } from '../registry/schema.ts';
import { todayInChina } from '../registry/model.ts';
import type { CareFact } from '../registry/toEvaluation.ts';
import { careFactsOf } from './facts.ts';
import type { z } from 'zod';
import type { admissionInput, assessmentInput, carerInput, dischargeInput, InstitutionInput, willingnessInput } from './model.ts';
import { tekunAssessments, tekunCarers, tekunFiles, tekunInstitutions, tekunStays, tekunWillingness } from './schema.ts';
import type { TekunFileKind } from './vocabulary.ts';

export interface TekunActor { username: string; role: Role; areaCode: string }
type Bank = { bankName: string; accountNo: string; accountName: string };

const lastDay = (month: string) => { const [y, m] = month.split('-').map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };

/** A member inside the actor's area (404 outside: the same answer as for one that does not exist). */
export async function memberInScope(db: Db, actor: TekunActor, memberId: string) {
  const [m] = await db.select({ id: members.id, householdId: members.householdId, name: members.name, areaCode: households.areaCode, status: members.status })
    .from(members).innerJoin(households, eq(households.id, members.householdId))
    .where(and(eq(members.id, memberId), like(households.areaCode, `${actor.areaCode}%`)));
  if (!m) throw new AppError('NOT_FOUND', '人员不存在或不在您的管辖范围内', 'memberId', 404);
  if (m.status !== 'active') throw new AppError('MEMBER_LEFT', '该成员已不在册', 'memberId', 409);
  return m;
}

/** Institutions the actor sees: those of its area, and the county's or township's one it belongs to. */
const visibleInstitution = (actor: TekunActor) =>
  or(like(tekunInstitutions.areaCode, `${actor.areaCode}%`), sql`${actor.areaCode} like ${tekunInstitutions.areaCode} || '%'`);

async function institutionVisible(db: Db, actor: TekunActor, id: string) {
  const [i] = await db.select().from(tekunInstitutions).where(and(eq(tekunInstitutions.id, id), visibleInstitution(actor)));
  if (!i) throw new AppError('NOT_FOUND', '供养机构不存在或不在您的管辖范围内', 'institutionId', 404);
  return i;
}

export async function createInstitution(db: Db, actor: TekunActor, input: InstitutionInput) {
  if (!input.areaCode.startsWith(actor.areaCode)) throw new AppError('OUT_OF_SCOPE', '所属区划不在您的管辖范围内', 'areaCode', 403);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(tekunInstitutions).values({ id, areaCode: input.areaCode, name: input.name, kind: input.kind, beds: input.beds, nursingBeds: input.nursingBeds,
      stars: input.stars, demonstration: input.demonstration, manager: input.manager, phone: input.phone ?? null, bank: input.bank ?? null, createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'tekun.institution.create', target: `tekun_institution:${id}`, areaCode: input.areaCode,
      detail: { name: input.name, kind: input.kind, beds: input.beds, nursingBeds: input.nursingBeds, stars: input.stars } });
  });
  return { id };
}

export async function updateInstitution(db: Db, actor: TekunActor, id: string, input: InstitutionInput) {
  if (!input.areaCode.startsWith(actor.areaCode)) throw new AppError('OUT_OF_SCOPE', '所属区划不在您的管辖范围内', 'areaCode', 403);
  return db.transaction(async (tx) => {
    const [i] = await tx.select().from(tekunInstitutions).where(and(eq(tekunInstitutions.id, id), like(tekunInstitutions.areaCode, `${actor.areaCode}%`)));
    if (!i) throw new AppError('NOT_FOUND', '供养机构不存在或不在您的管辖范围内', 'id', 404);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(tekunStays).where(and(eq(tekunStays.institutionId, id), isNull(tekunStays.dischargedOn)));
    if (input.beds < n) throw new AppError('BEDS_OCCUPIED', `现有 ${n} 人在住，床位数不能少于在住人数`, 'beds', 409);
    // The list shows the account masked, so an edit that leaves `bank` out keeps it; null removes it.
    const bank = input.bank === undefined ? i.bank : input.bank;
    await tx.update(tekunInstitutions).set({ areaCode: input.areaCode, name: input.name, kind: input.kind, beds: input.beds, nursingBeds: input.nursingBeds, stars: input.stars,
      demonstration: input.demonstration, manager: input.manager, phone: input.phone ?? null, bank, version: i.version + 1 }).where(eq(tekunInstitutions.id, id));
    await appendAudit(tx, { actor: actor.username, action: 'tekun.institution.update', target: `tekun_institution:${id}`, areaCode: input.areaCode,
      detail: { before: { beds: i.beds, nursingBeds: i.nursingBeds, stars: i.stars, demonstration: i.demonstration, bank: !!i.bank }, after: { beds: input.beds, nursingBeds: input.nursingBeds, stars: input.stars, demonstration: input.demonstration, bank: !!bank } } });
    return { id };
  });
}

/** Institutions in view with their residents now (open stays), occupancy and the account masked. */
export async function listInstitutions(db: Db, actor: TekunActor) {
  const rows = await db.select().from(tekunInstitutions).where(visibleInstitution(actor)).orderBy(asc(tekunInstitutions.areaCode), asc(tekunInstitutions.name));
  const counts = rows.length === 0 ? [] : await db.select({ id: tekunStays.institutionId, n: sql<number>`count(*)::int` }).from(tekunStays)
    .where(and(inArray(tekunStays.institutionId, rows.map((r) => r.id)), isNull(tekunStays.dischargedOn))).groupBy(tekunStays.institutionId);
  const residents = new Map(counts.map((c) => [c.id, Number(c.n)]));
  return rows.map((i) => ({ id: i.id, areaCode: i.areaCode, name: i.name, kind: i.kind, beds: i.beds, nursingBeds: i.nursingBeds, stars: i.stars, demonstration: i.demonstration,
    manager: i.manager, phone: i.phone, bank: maskBank(i.bank ?? null), residents: residents.get(i.id) ?? 0, version: i.version }));
}

/** Residents of an institution the actor sees: only those of its own area are named. */
export async function institutionResidents(db: Db, actor: TekunActor, id: string) {
  await institutionVisible(db, actor, id);
  const rows = await db.select({ id: tekunStays.id, memberId: tekunStays.memberId, name: members.name, areaCode: tekunStays.areaCode, bed: tekunStays.bed, admittedOn: tekunStays.admittedOn, admitReason: tekunStays.admitReason })
    .from(tekunStays).innerJoin(members, eq(members.id, tekunStays.memberId))
    .where(and(eq(tekunStays.institutionId, id), isNull(tekunStays.dischargedOn), like(tekunStays.areaCode, `${actor.areaCode}%`))).orderBy(asc(tekunStays.admittedOn));
  return rows.map((r) => ({ ...r, name: maskName(r.name) }));
}

/** 入住: the person moves into the institution (one open stay; not beyond its beds); an open carer arrangement ends that day. */
export async function admit(db: Db, actor: TekunActor, input: z.infer<typeof admissionInput>, today = todayInChina()) {
  if (input.admittedOn > today) throw new AppError('INVALID_DATE', '入住日期不能晚于今天', 'admittedOn');
  const m = await memberInScope(db, actor, input.memberId);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7320)`);
    const inst = await institutionVisible(tx, actor, input.institutionId);
    const [open] = await tx.select({ id: tekunStays.id }).from(tekunStays).where(and(eq(tekunStays.memberId, m.id), isNull(tekunStays.dischargedOn)));
    if (open) throw new AppError('ALREADY_ADMITTED', '该人员已在供养机构入住，请先办理离院', 'memberId', 409);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(tekunStays).where(and(eq(tekunStays.institutionId, inst.id), isNull(tekunStays.dischargedOn)));
    if (Number(n) >= inst.beds) throw new AppError('NO_BED', `“${inst.name}”${inst.beds} 张床位已住满`, 'institutionId', 409);
    const id = randomUUID();
    await tx.insert(tekunStays).values({ id, institutionId: inst.id, householdId: m.householdId, memberId: m.id, areaCode: m.areaCode, bed: input.bed ?? null,
      admittedOn: input.admittedOn, admitReason: input.reason, createdBy: actor.username });
    await tx.update(tekunCarers).set({ endedOn: input.admittedOn, endReason: '入住供养机构' }).where(and(eq(tekunCarers.memberId, m.id), isNull(tekunCarers.endedOn)));
    await appendAudit(tx, { actor: actor.username, action: 'tekun.admit', target: `member:${m.id}`, areaCode: m.areaCode,
      detail: { institutionId: inst.id, institution: inst.name, bed: input.bed ?? null, admittedOn: input.admittedOn, reason: input.reason } });
    const snapshots = await refreshCareSnapshots(tx, m.id, input.admittedOn, actor.username, `入住${inst.name}（集中供养）`);
    return { id, snapshots };
  });
}

/** 离院: the stay ends on the date with the reason. */
export async function discharge(db: Db, actor: TekunActor, stayId: string, input: z.infer<typeof dischargeInput>) {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(tekunStays).where(and(eq(tekunStays.id, stayId), like(tekunStays.areaCode, `${actor.areaCode}%`)));
    if (!s) throw new AppError('NOT_FOUND', '入住记录不存在或不在您的管辖范围内', 'id', 404);
    if (s.dischargedOn) throw new AppError('ALREADY_DISCHARGED', `已于 ${s.dischargedOn} 离院`, 'id', 409);
    if (input.dischargedOn < s.admittedOn) throw new AppError('INVALID_DATE', `离院日期不能早于入住日期 ${s.admittedOn}`, 'dischargedOn');
    await tx.update(tekunStays).set({ dischargedOn: input.dischargedOn, dischargeReason: input.reason, version: s.version + 1 }).where(eq(tekunStays.id, s.id));
    await appendAudit(tx, { actor: actor.username, action: 'tekun.discharge', target: `member:${s.memberId}`, areaCode: s.areaCode,
      detail: { stayId: s.id, institutionId: s.institutionId, dischargedOn: input.dischargedOn, reason: input.reason } });
    const snapshots = await refreshCareSnapshots(tx, s.memberId, input.dischargedOn, actor.username, '离开供养机构（分散供养）');
    return { id: s.id, snapshots };
  });
}

/** 照料服务责任人 of a dispersed person: a new arrangement replaces the open one (ended the day the new one begins). */
export async function setCarer(db: Db, actor: TekunActor, memberId: string, input: z.infer<typeof carerInput>) {
  const m = await memberInScope(db, actor, memberId);
  return db.transaction(async (tx) => {
    const [stay] = await tx.select({ id: tekunStays.id }).from(tekunStays).where(and(eq(tekunStays.memberId, m.id), isNull(tekunStays.dischargedOn)));
    if (stay) throw new AppError('IN_INSTITUTION', '该人员集中供养，照料由供养机构负责；离院后再登记照料服务责任人', 'memberId', 409);
    await tx.update(tekunCarers).set({ endedOn: input.agreementFrom, endReason: '更换照料服务责任人' }).where(and(eq(tekunCarers.memberId, m.id), isNull(tekunCarers.endedOn)));
    const id = randomUUID();
    await tx.insert(tekunCarers).values({ id, householdId: m.householdId, memberId: m.id, areaCode: m.areaCode, name: input.name, relation: input.relation, phone: input.phone,
      bank: input.bank ?? null, agreementFrom: input.agreementFrom, agreementTo: input.agreementTo, createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'tekun.carer', target: `member:${m.id}`, areaCode: m.areaCode,
      detail: { carerId: id, relation: input.relation, agreementFrom: input.agreementFrom, agreementTo: input.agreementTo, bank: !!input.bank } });
    return { id };
  });
}

/**
 * The bank account of a carer's arrangement in force (for a pack that pays the care part of 分散供养 to the
 * carer): set, replaced or (null) removed without ending the arrangement or its agreement files.
 */
export async function setCarerBank(db: Db, actor: TekunActor, carerId: string, bank: Bank | null) {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(tekunCarers).where(and(eq(tekunCarers.id, carerId), like(tekunCarers.areaCode, `${actor.areaCode}%`)));
    if (!c) throw new AppError('NOT_FOUND', '照料服务责任人不存在或不在您的管辖范围内', 'id', 404);
    if (c.endedOn) throw new AppError('CARER_ENDED', `该照料服务协议已于 ${c.endedOn} 终止，不能再登记银行账户`, 'id', 409);
    await tx.update(tekunCarers).set({ bank, version: c.version + 1 }).where(eq(tekunCarers.id, c.id));
    await appendAudit(tx, { actor: actor.username, action: 'tekun.carer.bank', target: `member:${c.memberId}`, areaCode: c.areaCode,
      detail: { carerId: c.id, before: !!c.bank, after: !!bank } });
    return { id: c.id };
  });
}

export async function recordWillingness(db: Db, actor: TekunActor, memberId: string, input: z.infer<typeof willingnessInput>) {
  const m = await memberInScope(db, actor, memberId);
  return db.transaction(async (tx) => {
    const [r] = await tx.insert(tekunWillingness).values({ householdId: m.householdId, memberId: m.id, areaCode: m.areaCode, willing: input.willing, askedOn: input.askedOn,
      note: input.note ?? null, createdBy: actor.username }).returning({ id: tekunWillingness.id });
    await appendAudit(tx, { actor: actor.username, action: 'tekun.willingness', target: `member:${m.id}`, areaCode: m.areaCode, detail: { willing: input.willing, askedOn: input.askedOn } });
    return { id: r.id };
  });
}

/** 生活自理能力评估: a record; the person's open 特困 entitlement takes the level from the assessment's month on. */
export async function recordAssessment(db: Db, actor: TekunActor, memberId: string, input: z.infer<typeof assessmentInput>, today: string) {
  const m = await memberInScope(db, actor, memberId);
  if (input.assessedOn > today) throw new AppError('INVALID_DATE', '评估日期不能晚于今天', 'assessedOn');
  return db.transaction(async (tx) => {
    const id = randomUUID();
    await tx.insert(tekunAssessments).values({ id, householdId: m.householdId, memberId: m.id, areaCode: m.areaCode, assessedOn: input.assessedOn, assessor: input.assessor,
      level: input.level, note: input.note ?? null, createdBy: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'tekun.assess', target: `member:${m.id}`, areaCode: m.areaCode, detail: { assessmentId: id, assessedOn: input.assessedOn, level: input.level } });
    const snapshots = await refreshCareSnapshots(tx, m.id, input.assessedOn, actor.username, `生活自理能力评估（${input.assessedOn}）`);
    return { id, snapshots };
  });
}

/**
 * The care facts of one member taken into the household's open 特困 entitlement from the month of `fromDate`
 * (not before the entitlement's start): the snapshot in force then, and each later one, re-taken with this
 * member's self-care level and 集中/分散 as of the end of its month. Nothing else of the snapshot changes (a
 * registry change still reaches the money only through a decision). Returns how many snapshots were taken.
 */
export async function refreshCareSnapshots(tx: Db, memberId: string, fromDate: string, actor: string, reason: string): Promise<number> {
  const [m] = await tx.select({ householdId: members.householdId }).from(members).where(eq(members.id, memberId));
  const [e] = await tx.select().from(entitlements).where(and(eq(entitlements.householdId, m.householdId), eq(entitlements.program, '特困'), isNull(entitlements.endMonth)));
  if (!e) return 0;
  const start = fromDate.slice(0, 7) < e.startMonth ? e.startMonth : fromDate.slice(0, 7);
  const snaps = await tx.select().from(entitlementSnapshots).where(eq(entitlementSnapshots.entitlementId, e.id)).orderBy(asc(entitlementSnapshots.fromMonth), asc(entitlementSnapshots.id));
  const months = [...new Set([start, ...snaps.map((s) => s.fromMonth).filter((x) => x > start)])].sort();
  let taken = 0;
  for (const month of months) {
    const base = snaps.filter((s) => s.fromMonth <= month).at(-1);
    if (!base) continue;
    const facts = (await careFactsOf(tx, [memberId], lastDay(month))).get(memberId)!;
    const ms = (base.snapshot.members as Record<string, unknown>[] | undefined) ?? [];
    if (!ms.some((x) => x.id === memberId)) continue;
    const changed = ms.some((x) => x.id === memberId && (x.selfCare !== facts.selfCare || x.careSetting !== facts.careSetting));
    if (!changed) continue;
    const snapshot = { ...base.snapshot, members: ms.map((x) => (x.id === memberId ? { ...x, selfCare: facts.selfCare, careSetting: facts.careSetting } satisfies Record<string, unknown> & Partial<CareFact> : x)) };
    await takeSnapshot(tx, e.id, snapshot, month, actor, reason);
    taken++;
  }
  return taken;
}

/** A file behind an assessment or a carer's agreement, recorded once the owner is found in the actor's area. */
export async function addTekunFile(db: Db, actor: TekunActor, kind: TekunFileKind, ownerId: string, fileName: string, f: { sha256: string; bytes: number; mime: string }) {
  const table = kind === 'assessment' ? tekunAssessments : tekunCarers;
  const [owner] = await db.select({ id: table.id, areaCode: table.areaCode, memberId: table.memberId }).from(table).where(and(eq(table.id, ownerId), like(table.areaCode, `${actor.areaCode}%`)));
  if (!owner) throw new AppError('NOT_FOUND', kind === 'assessment' ? '评估记录不存在或不在您的管辖范围内' : '照料服务协议不存在或不在您的管辖范围内', 'id', 404);
  return db.transaction(async (tx) => {
    const [r] = await tx.insert(tekunFiles).values({ ownerKind: kind, ownerId, areaCode: owner.areaCode, sha256: f.sha256, bytes: f.bytes, mime: f.mime, fileName, uploadedBy: actor.username })
      .returning({ id: tekunFiles.id });
    await appendAudit(tx, { actor: actor.username, action: 'tekun.file', target: `member:${owner.memberId}`, areaCode: owner.areaCode, detail: { kind, ownerId, fileName, sha256: f.sha256, bytes: f.bytes } });
    return { id: r.id, sha256: f.sha256 };
  });
}

export async function tekunFileInScope(db: Db, actor: TekunActor, id: number) {
  const [f] = await db.select().from(tekunFiles).where(and(eq(tekunFiles.id, id), like(tekunFiles.areaCode, `${actor.areaCode}%`)));
  if (!f) throw new AppError('NOT_FOUND', '材料不存在或不在您的管辖范围内', 'id', 404);
  return f;
}

/**
 * Everything recorded about one person's support: stays, carers (phone masked, account masked unless
 * `reveal`: the route checks the permission and audits it), willingness, assessments and their files.
 */
export async function personRecords(db: Db, actor: TekunActor, memberId: string, reveal = false) {
  const m = await memberInScope(db, actor, memberId);
  const stays = await db.select({ id: tekunStays.id, institutionId: tekunStays.institutionId, institution: tekunInstitutions.name, bed: tekunStays.bed, admittedOn: tekunStays.admittedOn,
    admitReason: tekunStays.admitReason, dischargedOn: tekunStays.dischargedOn, dischargeReason: tekunStays.dischargeReason })
    .from(tekunStays).innerJoin(tekunInstitutions, eq(tekunInstitutions.id, tekunStays.institutionId)).where(eq(tekunStays.memberId, m.id)).orderBy(desc(tekunStays.admittedOn));
  const carers = await db.select().from(tekunCarers).where(eq(tekunCarers.memberId, m.id)).orderBy(desc(tekunCarers.agreementFrom));
  const willingness = await db.select({ willing: tekunWillingness.willing, askedOn: tekunWillingness.askedOn, note: tekunWillingness.note })
    .from(tekunWillingness).where(eq(tekunWillingness.memberId, m.id)).orderBy(desc(tekunWillingness.askedOn), desc(tekunWillingness.id));
  const assessments = await db.select({ id: tekunAssessments.id, assessedOn: tekunAssessments.assessedOn, assessor: tekunAssessments.assessor, level: tekunAssessments.level, note: tekunAssessments.note })
    .from(tekunAssessments).where(eq(tekunAssessments.memberId, m.id)).orderBy(desc(tekunAssessments.assessedOn), desc(tekunAssessments.createdAt));
  const owners = [...carers.map((c) => c.id), ...assessments.map((a) => a.id)];
  const files = owners.length === 0 ? [] : await db.select({ id: tekunFiles.id, ownerKind: tekunFiles.ownerKind, ownerId: tekunFiles.ownerId, fileName: tekunFiles.fileName, sha256: tekunFiles.sha256, uploadedAt: tekunFiles.uploadedAt })
    .from(tekunFiles).where(inArray(tekunFiles.ownerId, owners)).orderBy(asc(tekunFiles.id));
  const filesOf = (id: string) => files.filter((f) => f.ownerId === id);
  return {
    member: { id: m.id, householdId: m.householdId, name: maskName(m.name), areaCode: m.areaCode },
    stays,
    carers: carers.map((c) => ({ id: c.id, name: maskName(c.name), relation: c.relation, phone: maskPhone(c.phone), bank: reveal ? c.bank ?? null : maskBank(c.bank ?? null), agreementFrom: c.agreementFrom,
      agreementTo: c.agreementTo, endedOn: c.endedOn, endReason: c.endReason, files: filesOf(c.id) })),
    willingness,
    assessments: assessments.map((a) => ({ ...a, files: filesOf(a.id) })),
  };
}
