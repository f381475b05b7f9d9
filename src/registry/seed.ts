/** First-start seeding: the area tree, demo logins and a synthetic demo county. */
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { insertJsonRows } from '../db/jsonRows.ts';
import { areas, households } from './schema.ts';
import { users } from '../auth/schema.ts';
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
  await insertJsonRows(db, areas, rows, { onConflictDoNothing: true });
  return rows.length;
}

export interface DemoLogin { username: string; password: string; role: Role; areaCode: string; displayName: string; department?: string }

/** The published password of every demo login; it passes the password rule (auth/passwordRule.ts). */
export const DEMO_PASSWORD = 'Dongkou-Demo-2026';
/** Passwords that demo logins had in earlier releases: a database seeded then still has them. */
const OLD_DEMO_PASSWORDS = ['Doudi2026'];

/** The demo logins printed on first start (demo installations only). */
export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'admin', password: DEMO_PASSWORD, role: 'county_admin', areaCode: DEMO_COUNTY, displayName: '县民政局管理员', department: '民政局' },
  { username: 'minzheng', password: DEMO_PASSWORD, role: 'county_staff', areaCode: DEMO_COUNTY, displayName: '县民政局救助股', department: '民政局' },
  // The deciding office of poverty-return monitoring (monitoring.decidingDepartment, 002:L665): identification and risk removal are decided here.
  { username: 'xiangcun', password: DEMO_PASSWORD, role: 'county_staff', areaCode: DEMO_COUNTY, displayName: '县乡村振兴局监测股', department: '乡村振兴局' },
  { username: 'xiangzhen', password: DEMO_PASSWORD, role: 'township_staff', areaCode: '430525101', displayName: '江口镇社会救助窗口' },
  { username: 'cun', password: DEMO_PASSWORD, role: 'village_staff', areaCode: '430525101201', displayName: '江口村民生协理员' },
  { username: 'shenji', password: DEMO_PASSWORD, role: 'auditor', areaCode: DEMO_COUNTY, displayName: '县审计局', department: '审计局' },
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

/**
 * Disables every enabled account that still has a demo login's name and a published demo password:
 * in production nobody may log in with a password printed in the README. Audited; returns the names.
 */
export async function disableDemoAccounts(db: Db): Promise<string[]> {
  const names = DEMO_LOGINS.map((l) => l.username);
  const rows = await db.select().from(users).where(and(inArray(users.username, names), eq(users.disabled, false)));
  const disabled: string[] = [];
  for (const u of rows) {
    let published = false;
    for (const p of [DEMO_PASSWORD, ...OLD_DEMO_PASSWORDS]) if (await verify(u.passwordHash, p)) published = true;
    if (!published) continue;
    await db.transaction(async (tx) => {
      await tx.update(users).set({ disabled: true }).where(eq(users.id, u.id));
      await appendAudit(tx, { actor: 'system', action: 'user.disable', target: `user:${u.id}`, areaCode: u.areaCode,
        detail: { username: u.username, reason: '生产模式停用演示账号 demo account disabled in production mode' } });
    });
    disabled.push(u.username);
  }
  return disabled;
}

/**
 * Demo mode on a database seeded by an earlier release: demo logins still on an old demo password get
 * the current one, so the logins printed at start work. Audited; returns the names.
 */
export async function upgradeDemoPasswords(db: Db): Promise<string[]> {
  const rows = await db.select().from(users).where(inArray(users.username, DEMO_LOGINS.map((l) => l.username)));
  const upgraded: string[] = [];
  for (const u of rows) {
    let old = false;
    for (const p of OLD_DEMO_PASSWORDS) if (await verify(u.passwordHash, p)) old = true;
    if (!old) continue;
    const passwordHash = await hash(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, u.id));
      await appendAudit(tx, { actor: 'system', action: 'user.password', target: `user:${u.id}`, areaCode: u.areaCode,
        detail: { username: u.username, reason: '演示账号换用当前演示密码 demo login moved to the current demo password' } });
    });
    upgraded.push(u.username);
  }
  return upgraded;
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
