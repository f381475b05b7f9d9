/**
 * Cadres, visits and supervision (issue 9 items 5-6): monitoring cadres (监测帮扶干部) and paired
 * cadres (结对联系干部) assigned to monitored households (001:L860-876); visits with the 六看六查
 * checklist (every one of the twelve items answered) and photos; compliance per cadre, village and
 * township from the pack (monitoring.visits.*: a monitoring cadre visits at least once a month, a
 * paired cadre makes at least one contact in two months, 001:L876); rounds of 督查考评 and public
 * criticisms (通报批评) of townships and villages with the 约谈 flag (001:L886-888). Area-scoped and
 * audited; the pure rules are in rules.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { areas, households } from '../registry/schema.ts';
import { monitoringCadres, monitoringCriticisms, monitoringHouseholds, monitoringRounds, monitoringVisits } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { SCOPE_LENGTH } from '../auth/roles.ts';
import { maskName } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { countyOf } from '../workflow/calendarStore.ts';
import { appendEvent } from '../workflow/events.ts';
import { CHECKLIST_ITEMS, interviewFlags, visitCompliance } from './rules.ts';
import { countyPack, SUBJECT } from './signals.ts';
import { householdInScope } from './store.ts';
import { citation } from '../policy/citations.ts';

function writer(actor: Actor) {
  if (actor.role === 'auditor') throw new AppError('FORBIDDEN', '您的角色无权执行此操作', undefined, 403);
}

export const CADRE_KINDS = { monitoring: '监测帮扶干部', paired: '结对联系干部' } as const;

export async function listCadres(db: Db, actor: Actor) {
  // A cadre of a township serves its villages: a village officer sees the cadres of its township too.
  const township = actor.areaCode.slice(0, 9);
  const rows = await db.select().from(monitoringCadres).where(like(monitoringCadres.areaCode, `${actor.areaCode.length > 9 ? township : actor.areaCode}%`)).orderBy(asc(monitoringCadres.areaCode), asc(monitoringCadres.id));
  return rows.filter((c) => c.areaCode.startsWith(actor.areaCode) || actor.areaCode.startsWith(c.areaCode));
}

export async function addCadre(db: Db, actor: Actor, c: { name: string; kind: keyof typeof CADRE_KINDS; unit: string; phone?: string | null; areaCode: string }) {
  writer(actor);
  // A cadre is registered inside the registering officer's own area: a village officer registers the village's
  // cadres, never the township's (those the township registers, and the village sees them in the list).
  if (!c.areaCode.startsWith(actor.areaCode)) {
    throw new AppError('OUT_OF_SCOPE', actor.areaCode.length > 9 ? '村（社区）工作人员只能登记本村（社区）的干部，乡镇干部由乡镇登记' : '干部所在区域不在您的管辖范围内', 'areaCode', 403);
  }
  const [area] = await db.select().from(areas).where(eq(areas.code, c.areaCode));
  if (!area || (c.areaCode.length !== 9 && c.areaCode.length !== 12)) throw new AppError('INVALID_AREA', '干部所在区域应为乡镇（9 位）或村（社区，12 位）代码', 'areaCode');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(monitoringCadres).values({ ...c, phone: c.phone ?? null, createdBy: actor.username }).returning();
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.cadre.add', target: `cadre:${row.id}`, areaCode: c.areaCode, detail: { name: c.name, kind: c.kind } });
    return row;
  });
}

/** Assigns the household's monitoring cadre and paired cadre (each of its kind, from the household's township). */
export async function assignCadres(db: Db, actor: Actor, householdId: string, body: { monitoringCadreId: number | null; pairedCadreId: number | null; version?: number }, today = todayInChina()) {
  writer(actor);
  const h = await householdInScope(db, actor, householdId);
  return db.transaction(async (tx) => {
    const [mh] = await tx.select().from(monitoringHouseholds).where(eq(monitoringHouseholds.householdId, h.id)).for('update');
    if (!mh || mh.status !== 'monitored') throw new AppError('NOT_MONITORED', '该户不是在监测的对象', 'householdId', 409);
    if (body.version !== undefined && body.version !== mh.version) throw new AppError('STALE', '监测信息已被他人更新，请刷新后重试', 'version', 409);
    for (const [field, kind] of [['monitoringCadreId', 'monitoring'], ['pairedCadreId', 'paired']] as const) {
      const id = body[field];
      if (id === null) continue;
      const [c] = await tx.select().from(monitoringCadres).where(eq(monitoringCadres.id, id));
      if (!c || !c.active || !h.areaCode.startsWith(c.areaCode)) throw new AppError('CADRE_NOT_FOUND', '该干部不存在或不负责该户所在村（乡镇）', field, 404);
      if (c.kind !== kind) throw new AppError('CADRE_KIND', `${c.name} 是${CADRE_KINDS[c.kind as keyof typeof CADRE_KINDS]}，不能作为${CADRE_KINDS[kind]}`, field);
    }
    const [row] = await tx.update(monitoringHouseholds).set({ monitoringCadreId: body.monitoringCadreId, pairedCadreId: body.pairedCadreId, cadresAssignedOn: today, version: mh.version + 1, updatedAt: new Date() })
      .where(eq(monitoringHouseholds.householdId, h.id)).returning();
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: h.id, areaCode: h.areaCode, actor: actor.username, action: 'cadres.assign', detail: { monitoringCadreId: body.monitoringCadreId, pairedCadreId: body.pairedCadreId } });
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.cadres.assign', target: `household:${h.id}`, areaCode: h.areaCode, detail: { ...body } });
    return row;
  });
}

export interface VisitInput { cadreId: number; visitedOn: string; mode: 'visit' | 'phone'; checklist: Record<string, { ok: boolean; note?: string }>; note: string }

/** A visit or contact by one of the household's cadres, with every 六看六查 item answered (a contact by phone answers what it can: the items are still all required). */
export async function recordVisit(db: Db, actor: Actor, householdId: string, v: VisitInput, today = todayInChina()) {
  writer(actor);
  const h = await householdInScope(db, actor, householdId);
  if (v.visitedOn > today) throw new AppError('INVALID_DATE', '走访日期不能晚于今天', 'visitedOn');
  const missing = Object.keys(CHECKLIST_ITEMS).filter((k) => !v.checklist[k]);
  if (missing.length) throw new AppError('CHECKLIST_INCOMPLETE', `“六看六查”尚有 ${missing.length} 项未填写：${missing.map((k) => CHECKLIST_ITEMS[k]).join('、')}`, `checklist.${missing[0]}`);
  const extra = Object.keys(v.checklist).find((k) => !(k in CHECKLIST_ITEMS));
  if (extra) throw new AppError('CHECKLIST_UNKNOWN', `“六看六查”没有此项：${extra}`, `checklist.${extra}`);
  const [mh] = await db.select().from(monitoringHouseholds).where(eq(monitoringHouseholds.householdId, h.id));
  if (!mh) throw new AppError('NOT_MONITORED', '该户不是监测对象', 'householdId', 409);
  if (v.cadreId !== mh.monitoringCadreId && v.cadreId !== mh.pairedCadreId) throw new AppError('NOT_ASSIGNED', '该干部不是这户的监测帮扶干部或结对联系干部', 'cadreId', 409);
  const [cadre] = await db.select().from(monitoringCadres).where(eq(monitoringCadres.id, v.cadreId));
  if (cadre.kind === 'monitoring' && v.mode !== 'visit') throw new AppError('VISIT_REQUIRED', `监测帮扶干部须入户走访（${citation('001:L876')}）`, 'mode');
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const checklist = Object.fromEntries(Object.keys(CHECKLIST_ITEMS).map((k) => [k, { ok: !!v.checklist[k].ok, ...(v.checklist[k].note ? { note: v.checklist[k].note } : {}) }]));
    const [row] = await tx.insert(monitoringVisits).values({ id, householdId: h.id, areaCode: h.areaCode, cadreId: v.cadreId, visitedOn: v.visitedOn, mode: v.mode, checklist, note: v.note, recordedBy: actor.username }).returning();
    const problems = Object.entries(checklist).filter(([, x]) => !x.ok).map(([k]) => CHECKLIST_ITEMS[k]);
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: h.id, areaCode: h.areaCode, actor: actor.username, action: 'visit.add', reason: v.note || null,
      detail: { visitId: id, cadreId: v.cadreId, cadre: cadre.name, visitedOn: v.visitedOn, mode: v.mode, problems } });
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.visit', target: `visit:${id}`, areaCode: h.areaCode, detail: { householdId: h.id, cadreId: v.cadreId, visitedOn: v.visitedOn, mode: v.mode } });
    return row;
  });
}

export async function visitInScope(db: Db, actor: Actor, id: string) {
  const [v] = await db.select().from(monitoringVisits).where(and(eq(monitoringVisits.id, id), like(monitoringVisits.areaCode, `${actor.areaCode}%`)));
  if (!v) throw new AppError('NOT_FOUND', '走访记录不存在或不在您的管辖范围内', 'id', 404);
  return v;
}

export interface ComplianceRow { householdId: string; areaCode: string; headName: string; cadreId: number; cadre: string; kind: 'monitoring' | 'paired'; status: 'ok' | 'due' | 'overdue'; completed: number; met: number; lastVisit: string | null; windowEnds: string }

/** Visit compliance of every monitored household's cadres in scope, with overdue counts per cadre, village and township. */
export async function compliance(db: Db, actor: Actor, today = todayInChina()) {
  const hs = await db.select({ m: monitoringHouseholds, headName: households.headName }).from(monitoringHouseholds).innerJoin(households, eq(households.id, monitoringHouseholds.householdId))
    .where(and(like(monitoringHouseholds.areaCode, `${actor.areaCode}%`), eq(monitoringHouseholds.status, 'monitored')));
  const ids = hs.map((h) => h.m.householdId);
  const visits = ids.length ? await db.select().from(monitoringVisits).where(inArray(monitoringVisits.householdId, ids)) : [];
  const cadreIds = [...new Set(hs.flatMap((h) => [h.m.monitoringCadreId, h.m.pairedCadreId]).filter((x): x is number => !!x))];
  const cadres = new Map((cadreIds.length ? await db.select().from(monitoringCadres).where(inArray(monitoringCadres.id, cadreIds)) : []).map((c) => [c.id, c]));
  const every = new Map<string, { monitoring: number; paired: number }>();
  const rows: ComplianceRow[] = [];
  const unassigned: { householdId: string; areaCode: string; headName: string; missing: string[] }[] = [];
  for (const { m, headName } of hs) {
    const county = countyOf(m.areaCode);
    if (!every.has(county)) {
      const p = await countyPack(db, county, today);
      every.set(county, { monitoring: p?.value<number>('monitoring.visits.monitoringCadreMonths') ?? 1, paired: p?.value<number>('monitoring.visits.pairedCadreMonths') ?? 2 });
    }
    const e = every.get(county)!;
    const missing = [!m.monitoringCadreId ? '监测帮扶干部' : null, !m.pairedCadreId ? '结对联系干部' : null].filter((x): x is string => !!x);
    if (missing.length) unassigned.push({ householdId: m.householdId, areaCode: m.areaCode, headName: maskName(headName), missing });
    for (const [cadreId, kind] of [[m.monitoringCadreId, 'monitoring'], [m.pairedCadreId, 'paired']] as const) {
      if (!cadreId) continue;
      // A monitoring cadre's visits count (入户); a paired cadre's contacts count in any form.
      const vs = visits.filter((v) => v.householdId === m.householdId && v.cadreId === cadreId && (kind === 'paired' || v.mode === 'visit')).map((v) => v.visitedOn);
      const c = visitCompliance(m.cadresAssignedOn ?? m.identifiedOn, vs, today, kind === 'monitoring' ? e.monitoring : e.paired);
      rows.push({ householdId: m.householdId, areaCode: m.areaCode, headName: maskName(headName), cadreId, cadre: cadres.get(cadreId)?.name ?? '', kind, ...c });
    }
  }
  const group = (key: (r: ComplianceRow) => string) => {
    const m = new Map<string, { key: string; households: number; overdue: number; due: number; ok: number; completed: number; met: number }>();
    for (const r of rows) {
      const k = key(r);
      const g = m.get(k) ?? { key: k, households: 0, overdue: 0, due: 0, ok: 0, completed: 0, met: 0 };
      g.households++; g[r.status]++; g.completed += r.completed; g.met += r.met;
      m.set(k, g);
    }
    return [...m.values()].sort((a, b) => b.overdue - a.overdue || a.key.localeCompare(b.key));
  };
  return {
    rows: rows.sort((a, b) => (a.status === b.status ? a.areaCode.localeCompare(b.areaCode) : a.status === 'overdue' ? -1 : b.status === 'overdue' ? 1 : 0)),
    byCadre: group((r) => `${r.cadreId}`).map((g) => ({ ...g, cadre: cadres.get(Number(g.key))?.name ?? '', kind: cadres.get(Number(g.key))?.kind ?? '' })),
    byVillage: group((r) => r.areaCode),
    byTownship: group((r) => r.areaCode.slice(0, 9)),
    unassigned,
  };
}

// ─── Supervision ───

function countyActor(actor: Actor) {
  if (SCOPE_LENGTH[actor.role] !== 6 || actor.role === 'auditor') throw new AppError('FORBIDDEN', '督查考评和通报批评由县级（县委实施乡村振兴战略领导小组办公室）登记', undefined, 403);
}

export async function addRound(db: Db, actor: Actor, r: { name: string; heldOn: string }) {
  countyActor(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(monitoringRounds).values({ areaCode: actor.areaCode, name: r.name, heldOn: r.heldOn, createdBy: actor.username }).onConflictDoNothing().returning();
    if (!row) throw new AppError('DUPLICATE', `已有名为「${r.name}」的督查考评`, 'name', 409);
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.round.add', target: `round:${row.id}`, areaCode: actor.areaCode, detail: r });
    return row;
  });
}

export async function addCriticism(db: Db, actor: Actor, c: { roundId: number; areaCode: string; reason: string }) {
  countyActor(actor);
  const [round] = await db.select().from(monitoringRounds).where(and(eq(monitoringRounds.id, c.roundId), eq(monitoringRounds.areaCode, actor.areaCode)));
  if (!round) throw new AppError('NOT_FOUND', '督查考评不存在', 'roundId', 404);
  if (!c.areaCode.startsWith(actor.areaCode) || (c.areaCode.length !== 9 && c.areaCode.length !== 12)) throw new AppError('INVALID_AREA', '被通报的应为本县的乡镇（9 位）或村（社区，12 位）', 'areaCode');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(monitoringCriticisms).values({ roundId: c.roundId, areaCode: c.areaCode, reason: c.reason, createdBy: actor.username }).onConflictDoNothing().returning();
    if (!row) throw new AppError('DUPLICATE', '该单位在本次督查考评中已被通报', 'areaCode', 409);
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.criticism.add', target: `criticism:${row.id}`, areaCode: c.areaCode, detail: c });
    return row;
  });
}

/** Rounds, criticisms and the 约谈 flags of the townships and villages in scope. */
export async function supervision(db: Db, actor: Actor, today = todayInChina()) {
  const county = actor.areaCode.slice(0, 6);
  const rounds = await db.select().from(monitoringRounds).where(eq(monitoringRounds.areaCode, county)).orderBy(asc(monitoringRounds.heldOn), asc(monitoringRounds.id));
  const crit = rounds.length ? await db.select().from(monitoringCriticisms).where(and(inArray(monitoringCriticisms.roundId, rounds.map((r) => r.id)), like(monitoringCriticisms.areaCode, `${actor.areaCode}%`))) : [];
  const by = new Map<string, Set<number>>();
  for (const c of crit) by.set(c.areaCode, (by.get(c.areaCode) ?? new Set()).add(c.roundId));
  const p = await countyPack(db, county, today);
  const consecutive = p?.value<number>('monitoring.supervision.consecutive') ?? 2;
  const total = p?.value<number>('monitoring.supervision.total') ?? 3;
  const names = crit.length ? new Map((await db.select().from(areas).where(inArray(areas.code, [...by.keys()]))).map((a) => [a.code, a.name])) : new Map<string, string>();
  return {
    rounds, criticisms: crit, rule: { consecutive, total },
    flags: interviewFlags(rounds, by, consecutive, total).map((f) => ({ ...f, name: names.get(f.areaCode) ?? f.areaCode, level: f.areaCode.length === 9 ? 'township' : 'village' })),
  };
}
