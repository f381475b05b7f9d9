/**
 * `doudi medical settle FILE [--policy PACK.yaml] [--dry-run]`, `doudi medical premium --year YYYY
 * --date D [--policy]`, `doudi medical identities --date D [--policy] [--out F.csv|F.xlsx]`
 * (../shared/contract/MEDICAL.md): one JSON object on standard output; exit 0 on success, 2 on bad
 * input with `errors` naming the row and column or the argument — and then nothing is written.
 * Without --policy each county's newest published pack applies, as for `doudi payroll`.
 */
import { stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../db/connection.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { AppError, clientDatabaseError } from '../errors.ts';
import { CLI_OPERATOR } from '../payments/commands.ts';
import { PolicySource } from '../payments/policySource.ts';
import { todayInChina } from '../registry/model.ts';
import { sha256File } from '../verification/feeds.ts';
import { identityFile, identityList, premiumList } from './lists.ts';
import { readSettlementFile, SettlementFileError } from './read.ts';
import { medicalDir, settle } from './store.ts';

const USAGE = '用法 usage: doudi medical settle FILE.csv|FILE.xlsx [--policy PACK.yaml] [--dry-run] | premium --year YYYY --date YYYY-MM-DD [--policy PACK.yaml] | identities --date YYYY-MM-DD [--policy PACK.yaml] [--out FILE.csv|FILE.xlsx]';
const ARGUMENT: Record<string, string> = { policy: '--policy', year: '--year', date: '--date', out: '--out', file: 'FILE' };

type ArgError = { argument: string; message: string };

function print(o: unknown, status: number): number {
  process.stdout.write(JSON.stringify(o) + '\n');
  return status;
}

async function withDb<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDatabase();
  try { return await fn(d); } finally { await d.close(); }
}

/** Bad input (an AppError) is exit 2 naming the argument; anything else is a bug, exit 1 with its stack on stderr. */
function failure(e: unknown, shape: (errors: ArgError[]) => unknown): number {
  const app = e instanceof AppError ? e : clientDatabaseError(e);
  if (app) return print(shape([{ argument: ARGUMENT[app.path ?? ''] ?? app.path ?? '', message: app.message }]), 2);
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  return print(shape([{ argument: '', message: `内部错误，未写入任何数据：${(e as Error).message}` }]), 1);
}

const policyOf = (db: Database['db'], file: string | undefined) => (file ? PolicySource.fromFile(db, file) : Promise.resolve(PolicySource.published(db)));

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: Record<string, { type: 'string' | 'boolean' }> }>>;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { policy: { type: 'string' }, 'dry-run': { type: 'boolean' }, year: { type: 'string' }, date: { type: 'string' }, out: { type: 'string' } } });
  } catch (e) {
    return print({ errors: [{ argument: '', message: `${(e as Error).message}。${USAGE}` }] }, 2);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  switch (sub) {
    case 'settle': return settleCommand(parsed.positionals[0], str('policy'), !!v['dry-run']);
    case 'premium': return premiumCommand(str('year'), str('date'), str('policy'));
    case 'identities': return identitiesCommand(str('date'), str('policy'), str('out'));
    default:
      process.stderr.write(USAGE + '\n');
      return print({ errors: [{ argument: '', message: USAGE }] }, 2);
  }
}

async function settleCommand(file: string | undefined, policyFile: string | undefined, dryRun: boolean): Promise<number> {
  const shape = (errors: ArgError[]) => ({ rows: 0, settled: 0, skipped: 0, errors, totalAssistanceYuan: 0, totalTopUpYuan: 0, settlements: [] });
  if (!file) return print(shape([{ argument: 'FILE', message: `缺少结算数据文件参数。${USAGE}` }]), 2);
  if (!(await stat(file).catch(() => null))?.isFile()) return print(shape([{ argument: 'FILE', message: `文件不存在：${file}` }]), 2);
  try {
    return await withDb(async ({ db }) => {
      const policy = await policyOf(db, policyFile);
      let read;
      try {
        read = await readSettlementFile(file, basename(file), todayInChina());
      } catch (e) {
        if (e instanceof SettlementFileError) return print(shape([{ argument: 'FILE', message: e.message }]), 2);
        throw e;
      }
      const { sha256, bytes } = await sha256File(file);
      const r = await settle(db, read.settlements, { policy, actor: CLI_OPERATOR, channel: 'file', dryRun, rowCount: read.rows, readErrors: read.errors,
        file: { path: file, fileName: basename(file), sha256, bytes, dir: medicalDir() } });
      return print(r, r.errors.length ? 2 : 0);
    });
  } catch (e) {
    return failure(e, shape);
  }
}

function checkDate(date: string | undefined): ArgError[] {
  if (!date) return [{ argument: '--date', message: '缺少参数 --date' }];
  return isValidIsoDate(date) ? [] : [{ argument: '--date', message: `日期应为有效的 YYYY-MM-DD，实际为 ${date}` }];
}

async function premiumCommand(year: string | undefined, date: string | undefined, policyFile: string | undefined): Promise<number> {
  const shape = (errors: ArgError[]) => ({ errors });
  const errors = [...(!year ? [{ argument: '--year', message: '缺少参数 --year' }] : /^\d{4}$/.test(year) ? [] : [{ argument: '--year', message: `年份应为 4 位数字，实际为 ${year}` }]), ...checkDate(date)];
  if (errors.length) return print(shape(errors), 2);
  try {
    return await withDb(async ({ db }) => print(await premiumList(db, { year: Number(year), date: date!, policy: await policyOf(db, policyFile), actor: CLI_OPERATOR }), 0));
  } catch (e) {
    return failure(e, shape);
  }
}

async function identitiesCommand(date: string | undefined, policyFile: string | undefined, out: string | undefined): Promise<number> {
  const shape = (errors: ArgError[]) => ({ errors });
  const errors = checkDate(date);
  const format = out === undefined ? null : out.toLowerCase().endsWith('.csv') ? 'csv' : out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : undefined;
  if (format === undefined) errors.push({ argument: '--out', message: '输出文件名应以 .csv 或 .xlsx 结尾' });
  if (errors.length) return print(shape(errors), 2);
  try {
    return await withDb(async ({ db }) => {
      const list = await identityList(db, { date: date!, policy: await policyOf(db, policyFile), actor: CLI_OPERATOR, ...(out ? { out } : {}) });
      if (out && format) await writeFile(out, await identityFile(list.rows, format));
      return print(list, 0);
    });
  } catch (e) {
    return failure(e, shape);
  }
}
