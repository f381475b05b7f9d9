/** `doudi import FILE [--dry-run]` per ../shared/contract/IMPORT.md: one JSON object on stdout, exit 0 or 2. */
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.ts';
import { importLedger, type ImportResult } from './importLedger.ts';
import { fileKind, LedgerFileError } from './read.ts';

const failed = (message: string): ImportResult => ({ rows: 0, households: 0, persons: 0, created: 0, updated: 0, imported: false, errors: [{ row: 0, column: '', message }] });

function actorName(): string {
  try { return `cli:${userInfo().username}`; } catch { return `cli:${process.env.USER ?? 'unknown'}`; }
}

export async function run(argv: string[]): Promise<number> {
  let file: string | undefined;
  let dryRun = false;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
    [file] = positionals;
    dryRun = values['dry-run'];
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
  }
  if (!file) {
    process.stderr.write('用法 usage: doudi import FILE.xlsx|FILE.csv [--dry-run]\n');
    return 2;
  }
  const print = (result: ImportResult) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    return result.errors.length ? 2 : 0;
  };
  // A wrong name or kind is reported before the database is opened (or created).
  try {
    fileKind(file);
  } catch (e) {
    return print(failed((e as LedgerFileError).message));
  }
  if (!(await stat(file).catch(() => null))?.isFile()) return print(failed(`文件不存在：${file}`));

  const stages = { reading: '读取', checking: '校验', writing: '写入', done: '完成' };
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase();
    return print(await importLedger(database.db, { path: file }, file, {
      dryRun, actor: actorName(),
      onProgress: (rows, stage) => process.stderr.write(`${stages[stage]} ${rows} 行\n`),
    }));
  } catch (e) {
    // Nothing was written: the import is one transaction. Still one JSON object, not a stack trace.
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    return print(failed(`导入失败，未写入任何数据：${(e as Error).message}`));
  } finally {
    await database?.close();
  }
}
