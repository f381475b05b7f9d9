/**
 * Registry writes under contention: a save names the version its form was loaded with, a stale
 * save is refused and changes nothing, and of two concurrent saves of one version exactly one wins.
 * Also the 户编号 (unique within a county) on create and edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { householdHistory, households } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE, jiangkouStaff, YULAN_VILLAGE, yulanStaff } from '../test-support/fixtures.ts';
import { planHousehold } from './plan.ts';
import { seedAreas } from './seed.ts';
import { closeHousehold, loadSnapshots, saveHousehold, writePlans } from './store.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
});
afterAll(() => database?.close());

const stored = async (id: string) => (await database.db.select().from(households).where(eq(households.id, id)))[0];
const historyOf = (id: string) => database.db.select().from(householdHistory).where(eq(householdHistory.householdId, id));
const auditOf = (id: string) => database.db.select().from(auditLog).where(eq(auditLog.target, `household:${id}`));

describe('lost updates', () => {
  it('refuses a save from a form loaded before another officer\'s save (409) and keeps that first edit', async () => {
    const input = household(JIANGKOU_VILLAGE, ['甲先存', '甲配偶']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    expect((await stored(id)).version).toBe(1);
    // Two officers open the form at version 1; the first saves a vehicle, the second an address.
    await saveHousehold(database.db, jiangkouStaff, id, { ...input, vehicles: 1 }, '购车', 1);
    const stale = saveHousehold(database.db, jiangkouStaff, id, { ...input, address: '江口村 3 组' }, '补录住址', 1);
    await expect(stale).rejects.toMatchObject({ code: 'STALE_VERSION', status: 409, path: 'version', message: '该家庭信息已被他人修改（当前版本 2），请刷新后重新修改' });
    expect(await stored(id)).toMatchObject({ vehicles: 1, address: null, version: 2 });
    expect(await historyOf(id)).toHaveLength(2);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['household.create', 'household.update']);
    // Reloaded at version 2, the second officer's save goes through.
    await saveHousehold(database.db, jiangkouStaff, id, { ...input, vehicles: 1, address: '江口村 3 组' }, '补录住址', 2);
    expect(await stored(id)).toMatchObject({ vehicles: 1, address: '江口村 3 组', version: 3 });
  });

  it('refuses even an unchanged resubmission of a stale form', async () => {
    const input = household(JIANGKOU_VILLAGE, ['乙重交']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    await saveHousehold(database.db, jiangkouStaff, id, { ...input, vehicles: 2 }, '购车', 1);
    await expect(saveHousehold(database.db, jiangkouStaff, id, input, '复核', 1)).rejects.toMatchObject({ code: 'STALE_VERSION' });
    expect(await stored(id)).toMatchObject({ vehicles: 2, version: 2 });
  });

  it('lets exactly one of two parallel saves of the same version win', async () => {
    for (let round = 0; round < 5; round++) {
      const input = household(JIANGKOU_VILLAGE, [`丙并发${round}`, '丙配偶']);
      const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
      const results = await Promise.allSettled([
        saveHousehold(database.db, jiangkouStaff, id, { ...input, vehicles: 1 }, '甲改', 1),
        saveHousehold(database.db, jiangkouStaff, id, { ...input, address: '乙改' }, '乙改', 1),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'STALE_VERSION', status: 409 });
      const after = await stored(id);
      expect(after.version).toBe(2);
      // Exactly the winner's change, never both and never a mix.
      expect(after.vehicles === 1 ? after.address : after.vehicles).toBeFalsy();
      expect(await historyOf(id)).toHaveLength(2);
      expect(await auditOf(id)).toHaveLength(2);
    }
  });

  it('refuses a plan written over a newer version, as a ledger import that raced an edit would', async () => {
    const input = household(JIANGKOU_VILLAGE, ['丁台账']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    const before = (await loadSnapshots(database.db, [id])).get(id)!;
    const plan = planHousehold(before, { ...input, vehicles: 3, singleParent: false, registeredPoor: false, financialAssetsYuan: 0,
      businessRegistered: false, rigidExpensesYuan: 0, previousYearIncomeYuan: null, members: input.members.map((m) => ({
        ...m, laborCapacity: 'full', disability: null, illnesses: [], schooling: 'none', boarding: false, employed: false, selfCare: 'able', supporter: 'able' })) }, new Date());
    await saveHousehold(database.db, jiangkouStaff, id, { ...input, address: '先到' }, '先到', 1);
    await expect(database.db.transaction((tx) => writePlans(tx, [plan], 'import', 'import', '台账导入'))).rejects.toMatchObject({ code: 'STALE_VERSION', status: 409 });
    expect(await stored(id)).toMatchObject({ address: '先到', vehicles: 0, version: 2 });
  });

  it('counts a close as a new version, so a form loaded before the close cannot be saved', async () => {
    const input = household(JIANGKOU_VILLAGE, ['戊注销']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    await closeHousehold(database.db, jiangkouStaff, id, '迁出');
    expect((await stored(id)).version).toBe(2);
    await expect(saveHousehold(database.db, jiangkouStaff, id, input, '改', 1)).rejects.toMatchObject({ status: 409 });
    await expect(closeHousehold(database.db, jiangkouStaff, id, '迁出')).rejects.toMatchObject({ code: 'CLOSED', status: 409 });
  });

  it('closes a household once when two officers close it at the same time', async () => {
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, household(JIANGKOU_VILLAGE, ['己双关']), null);
    const results = await Promise.allSettled([closeHousehold(database.db, jiangkouStaff, id, '迁出'), closeHousehold(database.db, jiangkouStaff, id, '死亡')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await stored(id)).toMatchObject({ status: 'closed', version: 2 });
    expect((await historyOf(id)).filter((h) => h.action === 'close')).toHaveLength(1);
  });

  it('requires the version the form was loaded with for an edit', async () => {
    const input = household(JIANGKOU_VILLAGE, ['庚无版']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    await expect(saveHousehold(database.db, jiangkouStaff, id, { ...input, vehicles: 1 }, '改')).rejects.toMatchObject({ code: 'VERSION_REQUIRED', path: 'version' });
  });
});

describe('户编号', () => {
  it('refuses a 户编号 held by another household of the county on create and on edit, naming neither the household nor its area', async () => {
    // The key is held in 毓兰镇, outside the 江口镇 officer's scope.
    await saveHousehold(database.db, yulanStaff, null, { ...household(YULAN_VILLAGE, ['辛毓兰']), ledgerKey: 'DUP-001' }, null);
    const create = saveHousehold(database.db, jiangkouStaff, null, { ...household(JIANGKOU_VILLAGE, ['辛江口']), ledgerKey: 'DUP-001' }, null);
    await expect(create).rejects.toMatchObject({ code: 'DUPLICATE_LEDGER_KEY', status: 409, path: 'ledgerKey', message: '户编号 DUP-001 已被使用，请换一个户编号' });
    const input = { ...household(JIANGKOU_VILLAGE, ['壬江口']), ledgerKey: 'OWN-001' };
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    await expect(saveHousehold(database.db, jiangkouStaff, id, { ...input, ledgerKey: 'DUP-001' }, '改编号', 1)).rejects.toMatchObject({ code: 'DUPLICATE_LEDGER_KEY', status: 409 });
    expect(await stored(id)).toMatchObject({ ledgerKey: 'OWN-001', version: 1 });
    // Keeping one's own key is no clash.
    await saveHousehold(database.db, jiangkouStaff, id, { ...input, vehicles: 1 }, '购车', 1);
    expect(await stored(id)).toMatchObject({ ledgerKey: 'OWN-001', version: 2 });
  });
});
