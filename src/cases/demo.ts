/**
 * Demo cases for a fresh `doudi serve`: each township of the demo county gets its emergency reserve,
 * and 江口镇 a few cases at different steps (waiting for acceptance, in investigation, in public notice,
 * emergency aid paid first and waiting for its papers, a citizen's application), so the case pages and
 * queues show something. Only when the county has no case yet.
 */
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { cases, households } from '../db/schema.ts';
import { descendants } from '../domain/areas.ts';
import { makeIdNumber } from '../domain/idNumber.ts';
import { todayInChina } from '../registry/model.ts';
import { DEMO_LOGINS } from '../registry/seed.ts';
import type { Actor } from '../registry/store.ts';
import { applyPublic } from './public.ts';
import { allocateReserve } from './reserve.ts';
import { act, addAttachment, createCase } from './store.ts';

export async function seedDemoCases(db: Db, county: string, today = todayInChina()): Promise<number> {
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
  // The signed 核对授权书 would be a scan; the demo records its hash only (no file is served for it).
  await addAttachment(db, staff, inNotice.id, 'authorization', '核对授权书（演示）.pdf', { sha256: '0'.repeat(64), bytes: 0, mime: 'application/pdf' });
  await step(inNotice, 'verify', { result: 'pass', note: '演示：核对无异常' });
  const emergency = await createCase(db, staff, { channel: 'hotline', householdId: hs[3].id, description: '演示：火灾', programs: [{ program: '临时救助', subtype: '急难型', amountYuan: 800 }],
    hotline: { caller: '演示来电人', callbackNumber: '13800000000', said: '家中失火，急需救助' }, relativeDeclared: false }, today);
  await step(emergency, 'pay_advance', { amountYuan: 800, note: '演示：先行救助' });
  await applyPublic(db, { name: '演示申请人', idNumber: makeIdNumber('430525', '1980-01-01', 9, 'male'), phone: '13900000000', areaCode: hs[0].areaCode, description: '演示：掌上办申请' }, today);
  return 5;
}
