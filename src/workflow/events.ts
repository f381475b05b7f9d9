/**
 * The subject timeline (workflow_events): one append-only table shared by cases, referrals and
 * monitoring. Each row is who did what to which subject, when, from which state to which, and why.
 * Rows are only inserted (never updated or deleted); call `appendEvent` inside the transaction of the
 * change it records. Reads are scoped to an area prefix.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { insertJsonRows } from '../db/jsonRows.ts';
import { workflowEvents } from './schema.ts';

export type WorkflowEvent = typeof workflowEvents.$inferSelect;

export interface EventInput {
  subjectType: string;
  subjectId: string;
  areaCode: string;
  actor: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one event to a subject's timeline (append-only; call inside the change's transaction). */
export async function appendEvent(tx: Db, e: EventInput): Promise<void> {
  await appendEvents(tx, [e]);
}

/** Appends events in the order given, thousands per statement as one JSON parameter (db/jsonRows.ts), so a run raising thousands of warnings writes them in a few round trips. */
export async function appendEvents(tx: Db, es: EventInput[]): Promise<void> {
  await insertJsonRows(tx, workflowEvents, es.map((e) => ({ subjectType: e.subjectType, subjectId: e.subjectId, areaCode: e.areaCode, actor: e.actor,
    action: e.action, fromState: e.fromState ?? null, toState: e.toState ?? null, reason: e.reason ?? null, detail: e.detail ?? {} })));
}

/** A subject's timeline, oldest first, only inside `scope`. */
export async function listEvents(db: Db, scope: string, subjectType: string, subjectId: string): Promise<WorkflowEvent[]> {
  return db.select().from(workflowEvents)
    .where(and(eq(workflowEvents.subjectType, subjectType), eq(workflowEvents.subjectId, subjectId), like(workflowEvents.areaCode, `${scope}%`)))
    .orderBy(asc(workflowEvents.id));
}
