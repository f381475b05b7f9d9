import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { policyVersions } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, household, JIANGKOU_VILLAGE, jiangkouStaff, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { seedAreas } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { previewPolicy, publishPolicy, screenHousehold } from './store.ts';
import { formOf, type PackForm } from './form.ts';
import { loadPack } from './pack.ts';

const demo = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
let database: Database;
let poorId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  const poor = household(JIANGKOU_VILLAGE, ['贫困户主', '贫困配偶']);
  poor.members.forEach((m) => { m.monthlyIncomeYuan = 100; });
  poorId = (await saveHousehold(database.db, jiangkouStaff, null, poor, null)).id;
  const comfortable = household(YULAN_VILLAGE, ['宽裕户主']);
  comfortable.members[0].monthlyIncomeYuan = 5000;
  await saveHousehold(database.db, countyAdmin, null, comfortable, null);
});
afterAll(() => database?.close());

describe('policy pack administration', () => {
  it('refuses to screen a household before the county has published a pack', async () => {
    await expect(screenHousehold(database.db, jiangkouStaff, poorId, '2024-08-01')).rejects.toMatchObject({ code: 'NO_POLICY' });
  });

  it('keeps every published version and audits each publication', async () => {
    const v1 = await publishPolicy(database.db, countyAdmin, demo, '首次发布');
    const v2 = await publishPolicy(database.db, countyAdmin, demo.replace('rural: { "2024-01-01": 420, "2024-07-01": 450 }', 'rural: { "2024-01-01": 420, "2024-07-01": 500 }'), '提高农村标准');
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(await database.db.select().from(policyVersions)).toHaveLength(2);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'policy.publish'));
    expect(audits.map((a) => a.detail.version)).toEqual([1, 2]);
  });

  it('rejects a pack for another county and an invalid pack, naming the problem', async () => {
    await expect(publishPolicy(database.db, countyAdmin, demo.replace('jurisdiction: "430525"', 'jurisdiction: "430524"'), 'x')).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(publishPolicy(database.db, countyAdmin, demo.replace('taperMonths', 'taperMonth'), 'x')).rejects.toMatchObject({ code: 'INVALID_POLICY', path: 'yaml.dibao.taperMonth' });
  });

  it('screens a registry household under the newest version with reasons', async () => {
    const s = await screenHousehold(database.db, jiangkouStaff, poorId, '2024-08-01');
    expect(s.policy.version).toBe(2);
    expect('error' in s.result).toBe(false);
    const dibao = 'benefits' in s.result ? s.result.benefits.find((b) => b.program === 'dibao') : undefined;
    expect(dibao).toMatchObject({ status: 'eligible', monthlyYuan: 2 * 500 - 2 * 100 + 2 * 100 });
    expect(Object.values(s.memberNames)).toEqual(['贫困户主', '贫困配偶']);
    // Each parameter is named in officer's words and cites its document line.
    expect(s.parameterNames['dibao.standard.rural']).toBe('农村低保标准（元/人/月）');
    expect(dibao!.reasons.flatMap((r) => r.parameters)).toContainEqual(expect.objectContaining({ name: 'dibao.standard.rural', value: 500, since: '2024-07-01' }));
  });

  it('keeps screening inside the user\'s area', async () => {
    const yulan = { username: 'y', role: 'township_staff' as const, areaCode: '430525102' };
    await expect(screenHousehold(database.db, yulan, poorId, '2024-08-01')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('previews who gains and who loses under a proposed version, by township', async () => {
    const lower = demo.replace('rural: { "2024-01-01": 420, "2024-07-01": 450 }', 'rural: 300');
    const p = await previewPolicy(database.db, countyAdmin, lower, '2024-08-01');
    expect(p.current?.version).toBe(2);
    const jiangkou = p.townships.find((t) => t.townshipCode === '430525101')!;
    expect(jiangkou).toMatchObject({ households: 1, losers: 1, gainers: 0 });
    expect(jiangkou.before.monthlyFen).toBe(100000);
    expect(jiangkou.after.monthlyFen).toBe(2 * 30000 - 2 * 10000 + 2 * 6000);
    expect(p.townships.find((t) => t.townshipCode === '430525102')).toMatchObject({ households: 1, losers: 0, gainers: 0 });
    expect(p.largestChanges).toEqual([expect.objectContaining({ id: poorId, beforeFen: 100000, afterFen: 52000 })]);
  });

  it('previews and publishes a pack edited as a form: the difference in Chinese, the preview by township, the changed parameters audited', async () => {
    const versions = await database.db.select().from(policyVersions);
    const form = formOf(loadPack(versions[versions.length - 1].yaml)) as PackForm;
    const edited: PackForm = { ...form, parameters: { ...form.parameters, 'dibao.standard.rural': { dated: [['2024-01-01', 420], ['2024-07-01', 520]], cite: '县政府常务会议 2024 年第 5 次' } } };
    const p = await previewPolicy(database.db, countyAdmin, { pack: edited }, '2024-08-01');
    expect(p.differences).toEqual([{ name: 'dibao.standard.rural', label: '农村低保标准', program: 'dibao',
      before: '2024-01-01 起 420 元/人/月；2024-07-01 起 500 元/人/月', after: '2024-01-01 起 420 元/人/月；2024-07-01 起 520 元/人/月' }]);
    expect(p.townships.find((t) => t.townshipCode === '430525101')).toMatchObject({ gainers: 1, losers: 0 });
    const bad = { ...edited, parameters: { ...edited.parameters, 'notice.days': { value: 0 } } };
    await expect(publishPolicy(database.db, countyAdmin, { pack: bad }, '有误')).rejects.toMatchObject({ code: 'INVALID_POLICY', path: 'parameters.notice.days', message: '公示天数：应为不小于 1 的数，实际为 0' });
    expect(await database.db.select().from(policyVersions)).toHaveLength(versions.length);
    const v = await publishPolicy(database.db, countyAdmin, { pack: edited }, '县政府常务会议决定提高农村低保标准');
    expect(v.yaml).toContain('rural: { "2024-01-01": 420, "2024-07-01": 520 }  # 县政府常务会议 2024 年第 5 次');
    const [audit] = (await database.db.select().from(auditLog).where(eq(auditLog.action, 'policy.publish'))).filter((a) => a.target === `policy:${v.id}`);
    expect(audit.detail).toMatchObject({ version: v.version, note: '县政府常务会议决定提高农村低保标准', changed: ['dibao.standard.rural'] });
  });
});
