/**
 * `doudi cases tick [--date YYYY-MM-DD]`: the daily run of the case workflow for a date (default
 * today in China): 督办 of overdue deadlines and the reviews due. Prints one JSON line.
 */
import { parseArgs } from 'node:util';
import { openDatabase, optionsFromEnv } from '../db/connection.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { todayInChina } from '../registry/model.ts';
import { tick } from './scheduler.ts';

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'tick') {
    process.stderr.write('用法 usage: doudi cases tick [--date YYYY-MM-DD]（督办逾期事项、生成到期复核）\n');
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { date: { type: 'string' } } });
  const date = values.date ?? todayInChina();
  if (!isValidIsoDate(date)) {
    process.stderr.write(`日期无效 invalid date: ${date}（应为 YYYY-MM-DD）\n`);
    return 2;
  }
  const database = await openDatabase(optionsFromEnv());
  try {
    process.stdout.write(`${JSON.stringify(await tick(database.db, date))}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
