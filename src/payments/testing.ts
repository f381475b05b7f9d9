/** Test and benchmark support for payments: a county pack with chosen 低保 standards, households, users. */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Db } from '../db/connection.ts';
import { users } from '../auth/schema.ts';
import type { Role } from '../auth/roles.ts';
import { createUser } from '../auth/users.ts';
import { publishPolicy } from '../policy/store.ts';
import { saveHousehold } from '../registry/store.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, person } from '../test-support/fixtures.ts';
import { createEntitlement } from './entitlements.ts';

/** The demo pack of 洞口县 with the rural 低保 standard replaced by the given dated values (yuan). */
export function packWithRuralStandard(rural: Record<string, number>, id = 'demo-dongkou-2024'): string {
  const doc = parseDocument(readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'));
  doc.setIn(['parameters', 'dibao', 'standard', 'rural'], doc.createNode(rural));
  doc.set('id', id);
  return doc.toString();
}

/** A user row as the approval checks read it (no password: these users never log in). */
export async function addUser(db: Db, username: string, role: Role, areaCode: string, disabled = false): Promise<void> {
  await db.insert(users).values({ username, displayName: username, passwordHash: '!', role, areaCode, disabled });
}

/**
 * A server for payments API tests: the pack with a rural 低保 standard of 420 yuan from 2024-01, the users
 * `minzheng` and `admin` (county), `jiangkou` (江口镇) and `cun` (江口村) logged in, and one household on 低保
 * from 2024-01 per entry of `households` (ledger key → village), each with a bank account.
 */
export async function paymentsApi(households: Record<string, string>) {
  const database = await openTestDatabase();
  const db = database.db;
  const password = 'Shiqiao-Dengta-5271';
  await publishPolicy(db, countyAdmin, packWithRuralStandard({ '2024-01-01': 420 }), 'v1');
  const logins = [['minzheng', 'county_staff', '430525'], ['admin', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'], ['cun', 'village_staff', '430525101201']] as const;
  for (const [username, role, areaCode] of logins) await createUser(db, { username, displayName: username, password, role, areaCode }, 'test');
  const ids: Record<string, string> = {};
  let n = 10;
  for (const [key, area] of Object.entries(households)) {
    const name = `户主${key}`;
    const id = (await saveHousehold(db, countyAdmin, null, { areaCode: area, ledgerKey: key, hukou: 'rural',
      members: [{ name, idNumber: person('1969-06-06'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'full' }] }, null)).id;
    ids[key] = id;
    await createEntitlement(db, { householdId: id, areaCode: area, program: '低保', startMonth: '2024-01', bank: { bankName: '洞口农商银行', accountNo: `62309012345678900${n++}`, accountName: name },
      snapshot: { id, hukou: 'rural', members: [{ id: 'P1', birthDate: '1969-06-06', relation: 'head', laborCapacity: 'full' }] }, source: { kind: 'case', caseId: key }, actor: 'admin' });
  }
  const app = await buildServer(database);
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  for (const [username] of logins) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  const as = (user: string, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });
  return { database, db, app, as, households: ids, close: async () => { await app.close(); await database.close(); } };
}
