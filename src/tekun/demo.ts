/**
 * Demo 特困供养 for a fresh `npm start` (issue 20 item 6), planted through the capability's own store
 * functions after the demo payments: a township 敬老院 and the county 福利院 with made-up accounts; the
 * first 特困 recipients assessed (dated in the first approved demo month, so the prepared month shows the
 * back-payments) and admitted this month, or kept at home with a carer and a signed agreement (one expiring soon), one
 * willing and waiting, and one left not assessed — its care money is withheld and the payroll lists it for
 * review. The current month's payroll is then prepared again so it shows the care parts paid to the
 * institutions. Once per county: nothing is planted where an institution exists.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AttachmentStore } from '../cases/attachments.ts';
import { and, asc, eq, isNull, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { addMonths } from '../domain/dates.ts';
import { entitlements, entitlementSnapshots, payrolls } from '../payments/schema.ts';
import { runPayroll } from '../payments/payroll.ts';
import { AmountCalculator } from '../payments/amounts.ts';
import { PolicySource } from '../payments/policySource.ts';
import { todayInChina } from '../registry/model.ts';
import { tekunFiles, tekunInstitutions } from './schema.ts';
import { admit, createInstitution, recordAssessment, recordWillingness, refreshCareSnapshots, setCarer, type TekunActor } from './store.ts';

/** A tiny PDF standing in for a signed form: written to the attachment store when the server has one (else its SHA-256 only, and the download answers 404). */
const demoPdf = (what: string) => Buffer.from(`%PDF-1.4\n% 演示文件 ${what}\n%%EOF\n`);

export async function seedTekunDemo(db: Db, county: string, today = todayInChina(), attachmentDir?: string): Promise<number> {
  const [any] = await db.select({ id: tekunInstitutions.id }).from(tekunInstitutions).where(like(tekunInstitutions.areaCode, `${county}%`)).limit(1);
  if (any) return 0;
  const actor: TekunActor = { username: 'admin', role: 'county_admin', areaCode: county };
  // 特困 recipients: the first member of each household with an open 特困 entitlement, with the month it starts.
  const ents = await db.select({ householdId: entitlements.householdId, areaCode: entitlements.areaCode, startMonth: entitlements.startMonth, id: entitlements.id })
    .from(entitlements).where(and(eq(entitlements.program, '特困'), isNull(entitlements.endMonth), like(entitlements.areaCode, `${county}%`))).orderBy(asc(entitlements.areaCode), asc(entitlements.id));
  if (ents.length === 0) return 0;
  // The member the engine finds 特困 in the entitlement's snapshot (not always the first member).
  const pack = (await PolicySource.published(db).forCounty(county)).pack;
  const calc = new AmountCalculator();
  const people: { memberId: string; areaCode: string; startMonth: string }[] = [];
  for (const e of ents) {
    const [s] = await db.select({ id: entitlementSnapshots.id, snapshot: entitlementSnapshots.snapshot }).from(entitlementSnapshots).where(eq(entitlementSnapshots.entitlementId, e.id)).orderBy(asc(entitlementSnapshots.id)).limit(1);
    if (!s) continue;
    const a = calc.amount(pack, e.startMonth, s.id, s.snapshot, '特困');
    const m = a.ok ? a.entries.find((x) => x.program === 'tekun' && x.status === 'eligible')?.member : undefined;
    if (m) people.push({ memberId: m, areaCode: e.areaCode, startMonth: e.startMonth });
  }
  if (people.length === 0) return 0;
  const township = people[0].areaCode.slice(0, 9);
  const bank = (name: string, n: number) => ({ bankName: '洞口农村商业银行（演示）', accountNo: `62309100${String(n).padStart(11, '0')}`, accountName: name });
  const home = (await createInstitution(db, actor, { areaCode: township, name: '乡镇敬老院（演示）', kind: 'nursingHome', beds: 30, nursingBeds: 8, stars: 3, demonstration: false,
    manager: '王院长', phone: '0739-7221001', bank: bank('乡镇敬老院（演示）', 1) })).id;
  const welfare = (await createInstitution(db, actor, { areaCode: county, name: '县社会福利院（演示）', kind: 'welfareHome', beds: 60, nursingBeds: 30, stars: 4, demonstration: true,
    manager: '刘院长', phone: '0739-7221002', bank: bank('县社会福利院（演示）', 2) })).id;
  await createInstitution(db, actor, { areaCode: township, name: '村互助幸福院（演示）', kind: 'mutualAid', beds: 10, nursingBeds: 0, stars: 0, demonstration: false, manager: '村委会', phone: null, bank: null });

  const levels = ['unable', 'partial', 'able'] as const;
  let planted = 0;
  for (const [i, p] of people.entries()) {
    const assessedOn = `${p.startMonth}-05`;
    if (i === 1) {
      // One person left not assessed: from this month the care part is withheld until an assessment (the payroll lists it).
      await db.transaction((tx) => refreshCareSnapshots(tx, p.memberId, `${today.slice(0, 7)}-01`, 'system', '演示：尚未做生活自理能力评估'));
      planted++;
      continue;
    }
    const a = await recordAssessment(db, actor, p.memberId, { assessedOn, assessor: '县民政局评估小组（演示）', level: levels[i % 3] }, today);
    await keepDemoFile(db, attachmentDir, 'assessment', a.id, p.areaCode, `评估表-${i + 1}.pdf`);
    if (i % 4 === 0) {
      await recordWillingness(db, actor, p.memberId, { willing: true, askedOn: assessedOn });
      await admit(db, actor, { institutionId: i % 8 === 0 ? home : welfare, memberId: p.memberId, bed: `${100 + i}`, admittedOn: `${today.slice(0, 7)}-01`, reason: '本人自愿集中供养' });
    } else {
      const willing = i % 4 === 1;
      await recordWillingness(db, actor, p.memberId, { willing, askedOn: assessedOn, note: willing ? '等待床位' : '愿意在家由亲属照料' });
      const expiring = i % 4 === 2;
      const c = await setCarer(db, actor, p.memberId, { name: ['张桂兰', '李建国', '王秀梅'][i % 3], relation: ['侄女', '村委会', '邻居'][i % 3], phone: `1390739${String(1000 + i).slice(-4)}`,
        bank: null, agreementFrom: `${p.startMonth}-01`, agreementTo: expiring ? addMonths(today, 0).replace(/-\d\d$/, '-28') : addMonths(`${p.startMonth}-01`, 12) });
      await keepDemoFile(db, attachmentDir, 'agreement', c.id, p.areaCode, `照料服务协议-${i + 1}.pdf`);
    }
    planted++;
    if (planted >= 12) break;
  }
  // The current month again, so its lines show the care parts and the back-payments of the assessments.
  const [prepared] = await db.select({ month: payrolls.month }).from(payrolls).where(and(eq(payrolls.areaCode, county), eq(payrolls.status, 'prepared'))).limit(1);
  if (prepared) await runPayroll(db, { month: prepared.month, area: county, policy: PolicySource.published(db), by: { username: 'minzheng', via: 'ui' } });
  return planted;
}

async function keepDemoFile(db: Db, dir: string | undefined, kind: 'assessment' | 'agreement', ownerId: string, areaCode: string, fileName: string) {
  const bytes = demoPdf(fileName);
  if (dir) await AttachmentStore.open(dir).receive(Readable.from([bytes]), bytes.length);
  await db.insert(tekunFiles).values({ ownerKind: kind, ownerId, areaCode, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, mime: 'application/pdf',
    fileName, uploadedBy: 'system' });
}
