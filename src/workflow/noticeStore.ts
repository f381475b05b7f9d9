/**
 * Storage of notices (公示) and their objections (异议). A notice's entries are stored already masked
 * (built by notices.ts `noticeEntries`) and masked again when read, so the table never holds a full ID
 * number or a name in clear, whatever wrote it. An objection's name and phone are stored (the township
 * must be able to call back) and shown masked. The caller (cases, monitoring) records the event on its
 * subject's timeline; these functions write the audit entries.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { notices, noticeObjections } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { maskName, maskPhone } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { todayInChina } from '../registry/model.ts';
import { currentPolicy } from '../policy/store.ts';
import { loadPack, parameterOn } from '../policy/pack.ts';
import { countyOf, countyOverrides } from './calendarStore.ts';
import { noticeEndDate, noticeEntries, type NoticeDoc, type NoticeEntry } from './notices.ts';

export type NoticeRow = typeof notices.$inferSelect;

/** A parameter of the county's current pack on `date`, or undefined when there is no pack or it is unset. */
export async function countyParameter<T>(db: Db, areaCode: string, name: string, date: string): Promise<T | undefined> {
  const version = await currentPolicy(db, countyOf(areaCode));
  if (!version) return undefined;
  try {
    return parameterOn<T>(loadPack(version.yaml), name, date).value ?? undefined;
  } catch {
    return undefined;
  }
}

export interface OpenNoticeInput {
  subjectType: string;
  subjectId: string;
  areaCode: string;
  title: string;
  issuer: string;
  /** notice.days of the pack. */
  days: number;
  /** Count the days as working days (default: the pack's notice.workingDays). */
  workingDays?: boolean;
  entries: NoticeEntry[];
  /** Default: the pack's notice.objectionPhone (or none). */
  contactPhone?: string;
  /** Default: the issuer's 社会救助服务窗口. */
  contactAddress?: string;
  actor: string;
  today?: string;
}

export async function openNotice(tx: Db, n: OpenNoticeInput): Promise<NoticeRow> {
  if (!Number.isInteger(n.days) || n.days < 1) throw new AppError('INVALID_NOTICE_DAYS', '公示天数应为正整数（政策包 notice.days）', 'days');
  const today = n.today ?? todayInChina();
  const working = n.workingDays ?? (await countyParameter<boolean>(tx, n.areaCode, 'notice.workingDays', today)) ?? false;
  const phone = n.contactPhone ?? (await countyParameter<string>(tx, n.areaCode, 'notice.objectionPhone', today)) ?? '';
  const endDate = noticeEndDate(today, n.days, working, await countyOverrides(tx, n.areaCode));
  const [row] = await tx.insert(notices).values({ id: randomUUID(), subjectType: n.subjectType, subjectId: n.subjectId, areaCode: n.areaCode,
    title: n.title, issuer: n.issuer, startDate: today, endDate, entries: noticeEntries(n.entries) as unknown[],
    contactPhone: phone, contactAddress: n.contactAddress ?? `${n.issuer}社会救助服务窗口`, createdBy: n.actor }).returning();
  await appendAudit(tx, { actor: n.actor, action: 'workflow.notice.open', target: row.id, areaCode: n.areaCode,
    detail: { subjectType: n.subjectType, subjectId: n.subjectId, startDate: today, endDate, days: n.days, workingDays: working, entries: row.entries.length } });
  return row;
}

/** The notice as a document (entries masked again on the way out). */
export function noticeDoc(row: NoticeRow, areaName?: string): NoticeDoc {
  return { title: row.title, issuer: row.issuer, areaName, startDate: row.startDate, endDate: row.endDate,
    entries: noticeEntries(row.entries as NoticeEntry[]), contactPhone: row.contactPhone, contactAddress: row.contactAddress };
}

/** A notice inside `scope`, or 404. */
export async function getNotice(db: Db, scope: string, id: string): Promise<NoticeRow> {
  const [row] = await db.select().from(notices).where(and(eq(notices.id, id), like(notices.areaCode, `${scope}%`)));
  if (!row) throw new AppError('NOTICE_NOT_FOUND', '公示不存在', 'id', 404);
  return row;
}

/** Notices of a subject inside `scope`, oldest first. */
export async function noticesOf(db: Db, scope: string, subjectType: string, subjectId: string): Promise<NoticeRow[]> {
  return db.select().from(notices).where(and(eq(notices.subjectType, subjectType), eq(notices.subjectId, subjectId), like(notices.areaCode, `${scope}%`)))
    .orderBy(asc(notices.createdAt));
}

export interface ObjectionInput {
  noticeId: string;
  /** The notice's area (checked). */
  areaCode: string;
  byName?: string | null;
  byPhone?: string | null;
  content: string;
  actor: string;
}

export async function recordObjection(tx: Db, o: ObjectionInput): Promise<typeof noticeObjections.$inferSelect> {
  const [notice] = await tx.select().from(notices).where(eq(notices.id, o.noticeId));
  if (!notice || notice.areaCode !== o.areaCode) throw new AppError('NOTICE_NOT_FOUND', '公示不存在', 'noticeId', 404);
  if (!o.content.trim()) throw new AppError('CONTENT_REQUIRED', '请填写异议内容', 'content');
  const [row] = await tx.insert(noticeObjections).values({ id: randomUUID(), noticeId: o.noticeId, areaCode: notice.areaCode,
    byName: o.byName ?? null, byPhone: o.byPhone ?? null, content: o.content, receivedBy: o.actor }).returning();
  await appendAudit(tx, { actor: o.actor, action: 'workflow.notice.objection', target: row.id, areaCode: notice.areaCode,
    detail: { noticeId: notice.id, subjectType: notice.subjectType, subjectId: notice.subjectId } });
  return row;
}

/** Records how an objection was handled (核实结果). */
export async function handleObjection(tx: Db, id: string, h: { result: string; actor: string; scope: string }): Promise<void> {
  const [row] = await tx.select().from(noticeObjections).where(and(eq(noticeObjections.id, id), like(noticeObjections.areaCode, `${h.scope}%`))).for('update');
  if (!row) throw new AppError('OBJECTION_NOT_FOUND', '异议不存在', 'id', 404);
  if (row.result) throw new AppError('OBJECTION_HANDLED', '该异议已有处理结果', 'id', 409);
  if (!h.result.trim()) throw new AppError('RESULT_REQUIRED', '请填写处理结果', 'result');
  await tx.update(noticeObjections).set({ result: h.result, handledAt: new Date(), handledBy: h.actor }).where(eq(noticeObjections.id, id));
  await appendAudit(tx, { actor: h.actor, action: 'workflow.notice.objection.handle', target: id, areaCode: row.areaCode, detail: { noticeId: row.noticeId } });
}

export interface ObjectionView {
  id: string;
  byName: string | null;
  byPhone: string | null;
  content: string;
  receivedAt: Date;
  receivedBy: string;
  result: string | null;
  handledAt: Date | null;
  handledBy: string | null;
}

/** The objections of a notice inside `scope`, with the objector's name and phone masked. */
export async function listObjections(db: Db, scope: string, noticeId: string): Promise<ObjectionView[]> {
  const rows = await db.select().from(noticeObjections)
    .where(and(eq(noticeObjections.noticeId, noticeId), like(noticeObjections.areaCode, `${scope}%`))).orderBy(asc(noticeObjections.receivedAt));
  return rows.map((r) => ({ id: r.id, byName: r.byName && maskName(r.byName), byPhone: r.byPhone && maskPhone(r.byPhone), content: r.content,
    receivedAt: r.receivedAt, receivedBy: r.receivedBy, result: r.result, handledAt: r.handledAt, handledBy: r.handledBy }));
}
