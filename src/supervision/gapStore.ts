/**
 * Coverage gaps as work (督导, issue 24 item 4): the search that evaluates every active household of a county (or a
 * township) with the engine on the registry path (policy/store.ts registryPages, the what-if preview's path) and keeps
 * what gaps.ts decides as open gaps; the list of a user's area; closing a gap (a case opened, a review opened through
 * the reviews' own code, not a gap); the workbench's part. Idempotent: an open gap of the same household, program
 * and kind is kept and refreshed, an open gap a search no longer finds is closed as gone (已不存在).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, isNull, like, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { areaChain } from '../domain/areas.ts';
import { maskName } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { households } from '../registry/schema.ts';
import type { Actor } from '../registry/store.ts';
import { todayInChina } from '../registry/model.ts';
import { currentPolicy, evaluateStored, registryPages } from '../policy/store.ts';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { forEachInBatches } from '../policy/yielding.ts';
import { entitlements } from '../payments/schema.ts';
import { casePrograms, caseReviews, cases } from '../cases/schema.ts';
import { FINAL_STATES } from '../cases/model.ts';
import { openReview } from '../cases/reviews.ts';
import { coverageGaps } from './gapSchema.ts';
import { decideGaps, GAP_KINDS, GAP_OUTCOMES, OUTCOME_FITS, type Gap, type GapKind, type GapOutcome, type Standing } from './gaps.ts';

export type GapRow = typeof coverageGaps.$inferSelect;

/** What a search did: households evaluated, those the engine could not evaluate, gaps found by kind, new, kept, closed as gone. */
export interface GapRun {
  runId: string;
  date: string;
  scope: string;
  policy: { id: number; packId: string; version: number };
  households: number;
  errors: number;
  found: Record<GapKind, number>;
  opened: number;
  kept: number;
  gone: number;
}

/** Households a page: the registry is read a page at a time, each page's standing in three queries and its gaps in one upsert. */
const PAGE = 2000;
/** Households evaluated between two turns of the event loop (the evaluation is synchronous). */
const EVALUATE_BATCH = 100;

/** Searches under way, by county: one at a time, so that one search never closes what another has just found. */
const running = new Set<string>();

/**
 * Evaluates every active household whose area starts with `scope` (a county or a township) under the county's
 * current published policy on `date`, and brings the open gaps of that area up to date; audited as
 * `supervision.gaps.run` by `actor` (a user, or `system:schedule`).
 */
export async function runGapSearch(db: Db, opts: { scope: string; actor: string; date?: string; onProgress?: (done: number, total: number) => void }): Promise<GapRun> {
  const { scope, actor } = opts;
  const date = opts.date ?? todayInChina();
  const county = scope.slice(0, 6);
  if (running.has(county)) throw new AppError('GAP_RUN_BUSY', '本县的应保未保排查正在进行，请等其完成', undefined, 409);
  running.add(county);
  try {
    const version = await currentPolicy(db, scope);
    if (!version) throw new AppError('NO_POLICY', '本县尚未发布政策包，无法排查，请县级管理员先发布', undefined, 409);
    const pack = resolvePack(loadPack(version.yaml), date);
    const policy = { id: version.id, packId: version.packId, version: version.version };
    const [{ n: total }] = await db.select({ n: count() }).from(households).where(and(like(households.areaCode, `${scope}%`), eq(households.status, 'active')));
    const runId = randomUUID();
    const result: GapRun = { runId, date, scope, policy, households: 0, errors: 0, found: { unserved: 0, review: 0 }, opened: 0, kept: 0, gone: 0 };
    const unevaluated: string[] = [];
    opts.onProgress?.(0, total);
    for await (const page of registryPages(db, scope, date, PAGE)) {
      const standing = await standingOf(db, page.map((p) => p.household.id), date.slice(0, 7));
      const found: (Gap & { householdId: string; areaCode: string })[] = [];
      await forEachInBatches(page, EVALUATE_BATCH, ({ household: h, members, input }) => {
        const evaluation = evaluateStored(pack, input);
        if ('error' in evaluation) { unevaluated.push(h.id); return; }
        const names = new Map(members.map((m) => [m.id, maskName(m.name)]));
        for (const g of decideGaps(evaluation, standing(h.id), (id) => names.get(id) ?? '家庭成员')) found.push({ ...g, householdId: h.id, areaCode: h.areaCode });
      });
      for (const g of found) result.found[g.kind]++;
      const kept = await keepGaps(db, found, { runId, date, policy });
      result.opened += found.length - kept;
      result.kept += kept;
      result.households += page.length;
      opts.onProgress?.(result.households, Math.max(total, result.households));
    }
    result.errors = unevaluated.length;
    await db.transaction(async (trx) => {
      const tx = trx as unknown as Db;
      // An open gap of the area this search did not find again is gone; a household it could not evaluate keeps its gaps.
      const gone = await tx.update(coverageGaps).set({ status: 'closed', outcome: 'gone', note: `${date} 重新排查未再发现`, closedBy: actor, closedAt: new Date() })
        .where(and(eq(coverageGaps.status, 'open'), like(coverageGaps.areaCode, `${scope}%`), ne(coverageGaps.lastRun, runId),
          ...(unevaluated.length ? [notInArray(coverageGaps.householdId, unevaluated)] : [])))
        .returning({ id: coverageGaps.id });
      result.gone = gone.length;
      const { runId: _, ...detail } = result;
      await appendAudit(tx, { actor, action: 'supervision.gaps.run', target: `coverage_gaps:${scope}`, areaCode: scope, detail });
    });
    return result;
  } finally {
    running.delete(county);
  }
}

/** The standing of a page of households (current month `month`): entitlements still paid, applications under way, reviews due. */
async function standingOf(db: Db, ids: string[], month: string): Promise<(householdId: string) => Standing> {
  const ents = await db.select({ householdId: entitlements.householdId, program: entitlements.program, id: entitlements.id, endMonth: entitlements.endMonth })
    .from(entitlements).where(and(inArray(entitlements.householdId, ids), or(isNull(entitlements.endMonth), gte(entitlements.endMonth, month))));
  const applying = await db.selectDistinct({ householdId: cases.householdId, program: casePrograms.program }).from(casePrograms)
    .innerJoin(cases, eq(cases.id, casePrograms.caseId))
    .where(and(inArray(cases.householdId, ids), notInArray(casePrograms.state, [...FINAL_STATES])));
  const reviewing = await db.selectDistinct({ householdId: cases.householdId, program: casePrograms.program }).from(caseReviews)
    .innerJoin(casePrograms, eq(casePrograms.id, caseReviews.programId)).innerJoin(cases, eq(cases.id, caseReviews.caseId))
    .where(and(inArray(cases.householdId, ids), eq(caseReviews.status, 'due')));
  const empty: Standing = { receiving: new Map(), applying: new Set(), reviewing: new Set() };
  const by = new Map<string, { receiving: Map<string, { entitlementId: string; open: boolean }>; applying: Set<string>; reviewing: Set<string> }>();
  const of = (id: string) => {
    let s = by.get(id);
    if (!s) by.set(id, (s = { receiving: new Map(), applying: new Set(), reviewing: new Set() }));
    return s;
  };
  for (const e of ents) {
    const s = of(e.householdId);
    // The open entitlement (end month not yet decided) is the one a review is about.
    if (!s.receiving.get(e.program)?.open) s.receiving.set(e.program, { entitlementId: e.id, open: e.endMonth === null });
  }
  for (const a of applying) if (a.householdId) of(a.householdId).applying.add(a.program);
  for (const r of reviewing) if (r.householdId) of(r.householdId).reviewing.add(r.program);
  return (id) => by.get(id) ?? empty;
}

/**
 * Writes a page's gaps in one statement: a new one is inserted, an open one of the same household, program and kind
 * is kept (its reasons, amount and area refreshed, marked seen by this run). Returns how many were kept.
 */
async function keepGaps(db: Db, found: (Gap & { householdId: string; areaCode: string })[], run: { runId: string; date: string; policy: Record<string, unknown> }): Promise<number> {
  if (found.length === 0) return 0;
  const rows = await db.insert(coverageGaps).values(found.map((g) => ({
    householdId: g.householdId, areaCode: g.areaCode, kind: g.kind, program: g.program, reasons: g.reasons, amountFen: g.amountFen, entitlementId: g.entitlementId,
    policy: run.policy, foundOn: run.date, seenOn: run.date, lastRun: run.runId,
  }))).onConflictDoUpdate({
    target: [coverageGaps.householdId, coverageGaps.program, coverageGaps.kind], targetWhere: sql`status = 'open'`,
    set: { reasons: sql`excluded.reasons`, amountFen: sql`excluded.amount_fen`, entitlementId: sql`excluded.entitlement_id`, areaCode: sql`excluded.area_code`,
      policy: sql`excluded.policy`, seenOn: sql`excluded.seen_on`, lastRun: sql`excluded.last_run` },
  }).returning({ id: coverageGaps.id, created: sql<boolean>`(xmax = 0)` });
  return rows.filter((r) => !r.created).length;
}

/**
 * The area a user asks about: their own by default; a code inside their scope (a county user naming a township);
 * anything else is refused (403), a malformed code is bad input (400).
 */
export function gapArea(actor: Actor, area: string | undefined): string {
  if (area === undefined || area === '') return actor.areaCode;
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(area)) throw new AppError('INVALID_INPUT', '区划代码应为 6、9 或 12 位数字', 'area', 400);
  if (!area.startsWith(actor.areaCode)) throw new AppError('OUT_OF_SCOPE', '所选区划不在您的管辖范围内', 'area', 403);
  return area;
}

const names = (areaCode: string) => {
  const chain = areaChain(areaCode);
  return { township: chain.find((a) => a.code.length === 9)?.name ?? null, village: chain.find((a) => a.code.length === 12)?.name ?? null };
};

function view(g: GapRow, h: { ledgerKey: string | null; headName: string }) {
  return {
    id: g.id, kind: g.kind as GapKind, kindLabel: GAP_KINDS[g.kind as GapKind], householdId: g.householdId, householdNo: h.ledgerKey, name: maskName(h.headName),
    areaCode: g.areaCode, ...names(g.areaCode), program: g.program, reasons: g.reasons, ...(g.amountFen === null ? {} : { amountFen: g.amountFen }),
    foundAt: g.createdAt.toISOString(), foundOn: g.foundOn, seenOn: g.seenOn, status: g.status as 'open' | 'closed',
    outcome: g.outcome as GapOutcome | null, outcomeLabel: g.outcome ? GAP_OUTCOMES[g.outcome as GapOutcome] : null, note: g.note,
    closedBy: g.closedBy, closedAt: g.closedAt?.toISOString() ?? null, closedRef: g.closedRef ?? null,
  };
}
export type GapView = ReturnType<typeof view>;

/** The gaps of an area (inside the actor's scope), open ones by default, newest first; names masked. */
export async function listGaps(db: Db, actor: Actor, q: { kind?: GapKind; area?: string; status?: 'open' | 'closed'; page?: number; pageSize?: number }) {
  const area = gapArea(actor, q.area);
  const where: SQL[] = [like(coverageGaps.areaCode, `${area}%`), eq(coverageGaps.status, q.status ?? 'open')];
  if (q.kind) where.push(eq(coverageGaps.kind, q.kind));
  const pageSize = q.pageSize ?? 100;
  const [rows, [{ n }]] = await Promise.all([
    db.select({ g: coverageGaps, ledgerKey: households.ledgerKey, headName: households.headName }).from(coverageGaps)
      .innerJoin(households, eq(households.id, coverageGaps.householdId)).where(and(...where))
      .orderBy(desc(coverageGaps.foundOn), asc(coverageGaps.areaCode), asc(coverageGaps.id)).limit(pageSize).offset(((q.page ?? 1) - 1) * pageSize),
    db.select({ n: count() }).from(coverageGaps).where(and(...where)),
  ]);
  return { rows: rows.map((r) => view(r.g, r)), total: n };
}

/**
 * Closes an open gap of the actor's area: `case_opened` when a case for the household and program now exists,
 * `review_opened` by opening a review of the recipient's program (cases/reviews.ts openReview, or the one already
 * due), `not_a_gap` with the officer's note. Township and county officers; audited as `supervision.gaps.close`.
 */
export async function closeGap(db: Db, actor: Actor, id: number, body: { outcome: 'case_opened' | 'review_opened' | 'not_a_gap'; note?: string }, today = todayInChina()) {
  if (actor.role !== 'township_staff' && actor.role !== 'county_admin' && actor.role !== 'county_staff') {
    throw new AppError('FORBIDDEN', '应保未保线索由乡镇（街道）或县级工作人员办结', undefined, 403);
  }
  const note = body.note?.trim() ?? '';
  if (body.outcome === 'not_a_gap' && !note) throw new AppError('INVALID_INPUT', '经核实不属于的，请填写核实情况', 'note', 400);
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [g] = await tx.select().from(coverageGaps).where(and(eq(coverageGaps.id, id), like(coverageGaps.areaCode, `${actor.areaCode}%`))).for('update');
    if (!g) throw new AppError('NOT_FOUND', '线索不存在或不在您的管辖范围内', 'id', 404);
    if (g.status !== 'open') throw new AppError('GAP_CLOSED', `该线索已办结（${GAP_OUTCOMES[g.outcome as GapOutcome] ?? g.outcome}）`, 'id', 409);
    if (!OUTCOME_FITS[body.outcome].includes(g.kind as GapKind)) {
      throw new AppError('OUTCOME_NOT_FIT', `${GAP_KINDS[g.kind as GapKind]}的线索不能以“${GAP_OUTCOMES[body.outcome]}”办结`, 'outcome', 409);
    }
    let ref: Record<string, unknown> | null = null;
    if (body.outcome === 'case_opened') ref = await caseFor(tx, g);
    if (body.outcome === 'review_opened') ref = await reviewFor(tx, actor, g, note, today);
    await tx.update(coverageGaps).set({ status: 'closed', outcome: body.outcome, note: note || null, closedRef: ref, closedBy: actor.username, closedAt: new Date() })
      .where(eq(coverageGaps.id, g.id));
    await appendAudit(tx, { actor: actor.username, action: 'supervision.gaps.close', target: `coverage_gap:${g.id}`, areaCode: g.areaCode,
      detail: { householdId: g.householdId, kind: g.kind, program: g.program, outcome: body.outcome, note: note || null, ...(ref ?? {}) } });
    const [closed] = await tx.select({ g: coverageGaps, ledgerKey: households.ledgerKey, headName: households.headName }).from(coverageGaps)
      .innerJoin(households, eq(households.id, coverageGaps.householdId)).where(eq(coverageGaps.id, g.id));
    return view(closed.g, closed);
  });
}

/** The case for the gap's household and program: one under way, or one opened since the gap was found; 409 without. */
async function caseFor(tx: Db, g: GapRow) {
  const [p] = await tx.select({ caseId: cases.id, programId: casePrograms.id, number: cases.number }).from(casePrograms).innerJoin(cases, eq(cases.id, casePrograms.caseId))
    .where(and(eq(cases.householdId, g.householdId), eq(casePrograms.program, g.program),
      or(notInArray(casePrograms.state, [...FINAL_STATES]), gte(casePrograms.createdAt, g.createdAt))))
    .orderBy(desc(casePrograms.createdAt)).limit(1);
  if (!p) throw new AppError('NO_CASE', `该家庭还没有${g.program}的申请案件，请先登记受理后再办结`, 'outcome', 409);
  return p;
}

/** The review of the recipient's program: the one already due, or one opened now (a township officer, as reviews are). */
async function reviewFor(tx: Db, actor: Actor, g: GapRow, note: string, today: string) {
  const [p] = g.entitlementId ? await tx.select({ id: casePrograms.id, caseId: casePrograms.caseId }).from(casePrograms).where(eq(casePrograms.entitlementId, g.entitlementId)).limit(1) : [];
  if (!p) throw new AppError('NO_CASE', `该家庭的${g.program}待遇不是经案件审批的（如在保对象名册导入），系统中无法发起复核，请按规定复核后以“经核实不属于”或重新排查办结`, 'outcome', 409);
  const [due] = await tx.select({ id: caseReviews.id }).from(caseReviews).where(and(eq(caseReviews.programId, p.id), eq(caseReviews.status, 'due'))).limit(1);
  if (due) return { reviewId: due.id, caseId: p.caseId, programId: p.id };
  const why = `督导排查待复核：${g.reasons.slice(0, 2).join('；')}${note ? `。${note}` : ''}`;
  const r = await openReview(tx, actor, { caseId: p.caseId, programId: p.id, trigger: 'unannounced', note: why }, today);
  return { reviewId: r.id, caseId: p.caseId, programId: p.id };
}

/** The workbench's part: the open gaps of the actor's area, how many and the first `n`, with their reasons. */
export async function gapQueue(db: Db, actor: Actor, n: number) {
  const { rows, total } = await listGaps(db, actor, { status: 'open', page: 1, pageSize: n });
  const byKind = await db.select({ kind: coverageGaps.kind, n: count() }).from(coverageGaps)
    .where(and(eq(coverageGaps.status, 'open'), like(coverageGaps.areaCode, `${actor.areaCode}%`))).groupBy(coverageGaps.kind);
  return {
    count: total,
    byKind: Object.fromEntries(Object.keys(GAP_KINDS).map((k) => [k, byKind.find((b) => b.kind === k)?.n ?? 0])) as Record<GapKind, number>,
    rows: rows.map((r) => ({ id: r.id, kind: r.kind, kindLabel: r.kindLabel, householdId: r.householdId, headName: r.name, program: r.program,
      reasons: r.reasons.slice(0, 2), amountFen: r.amountFen ?? null, areaName: [r.township, r.village].filter(Boolean).join(' ') })),
  };
}

