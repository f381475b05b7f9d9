/** First-start seeding: the area tree, demo logins and a synthetic demo county. */
import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { areas, households, users } from '../db/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { createUser } from '../auth/users.ts';
import type { Role } from '../auth/roles.ts';
import { areaChain, descendants } from '../domain/areas.ts';
import { demoHouseholds } from './demo.ts';
import { planHousehold, type Plan } from './plan.ts';
import { writePlans } from './store.ts';
import { currentPolicy, publishPolicy } from '../policy/store.ts';


export const DEMO_COUNTY = '430525'; // 洞口县

/** Inserts a county's whole tree (and its ancestors) into `areas`, skipping codes already there. */
export async function seedAreas(db: Db, countyCode: string): Promise<number> {
  const rows = [...areaChain(countyCode), ...descendants(countyCode)];
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(areas).values(rows.slice(i, i + 500)).onConflictDoNothing();
  }
  return rows.length;
}

export interface DemoLogin { username: string; password: string; role: Role; areaCode: string; displayName: string; department?: string }

/** The demo logins printed on first start (demo installations only). */
export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'admin', password: 'Doudi2026', role: 'county_admin', areaCode: DEMO_COUNTY, displayName: '县民政局管理员', department: '民政局' },
  { username: 'minzheng', password: 'Doudi2026', role: 'county_staff', areaCode: DEMO_COUNTY, displayName: '县民政局救助股', department: '民政局' },
  { username: 'xiangzhen', password: 'Doudi2026', role: 'township_staff', areaCode: '430525101', displayName: '江口镇社会救助窗口' },
  { username: 'cun', password: 'Doudi2026', role: 'village_staff', areaCode: '430525101201', displayName: '江口村民生协理员' },
  { username: 'shenji', password: 'Doudi2026', role: 'auditor', areaCode: DEMO_COUNTY, displayName: '县审计局', department: '审计局' },
];

export async function seedDemoUsers(db: Db): Promise<DemoLogin[]> {
  const created: DemoLogin[] = [];
  for (const l of DEMO_LOGINS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, l.username));
    if (existing) continue;
    await createUser(db, { ...l, department: l.department ?? null }, 'system');
    created.push(l);
  }
  return created;
}

/** Writes `n` demo households in batches, each batch one transaction with its audit entry. */
export async function seedDemoHouseholds(db: Db, n: number, opts: { seed?: number; onProgress?: (done: number) => void } = {}): Promise<number> {
  const gen = demoHouseholds({ countyCode: DEMO_COUNTY, households: n, seed: opts.seed });
  let done = 0;
  for (;;) {
    const batch: Plan[] = [];
    const now = new Date();
    while (batch.length < 2000) {
      const r = gen.next();
      if (r.done) break;
      batch.push(planHousehold(null, r.value, now));
    }
    if (batch.length === 0) break;
    await db.transaction(async (tx) => {
      await writePlans(tx, batch, 'system', 'demo', '演示数据');
      await appendAudit(tx, { actor: 'system', action: 'registry.demo', target: null, areaCode: DEMO_COUNTY, detail: { households: batch.length } });
    });
    done += batch.length;
    opts.onProgress?.(done);
  }
  return done;
}

/** Publishes the demo county's policy pack as its first version, unless the county has one. */
export async function seedDemoPolicy(db: Db): Promise<void> {
  if (await currentPolicy(db, DEMO_COUNTY)) return;
  const yaml = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
  await publishPolicy(db, { username: 'system', role: 'county_admin', areaCode: DEMO_COUNTY }, yaml, '演示政策包（含演示值）');
}

export async function householdCount(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(households);
  return n;
}
