/**
 * 近亲属备案: the county's register of close relatives of assistance staff and village cadres (by ID
 * number). Kept by the county admin; matched at intake (store.matchStaffRelatives), so an applicant's
 * household holding such a relative is flagged and its programs get a county home visit. Entries are
 * removed with a reason, never deleted. ID numbers are shown masked.
 */
import { and, asc, eq, isNull, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { staffRelatives } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { maskIdNumber } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../registry/store.ts';

function mustBeCountyAdmin(actor: Actor) {
  if (actor.role !== 'county_admin') throw new AppError('FORBIDDEN', '近亲属备案由县级管理员维护', undefined, 403);
}

export async function listRelatives(db: Db, actor: Actor) {
  if (actor.role !== 'county_admin' && actor.role !== 'county_staff' && actor.role !== 'auditor') throw new AppError('FORBIDDEN', '近亲属备案仅县级可查看', undefined, 403);
  const rows = await db.select().from(staffRelatives).where(and(like(staffRelatives.areaCode, `${actor.areaCode}%`), isNull(staffRelatives.removedAt))).orderBy(asc(staffRelatives.id));
  return { rows: rows.map((r) => ({ ...r, relativeIdNumber: maskIdNumber(r.relativeIdNumber) })) };
}

export async function addRelative(db: Db, actor: Actor, r: { staffName: string; staffPosition: string; areaCode: string; relativeName: string; relativeIdNumber: string; relation: string }) {
  mustBeCountyAdmin(actor);
  if (!r.areaCode.startsWith(actor.areaCode)) throw new AppError('OUT_OF_SCOPE', '工作单位不在您的管辖范围内', 'areaCode', 403);
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: staffRelatives.id }).from(staffRelatives)
      .where(and(eq(staffRelatives.relativeIdNumber, r.relativeIdNumber), like(staffRelatives.areaCode, `${actor.areaCode}%`), isNull(staffRelatives.removedAt), eq(staffRelatives.staffName, r.staffName)));
    if (dup) throw new AppError('DUPLICATE', '该近亲属已备案', 'relativeIdNumber', 409);
    const [row] = await tx.insert(staffRelatives).values({ ...r, addedBy: actor.username }).returning({ id: staffRelatives.id });
    await appendAudit(tx, { actor: actor.username, action: 'staff_relative.add', target: `staff_relative:${row.id}`, areaCode: r.areaCode,
      detail: { staffName: r.staffName, staffPosition: r.staffPosition, relativeIdNumber: maskIdNumber(r.relativeIdNumber) } });
    return { id: row.id };
  });
}

export async function removeRelative(db: Db, actor: Actor, id: number, reason: string) {
  mustBeCountyAdmin(actor);
  return db.transaction(async (tx) => {
    const done = await tx.update(staffRelatives).set({ removedAt: new Date(), removedBy: actor.username, removedReason: reason })
      .where(and(eq(staffRelatives.id, id), like(staffRelatives.areaCode, `${actor.areaCode}%`), isNull(staffRelatives.removedAt))).returning({ areaCode: staffRelatives.areaCode });
    if (done.length === 0) throw new AppError('NOT_FOUND', '备案记录不存在或已移除', 'id', 404);
    await appendAudit(tx, { actor: actor.username, action: 'staff_relative.remove', target: `staff_relative:${id}`, areaCode: done[0].areaCode, detail: { reason } });
    return { ok: true };
  });
}
