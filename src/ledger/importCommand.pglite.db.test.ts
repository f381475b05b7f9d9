/**
 * The command as ../shared/contract/IMPORT.md calls it: `node bin/doudi.js import FILE [--dry-run]`
 * on an embedded database in a temporary DOUDI_DATA, one JSON object on stdout, exit 0 or 2. The first
 * import and a refused file go through that separate process; the other calls run the same command in this process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';
import { areas } from '../registry/schema.ts';
import { auditLog } from '../auth/schema.ts';
import { person } from '../test-support/fixtures.ts';
import { migratedDataDir } from '../test-support/db.ts';
import { doudiInProcess, doudiProcess, type DoudiRun } from '../test-support/doudi.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-cli-'));
const data = migratedDataDir(join(dir, 'data'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { DOUDI_DATA: data, DATABASE_URL: '' };
function result(r: DoudiRun): { status: number | null; json: Record<string, unknown>; stdout: string } {
  const lines = r.stdout.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return { status: r.status, json: JSON.parse(lines[0]), stdout: r.stdout };
}
/** `doudi import ARGS…` in this process (src/test-support/doudi.ts); `doudiAsProcess` for the calls that prove the process end of the contract. */
const doudi = async (...args: string[]) => result(await doudiInProcess(['import', ...args], env));
const doudiAsProcess = (...args: string[]) => result(doudiProcess(['import', ...args], env));

const head = person('1968-08-08');
const spouse = person('1970-02-02', 'female');

async function ledger(name: string, income: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['江口村困难群众花名册']);
  ws.mergeCells('A1:F1');
  ws.addRow(['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码', '月收入']);
  ws.addRow(['CLI-1', '刘建国', head, '户主', '农村', '430525101201', income]);
  ws.addRow(['CLI-1', '周小梅', spouse, '配偶', '农村', '430525101201', 0]);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('npx doudi import FILE [--dry-run]', () => {
  it('validates without writing on --dry-run, imports with exit 0, and re-imports with nothing created or updated', async () => {
    const file = await ledger('ledger.xlsx', 800);
    expect(await doudi(file, '--dry-run')).toMatchObject({ status: 0, json: { rows: 2, households: 1, persons: 2, created: 1, updated: 0, imported: false, errors: [] } });
    const first = doudiAsProcess(file);
    expect(first.status).toBe(0);
    expect(first.json).toEqual({ rows: 2, households: 1, persons: 2, created: 1, updated: 0, imported: true, errors: [] });
    expect(await doudi(file)).toMatchObject({ status: 0, json: { created: 0, updated: 0, imported: true } });

    const database = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'ledger.import'));
      expect(audit.map((a) => a.actor)).toEqual([`cli:${userInfo().username}`, `cli:${userInfo().username}`]);
      // The county's area tree is there for the UI to name the villages.
      expect(await database.db.select().from(areas).where(eq(areas.code, '430525101201'))).toHaveLength(1);
    } finally {
      await database.close();
    }
  }, 180_000);

  it('updates a household when its file changed', async () => {
    expect(await doudi(await ledger('changed.xlsx', 900))).toMatchObject({ status: 0, json: { created: 0, updated: 1, imported: true } });
  }, 60_000);

  it('exits 2 with every error listed by row and column when a row is wrong', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, `户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码,月收入\nB1,甲,${person('1971-01-01')},户主,农村,430525101201,-1\nB1,乙,123,配偶,农村,430525101201,\n`);
    const r = doudiAsProcess(path);
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ imported: false, created: 0, updated: 0, errors: [
      { row: 2, column: '月收入', message: '月收入不能为负数' },
      { row: 3, column: '身份证号', message: expect.stringContaining('18位') },
    ] });
  }, 120_000);

  it('exits 2 with a Chinese message for a missing file, a damaged xlsx and an unsupported kind', async () => {
    expect(await doudi(join(dir, 'nope.xlsx'))).toMatchObject({ status: 2, json: { imported: false, errors: [{ row: 0, column: '', message: expect.stringContaining('文件不存在') }] } });
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, 'PK\u0003\u0004 not really a zip');
    expect(await doudi(broken)).toMatchObject({ status: 2, json: { errors: [{ message: expect.stringContaining('损坏') }] } });
    expect(await doudi(join(dir, 'notes.txt'))).toMatchObject({ status: 2, json: { errors: [{ message: expect.stringContaining('仅支持') }] } });
  }, 60_000);
});
