/**
 * `doudi verify --date YYYY-MM-DD [--area CODE] [--policy PACK.yaml]` per ../shared/contract/VERIFY.md:
 * one JSON object { date, households, persons, findings } on stdout; exit 0 (findings are results,
 * not errors), 2 for bad arguments (a bad date or area, an unreadable pack, no pack for a county).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { runVerify, VerifyError } from './verify.ts';

const USAGE = '用法 usage: doudi verify --date YYYY-MM-DD [--area CODE] [--policy PACK.yaml]\n';

export async function run(argv: string[]): Promise<number> {
  let values: { date?: string; area?: string; policy?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { date: { type: 'string' }, area: { type: 'string' }, policy: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.date || !isValidIsoDate(values.date)) { process.stderr.write(`--date: 应为存在的日期 YYYY-MM-DD${values.date ? `，实际为 ${values.date}` : ''}\n${USAGE}`); return 2; }
  const area = values.area ?? '';
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/.test(area)) { process.stderr.write(`--area: 应为 2、4、6、9 或 12 位行政区划代码，实际为 ${area}\n`); return 2; }
  let packYaml: string | undefined;
  if (values.policy) {
    try { packYaml = readFileSync(values.policy, 'utf8'); } catch { process.stderr.write(`政策包文件不存在或无法读取：${values.policy}\n`); return 2; }
  }
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase();
    const result = await runVerify(database.db, { date: values.date, area, packYaml,
      onProgress: (done, total) => process.stderr.write(`已核对 ${done}/${total} 户\n`) });
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof VerifyError) { process.stderr.write(`${e.message}\n`); return 2; }
    throw e;
  } finally {
    await database?.close();
  }
}
