/**
 * 掌上办: the citizen's side, without a login. An application (name, ID number, phone, village, what
 * happened) opens a case from the channel `citizen` with a deadline for the township to take it up,
 * and answers with the application number and a one-time upload token for up to 3 photos. The status
 * is looked up with the application number and the last 6 characters of the ID number; a wrong number
 * and wrong digits get the same 404, and the answer holds nothing of any other person (no names; the
 * notice period and how to object, not the notice's entries).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { caseAttachments, casePrograms, cases } from './schema.ts';
import { notices } from '../workflow/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { findArea } from '../domain/areas.ts';
import { AppError } from '../errors.ts';
import { todayInChina } from '../registry/model.ts';
import { STATES, type State } from './model.ts';
import { packFor } from './lookups.ts';
import { newCaseNumber } from './store.ts';
import * as wf from './wf.ts';
import { dateInChina } from '../domain/dates.ts';

export const MAX_PUBLIC_PHOTOS = 3;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const notFound = () => new AppError('NOT_FOUND', '未找到该申请：请核对申请编号和身份证号后 6 位', 'number', 404);

export async function applyPublic(db: Db, a: { name: string; idNumber: string; phone: string; areaCode: string; description: string }, today = todayInChina()) {
  const area = findArea(a.areaCode);
  if (!area || area.level !== 'village') throw new AppError('UNKNOWN_AREA', '请选择所在的村（社区）', 'areaCode');
  const uploadToken = randomBytes(24).toString('base64url');
  return db.transaction(async (tx) => {
    let days = 5;
    try { days = (await packFor(tx, a.areaCode, today)).pack.value<number>('cases.deadlines.accept'); } catch { /* the county has no pack yet: the default */ }
    const id = randomUUID();
    const number = newCaseNumber(today);
    const task = await wf.openTask(tx, { subjectType: 'case', subjectId: id, step: 'intake', areaCode: a.areaCode, assigneeRole: 'township_staff', workingDays: days, actor: 'citizen', today });
    await tx.insert(cases).values({ id, number, areaCode: a.areaCode, channel: 'citizen', channelDetail: { uploadTokenHash: sha(uploadToken), photos: 0, intakeTaskId: task.id },
      applicantName: a.name, applicantIdNumber: a.idNumber, applicantPhone: a.phone, description: a.description, createdBy: 'citizen' });
    await wf.appendEvent(tx, { subjectType: 'case', subjectId: id, areaCode: a.areaCode, actor: 'citizen', action: 'case.open', detail: { channel: 'citizen', number } });
    await appendAudit(tx, { actor: 'citizen', action: 'case.public.apply', target: `case:${id}`, areaCode: a.areaCode, detail: { number } });
    return { number, uploadToken, photosAllowed: MAX_PUBLIC_PHOTOS };
  });
}

/** The case a citizen may add a photo to: the number and its upload token, and fewer than 3 photos so far. */
export async function publicCaseForUpload(db: Db, number: string, token: string) {
  const [c] = await db.select().from(cases).where(and(eq(cases.number, number), eq(cases.channel, 'citizen')));
  const expected = c ? String(c.channelDetail.uploadTokenHash ?? '') : '';
  const given = sha(token);
  if (!c || expected.length !== given.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(given))) throw notFound();
  if (Number(c.channelDetail.photos ?? 0) >= MAX_PUBLIC_PHOTOS) throw new AppError('TOO_MANY_PHOTOS', `最多上传 ${MAX_PUBLIC_PHOTOS} 张照片`, 'file', 409);
  return c;
}

export async function addPublicPhoto(db: Db, number: string, token: string, f: { sha256: string; bytes: number; mime: string }) {
  return db.transaction(async (tx) => {
    const c = await publicCaseForUpload(tx, number, token);
    // Counted under the row's lock, so parallel uploads cannot pass the limit together.
    const [locked] = await tx.select({ detail: cases.channelDetail }).from(cases).where(eq(cases.id, c.id)).for('update');
    const photos = Number(locked.detail.photos ?? 0);
    if (photos >= MAX_PUBLIC_PHOTOS) throw new AppError('TOO_MANY_PHOTOS', `最多上传 ${MAX_PUBLIC_PHOTOS} 张照片`, 'file', 409);
    await tx.update(cases).set({ channelDetail: { ...locked.detail, photos: photos + 1 } }).where(eq(cases.id, c.id));
    const id = randomUUID();
    await tx.insert(caseAttachments).values({ id, caseId: c.id, areaCode: c.areaCode, kind: 'photo', sha256: f.sha256, bytes: f.bytes, mime: f.mime, fileName: `photo-${photos + 1}`, uploadedBy: 'citizen' });
    await wf.appendEvent(tx, { subjectType: 'case', subjectId: c.id, areaCode: c.areaCode, actor: 'citizen', action: 'attachment.add', detail: { attachmentId: id, kind: 'photo' } });
    await appendAudit(tx, { actor: 'citizen', action: 'case.public.photo', target: `case:${c.id}`, areaCode: c.areaCode, detail: { sha256: f.sha256, bytes: f.bytes } });
    return { photos: photos + 1, photosAllowed: MAX_PUBLIC_PHOTOS };
  });
}

/** The status of one's own application: the number and the last 6 of the ID number must both match. */
export async function publicStatus(db: Db, number: string, idLast6: string, today = todayInChina()) {
  const [c] = await db.select({ id: cases.id, number: cases.number, idNumber: cases.applicantIdNumber, status: cases.status, createdAt: cases.createdAt, areaCode: cases.areaCode })
    .from(cases).where(eq(cases.number, number));
  const last6 = (c?.idNumber ?? '000000').slice(-6).toUpperCase();
  if (!c || !c.idNumber || !timingSafeEqual(Buffer.from(last6), Buffer.from(idLast6.padEnd(6).slice(0, 6)))) throw notFound();
  const ps = await db.select({ id: casePrograms.id, program: casePrograms.program, state: casePrograms.state, decision: casePrograms.decision, decisionReason: casePrograms.decisionReason,
    noticeId: casePrograms.noticeId, startMonth: casePrograms.startMonth }).from(casePrograms).where(eq(casePrograms.caseId, c.id)).orderBy(asc(casePrograms.createdAt));
  const noticeIds = ps.map((p) => p.noticeId).filter((x): x is string => !!x);
  const ns = noticeIds.length ? await db.select({ id: notices.id, startDate: notices.startDate, endDate: notices.endDate, contactPhone: notices.contactPhone, contactAddress: notices.contactAddress })
    .from(notices).where(inArray(notices.id, noticeIds)) : [];
  return {
    number: c.number,
    submittedOn: dateInChina(c.createdAt),
    status: c.status === 'closed' ? '已办结' : ps.length === 0 ? '已收到，等待乡镇（街道）受理' : '办理中',
    programs: ps.map((p) => {
      const n = ns.find((x) => x.id === p.noticeId);
      return {
        program: p.program, state: STATES[p.state as State] ?? p.state, decision: p.decision === 'approved' ? '批准' : p.decision === 'rejected' ? '不予批准' : null,
        decisionReason: p.decisionReason, startMonth: p.startMonth,
        notice: n ? { startDate: n.startDate, endDate: n.endDate, running: n.endDate >= today,
          howToObject: `公示期内（${n.startDate} 至 ${n.endDate}）对公示内容有异议的，可拨打 ${n.contactPhone} 或到 ${n.contactAddress} 反映；反映人信息将被保密。` } : null,
      };
    }),
    canAppeal: ps.some((p) => p.state === 'rejected'),
    appealHint: '对不予批准的决定不服的，可自收到决定之日起 60 日内向县级人民政府民政部门申请复议。',
  };
}

/** Counts of applications in a case (for tests and the status page). */
export async function photoCount(db: Db, caseId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(caseAttachments).where(and(eq(caseAttachments.caseId, caseId), eq(caseAttachments.kind, 'photo')));
  return r.n;
}
