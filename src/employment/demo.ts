/**
 * Demo data for a first `npm start`: in 零就业家庭 of 江口镇 first (the township's demo login sees them), else
 * of the rest of the county, through this capability's own store functions as the county's demo admin, a "311" year for one person (recommendations, guidance, a completed training), a
 * 零就业家庭 cleared by a placement found by a broker seven months ago, and a 公益性岗位 (护林员) with a holder
 * since three months ago — so the 就业救助 page, the household page and the payroll show them.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { findArea } from '../domain/areas.ts';
import { addMonths } from '../domain/dates.ts';
import { members } from '../registry/schema.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { canWork } from './rules.ts';
import { addService, assignHolder, createJob, packOn, zeroHouseholds } from './store.ts';

const TOWNSHIP = '430525101';

export async function seedEmploymentDemo(db: Db, county: string): Promise<void> {
  const actor: Actor = { username: 'admin', role: 'county_admin', areaCode: county };
  const today = todayInChina();
  const pack = await packOn(db, county, today);
  // 江口镇's households first (the township's demo login sees them), then the rest of the county.
  const zero = (await zeroHouseholds(db, county, today)).rows.sort((x, y) => Number(y.areaCode.startsWith(TOWNSHIP)) - Number(x.areaCode.startsWith(TOWNSHIP)));
  if (zero.length < 3) return;
  const ableOf = async (householdId: string) => (await db.select().from(members)
    .where(and(eq(members.householdId, householdId), eq(members.status, 'active'))).orderBy(asc(members.position))).filter((m) => canWork(pack, m, today));
  const [a] = await ableOf(zero[0].householdId);
  const [b] = await ableOf(zero[1].householdId);
  const [c] = await ableOf(zero[2].householdId);
  if (!a || !b || !c) return;
  const bank = (accountName: string) => ({ bankName: '洞口农商银行', accountNo: `62309012${String(Math.abs(hash(accountName))).padStart(10, '0').slice(0, 10)}`, accountName });

  // "311": three recommendations, one guidance, one training completed (the living allowance goes to the school that advanced it).
  for (const [i, employer] of ['洞口县雪峰电子厂', '邵阳市宝庆物流', '洞口县江口镇扶贫车间'].entries()) {
    await addService(db, actor, { memberId: a.id, kind: 'recommendation', date: addMonths(today, -(i + 2)), employer }, { today, source: 'entry' });
  }
  await addService(db, actor, { memberId: a.id, kind: 'guidance', date: addMonths(today, -2), note: '职业指导：电工方向' }, { today, source: 'entry' });
  await addService(db, actor, { memberId: a.id, kind: 'training', date: addMonths(today, -1), endDate: addMonths(today, -1), course: '初级电工', days: 15, completed: true, employedAfter: false,
    payee: bank('洞口县职业技术培训学校') }, { today, source: 'entry' });
  // A 零就业家庭 cleared seven months ago by a placement a broker found.
  await addService(db, actor, { memberId: b.id, kind: 'placement', date: addMonths(today, -7), employer: '洞口县雪峰电子厂', monthlyWageYuan: 2400, broker: '劳务经纪人刘建华',
    payee: bank('刘建华') }, { today, source: 'entry' });
  // A 公益性岗位 with a holder since three months ago.
  const job = await createJob(db, actor, { name: '护林员', employer: `${findArea(c.areaCode.slice(0, 9))?.name ?? ''}人民政府`, areaCode: c.areaCode.slice(0, 9), startDate: addMonths(today, -24) });
  await assignHolder(db, actor, job.id, { memberId: c.id, startDate: `${addMonths(today, -3).slice(0, 7)}-01`, payee: bank(c.name) }, today);
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.codePointAt(0)!) | 0;
  return h;
}
