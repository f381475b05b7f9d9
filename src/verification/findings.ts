/**
 * Stored findings of `doudi verify` (家庭经济状况核对) and what an officer does with them.
 *
 * A finding is one person (or household, for deposit and property), one kind and one piece of
 * evidence. Its state: open → confirmed (the registry was corrected; see confirmFinding) or
 * dismissed with a reason. A run that raises the same evidence again finds the stored row and
 * changes nothing (no duplicates; a dismissed finding stays dismissed); new evidence for the same
 * person and kind is a new open finding, and the older open one is `superseded`. An open finding the
 * feeds no longer show becomes `lapsed` (and open again if the evidence comes back).
 *
 * Interfaces for the case workflow (src/cases/):
 * - householdFindings(db, scope, householdId): every finding of a household, all states, with evidence, members masked;
 * - openBlockingFindings(db, householdId): the number of open findings of the kinds that stop a case's 核对 step (BLOCKING_KINDS).
 */
import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { queryRows, withSetting, type Db } from '../db/connection.ts';
import { findings } from './schema.ts';
import { households } from '../registry/schema.ts';
import { maskIdNumber } from '../domain/mask.ts';
import { BLOCKING_KINDS, KIND_LABELS, type Kind } from './match.ts';

export type FindingState = 'open' | 'confirmed' | 'dismissed' | 'lapsed' | 'superseded';

export interface FindingView {
  id: string;
  householdId: string;
  memberId: string | null;
  areaCode: string;
  kind: Kind;
  kindLabel: string;
  /** Whether an open finding of this kind stops a case's 核对 step. */
  blocking: boolean;
  source: string;
  period: string;
  /** Masked (430525********1234): the full number only through the member's audited reveal. */
  idNumber: string;
  evidence: Record<string, unknown>;
  message: string;
  state: FindingState;
  reason: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  raisedOn: string;
  lastSeenOn: string;
  version: number;
}

export function toView(f: typeof findings.$inferSelect): FindingView {
  return {
    id: f.id, householdId: f.householdId, memberId: f.memberId, areaCode: f.areaCode, kind: f.kind as Kind, kindLabel: KIND_LABELS[f.kind as Kind] ?? f.kind,
    blocking: BLOCKING_KINDS.includes(f.kind as Kind), source: f.source, period: f.period, idNumber: maskIdNumber(f.idNumber), evidence: f.evidence,
    message: f.message, state: f.state as FindingState, reason: f.reason, resolvedBy: f.resolvedBy, resolvedAt: f.resolvedAt,
    raisedOn: f.raisedOn, lastSeenOn: f.lastSeenOn, version: f.version,
  };
}

/** Every finding of a household inside the scope (area prefix), newest first, all states, with evidence. */
export async function householdFindings(db: Db, scope: string, householdId: string): Promise<FindingView[]> {
  const rows = await db.select().from(findings)
    .where(and(eq(findings.householdId, householdId), like(findings.areaCode, `${scope}%`)))
    .orderBy(sql`case ${findings.state} when 'open' then 0 when 'confirmed' then 1 when 'dismissed' then 2 else 3 end`, desc(findings.createdAt), findings.id);
  return rows.map(toView);
}

/** Open findings of the household that stop a case's 核对 step (BLOCKING_KINDS). */
export async function openBlockingFindings(db: Db, householdId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(findings)
    .where(and(eq(findings.householdId, householdId), eq(findings.state, 'open'), inArray(findings.kind, [...BLOCKING_KINDS])));
  return row?.n ?? 0;
}

export interface StoredFinding {
  householdId: string;
  areaCode: string;
  kind: Kind;
  source: string;
  period: string;
  memberId: string | null;
  idNumber: string;
  evidence: Record<string, string>;
  evidenceHash: string;
  message: string;
}

/** The raised findings' columns as json_to_recordset reads the new ones back. */
const RAISED_COLUMNS = 'o int, household_id text, area_code text, kind text, source text, period text, member_id text, id_number text, evidence jsonb, evidence_hash text, message text';

/**
 * Stores the findings one run raised over an area (all of them, complete): the same evidence keeps
 * its stored row and state; new evidence is a new open finding and supersedes the open one of the
 * same person and kind; open findings in the area not raised again lapse. One transaction; returns
 * each raised finding's state after the run.
 *
 * Compared by evidence hash in SQL: one statement receives only each raised finding's subject and
 * hash (one JSON parameter), finds the stored rows, lapses or supersedes the open ones not raised
 * again, marks the others seen and reopens the lapsed ones (data-modifying WITH queries, so the
 * whole comparison is one round trip), and returns the stored id and state of each. The full
 * findings (evidence, message) are sent only for those without a stored row, in one more statement;
 * a run that finds everything stored sends nothing else. In an area with no finding stored yet (its
 * first run) every raised finding is new: no comparison, only the insert.
 */
export async function storeFindings(db: Db, area: string, raised: StoredFinding[], date: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const area_ = `${area}%`;
    // Nothing stored in the area yet (its first run): every raised finding is new and nothing changes state.
    const [{ stored }] = await queryRows<{ stored: boolean }>(tx, sql`select exists (select 1 from ${findings} where area_code like ${area_}) as stored`);
    const found = stored ? await compareStored(tx, raised, area_, date, now) : raised.map((_, o) => ({ o, id: null, state: null }));
    const fresh = found.filter((f) => f.id === null).map(({ o }) => {
      const f = raised[o];
      return { o, household_id: f.householdId, area_code: f.areaCode, kind: f.kind, source: f.source, period: f.period,
        member_id: f.memberId, id_number: f.idNumber, evidence: f.evidence, evidence_hash: f.evidenceHash, message: f.message };
    });
    // A concurrent run that stored the same finding first wins (the unique index); nothing is doubled.
    for (let i = 0; i < fresh.length; i += 5000) {
      await tx.execute(sql`insert into ${findings} (id, household_id, member_id, area_code, kind, source, period, id_number, evidence, evidence_hash, message, state, raised_on, last_seen_on, created_at, updated_at)
        select gen_random_uuid()::text, household_id, member_id, area_code, kind, source, period, id_number, evidence, evidence_hash, message, 'open', ${date}, ${date}, ${now}, ${now}
        from json_to_recordset(${JSON.stringify(fresh.slice(i, i + 5000))}::json) as x(${sql.raw(RAISED_COLUMNS)}) order by o on conflict do nothing`);
    }
    return found.map((f) => (f.state === null || f.state === 'lapsed' ? 'open' : f.state));
  });
}

/**
 * storeFindings' comparison, one statement: each raised finding with its stored row, if any, and every
 * state change (lapsed, superseded, seen, open again); the stored id and state of each, in order.
 */
async function compareStored(tx: Db, raised: StoredFinding[], area_: string, date: string, now: Date): Promise<{ o: number; id: string | null; state: string | null }[]> {
  const keys = JSON.stringify(raised.map((f, o) => ({ o, h: f.householdId, k: f.kind, m: f.memberId, e: f.evidenceHash })));
  // Each raised finding with the stored row of the same subject and evidence, if any (a superseded one does not count).
  // Every join here is set against set (thousands of raised findings, the area's stored ones): hash joins,
  // never nested loops, even when the findings' statistics are stale (the table was empty at its last
  // ANALYZE, as after a first run: a nested loop over the raised set costs n² comparisons, 5.7 s for
  // 3,585 findings on PostgreSQL). For this statement only: restored after, also in an outer transaction.
  return withSetting(tx, 'enable_nestloop', 'off', (tx) => queryRows<{ o: number; id: string | null; state: string | null }>(tx, sql`
    with r as materialized (select * from json_to_recordset(${keys}::json) as x(o int, h text, k text, m text, e text)),
    found as materialized (select r.o, r.h, r.k, r.m, f.id, f.state from r left join ${findings} f on f.household_id = r.h and f.kind = r.k
      and coalesce(f.member_id, '') = coalesce(r.m, '') and f.evidence_hash = r.e and f.state in ('open', 'confirmed', 'dismissed', 'lapsed') and f.area_code like ${area_}),
    -- Open findings not raised again: superseded when their subject was raised with other evidence, else lapsed.
    gone as (update ${findings} f set state = case when s.h is null then 'lapsed' else 'superseded' end, updated_at = ${now}, version = f.version + 1
      from ${findings} g left join (select distinct h, k, coalesce(m, '') as m from r) s on s.h = g.household_id and s.k = g.kind and s.m = coalesce(g.member_id, '')
      where g.id = f.id and g.area_code like ${area_} and g.state = 'open' and not exists (select 1 from found where found.id = g.id)),
    seen as (update ${findings} f set last_seen_on = ${date} from found
      where found.id = f.id and found.state <> 'lapsed' and f.last_seen_on <> ${date}),
    back as (update ${findings} f set state = 'open', last_seen_on = ${date}, updated_at = ${now}, version = f.version + 1 from found
      where found.id = f.id and found.state = 'lapsed')
    select o, id, state from found order by o`));
}

/** Households of the findings in a scope, for the township report. */
export async function findingsInScope(db: Db, scope: string, states: FindingState[] = ['open', 'confirmed', 'dismissed']) {
  return db.select({ f: findings, ledgerKey: households.ledgerKey, headName: households.headName }).from(findings)
    .innerJoin(households, eq(households.id, findings.householdId))
    .where(and(like(findings.areaCode, `${scope}%`), inArray(findings.state, states)))
    .orderBy(findings.areaCode, findings.householdId, findings.kind);
}
