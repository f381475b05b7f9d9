import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { members } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, household, JIANGKOU_VILLAGE, jiangkouStaff, person, villageStaff, YULAN_VILLAGE, yulanStaff } from '../test-support/fixtures.ts';
import { seedAreas } from './seed.ts';
import { closeHousehold, getHousehold, listHouseholds, revealMember, saveHousehold } from './store.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
});
afterAll(() => database?.close());

const page = { page: 1, pageSize: 50 };

describe('registry store', () => {
  it('creates a household with its members and a creation entry in its history', async () => {
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, household(JIANGKOU_VILLAGE, ['王建国', '刘芳', '王小明']), null);
    const h = await getHousehold(database.db, jiangkouStaff, id);
    expect(h.household.headName).toBe('王建国');
    expect(h.household.memberCount).toBe(3);
    expect(h.members.map((m) => m.name)).toEqual(['王建国', '刘芳', '王小明']);
    expect(h.history).toHaveLength(1);
    expect(h.history[0]).toMatchObject({ action: 'create', actor: 'jiangkou' });
  });

  it('records every edit in the history with who, why, and old → new values in fen', async () => {
    const input = household(JIANGKOU_VILLAGE, ['赵铁柱', '孙桂兰']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    const before = await getHousehold(database.db, jiangkouStaff, id);
    const edited = { ...input, members: input.members.map((m, i) => (i === 1 ? { ...m, monthlyIncomeYuan: 1200.5 } : m)) };
    expect(await saveHousehold(database.db, jiangkouStaff, id, edited, '外出务工收入增加', 1)).toEqual({ id, changed: true });
    const after = await getHousehold(database.db, jiangkouStaff, id);
    expect(after.history).toHaveLength(2);
    expect(after.history[0]).toMatchObject({ action: 'update', actor: 'jiangkou', reason: '外出务工收入增加' });
    expect(after.history[0].changes).toEqual([
      { field: `members.${before.members[1].id}.monthlyIncomeFen`, label: '孙桂兰：月收入', old: 50000, new: 120050 },
    ]);
    expect(after.household.version).toBe(before.household.version + 1);
  });

  it('writes nothing when the same state is submitted again', async () => {
    const input = household(JIANGKOU_VILLAGE, ['钱多多']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    expect(await saveHousehold(database.db, jiangkouStaff, id, input, '复核', 1)).toEqual({ id, changed: false });
    expect((await getHousehold(database.db, jiangkouStaff, id)).history).toHaveLength(1);
  });

  it('requires a reason for an edit', async () => {
    const input = household(JIANGKOU_VILLAGE, ['周无因']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    await expect(saveHousehold(database.db, jiangkouStaff, id, { ...input, vehicles: 1 }, ' ', 1)).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
  });

  it('keeps one person in at most one active household', async () => {
    const first = household(JIANGKOU_VILLAGE, ['吴一', '吴二']);
    await saveHousehold(database.db, jiangkouStaff, null, first, null);
    const second = household(JIANGKOU_VILLAGE, ['郑三']);
    second.members.push({ ...first.members[1], relation: 'spouse' as const });
    await expect(saveHousehold(database.db, jiangkouStaff, null, second, null))
      .rejects.toMatchObject({ code: 'PERSON_IN_OTHER_HOUSEHOLD', path: 'members[1].idNumber' });
  });

  it('lets a person join a new household once the old one is closed, keeping the old records', async () => {
    const old = household(JIANGKOU_VILLAGE, ['冯老大']);
    const { id: oldId } = await saveHousehold(database.db, jiangkouStaff, null, old, null);
    await closeHousehold(database.db, jiangkouStaff, oldId, '迁出');
    const { id: newId } = await saveHousehold(database.db, jiangkouStaff, null, { ...old, areaCode: '430525101202' }, null);
    expect(newId).not.toBe(oldId);
    const closed = await getHousehold(database.db, jiangkouStaff, oldId);
    expect(closed.household).toMatchObject({ status: 'closed', closedReason: '迁出' });
    expect(closed.members[0]).toMatchObject({ status: 'closed', leftReason: '迁出' });
    expect(closed.history[0]).toMatchObject({ action: 'close', reason: '迁出' });
  });

  it('marks a removed member as left with the reason instead of deleting them', async () => {
    const input = household(JIANGKOU_VILLAGE, ['陈父', '陈母', '陈子']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    await saveHousehold(database.db, jiangkouStaff, id, { ...input, members: input.members.slice(0, 2) }, '死亡', 1);
    const rows = await database.db.select().from(members).where(eq(members.householdId, id));
    expect(rows).toHaveLength(3);
    expect(rows.find((m) => m.name === '陈子')).toMatchObject({ status: 'left', leftReason: '死亡' });
    expect((await getHousehold(database.db, jiangkouStaff, id)).household.memberCount).toBe(2);
  });

  it('rejects a household without exactly one head', async () => {
    const none = household(JIANGKOU_VILLAGE, ['何甲', '何乙']);
    none.members[0].relation = 'spouse' as never;
    await expect(saveHousehold(database.db, jiangkouStaff, null, none, null)).rejects.toMatchObject({ code: 'INVALID_HOUSEHOLD', message: '家庭没有户主' });
    const two = household(JIANGKOU_VILLAGE, ['何丙', '何丁']);
    two.members[1].relation = 'head' as never;
    await expect(saveHousehold(database.db, jiangkouStaff, null, two, null)).rejects.toMatchObject({ message: '家庭有 2 名户主，只能有一名' });
  });

  it('names the field path of an invalid ID number', async () => {
    const bad = household(JIANGKOU_VILLAGE, ['许一', '许二']);
    bad.members[1].idNumber = '430525195001011234';
    await expect(saveHousehold(database.db, jiangkouStaff, null, bad, null)).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'members[1].idNumber' });
  });

  it('does not let a township officer create, read, edit or close households of another township', async () => {
    await expect(saveHousehold(database.db, jiangkouStaff, null, household(YULAN_VILLAGE, ['越界']), null)).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    const input = household(YULAN_VILLAGE, ['毓兰户']);
    const { id } = await saveHousehold(database.db, yulanStaff, null, input, null);
    await expect(getHousehold(database.db, jiangkouStaff, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(saveHousehold(database.db, jiangkouStaff, id, input, '改')).rejects.toMatchObject({ status: 403 });
    await expect(closeHousehold(database.db, jiangkouStaff, id, '注销')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const jiangkouList = await listHouseholds(database.db, jiangkouStaff, { ...page, q: '毓兰户' });
    expect(jiangkouList.total).toBe(0);
    expect((await listHouseholds(database.db, countyAdmin, { ...page, q: '毓兰户' })).total).toBe(1);
  });

  it('searches by name prefix, full ID number and village', async () => {
    const input = household('430525101203', ['欧阳检索', '欧阳配偶']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    expect((await listHouseholds(database.db, jiangkouStaff, { ...page, q: '欧阳检' })).rows.map((r) => r.id)).toEqual([id]);
    expect((await listHouseholds(database.db, jiangkouStaff, { ...page, q: input.members[1].idNumber })).rows.map((r) => r.id)).toEqual([id]);
    expect((await listHouseholds(database.db, jiangkouStaff, { ...page, areaCode: '430525101203' })).rows.map((r) => r.id)).toEqual([id]);
  });

  it('masks ID and phone numbers on the household page and audits every reveal', async () => {
    const input = household(JIANGKOU_VILLAGE, ['马隐私']);
    (input.members[0] as { phone?: string }).phone = '13812345678';
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    const h = await getHousehold(database.db, jiangkouStaff, id);
    expect(h.members[0].idNumber).toMatch(/^430525\*{8}\d{3}[\dX]$/);
    expect(h.members[0].phone).toBe('138****5678');
    await expect(revealMember(database.db, villageStaff, h.members[0].id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(revealMember(database.db, yulanStaff, h.members[0].id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const revealed = await revealMember(database.db, jiangkouStaff, h.members[0].id);
    expect(revealed).toMatchObject({ idNumber: input.members[0].idNumber, phone: '13812345678' });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.target, `member:${h.members[0].id}`));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'jiangkou', action: 'member.reveal' });
  });

  it('rejects an area code that is not a real village', async () => {
    await expect(saveHousehold(database.db, countyAdmin, null, household('430525199999'), null)).rejects.toMatchObject({ code: 'UNKNOWN_AREA', path: 'areaCode' });
  });

  it('gives a new member without an ID number a clear error', async () => {
    const input = household(JIANGKOU_VILLAGE, ['无证']);
    delete (input.members[0] as { idNumber?: string }).idNumber;
    await expect(saveHousehold(database.db, jiangkouStaff, null, input, null)).rejects.toMatchObject({ path: 'members[0].idNumber', message: '新成员须填写身份证号' });
    expect(person('1990-01-01')).toHaveLength(18);
  });

  it('masks ID and phone numbers in the history too', async () => {
    const input = household(JIANGKOU_VILLAGE, ['史换号']);
    const { id } = await saveHousehold(database.db, jiangkouStaff, null, input, null);
    const newId = person('1975-07-07');
    const memberId = (await getHousehold(database.db, jiangkouStaff, id)).members[0].id;
    await saveHousehold(database.db, jiangkouStaff, id, { ...input, members: [{ ...input.members[0], id: memberId, idNumber: newId, phone: '13900001111' }] }, '更正身份证号', 1);
    const [entry] = (await getHousehold(database.db, jiangkouStaff, id)).history;
    const shown = JSON.stringify(entry.changes);
    expect(shown).not.toContain(newId);
    expect(shown).not.toContain('13900001111');
    expect(shown).toContain('139****1111');
  });
});
