/**
 * A township officer looking at the county's payroll sees the totals of his own lines only (issue 15,
 * item 7): the month's summary, the payroll list and the verification count only what lies inside his
 * area, and a line changed elsewhere is not named to him. Through the API, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { payrollLines } from './schema.ts';
import { JIANGKOU_VILLAGE, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { paymentsApi } from './testing.ts';

let api: Awaited<ReturnType<typeof paymentsApi>>;

// One household in 江口镇, three in 毓兰镇: the county's payroll has 4 lines, 江口镇's part 1.
beforeAll(async () => {
  api = await paymentsApi({ S1: JIANGKOU_VILLAGE, S2: YULAN_VILLAGE, S3: YULAN_VILLAGE, S4: YULAN_VILLAGE });
  expect((await api.as('minzheng', 'POST', '/api/payroll/2024-02/prepare', {})).json()).toMatchObject({ lines: 4, totalYuan: 1680 });
}, 60_000);
afterAll(async () => { await api?.close(); });

describe("a county payroll seen from a township", () => {
  it("gives the month's summary of the township's lines, not the county's", async () => {
    const county = (await api.as('admin', 'GET', '/api/payroll/2024-02')).json();
    expect(county.summary).toMatchObject({ households: 4, lines: 4, totalYuan: 1680, byProgram: { 低保: 1680 }, backPayYuan: 0 });
    const township = (await api.as('jiangkou', 'GET', '/api/payroll/2024-02')).json();
    expect(township.total).toBe(1);
    expect(township.summary).toMatchObject({ households: 1, lines: 1, totalYuan: 420, byProgram: { 低保: 420 }, backPayYuan: 0 });
  });

  it("lists each payroll with the township's lines and amounts", async () => {
    const county = (await api.as('admin', 'GET', '/api/payroll')).json().rows;
    expect(county).toMatchObject([{ month: '2024-02', areaCode: '430525', lines: 4, totalYuan: 1680, backPayYuan: 0 }]);
    const township = (await api.as('jiangkou', 'GET', '/api/payroll')).json().rows;
    expect(township).toMatchObject([{ month: '2024-02', areaCode: '430525', lines: 1, totalYuan: 420, backPayYuan: 0 }]);
  });

  it("verifies the township's lines, counts only them, and names no line outside the township", async () => {
    expect((await api.as('admin', 'POST', '/api/payroll/2024-02/approve', {})).statusCode).toBe(200);
    expect((await api.as('admin', 'GET', '/api/payroll/2024-02/verify')).json()).toMatchObject({ ok: true, lines: 4, problems: [] });
    expect((await api.as('jiangkou', 'GET', '/api/payroll/2024-02/verify')).json()).toMatchObject({ ok: true, lines: 1, problems: [] });
    // A 毓兰镇 line edited in the database after approval: the county sees which; 江口镇 sees its own line intact.
    const [yulan] = await api.db.select().from(payrollLines).where(sql`${payrollLines.areaCode} like '430525102%'`).limit(1);
    await api.db.update(payrollLines).set({ amountFen: yulan.amountFen + 100 }).where(eq(payrollLines.id, yulan.id));
    const county = (await api.as('admin', 'GET', '/api/payroll/2024-02/verify')).json();
    expect(county).toMatchObject({ ok: false, lines: 4, problems: [{ lineId: yulan.id }] });
    const township = (await api.as('jiangkou', 'GET', '/api/payroll/2024-02/verify')).json();
    expect(township).toMatchObject({ ok: true, lines: 1, problems: [] });
    // A line removed elsewhere breaks the payroll's digest: reported to the township without counts or ids.
    await api.db.delete(payrollLines).where(eq(payrollLines.id, yulan.id));
    const after = (await api.as('jiangkou', 'GET', '/api/payroll/2024-02/verify')).json();
    expect(after).toMatchObject({ ok: false, lines: 1, problems: [{ lineId: null, problem: expect.stringContaining('整份名册') }] });
    expect(JSON.stringify(after.problems)).not.toMatch(/\d+ 行/);
  });
});
