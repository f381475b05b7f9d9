/**
 * A payroll month cannot block all the others (issue 15, item 2): the web UI prepares at most next
 * month, a prepared month that is not approved can be withdrawn (audited, with its reason), and the
 * error about a later month says what to do. Through the API, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../auth/schema.ts';
import { payrollLines, payrolls } from './schema.ts';
import { JIANGKOU_VILLAGE, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { addMonth, currentMonth } from './months.ts';
import { runPayroll } from './payroll.ts';
import { PolicySource } from './policySource.ts';
import { paymentsApi } from './testing.ts';

let api: Awaited<ReturnType<typeof paymentsApi>>;
const thisMonth = currentMonth();
const nextMonth = addMonth(thisMonth, 1);

beforeAll(async () => { api = await paymentsApi({ W1: JIANGKOU_VILLAGE, W2: YULAN_VILLAGE }); }, 60_000);
afterAll(async () => { await api?.close(); });

const payrollRows = () => api.db.select({ month: payrolls.month, status: payrolls.status }).from(payrolls).orderBy(payrolls.month);

describe('months too far ahead', () => {
  it('refuses to prepare a month beyond next month with a 400 in Chinese, and writes nothing', async () => {
    for (const month of [addMonth(thisMonth, 2), '2099-12']) {
      const r = await api.as('minzheng', 'POST', `/api/payroll/${month}/prepare`, {});
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'MONTH_TOO_LATE', path: 'month', message: expect.stringContaining(`只能生成 ${nextMonth} 及以前月份`) });
    }
    expect(await payrollRows()).toEqual([]);
    expect(await api.db.select().from(auditLog).where(eq(auditLog.action, 'payroll.prepare'))).toEqual([]);
  });

  it('still prepares next month', async () => {
    const r = await api.as('minzheng', 'POST', `/api/payroll/${nextMonth}/prepare`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ month: nextMonth, status: 'prepared', lines: 2 });
  });
});

describe('withdrawing a prepared month', () => {
  it('says what to do when a later prepared month blocks an earlier one', async () => {
    const r = await api.as('minzheng', 'POST', `/api/payroll/${thisMonth}/prepare`, {});
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'PAYROLL_LATER_EXISTS', path: 'month', message: expect.stringContaining(`请先撤回它`) });
    expect(r.json().error.message).toContain(nextMonth);
  });

  it('refuses a withdrawal without a reason, by a role without payroll management, or of a month without payroll, and changes nothing', async () => {
    const noReason = await api.as('admin', 'POST', `/api/payroll/${nextMonth}/withdraw`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toMatchObject({ path: 'reason', message: expect.stringMatching(/撤回原因/) });
    const blank = await api.as('admin', 'POST', `/api/payroll/${nextMonth}/withdraw`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect((await api.as('jiangkou', 'POST', `/api/payroll/${nextMonth}/withdraw`, { reason: '误生成' })).statusCode).toBe(403);
    const none = await api.as('admin', 'POST', `/api/payroll/${addMonth(thisMonth, -1)}/withdraw`, { reason: '误生成' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toMatch(/没有发放名册/);
    expect(await payrollRows()).toEqual([{ month: nextMonth, status: 'prepared' }]);
    expect(await api.db.select().from(auditLog).where(eq(auditLog.action, 'payroll.withdraw'))).toEqual([]);
  });

  it('withdraws the prepared month with its lines, audited with the reason, and the earlier month can then be prepared', async () => {
    const [p] = await api.db.select().from(payrolls).where(eq(payrolls.month, nextMonth));
    const r = await api.as('admin', 'POST', `/api/payroll/${nextMonth}/withdraw`, { reason: '误选了月份' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ month: nextMonth, area: '430525', status: 'withdrawn', lines: 2, totalYuan: 840 });
    expect(await payrollRows()).toEqual([]);
    expect(await api.db.select().from(payrollLines).where(eq(payrollLines.payrollId, p.id))).toEqual([]);
    const [entry] = await api.db.select().from(auditLog).where(and(eq(auditLog.action, 'payroll.withdraw'), eq(auditLog.target, `payroll:${p.id}`)));
    expect(entry).toMatchObject({ actor: 'admin', areaCode: '430525', detail: { month: nextMonth, area: '430525', reason: '误选了月份', preparedBy: 'minzheng', lines: 2, totalFen: 84000 } });
    expect((await api.as('admin', 'GET', `/api/payroll/${nextMonth}`)).statusCode).toBe(404);
    const again = await api.as('minzheng', 'POST', `/api/payroll/${thisMonth}/prepare`, {});
    expect(again.statusCode, again.body).toBe(200);
  });

  it('withdraws through the API a far month prepared on the command line, which blocked every earlier month', async () => {
    await api.as('admin', 'POST', `/api/payroll/${thisMonth}/withdraw`, { reason: '重新安排' });
    await runPayroll(api.db, { month: '2099-12', area: '430525', policy: PolicySource.published(api.db), by: { username: 'cli', via: 'cli' } });
    expect((await api.as('minzheng', 'POST', `/api/payroll/${thisMonth}/prepare`, {})).json().error.code).toBe('PAYROLL_LATER_EXISTS');
    expect((await api.as('minzheng', 'POST', '/api/payroll/2099-12/withdraw', { reason: '误生成 2099 年' })).statusCode).toBe(200);
    expect((await api.as('minzheng', 'POST', `/api/payroll/${thisMonth}/prepare`, {})).statusCode).toBe(200);
  });

  it('never withdraws an approved month, and says so when an approved later month blocks an earlier one', async () => {
    expect((await api.as('admin', 'POST', `/api/payroll/${thisMonth}/approve`, {})).statusCode).toBe(200);
    const r = await api.as('admin', 'POST', `/api/payroll/${thisMonth}/withdraw`, { reason: '想撤回' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'PAYROLL_APPROVED', path: 'month', message: expect.stringContaining('不能撤回') });
    expect(await payrollRows()).toEqual([{ month: thisMonth, status: 'approved' }]);
    const earlier = await api.as('minzheng', 'POST', `/api/payroll/${addMonth(thisMonth, -1)}/prepare`, {});
    expect(earlier.statusCode).toBe(409);
    expect(earlier.json().error).toMatchObject({ code: 'PAYROLL_LATER_EXISTS', message: expect.stringContaining('已审批的名册不能撤回') });
  });
});
