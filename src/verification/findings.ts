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
import { queryRows, type Db } from '../db/connection.ts';
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

/** The raised findings' columns as jsonb_to_recordset reads them back. */
const RAISED_COLUMNS = 'ord int, household_id text, area_code text, kind text, source text, period text, member_id text, id_number text, evidence jsonb, evidence_hash text, message text';

/**
 * Stores the findings one run raised over an area (all of them, complete): the same evidence keeps
 * its stored row and state; new evidence is a new open finding and supersedes the open one of the
 * same person and kind; open findings in the area not raised again lapse. One transaction; returns
 * each raised finding's state after the run.
 *
 * Set-based: the raised findings go to a temporary table (5,000 rows per JSON parameter), each matched
 * on the way in to its stored row by subject and evidence hash in SQL, and every change is one
 * statement, so a run stores thousands of findings in a handful of round trips.
 */
export async function storeFindings(db: Db, area: string, raised: StoredFinding[], date: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const inArea = sql`f.area_code like ${`${area}%`}`;
    await tx.execute(sql`create temp table raised_findings (${sql.raw(RAISED_COLUMNS)}, found_id text, found_state text) on commit drop`);
    // Each raised finding with the stored row of the same subject and evidence, if any (a superseded one does not count).
    for (let i = 0; i < raised.length; i += 5000) {
      const batch = raised.slice(i, i + 5000).map((f, j) => ({ ord: i + j, household_id: f.householdId, area_code: f.areaCode, kind: f.kind, source: f.source, period: f.period,
        member_id: f.memberId, id_number: f.idNumber, evidence: f.evidence, evidence_hash: f.evidenceHash, message: f.message }));
      await tx.execute(sql`insert into raised_findings select x.*, f.id, f.state from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(${sql.raw(RAISED_COLUMNS)})
        left join ${findings} f on f.household_id = x.household_id and f.kind = x.kind and coalesce(f.member_id, '') = coalesce(x.member_id, '')
          and f.evidence_hash = x.evidence_hash and f.state in ('open', 'confirmed', 'dismissed', 'lapsed') and ${inArea}`);
    }
    // Statistics, so the statements below join by hash rather than scanning the table once per finding.
    await tx.execute(sql`create index on raised_findings (found_id)`);
    await tx.execute(sql`analyze raised_findings`);
    // Open findings not raised again: superseded when their subject was raised with other evidence, else lapsed.
    await tx.execute(sql`update ${findings} f set state = case when exists (select 1 from raised_findings r where r.household_id = f.household_id and r.kind = f.kind
        and coalesce(r.member_id, '') = coalesce(f.member_id, '')) then 'superseded' else 'lapsed' end, updated_at = ${now}, version = f.version + 1
      where ${inArea} and f.state = 'open' and not exists (select 1 from raised_findings r where r.found_id = f.id)`);
    // A concurrent run that stored the same finding first wins (the unique index); nothing is doubled.
    await tx.execute(sql`insert into ${findings} (id, household_id, member_id, area_code, kind, source, period, id_number, evidence, evidence_hash, message, state, raised_on, last_seen_on, created_at, updated_at)
      select gen_random_uuid()::text, household_id, member_id, area_code, kind, source, period, id_number, evidence, evidence_hash, message, 'open', ${date}, ${date}, ${now}, ${now}
      from raised_findings where found_id is null order by ord on conflict do nothing`);
    await tx.execute(sql`update ${findings} f set last_seen_on = ${date} from raised_findings r
      where r.found_id = f.id and r.found_state <> 'lapsed' and f.last_seen_on <> ${date}`);
    await tx.execute(sql`update ${findings} f set state = 'open', last_seen_on = ${date}, updated_at = ${now}, version = f.version + 1 from raised_findings r
      where r.found_id = f.id and r.found_state = 'lapsed'`);
    const rows = await queryRows<{ state: string }>(tx, sql`select case when found_state is null or found_state = 'lapsed' then 'open' else found_state end as state
      from raised_findings order by ord`);
    return rows.map((r) => r.state);
  });
}

/** Households of the findings in a scope, for the township report. */
export async function findingsInScope(db: Db, scope: string, states: FindingState[] = ['open', 'confirmed', 'dismissed']) {
  return db.select({ f: findings, ledgerKey: households.ledgerKey, headName: households.headName }).from(findings)
    .innerJoin(households, eq(households.id, findings.householdId))
    .where(and(like(findings.areaCode, `${scope}%`), inArray(findings.state, states)))
    .orderBy(findings.areaCode, findings.householdId, findings.kind);
}
