/**
 * Demo cases for a fresh `doudi serve`: each township of the demo county gets its emergency reserve,
 * and 江口镇 a few cases at different steps (waiting for acceptance, in investigation, in public notice,
 * emergency aid paid first and waiting for its papers, a citizen's application), so the case pages and
 * queues show something. Only when the county has no case yet. The files the demo cases reference (the
 * 核对授权书) are written to the attachment directory the server will serve them from.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { Db } from '../db/connection.ts';
import { cases } from './schema.ts';
import { households } from '../registry/schema.ts';
import { descendants } from '../domain/areas.ts';
import { makeIdNumber } from '../domain/idNumber.ts';
import { todayInChina } from '../registry/model.ts';
import { DEMO_LOGINS } from '../registry/seed.ts';
import type { Actor } from '../registry/store.ts';
import { noticeFontPath } from '../workflow/notices.ts';
import { AttachmentStore, type StoredFile } from './attachments.ts';
import { applyPublic } from './public.ts';
import { allocateReserve } from './reserve.ts';
import { act, addAttachment, createCase } from './store.ts';

/** A one-page demo 核对授权书 (no personal data), as a PDF with the CJK font of the notices. */
export async function demoAuthorizationPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: '家庭经济状况核对授权书（演示）' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', noticeFontPath());
  doc.font('cjk').fontSize(18).text('家庭经济状况核对授权书（演示）', { align: 'center' }).moveDown(1);
  doc.fontSize(11).text('本人及共同生活的家庭成员申请社会救助，同意并授权民政部门及其委托的核对机构，依法查询、核对本家庭成员的收入、财产等经济状况信息。', { indent: 22, lineGap: 4 }).moveDown(1);
  doc.text('本文件为演示数据，不对应任何真实人员。', { indent: 22 });
  doc.end();
  return done;
}

/** The demo's 核对授权书 written to the attachment store (`dir`); without one, its hash only (the case page then answers 404 for the file). */
async function demoAuthorization(dir: string | undefined): Promise<StoredFile> {
  const pdf = await demoAuthorizationPdf();
  if (dir) return AttachmentStore.open(dir).receive(Readable.from([pdf]), pdf.length);
  return { sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf.length, mime: 'application/pdf' };
}

export async function seedDemoCases(db: Db, county: string, today = todayInChina(), attachmentDir?: string): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).where(like(cases.areaCode, `${county}%`));
  if (n > 0) return 0;
  const admin: Actor = { username: 'admin', role: 'county_admin', areaCode: county };
  const townships = descendants(county).filter((a) => a.level === 'township');
  for (const t of townships) await allocateReserve(db, admin, t.code, 20000, '演示：年初拨付备用金', today);
  // The cases lie in the township of the demo's township login and are registered by it, so its queue starts
  // with them (a county without such a login gets them in its first township, registered by "system").
  const login = DEMO_LOGINS.find((l) => l.role === 'township_staff' && l.areaCode.startsWith(county) && townships.some((t) => t.code === l.areaCode));
  const township = login?.areaCode ?? townships[0]?.code;
  if (!township) return 0;
  const staff: Actor = { username: login?.username ?? 'system', role: 'township_staff', areaCode: township };
  const hs = await db.select({ id: households.id, areaCode: households.areaCode }).from(households)
    .where(and(like(households.areaCode, `${township}%`), eq(households.status, 'active'))).orderBy(asc(households.id)).limit(4);
  if (hs.length < 4) return 0;
  const step = (c: { id: string; programs: { id: string }[] }, action: Parameters<typeof act>[4], body: Record<string, unknown>) => act(db, staff, c.id, c.programs[0].id, action, body, today);
  await createCase(db, staff, { channel: 'window', householdId: hs[0].id, description: '演示：申请低保', programs: [{ program: '低保' }], relativeDeclared: false }, today);
  const investigating = await createCase(db, staff, { channel: 'village', householdId: hs[1].id, description: '演示：村里报告的困难家庭', programs: [{ program: '特困' }], relativeDeclared: false }, today);
  await step(investigating, 'accept', { note: '演示' });
  const inNotice = await createCase(db, staff, { channel: 'window', householdId: hs[2].id, description: '演示：低保与医疗救助', programs: [{ program: '低保' }, { program: '医疗救助' }], relativeDeclared: false }, today);
  await step(inNotice, 'accept', { note: '演示' });
  await step(inNotice, 'investigate', { visitedOn: today, visitors: ['演示调查员甲', '演示调查员乙'], findings: '演示：收入低于低保标准', livingConditions: '', recommendation: 'support' });
  // The signed 核对授权书 would be a scan; the demo's is a generated page, stored where the server reads attachments.
  await addAttachment(db, staff, inNotice.id, 'authorization', '核对授权书（演示）.pdf', await demoAuthorization(attachmentDir));
  await step(inNotice, 'verify', { result: 'pass', note: '演示：核对无异常' });
  const emergency = await createCase(db, staff, { channel: 'hotline', householdId: hs[3].id, description: '演示：火灾', programs: [{ program: '临时救助', subtype: '急难型', amountYuan: 800 }],
    hotline: { caller: '演示来电人', callbackNumber: '13800000000', said: '家中失火，急需救助' }, relativeDeclared: false }, today);
  await step(emergency, 'pay_advance', { amountYuan: 800, note: '演示：先行救助' });
  await applyPublic(db, { name: '演示申请人', idNumber: makeIdNumber('430525', '1980-01-01', 9, 'male'), phone: '13900000000', areaCode: hs[0].areaCode, description: '演示：掌上办申请' }, today);
  return 5;
}
