/**
 * `doudi feed load FILE --source SOURCE --period YYYY-MM` per ../shared/contract/VERIFY.md: one JSON
 * object on stdout ({ source, period, rows, loaded, matched, errors }); exit 0 when the file was
 * read (even with row errors), 2 when it could not be (missing file, unknown source, a required column missing).
 *
 * The feed belongs to a county, like an upload: `--area CODE` (its first 6 digits) when given, else the
 * county of the registry's households (feeds.ts commandCounty); a database holding several counties
 * needs `--area` (exit 2).
 */
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.ts';
import { commandCounty, feedDir, FeedFileError, loadFeed, type FeedResult } from './feeds.ts';

const USAGE = '用法 usage: doudi feed load FILE.csv|FILE.xlsx --source SOURCE --period YYYY-MM [--area COUNTY]\n';

function actorName(): string {
  try { return `cli:${userInfo().username}`; } catch { return `cli:${process.env.USER ?? 'unknown'}`; }
}

export async function run(argv: string[]): Promise<number> {
  let values: { source?: string; period?: string; area?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { source: { type: 'string' }, period: { type: 'string' }, area: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [sub, file] = positionals;
  if (sub !== 'load' || !file || !values.source || !values.period) {
    process.stderr.write(USAGE);
    return 2;
  }
  const print = (r: FeedResult, status: number) => { process.stdout.write(JSON.stringify(r) + '\n'); return status; };
  const failed = (message: string, column = ''): FeedResult => ({ source: values.source!, period: values.period!, rows: 0, loaded: 0, matched: 0, errors: [{ row: 0, column, message }] });
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase();
    const areaCode = await commandCounty(database.db, values.area);
    const result = await loadFeed(database.db, { path: file, fileName: basename(file), source: values.source, period: values.period, actor: actorName(), areaCode, dir: feedDir(),
      onProgress: (rows) => process.stderr.write(`已读取 ${rows} 行\n`) });
    return print(result, 0);
  } catch (e) {
    if (e instanceof FeedFileError) { process.stderr.write(`${e.message}\n`); return print(failed(e.message), 2); }
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    return print(failed(`载入失败，未写入任何数据：${(e as Error).message}`), 2);
  } finally {
    await database?.close();
  }
}
