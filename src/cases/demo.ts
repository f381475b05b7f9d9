/**
 * Demo cases for a fresh `doudi serve`: each township of the demo county gets its emergency reserve, and
 * 江口镇 (the township of the demo login xiangzhen) a case at every step of a 低保 application, so one sitting
 * shows the whole procedure: waiting for acceptance, in investigation (特困), waiting for 核对, in public
 * notice with an objection, in 民主评议, waiting for approval, approved and paid in an approved payroll month
 * (seedDemoPayments runs after this), overdue and escalated (督办), emergency aid paid first and waiting for its
 * papers, and a citizen's application. The households are the first of the township by 户编号, so a
 * county seeded alike gets the same ones (README names them). Cases that lie in the past are registered
 * on their own dates (a 低保 approval takes weeks); nothing is written that the steps would not write.
 * Only when the county has no case yet. The files the demo cases reference (the 核对授权书) are written to
 * the attachment directory the server will serve them from.
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
import { act, addAttachment, addObjection, createCase, householdSnapshot, programResult, setBank } from './store.ts';
import { packFor } from './lookups.ts';
import type { CaseInput } from './model.ts';
import { tick } from './scheduler.ts';
import { evaluate } from '../policy/evaluate.ts';
import { parseHousehold } from '../policy/household.ts';
import { addDays } from '../workflow/calendar.ts';

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

/** What a demo case is there to show, in the order README lists them; the household is the township's n-th by 户编号. */
export const DEMO_CASE_ROLES = ['待受理', '入户调查', '公示中（有异议）', '先行救助待补手续', '家庭经济状况核对', '民主评议', '乡镇审批', '已批准并发放', '逾期督办'] as const;

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
    .where(and(like(households.areaCode, `${township}%`), eq(households.status, 'active'))).orderBy(asc(households.ledgerKey), asc(households.id)).limit(60);
  // A small demo county (tests) gets the first four and the citizen's application; the rest need a household each.
  if (hs.length < 4) return 0;
  const authorization = await demoAuthorization(attachmentDir);
  type Created = Awaited<ReturnType<typeof createCase>>;
  const step = (c: Created, action: Parameters<typeof act>[4], body: Record<string, unknown>, on = today) => act(db, staff, c.id, c.programs[0].id, action, body, on);
  const open = (householdId: string, description: string, programs: CaseInput['programs'], on = today, channel: 'window' | 'village' = 'window') =>
    createCase(db, staff, { channel, householdId, description, programs, relativeDeclared: false }, on);
  /** 受理, 入户调查 and 核对 on `on`: the program is in 公示 from that day. */
  const toNotice = async (c: Created, on: string) => {
    await step(c, 'accept', { note: '演示' }, on);
    await step(c, 'investigate', { visitedOn: on, visitors: ['演示调查员甲', '演示调查员乙'], findings: '演示：收入低于低保标准', livingConditions: '', recommendation: 'support' }, on);
    // The signed 核对授权书 would be a scan; the demo's is a generated page, stored where the server reads attachments.
    await addAttachment(db, staff, c.id, 'authorization', '核对授权书（演示）.pdf', authorization);
    await step(c, 'verify', { result: 'pass', note: '演示：核对无异常' }, on);
  };
  const objection = (c: Created, on: string) => addObjection(db, staff, c.id, c.programs[0].id, { byName: '演示村民', content: '演示：反映其家中有人在外务工，收入未申报' }, on);
  // A notice that began this long ago has ended (7 working days, holidays and all).
  const noticeAgo = addDays(today, -20);

  await open(hs[0].id, '演示：申请低保', [{ program: '低保' }]);
  const investigating = await open(hs[1].id, '演示：村里报告的困难家庭', [{ program: '特困' }], today, 'village');
  await step(investigating, 'accept', { note: '演示' });
  const inNotice = await open(hs[2].id, '演示：低保与医疗救助', [{ program: '低保' }, { program: '医疗救助' }]);
  await toNotice(inNotice, today);
  await objection(inNotice, today);
  const emergency = await createCase(db, staff, { channel: 'hotline', householdId: hs[3].id, description: '演示：火灾', programs: [{ program: '临时救助', subtype: '急难型', amountYuan: 800 }],
    hotline: { caller: '演示来电人', callbackNumber: '13800000000', said: '家中失火，急需救助' }, relativeDeclared: false }, today);
  await step(emergency, 'pay_advance', { amountYuan: 800, note: '演示：先行救助' });
  await applyPublic(db, { name: '演示申请人', idNumber: makeIdNumber('430525', '1980-01-01', 9, 'male'), phone: '13900000000', areaCode: hs[0].areaCode, description: '演示：掌上办申请' }, today);
  if (hs.length < DEMO_CASE_ROLES.length) return 5;
  const verifying = await open(hs[4].id, '演示：申请低保，待核对', [{ program: '低保' }]);
  await step(verifying, 'accept', { note: '演示' });
  await step(verifying, 'investigate', { visitedOn: today, visitors: ['演示调查员甲', '演示调查员乙'], findings: '演示：入户查看，家中无劳动力', livingConditions: '', recommendation: 'support' });
  const appraisal = await open(hs[5].id, '演示：公示期有异议，待民主评议', [{ program: '低保' }], noticeAgo);
  await toNotice(appraisal, noticeAgo);
  await objection(appraisal, noticeAgo);
  await step(appraisal, 'close_notice', { note: '演示：公示期满，收到异议一件' });
  const approval = await open(hs[6].id, '演示：公示无异议，待乡镇审批', [{ program: '低保' }], noticeAgo);
  await toNotice(approval, noticeAgo);
  await step(approval, 'close_notice', { note: '演示：公示期满，无异议' });
  // Approved some ten weeks ago, so the two approved payroll months of the demo pay it.
  const rest = hs.slice(DEMO_CASE_ROLES.length - 2);
  const paidHousehold = await firstEligible(db, rest, '低保', today) ?? rest[0];
  const appliedOn = addDays(today, -95);
  const approvedOn = addDays(today, -70);
  const paid = await open(paidHousehold.id, '演示：低保，已批准并按月发放', [{ program: '低保' }], appliedOn);
  await setBank(db, staff, paid.id, { bankName: '洞口农村商业银行（演示）', accountNo: '6230900000099990001', accountName: '演示户' });
  await toNotice(paid, appliedOn);
  await step(paid, 'close_notice', { note: '演示：公示期满，无异议' }, approvedOn);
  await step(paid, 'approve', { reason: '演示：家庭人均收入低于低保标准，公示无异议，予以批准' }, approvedOn);
  // Accepted six weeks ago and never investigated: overdue, escalated by the daily run (督办).
  const overdueHousehold = rest.find((h) => h.id !== paidHousehold.id)!;
  const overdue = await open(overdueHousehold.id, '演示：受理后逾期未入户调查', [{ program: '低保' }], addDays(today, -42));
  await step(overdue, 'accept', { note: '演示' }, addDays(today, -42));
  await tick(db, today);
  return DEMO_CASE_ROLES.length + 1;
}

/** The first of `hs` the county's pack finds eligible for `program` on `date` (a paid demo case must be payable). */
async function firstEligible(db: Db, hs: { id: string; areaCode: string }[], program: string, date: string) {
  const { pack } = await packFor(db, hs[0].areaCode, date);
  for (const h of hs) {
    if (programResult(evaluate(pack, parseHousehold(await householdSnapshot(db, h.id))), program).status !== 'ineligible') return h;
  }
  return undefined;
}
