/**
 * The case lookups that the case store, referrals (转办), reviews, the reserve and the citizen page all use:
 * a case in the actor's area (404 otherwise), the county's pack in force, and closing a case whose programs
 * are all done. They import no other case module, so those modules can call each other's work without
 * importing one another back.
 */
import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { casePrograms, cases } from './schema.ts';
import { AppError } from '../errors.ts';
import { loadPack, resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { currentPolicy } from '../policy/store.ts';
import type { Actor } from '../registry/store.ts';
import { FINAL_STATES, type State } from './model.ts';

export type CaseRow = typeof cases.$inferSelect;
export type ProgramRow = typeof casePrograms.$inferSelect;

/** A department user acts as the county staff of that department. */
export interface CaseActor extends Actor { department?: string | null }

const notFound = () => new AppError('NOT_FOUND', '案件不存在或不在您的管辖范围内', 'id', 404);
export const scoped = (actor: Actor) => like(cases.areaCode, `${actor.areaCode}%`);

/** The case, if it lies in the actor's area; 404 otherwise (also for an id that does not exist). */
export async function caseInScope(db: Db, actor: Actor, id: string): Promise<CaseRow> {
  const [c] = await db.select().from(cases).where(and(eq(cases.id, id), scoped(actor)));
  if (!c) throw notFound();
  return c;
}

/** The county's pack in force on `date` for a village, with its version. */
export async function packFor(db: Db, areaCode: string, date: string): Promise<{ pack: ResolvedPack; policy: { packId: string; version: number } }> {
  const row = await currentPolicy(db, areaCode);
  if (!row) throw new AppError('NO_POLICY', '本县尚未发布政策包，请县级管理员先发布', undefined, 409);
  return { pack: resolvePack(loadPack(row.yaml), date), policy: { packId: row.packId, version: row.version } };
}

/** A case whose programs have all reached a final state is closed (approved, rejected, stopped, withdrawn; documented emergency aid). */
export async function closeCaseIfDone(tx: Db, caseId: string): Promise<void> {
  const ps = await tx.select({ state: casePrograms.state }).from(casePrograms).where(eq(casePrograms.caseId, caseId));
  // A rejection may still be appealed: the case stays open until then only while an appeal is running.
  const done = ps.length > 0 && ps.every((p) => FINAL_STATES.includes(p.state as State));
  await tx.update(cases).set({ status: done ? 'closed' : 'open', updatedAt: new Date() }).where(eq(cases.id, caseId));
}
