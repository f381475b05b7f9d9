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
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
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

const subjectKey = (f: { householdId: string; kind: string; memberId: string | null }) => `${f.householdId}|${f.kind}|${f.memberId ?? ''}`;

/**
 * Stores the findings one run raised over an area (all of them, complete): the same evidence keeps
 * its stored row and state; new evidence is a new open finding and supersedes the open one of the
 * same person and kind; open findings in the area not raised again lapse. One transaction; returns
 * each raised finding's state after the run.
 */
export async function storeFindings(db: Db, area: string, raised: StoredFinding[], date: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: findings.id, householdId: findings.householdId, kind: findings.kind, memberId: findings.memberId, evidenceHash: findings.evidenceHash, state: findings.state })
      .from(findings).where(and(like(findings.areaCode, `${area}%`), inArray(findings.state, ['open', 'confirmed', 'dismissed', 'lapsed'])));
    const byHash = new Map(existing.map((e) => [`${subjectKey(e)}|${e.evidenceHash}`, e]));
    const seen = new Set<string>();
    const reopen: string[] = [];
    const touch: string[] = [];
    const inserts: (typeof findings.$inferInsert)[] = [];
    const states: string[] = [];
    const now = new Date();
    for (const f of raised) {
      const key = `${subjectKey(f)}|${f.evidenceHash}`;
      const found = byHash.get(key);
      seen.add(key);
      if (found) {
        if (found.state === 'lapsed') { reopen.push(found.id); states.push('open'); } else { touch.push(found.id); states.push(found.state); }
      } else {
        inserts.push({ id: randomUUID(), ...f, state: 'open', raisedOn: date, lastSeenOn: date, createdAt: now, updatedAt: now });
        states.push('open');
      }
    }
    const raisedSubjects = new Set(raised.map(subjectKey));
    const supersede: string[] = [];
    const lapse: string[] = [];
    for (const e of existing) {
      if (e.state !== 'open' || seen.has(`${subjectKey(e)}|${e.evidenceHash}`)) continue;
      (raisedSubjects.has(subjectKey(e)) ? supersede : lapse).push(e.id);
    }
    // A concurrent run that stored the same finding first wins (the unique index); nothing is doubled.
    for (let i = 0; i < inserts.length; i += 1000) await tx.insert(findings).values(inserts.slice(i, i + 1000)).onConflictDoNothing();
    const set = async (ids: string[], values: Parameters<ReturnType<typeof tx.update<typeof findings>>['set']>[0], only = sql`true`) => {
      for (let i = 0; i < ids.length; i += 10_000) await tx.update(findings).set(values).where(sql`${findings.id} = any(${sql.param(ids.slice(i, i + 10_000))}::text[]) and ${only}`);
    };
    await set(touch, { lastSeenOn: date }, sql`${findings.lastSeenOn} <> ${date}`);
    await set(reopen, { state: 'open', lastSeenOn: date, updatedAt: now, version: sql`${findings.version} + 1` });
    await set(supersede, { state: 'superseded', updatedAt: now, version: sql`${findings.version} + 1` });
    await set(lapse, { state: 'lapsed', updatedAt: now, version: sql`${findings.version} + 1` });
    return states;
  });
}

/** Households of the findings in a scope, for the township report. */
export async function findingsInScope(db: Db, scope: string, states: FindingState[] = ['open', 'confirmed', 'dismissed']) {
  return db.select({ f: findings, ledgerKey: households.ledgerKey, headName: households.headName }).from(findings)
    .innerJoin(households, eq(households.id, findings.householdId))
    .where(and(like(findings.areaCode, `${scope}%`), inArray(findings.state, states)))
    .orderBy(findings.areaCode, findings.householdId, findings.kind);
}
