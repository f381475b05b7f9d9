/**
 * The commands as ../shared/contract/PAYROLL.md calls them, on an embedded database in a temporary
 * DOUDI_DATA: one JSON object on stdout; exit 0, or 2 with errors naming the row/column or the argument and
 * nothing written. A refused import, a month's run and a bank file go through a separate process
 * (`node bin/doudi.js`, as the outside checks run it); the other calls run the same commands in this process.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { entitlements, payrollLines, payrolls } from './schema.ts';
import { saveHousehold } from '../registry/store.ts';
import { publishPolicy } from '../policy/store.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { addUser, packWithRuralStandard } from './testing.ts';
import { migratedDataDir } from '../test-support/db.ts';
import { doudiInProcess, doudiProcess, type DoudiRun } from '../test-support/doudi.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-payroll-cli-'));
const data = migratedDataDir(join(dir, 'data'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { DOUDI_DATA: data, DATABASE_URL: '', DOUDI_PAYMENTS_DIR: '' };
function result(r: DoudiRun): { status: number | null; json: Record<string, unknown> } {
  const lines = r.stdout.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return { status: r.status, json: JSON.parse(lines[0]) };
}
/** In this process (src/test-support/doudi.ts); `doudiAsProcess` for the calls that prove the process end of the contract. */
const doudi = async (...args: string[]) => result(await doudiInProcess(args, env));
const doudiAsProcess = (...args: string[]) => result(doudiProcess(args, env));

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const d = await openDatabase({ dataDir: data });
  try { return await fn(d.db); } finally { await d.close(); }
}

const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const roster = file('roster.csv', [
  '户编号,救助项目,起始年月,开户银行,银行账号,账户名,原保障金额',
  'CLI001,低保,2024-01,洞口农商银行,6230901234567890001,钱大伟,800',
  'CLI002,低保,2024年1月,洞口农商银行,6230901234567890002,孙立,',
].join('\n'));

beforeAll(async () => {
  await withDb(async (db) => {
    await publishPolicy(db, countyAdmin, packWithRuralStandard({ '2024-01-01': 420, '2024-07-01': 450 }), 'v1');
    const add = (ledgerKey: string, areaCode: string, name: string, birth: string) => saveHousehold(db, countyAdmin, null, {
      areaCode, ledgerKey, hukou: 'rural', members: [{ name, idNumber: person(birth), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'full' }] }, null);
    await add('CLI001', JIANGKOU_VILLAGE, '钱大伟', '1972-03-03');
    await add('CLI002', YULAN_VILLAGE, '孙立', '1973-04-04');
    await addUser(db, 'admin', 'county_admin', '430525');
  });
}, 120_000);

describe('doudi recipients import / payroll', () => {
  it('imports the roster (dry run first, then for real, then again creating nothing) and refuses a bad one whole', async () => {
    const bad = file('bad.csv', '户编号,救助项目,起始年月,开户银行,银行账号,账户名\nCLI001,低保,2024-01,洞口农商银行,62309,钱大伟\nNOPE,低保,2024-01,洞口农商银行,6230901234567890009,某人\n');
    expect(doudiAsProcess('recipients', 'import', bad)).toEqual({ status: 2, json: { rows: 2, entitlements: 1, created: 0, differences: [], errors: [
      { row: 2, column: '银行账号', message: '应为 12–30 位数字' },
      { row: 3, column: '户编号', message: expect.stringContaining('不在家庭档案中') },
    ] } });
    expect(await doudi('recipients', 'import', roster, '--dry-run')).toMatchObject({ status: 0, json: { rows: 2, entitlements: 2, created: 2, errors: [] } });
    expect(await withDb((db) => db.select().from(entitlements))).toHaveLength(0);
    const first = await doudi('recipients', 'import', roster);
    expect(first.status).toBe(0);
    expect(first.json).toMatchObject({ rows: 2, entitlements: 2, created: 2, errors: [] });
    // The current month's amount (450 yuan since 2024-07) against the 800 paid before; the row without 原保障金额 is not compared.
    expect(first.json.differences).toEqual([{ householdNo: 'CLI001', program: '低保', previousYuan: 800, computedYuan: 450 }]);
    expect(await doudi('recipients', 'import', roster)).toMatchObject({ status: 0, json: { created: 0, entitlements: 2 } });
    expect(await doudi('recipients', 'import', join(dir, 'missing.csv'))).toMatchObject({ status: 2, json: { errors: [{ row: 0, message: expect.stringContaining('文件不存在') }] } });
  }, 120_000);

  it('runs a month with the contract output, refuses bad arguments naming them, approves, and refuses to re-run an approved month', async () => {
    expect(await doudi('payroll', 'run', '--month', '2024-2')).toEqual({ status: 2, json: { errors: [{ argument: '--month', message: expect.stringContaining('YYYY-MM') }] } });
    expect(await doudi('payroll', 'run')).toEqual({ status: 2, json: { errors: [{ argument: '--month', message: '缺少参数 --month' }] } });
    expect(await doudi('payroll', 'run', '--month', '2024-02', '--area', '43x')).toMatchObject({ status: 2, json: { errors: [{ argument: '--area' }] } });
    expect(await withDb((db) => db.select().from(payrolls))).toHaveLength(0);
    const run = doudiAsProcess('payroll', 'run', '--month', '2024-02');
    expect(run).toEqual({ status: 0, json: { month: '2024-02', status: 'prepared', households: 2, lines: 2, totalYuan: 840, byProgram: { 低保: 840 }, backPayYuan: 0, recoveries: [], needsReview: [] } });
    expect(await doudi('payroll', 'run', '--month', '2024-02')).toEqual(run);
    expect(await doudi('payroll', 'approve', '--month', '2024-02', '--by', 'nobody')).toMatchObject({ status: 2, json: { errors: [{ argument: '--by' }] } });
    expect(await doudi('payroll', 'approve', '--month', '2024-02', '--by', 'admin')).toMatchObject({ status: 0, json: { month: '2024-02', status: 'approved', approvedBy: 'admin', lines: 2, totalYuan: 840 } });
    expect(await doudi('payroll', 'run', '--month', '2024-02')).toMatchObject({ status: 2, json: { errors: [{ argument: '--month', message: expect.stringContaining('已审批') }] } });
    expect(await doudi('payroll', 'verify', '--month', '2024-02')).toMatchObject({ status: 0, json: { ok: true, lines: 2 } });
  }, 120_000);

  it('writes the bank file, takes the return file once (twice changes nothing), and re-pays the failure next month', async () => {
    expect(await doudi('payroll', 'bank-file', '--month', '2024-02', '--out', join(dir, 'bank.txt'))).toMatchObject({ status: 2, json: { errors: [{ argument: '--out' }] } });
    const out = join(dir, 'bank.csv');
    const bank = doudiAsProcess('payroll', 'bank-file', '--month', '2024-02', '--out', out);
    expect(bank).toMatchObject({ status: 0, json: { rows: 2, totalYuan: 840, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('序号,账户名,银行账号,开户银行,身份证号,金额,救助项目,所属期,乡镇,村（社区）');
    expect(lines.at(-1)).toBe('合计,,,,,840.00,,,,');
    // The bytes issued are kept under the data directory by their SHA-256.
    expect(readFileSync(join(data, 'payments', String(bank.json.sha256).slice(0, 2), String(bank.json.sha256)))).toEqual(readFileSync(out));

    const ret = file('return.csv', [`${lines[0]},结果,失败原因`, `${lines[1]},成功,`, `${lines[2]},失败,户名不符`, lines[3]].join('\n'));
    expect(await doudi('payroll', 'returns', ret, '--month', '2024-02')).toEqual({ status: 0, json: { paid: 1, failed: 1, errors: [] } });
    const before = await withDb((db) => db.select().from(payrollLines));
    expect(await doudi('payroll', 'returns', ret, '--month', '2024-02')).toEqual({ status: 0, json: { paid: 1, failed: 1, errors: [] } });
    expect(await withDb((db) => db.select().from(payrollLines))).toEqual(before);
    const bad = file('bad-return.csv', [`${lines[0]},结果,失败原因`, `${lines[1]},也许,`].join('\n'));
    expect(await doudi('payroll', 'returns', bad, '--month', '2024-02')).toEqual({ status: 2, json: { paid: 0, failed: 0, errors: [{ row: 2, column: '结果', message: '结果应为 成功 或 失败' }] } });

    const pack = file('pack.yaml', packWithRuralStandard({ '2024-01-01': 420, '2024-07-01': 450 }));
    const march = await doudi('payroll', 'run', '--month', '2024-03', '--policy', pack);
    expect(march).toMatchObject({ status: 0, json: { lines: 3, totalYuan: 840 + 420, backPayYuan: 0 } });
    expect(await doudi('payroll', 'run', '--month', '2024-03', '--policy', join(dir, 'nope.yaml'))).toMatchObject({ status: 2, json: { errors: [{ argument: '--policy' }] } });
  }, 120_000);
});
