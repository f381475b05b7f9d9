/**
 * `doudi monitor --date YYYY-MM-DD [--area CODE]`: the county's scheduled monitor run (docs/monitoring.md).
 * Every signal in the area (registry, verification feeds, reports) through the county's named rules;
 * prints one JSON object { date, signals, raised, byRule, byLevel, problems } on stdout. Idempotent: a
 * second run with the same data raises nothing new. Exit 0, or 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { runMonitor } from './signals.ts';

const USAGE = '用法 usage: doudi monitor --date YYYY-MM-DD [--area CODE]\n';

export async function run(argv: string[]): Promise<number> {
  let values: { date?: string; area?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { date: { type: 'string' }, area: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.date || !isValidIsoDate(values.date)) { process.stderr.write(`--date: 应为存在的日期 YYYY-MM-DD${values.date ? `，实际为 ${values.date}` : ''}\n${USAGE}`); return 2; }
  const area = values.area ?? '';
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/.test(area)) { process.stderr.write(`--area: 应为 2、4、6、9 或 12 位行政区划代码，实际为 ${area}\n`); return 2; }
  const database = await openDatabase();
  try {
    process.stdout.write(JSON.stringify(await runMonitor(database.db, values.date, area)) + '\n');
    return 0;
  } finally {
    await database.close();
  }
}
