/**
 * 乡镇临时救助备用金 (002:L601, 000:L158): each township's reserve is the sum of its movements —
 * allocations in by the county (the balance never above `temporary.reserveFundLimit`), advances out
 * when an emergency (急难型) is paid first, and payments out when an approved 临时救助 is paid from it. The advance is taken in the same transaction as the
 * program's transition, under a row lock on the township's movements, so two advances cannot both
 * spend the last of it.
 */
import { and, desc, eq, like, or, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { reserveMovements } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { findArea } from '../domain/areas.ts';
import { fenToYuan, yuanToFen } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { packFor } from './lookups.ts';

/** The township's balance in fen; locks the township's reserve for the rest of the transaction. */
export async function reserveBalance(tx: Db, townshipCode: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(7312, ${Number(townshipCode.slice(-6))})`);
  const [r] = await tx.select({ fen: sql<string>`coalesce(sum(${reserveMovements.amountFen}), 0)` }).from(reserveMovements).where(eq(reserveMovements.townshipCode, townshipCode));
  return Number(r.fen);
}

/** Pays an emergency advance out of the township's reserve (in the caller's transaction). */
export async function spendReserve(tx: Db, m: { townshipCode: string; areaCode: string; amountFen: number; caseId: string; programId: string; note: string; actor: string; kind?: 'advance' | 'payment' }) {
  const balance = await reserveBalance(tx, m.townshipCode);
  if (balance < m.amountFen) {
    throw new AppError('RESERVE_LOW', `乡镇临时救助备用金余额 ${fenToYuan(balance).toFixed(2)} 元，不足以${m.kind === 'payment' ? '' : '先行'}支付 ${fenToYuan(m.amountFen).toFixed(2)} 元；请联系县民政局拨付备用金${m.kind === 'payment' ? '，或改为随发放名册发放' : ''}`, 'amountYuan', 409);
  }
  await tx.insert(reserveMovements).values({ townshipCode: m.townshipCode, areaCode: m.areaCode, kind: m.kind ?? 'advance', amountFen: -m.amountFen, caseId: m.caseId, programId: m.programId, note: m.note, actor: m.actor });
  return balance - m.amountFen;
}

/** The county allocates to a township's reserve, up to `temporary.reserveFundLimit`. */
export async function allocateReserve(db: Db, actor: Actor, townshipCode: string, amountYuan: number, note: string, today = todayInChina()) {
  if (actor.role !== 'county_admin' && actor.role !== 'county_staff') throw new AppError('FORBIDDEN', '备用金由县级民政部门拨付', undefined, 403);
  const area = findArea(townshipCode);
  if (!area || area.level !== 'township' || !townshipCode.startsWith(actor.areaCode)) throw new AppError('NOT_FOUND', '乡镇不存在或不在您的管辖范围内', 'townshipCode', 404);
  return db.transaction(async (tx) => {
    const { pack } = await packFor(tx, townshipCode, today);
    const limitFen = yuanToFen(pack.value<number>('temporary.reserveFundLimit'));
    const amountFen = yuanToFen(amountYuan);
    const balance = await reserveBalance(tx, townshipCode);
    if (balance + amountFen > limitFen) {
      throw new AppError('ABOVE_RESERVE_LIMIT', `拨付后余额 ${fenToYuan(balance + amountFen).toFixed(2)} 元将超过备用金上限 ${fenToYuan(limitFen).toFixed(2)} 元（temporary.reserveFundLimit）`, 'amountYuan', 409);
    }
    await tx.insert(reserveMovements).values({ townshipCode, areaCode: townshipCode, kind: 'allocate', amountFen, note, actor: actor.username });
    await appendAudit(tx, { actor: actor.username, action: 'reserve.allocate', target: `township:${townshipCode}`, areaCode: townshipCode, detail: { amountFen, note } });
    return { townshipCode, balanceYuan: fenToYuan(balance + amountFen), limitYuan: fenToYuan(limitFen) };
  });
}

/**
 * Balances of the townships in the actor's area, with the last movements. A village user sees the balance
 * of the reserve of his township (it pays his village's emergencies) but, of its movements, only his own
 * village's advances and the township's own movements (the county's allocations), never a sibling village's case.
 */
export async function listReserves(db: Db, actor: Actor, today = todayInChina()) {
  const scope = actor.areaCode.slice(0, Math.min(9, actor.areaCode.length));
  const balances = await db.select({ townshipCode: reserveMovements.townshipCode, fen: sql<string>`sum(${reserveMovements.amountFen})`,
    advancedFen: sql<string>`coalesce(sum(-${reserveMovements.amountFen}) filter (where ${reserveMovements.kind} in ('advance', 'payment')), 0)` })
    .from(reserveMovements).where(like(reserveMovements.townshipCode, `${scope}%`)).groupBy(reserveMovements.townshipCode);
  const visible = or(like(reserveMovements.areaCode, `${actor.areaCode}%`), eq(reserveMovements.areaCode, reserveMovements.townshipCode));
  const movements = await db.select().from(reserveMovements).where(and(like(reserveMovements.townshipCode, `${scope}%`), visible))
    .orderBy(desc(reserveMovements.id)).limit(100);
  let limitYuan: number | null = null;
  try { limitYuan = (await packFor(db, actor.areaCode, today)).pack.value<number>('temporary.reserveFundLimit'); } catch { /* no pack yet */ }
  return {
    limitYuan,
    townships: balances.map((b) => ({ townshipCode: b.townshipCode, name: findArea(b.townshipCode)?.name ?? b.townshipCode, balanceYuan: fenToYuan(Number(b.fen)), advancedYuan: fenToYuan(Number(b.advancedFen)) })),
    movements: movements.map((m) => ({ id: m.id, townshipCode: m.townshipCode, kind: m.kind, amountYuan: fenToYuan(m.amountFen), caseId: m.caseId, note: m.note, actor: m.actor, at: m.at })),
  };
}
