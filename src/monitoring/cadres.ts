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
import { and, asc, eq, inArray, isNull, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { areas, households } from '../registry/schema.ts';
import { monitoringCadreAssignments, monitoringCadres, monitoringCriticisms, monitoringHouseholds, monitoringRounds, monitoringVisits } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { SCOPE_LENGTH } from '../auth/roles.ts';
import { maskName } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { countyOf } from '../workflow/calendarStore.ts';
import { appendEvent } from '../workflow/events.ts';
import { cadreKindFor, CHECKLIST_ITEMS, IMPROVEMENTS, interviewFlags, visitCompliance } from './rules.ts';
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

/** Assigns the household's cadre of its kind (cadreKindFor; from the household's township); the other kind must be none. */
export async function assignCadres(db: Db, actor: Actor, householdId: string, body: { monitoringCadreId: number | null; pairedCadreId: number | null; version?: number }, today = todayInChina()) {
  writer(actor);
  const h = await householdInScope(db, actor, householdId);
  return db.transaction(async (tx) => {
    const [mh] = await tx.select().from(monitoringHouseholds).where(eq(monitoringHouseholds.householdId, h.id)).for('update');
    const allowed = cadreKindFor(h, mh);
    if (!allowed) throw new AppError('NO_CADRE_KIND', `该户不是监测对象，也不是脱贫户：不安排监测帮扶干部或结对联系干部（${citation('001:L860')}）`, 'householdId', 409);
    if (mh && body.version !== undefined && body.version !== mh.version) throw new AppError('STALE', '监测信息已被他人更新，请刷新后重试', 'version', 409);
    if (allowed === 'monitoring' && body.pairedCadreId !== null) {
      throw new AppError('CADRE_KIND_FOR_HOUSEHOLD', `未消除风险的监测对象由监测帮扶干部帮扶，不安排结对联系干部（${citation('001:L860')}）`, 'pairedCadreId', 409);
    }
    if (allowed === 'paired' && body.monitoringCadreId !== null) {
      throw new AppError('CADRE_KIND_FOR_HOUSEHOLD', `稳定脱贫户和已消除风险的监测对象由结对联系干部联系，不安排监测帮扶干部（${citation('001:L860')}）`, 'monitoringCadreId', 409);
    }
    for (const [field, kind] of [['monitoringCadreId', 'monitoring'], ['pairedCadreId', 'paired']] as const) {
      const id = body[field];
      if (id === null) continue;
      const [c] = await tx.select().from(monitoringCadres).where(eq(monitoringCadres.id, id));
      if (!c || !c.active || !h.areaCode.startsWith(c.areaCode)) throw new AppError('CADRE_NOT_FOUND', '该干部不存在或不负责该户所在村（乡镇）', field, 404);
      if (c.kind !== kind) throw new AppError('CADRE_KIND', `${c.name} 是${CADRE_KINDS[c.kind as keyof typeof CADRE_KINDS]}，不能作为${CADRE_KINDS[kind]}`, field);
    }
    // Each cadre's assignment is dated on its own: a kept cadre keeps its start (and its missed windows);
    // a replaced one's assignment ends today and the new one's begins (001:L876, L886-888).
    const changes: { kind: 'monitoring' | 'paired'; ended: number | null; began: number | null }[] = [];
    for (const [field, kind] of [['monitoringCadreId', 'monitoring'], ['pairedCadreId', 'paired']] as const) {
      const [current] = await tx.select().from(monitoringCadreAssignments)
        .where(and(eq(monitoringCadreAssignments.householdId, h.id), eq(monitoringCadreAssignments.kind, kind), isNull(monitoringCadreAssignments.toOn)));
      const next = body[field];
      if ((current?.cadreId ?? null) === next) continue;
      if (current) await tx.update(monitoringCadreAssignments).set({ toOn: today }).where(eq(monitoringCadreAssignments.id, current.id));
      if (next !== null) await tx.insert(monitoringCadreAssignments).values({ householdId: h.id, areaCode: h.areaCode, cadreId: next, kind, fromOn: today, createdBy: actor.username });
      changes.push({ kind, ended: current?.cadreId ?? null, began: next });
    }
    const [row] = mh ? await tx.update(monitoringHouseholds).set({ monitoringCadreId: body.monitoringCadreId, pairedCadreId: body.pairedCadreId, version: mh.version + 1, updatedAt: new Date() })
      .where(eq(monitoringHouseholds.householdId, h.id)).returning() : [{ householdId: h.id, monitoringCadreId: null, pairedCadreId: body.pairedCadreId }];
    await appendEvent(tx, { subjectType: SUBJECT, subjectId: h.id, areaCode: h.areaCode, actor: actor.username, action: 'cadres.assign',
      detail: { monitoringCadreId: body.monitoringCadreId, pairedCadreId: body.pairedCadreId, changes } });
    await appendAudit(tx, { actor: actor.username, action: 'monitoring.cadres.assign', target: `household:${h.id}`, areaCode: h.areaCode, detail: { ...body, changes } });
    return row;
  });
}

export interface VisitInput { cadreId: number; visitedOn: string; mode: 'visit' | 'phone'; checklist: Record<string, { ok: boolean; note?: string }>; improvements?: Record<string, { done: boolean; note?: string }>; note: string }

/** A visit or contact by one of the household's cadres, with every 六看六查 item answered (a contact by phone answers what it can: the items are still all required). */
export async function recordVisit(db: Db, actor: Actor, householdId: string, v: VisitInput, today = todayInChina()) {
  writer(actor);
  const h = await householdInScope(db, actor, householdId);
  if (v.visitedOn > today) throw new AppError('INVALID_DATE', '走访日期不能晚于今天', 'visitedOn');
  const missing = Object.keys(CHECKLIST_ITEMS).filter((k) => !v.checklist[k]);
  if (missing.length) throw new AppError('CHECKLIST_INCOMPLETE', `“六看六查”尚有 ${missing.length} 项未填写：${missing.map((k) => CHECKLIST_ITEMS[k]).join('、')}`, `checklist.${missing[0]}`);
  const extra = Object.keys(v.checklist).find((k) => !(k in CHECKLIST_ITEMS));
  if (extra) throw new AppError('CHECKLIST_UNKNOWN', `“六看六查”没有此项：${extra}`, `checklist.${extra}`);
  // 四治三创 at every visit to the home (每次到联系户家中都要开展, 001:L876); a phone contact answers what it can.
  const improvements = v.improvements ?? {};
  const unknown = Object.keys(improvements).find((k) => !(k in IMPROVEMENTS));
  if (unknown) throw new AppError('IMPROVEMENTS_UNKNOWN', `“四治三创”没有此项：${unknown}`, `improvements.${unknown}`);
  const notDone = Object.keys(IMPROVEMENTS).filter((k) => !improvements[k]);
  if (v.mode === 'visit' && notDone.length) {
    throw new AppError('IMPROVEMENTS_INCOMPLETE', `入户走访须开展“四治三创”（${citation('001:L876')}），尚有 ${notDone.length} 项未填写：${notDone.map((k) => IMPROVEMENTS[k]).join('、')}`, `improvements.${notDone[0]}`);
  }
  const noNote = Object.entries(improvements).find(([, x]) => !x.done && !x.note?.trim());
  if (noNote) throw new AppError('IMPROVEMENT_NOTE', `“${IMPROVEMENTS[noNote[0]]}”需整改，请写明情况`, `improvements.${noNote[0]}.note`);
  const [assigned] = await db.select().from(monitoringCadreAssignments)
    .where(and(eq(monitoringCadreAssignments.householdId, h.id), eq(monitoringCadreAssignments.cadreId, v.cadreId), isNull(monitoringCadreAssignments.toOn)));
  if (!assigned) throw new AppError('NOT_ASSIGNED', '该干部不是这户的监测帮扶干部或结对联系干部', 'cadreId', 409);
  const [cadre] = await db.select().from(monitoringCadres).where(eq(monitoringCadres.id, v.cadreId));
  if (cadre.kind === 'monitoring' && v.mode !== 'visit') throw new AppError('VISIT_REQUIRED', `监测帮扶干部须入户走访（${citation('001:L876')}）`, 'mode');
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const checklist = Object.fromEntries(Object.keys(CHECKLIST_ITEMS).map((k) => [k, { ok: !!v.checklist[k].ok, ...(v.checklist[k].note ? { note: v.checklist[k].note } : {}) }]));
    const improved = Object.fromEntries(Object.entries(improvements).map(([k, x]) => [k, { done: !!x.done, ...(x.note ? { note: x.note } : {}) }]));
    const [row] = await tx.insert(monitoringVisits).values({ id, householdId: h.id, areaCode: h.areaCode, cadreId: v.cadreId, visitedOn: v.visitedOn, mode: v.mode, checklist, improvements: improved,
      note: v.note, recordedBy: actor.username }).returning();
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

export interface ComplianceRow {
  householdId: string; areaCode: string; headName: string; cadreId: number; cadre: string; kind: 'monitoring' | 'paired'; status: 'ok' | 'due' | 'overdue'; completed: number; met: number;
  lastVisit: string | null; windowEnds: string;
  /** The cadre's own assignment: from its start; an ended one (replaced) is counted up to its end and kept in `ended`. */
  assignedOn: string; endedOn: string | null;
}

/** Visit compliance of every monitored household's cadres in scope, with overdue counts per cadre, village and township. */
export async function compliance(db: Db, actor: Actor, today = todayInChina()) {
  // Every household with a cadre (monitored households, 稳定脱贫 households, households whose risk is removed, 001:L860),
  // and the monitoring households without their cadre.
  const scope = `${actor.areaCode}%`;
  const assignments = await db.select().from(monitoringCadreAssignments).where(like(monitoringCadreAssignments.areaCode, scope))
    .orderBy(asc(monitoringCadreAssignments.fromOn), asc(monitoringCadreAssignments.id));
  const mhs = await db.select().from(monitoringHouseholds).where(like(monitoringHouseholds.areaCode, scope));
  const ids = [...new Set([...assignments.map((a) => a.householdId), ...mhs.map((m) => m.householdId)])];
  const hs = ids.length ? await db.select({ id: households.id, areaCode: households.areaCode, headName: households.headName, status: households.status }).from(households)
    .where(inArray(households.id, ids)) : [];
  const visits = ids.length ? await db.select().from(monitoringVisits).where(inArray(monitoringVisits.householdId, ids)) : [];
  const cadreIds = [...new Set(assignments.map((a) => a.cadreId))];
  const cadres = new Map((cadreIds.length ? await db.select().from(monitoringCadres).where(inArray(monitoringCadres.id, cadreIds)) : []).map((c) => [c.id, c]));
  const every = new Map<string, { monitoring: number; paired: number }>();
  const rows: ComplianceRow[] = [];
  const ended: ComplianceRow[] = [];
  const unassigned: { householdId: string; areaCode: string; headName: string; missing: string[] }[] = [];
  for (const { id: householdId, areaCode, headName, status } of hs) {
    if (status !== 'active') continue;
    const m = { householdId, areaCode };
    const county = countyOf(m.areaCode);
    if (!every.has(county)) {
      const p = await countyPack(db, county, today);
      every.set(county, { monitoring: p?.value<number>('monitoring.visits.monitoringCadreMonths') ?? 1, paired: p?.value<number>('monitoring.visits.pairedCadreMonths') ?? 2 });
    }
    const e = every.get(county)!;
    const mine = assignments.filter((x) => x.householdId === m.householdId);
    const mh = mhs.find((x) => x.householdId === householdId);
    const need = mh ? cadreKindFor({ registeredPoor: false }, mh) : null;
    if (need && !mine.some((a) => a.kind === need && !a.toOn)) unassigned.push({ householdId, areaCode, headName: maskName(headName), missing: [CADRE_KINDS[need]] });
    for (const a of mine) {
      const kind = a.kind as 'monitoring' | 'paired';
      // A monitoring cadre's visits count (入户); a paired cadre's contacts count in any form; each from its own assignment, an ended one up to its end.
      const vs = visits.filter((v) => v.householdId === m.householdId && v.cadreId === a.cadreId && (kind === 'paired' || v.mode === 'visit')).map((v) => v.visitedOn);
      const c = visitCompliance(a.fromOn, vs, a.toOn ?? today, kind === 'monitoring' ? e.monitoring : e.paired);
      (a.toOn ? ended : rows).push({ householdId: m.householdId, areaCode: m.areaCode, headName: maskName(headName), cadreId: a.cadreId, cadre: cadres.get(a.cadreId)?.name ?? '', kind, ...c,
        assignedOn: a.fromOn, endedOn: a.toOn });
    }
  }
  const group = (key: (r: ComplianceRow) => string) => {
    const m = new Map<string, { key: string; households: number; overdue: number; due: number; ok: number; completed: number; met: number }>();
    for (const r of [...rows, ...ended]) {
      const k = key(r);
      const g = m.get(k) ?? { key: k, households: 0, overdue: 0, due: 0, ok: 0, completed: 0, met: 0 };
      // An ended assignment's windows stay counted (a replaced cadre's missed month is not erased); its status is history.
      if (!r.endedOn) { g.households++; g[r.status]++; }
      g.completed += r.completed; g.met += r.met;
      m.set(k, g);
    }
    return [...m.values()].sort((a, b) => b.overdue - a.overdue || a.key.localeCompare(b.key));
  };
  return {
    rows: rows.sort((a, b) => (a.status === b.status ? a.areaCode.localeCompare(b.areaCode) : a.status === 'overdue' ? -1 : b.status === 'overdue' ? 1 : 0)),
    byCadre: group((r) => `${r.cadreId}`).map((g) => ({ ...g, cadre: cadres.get(Number(g.key))?.name ?? '', kind: cadres.get(Number(g.key))?.kind ?? '' })),
    byVillage: group((r) => r.areaCode),
    byTownship: group((r) => r.areaCode.slice(0, 9)),
    ended,
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
