/** `doudi import FILE [--dry-run]` per ../shared/contract/IMPORT.md: one JSON object on stdout, exit 0 or 2. */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.ts';
import { importLedger } from './importLedger.ts';

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
  const database = await openDatabase();
  try {
    const stages = { reading: '读取', checking: '校验', writing: '写入', done: '完成' };
    const result = await importLedger(database.db, { path: file }, file, {
      dryRun, actor: `cli:${userInfo().username}`,
      onProgress: (stage, rows) => process.stderr.write(`${stages[stage]} ${rows} 行\n`),
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return { rows: 0, households: 0, persons: 0, created: 0, updated: 0, imported: false, errors: [{ row: 0, column: '', message: `文件不存在：${file}` }] };
      throw e;
    });
    process.stdout.write(JSON.stringify(result) + '\n');
    return result.errors.length ? 2 : 0;
  } finally {
    await database.close();
  }
}
