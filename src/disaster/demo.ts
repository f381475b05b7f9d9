/**
 * The demo county's disaster (src/serveCommand.ts seedDemoCounty): a snow-and-ice event over 江口镇 whose
 * observations propose level III, confirmed by a named person; five households of 江口镇 registered as affected
 * (the first households of the township with no case yet, by household number, so every seeding picks the
 * same), and their relief at several steps — 应急救助 approved and due for the payroll (within the township
 * limit, paid at once without a notice), 过渡期生活救助 on notice (公示), 恢复重建 past its notice and waiting for
 * the county, 应急救助 in kind distributed with its signer, 临时生活困难救助 past its notice and waiting for the
 * township's approval — all through the capability's own store functions.
 */
import { and, asc, eq, like, notExists, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { cases } from '../cases/schema.ts';
import { households } from '../registry/schema.ts';
import { todayInChina } from '../registry/model.ts';
import { addDays } from '../workflow/calendar.ts';
import type { Actor } from '../registry/store.ts';
import { actRelief, confirmLevel, createEvent, proposeRelief, recordDistribution, registerAffected } from './store.ts';

const TOWNSHIP = '430525101';
const admin: Actor = { username: 'admin', role: 'county_admin', areaCode: '430525' };
const township: Actor = { username: 'xiangzhen', role: 'township_staff', areaCode: TOWNSHIP };

export async function seedDisasterDemo(db: Db, today = todayInChina()): Promise<{ eventId: string } | null> {
  const hs = await db.select({ id: households.id }).from(households)
    .where(and(like(households.areaCode, `${TOWNSHIP}%`), eq(households.status, 'active'), notExists(db.select({ x: sql`1` }).from(cases).where(eq(cases.householdId, households.id)))))
    .orderBy(asc(households.ledgerKey)).limit(5);
  if (hs.length === 0) return null;
  const event = await createEvent(db, admin, { kind: 'snowIce', name: '江口镇低温雨雪冰冻灾害（演示）', startedOn: today, areas: [TOWNSHIP],
    observations: { snowCm: 12, roadIceCm: 0.5, coldDays: 6 }, description: '积雪 12 厘米，乡道结冰，部分村组停电（演示数据）' });
  await confirmLevel(db, admin, event.id, { level: 'III', confirmedBy: '县应急管理局 刘局长（演示）', note: '' });
  const damage = ['general', 'collapsed', 'collapsed', 'severe', 'none'] as const;
  const affected: string[] = [];
  for (const [i, h] of hs.entries()) {
    const r = await registerAffected(db, township, event.id, { householdId: h.id, affected: 1, dead: 0, missing: 0, injured: i === 1 ? 1 : 0, relocated: i === 1 || i === 2 ? 1 : 0,
      lossYuan: [3000, 45000, 38000, 12000, 800][i], damage: damage[i], needs: i === 4 ? ['food'] : ['food', 'shelter'], note: '' }, today);
    affected.push(r.id);
  }
  const bank = { bankName: '洞口农商银行', accountNo: '6230901000000000001', accountName: '演示账户' };
  // One step each, in this order, for as many households as the county has (five in a county of any size worth showing).
  const steps: ((affectedId: string) => Promise<unknown>)[] = [
    async (a) => { const r = await proposeRelief(db, township, { affectedId: a, kind: 'emergency', form: 'cash', items: '', bank }, today); await actRelief(db, township, r.id, 'approve', { note: '灾情属实，同意（演示）' }, today); },
    (a) => proposeRelief(db, township, { affectedId: a, kind: 'transition', form: 'cash', items: '', bank }, today),
    async (a) => {
      // Posted (公示) long enough ago that the notice has ended, then reviewed and sent to the county.
      const r = await proposeRelief(db, township, { affectedId: a, kind: 'rebuild', form: 'cash', items: '', bank }, addDays(today, -20));
      await actRelief(db, township, r.id, 'close_notice', { note: '公示期满，无异议（演示）' }, today);
      await actRelief(db, township, r.id, 'review', { note: '房屋倒塌属实，报县级审批（演示）' }, today);
    },
    async (a) => {
      const r = await proposeRelief(db, township, { affectedId: a, kind: 'emergency', form: 'inKind', items: '大米 25 公斤、棉被 2 床' }, today);
      await actRelief(db, township, r.id, 'approve', { note: '同意发放实物（演示）' }, today);
      await recordDistribution(db, township, r.id, { items: '大米 25 公斤、棉被 2 床', valueYuan: 300, givenOn: today, signedBy: '户主本人（演示）' }, today);
    },
    async (a) => {
      const r = await proposeRelief(db, township, { affectedId: a, kind: 'hardship', season: 'winterSpring', form: 'cash', items: '', bank }, addDays(today, -20));
      await actRelief(db, township, r.id, 'close_notice', { note: '公示期满，无异议（演示）' }, today);
    },
  ];
  for (const [i, a] of affected.entries()) await steps[i](a);
  return { eventId: event.id };
}
