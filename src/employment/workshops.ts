/**
 * 以工代训 (002:L303): a workshop (name, enterprise, township, the enterprise's account) and its months, each
 * with the trainees (members inside the actor's area) and the amount the pack gives for that month of the
 * workshop (rules.ts workTrainingFen: employment.workTraining.perMonth, at most .maxMonths months). The
 * money goes to the enterprise, not to a household, so it is recorded and counted in the figures but not
 * put on the household payroll.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { findArea } from '../domain/areas.ts';
import { maskBank } from '../domain/mask.ts';
import { fenToYuan } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../registry/store.ts';
import { param, workTrainingFen } from './rules.ts';
import { employmentWorkshopMonths, employmentWorkshops, type Payee } from './schema.ts';
import { memberInScope, packOn } from './store.ts';

export async function createWorkshop(db: Db, actor: Actor, w: { name: string; employer: string; areaCode: string; payee: Payee }) {
  if (!w.areaCode.startsWith(actor.areaCode) || !findArea(w.areaCode)) {
    throw new AppError('OUT_OF_SCOPE', '车间所在地不是您管辖范围内的乡镇（街道）', 'areaCode', 403);
  }
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(employmentWorkshops).values({ id, name: w.name, employer: w.employer, areaCode: w.areaCode, payee: w.payee, createdBy: actor.username });
    await appendAudit(tx as unknown as Db, { actor: actor.username, action: 'employment.workshop.create', target: `workshop:${id}`, areaCode: w.areaCode, detail: { name: w.name, employer: w.employer } });
  });
  return { id };
}

/** Records a month of a workshop with its trainees; the amount is the pack's for the workshop's n-th month (none beyond the pack's months). */
export async function recordWorkshopMonth(db: Db, actor: Actor, workshopId: string, b: { month: string; memberIds: string[] }, today: string) {
  const [w] = await db.select().from(employmentWorkshops).where(and(eq(employmentWorkshops.id, workshopId), like(employmentWorkshops.areaCode, `${actor.areaCode}%`)));
  if (!w) throw new AppError('NOT_FOUND', '车间不存在或不在您的管辖范围内', 'workshopId', 404);
  if (b.month > today.slice(0, 7)) throw new AppError('FUTURE_MONTH', `月份 ${b.month} 晚于本月，只能登记已经开始的月份`, 'month');
  const ids = [...new Set(b.memberIds)];
  for (const id of ids) await memberInScope(db, actor, id);
  const pack = await packOn(db, w.areaCode, `${b.month}-01`);
  if (!param<number | null>(pack, 'employment.workTraining.perMonth')) {
    throw new AppError('POLICY_MISSING', '政策包未设置以工代训补贴标准（employment.workTraining.perMonth），请县级管理员在政策包中设置后再登记', 'policy', 409);
  }
  const before = await db.select({ month: employmentWorkshopMonths.month }).from(employmentWorkshopMonths).where(eq(employmentWorkshopMonths.workshopId, w.id));
  if (before.some((m) => m.month === b.month)) throw new AppError('ALREADY_RECORDED', `该车间 ${b.month} 已登记`, 'month', 409);
  const max = param<number>(pack, 'employment.workTraining.maxMonths');
  if (before.length >= max) throw new AppError('TERM_LIMIT', `以工代训每个车间最长 ${max} 个月，该车间已登记 ${before.length} 个月`, 'month', 422);
  const amountFen = workTrainingFen(pack, before.length + 1).amountFen - workTrainingFen(pack, before.length).amountFen;
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(employmentWorkshopMonths).values({ id, workshopId: w.id, areaCode: w.areaCode, month: b.month, trainees: ids, amountFen, createdBy: actor.username });
    await appendAudit(tx as unknown as Db, { actor: actor.username, action: 'employment.workshop.month', target: `workshop:${w.id}`, areaCode: w.areaCode,
      detail: { month: b.month, trainees: ids.length, amountFen, nth: before.length + 1 } });
  });
  return { id, month: b.month, nth: before.length + 1, maxMonths: max, trainees: ids.length, amountYuan: fenToYuan(amountFen) };
}

/** The workshops inside `area` with their months; accounts masked. */
export async function listWorkshops(db: Db, area: string) {
  const ws = await db.select().from(employmentWorkshops).where(like(employmentWorkshops.areaCode, `${area}%`)).orderBy(asc(employmentWorkshops.areaCode), asc(employmentWorkshops.name));
  const months = ws.length ? await db.select().from(employmentWorkshopMonths).where(inArray(employmentWorkshopMonths.workshopId, ws.map((w) => w.id))).orderBy(asc(employmentWorkshopMonths.month)) : [];
  return {
    rows: ws.map((w) => {
      const ms = months.filter((m) => m.workshopId === w.id);
      return { id: w.id, name: w.name, employer: w.employer, areaCode: w.areaCode, township: findArea(w.areaCode)?.name ?? w.areaCode, payee: maskBank(w.payee),
        months: ms.map((m) => ({ month: m.month, trainees: m.trainees.length, amountYuan: fenToYuan(m.amountFen) })),
        totalYuan: fenToYuan(ms.reduce((a, m) => a + m.amountFen, 0)) };
    }),
  };
}
