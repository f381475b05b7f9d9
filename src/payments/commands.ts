/**
 * `doudi recipients import` and `doudi payroll run|approve|bank-file|returns|verify` (PAYROLL.md):
 * one JSON object on standard output; exit 0 on success, 2 on bad input with `errors` naming the
 * row/column or the argument, and then nothing is written. The command line acts as operator `cli`.
 */
import { stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../db/connection.ts';
import { AppError, clientDatabaseError } from '../errors.ts';
import { issueBankFile, takeReturnFile } from './bankFile.ts';
import { PaymentFiles } from './files.ts';
import { approvePayroll, runPayroll, verifyPayroll } from './payroll.ts';
import { PolicySource } from './policySource.ts';
import { importRoster } from './roster.ts';

export const CLI_OPERATOR = 'cli';

type ArgError = { argument: string; message: string };
const ARGUMENT: Record<string, string> = { month: '--month', area: '--area', policy: '--policy', by: '--by', out: '--out', file: 'FILE' };

function print(o: unknown, status: number): number {
  process.stdout.write(JSON.stringify(o) + '\n');
  return status;
}
const argFail = (errors: ArgError[]) => print({ errors }, 2);

function parse(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function withDb<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDatabase();
  try { return await fn(d); } finally { await d.close(); }
}

/** An AppError (bad input) becomes exit 2 with the argument it names; anything else is a bug, reported on stderr. */
function failure(e: unknown, shape: (errors: ArgError[]) => unknown = (errors) => ({ errors })): number {
  const app = e instanceof AppError ? e : clientDatabaseError(e);
  if (app) return print(shape([{ argument: ARGUMENT[app.path ?? ''] ?? app.path ?? '', message: app.message }]), 2);
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  return print(shape([{ argument: '', message: `内部错误，未写入任何数据：${(e as Error).message}` }]), 1);
}

export async function recipients(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const usage = '用法 usage: doudi recipients import FILE.xlsx|FILE.csv [--policy PACK.yaml] [--dry-run]';
  const empty = (message: string, column = '') => ({ rows: 0, entitlements: 0, created: 0, errors: [{ row: 0, column, message }], differences: [] });
  if (sub !== 'import') { process.stderr.write(usage + '\n'); return print(empty(usage), 2); }
  const a = parse(rest, { policy: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  if ('error' in a) return print(empty(a.error), 2);
  const file = a.positionals[0];
  if (!file) return print(empty(`缺少文件参数。${usage}`), 2);
  if (!(await stat(file).catch(() => null))?.isFile()) return print(empty(`文件不存在：${file}`), 2);
  try {
    return await withDb(async ({ db }) => {
      const policy = a.values.policy ? await PolicySource.fromFile(db, String(a.values.policy)) : PolicySource.published(db);
      const r = await importRoster(db, { source: { path: file }, fileName: file, policy, dryRun: !!a.values['dry-run'], actor: CLI_OPERATOR });
      return print(r, r.errors.length ? 2 : 0);
    });
  } catch (e) {
    return failure(e, (errors) => ({ ...empty(''), errors: errors.map((x) => ({ row: 0, column: x.argument, message: x.message })) }));
  }
}

export async function payroll(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const usage = '用法 usage: doudi payroll run --month YYYY-MM [--area CODE] [--policy PACK.yaml] | approve --month YYYY-MM --by USERNAME | bank-file --month YYYY-MM --out FILE.csv|FILE.xlsx | returns FILE --month YYYY-MM | verify --month YYYY-MM';
  const a = parse(rest, { month: { type: 'string' }, area: { type: 'string' }, policy: { type: 'string' }, by: { type: 'string' }, out: { type: 'string' } });
  if ('error' in a) return argFail([{ argument: '', message: a.error }]);
  const v = a.values as Record<string, string | undefined>;
  const need = (...names: string[]) => names.filter((n) => !v[n]).map((n) => ({ argument: `--${n}`, message: `缺少参数 --${n}` }));
  const area = v.area;
  try {
    switch (sub) {
      case 'run': {
        const missing = need('month');
        if (missing.length) return argFail(missing);
        return await withDb(async ({ db }) => {
          const policy = v.policy ? await PolicySource.fromFile(db, v.policy) : PolicySource.published(db);
          return print(await runPayroll(db, { month: v.month!, area: area ?? '', policy, by: { username: CLI_OPERATOR, via: 'cli' } }), 0);
        });
      }
      case 'approve': {
        const missing = need('month', 'by');
        if (missing.length) return argFail(missing);
        return await withDb(async ({ db }) => print(await approvePayroll(db, v.month!, area, { username: v.by!, via: 'cli' }), 0));
      }
      case 'bank-file': {
        const missing = need('month', 'out');
        if (missing.length) return argFail(missing);
        const out = v.out!;
        const format = out.toLowerCase().endsWith('.csv') ? 'csv' : out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : null;
        if (!format) return argFail([{ argument: '--out', message: '输出文件名应以 .csv 或 .xlsx 结尾' }]);
        return await withDb(async ({ db }) => {
          const f = await issueBankFile(db, PaymentFiles.fromEnv(), { month: v.month!, area, format, actor: CLI_OPERATOR });
          await writeFile(out, f.bytes);
          return print({ month: f.month, out, format, rows: f.rows, totalYuan: f.totalYuan, sha256: f.sha256 }, 0);
        });
      }
      case 'returns': {
        const file = a.positionals[0];
        const missing = [...(file ? [] : [{ argument: 'FILE', message: '缺少回盘文件参数' }]), ...need('month')];
        const shape = (errors: ArgError[]) => ({ paid: 0, failed: 0, errors: errors.map((e) => ({ row: 0, column: e.argument, message: e.message })) });
        if (missing.length) return print(shape(missing), 2);
        if (!(await stat(file!).catch(() => null))?.isFile()) return print(shape([{ argument: 'FILE', message: `文件不存在：${file}` }]), 2);
        try {
          return await withDb(async ({ db }) => {
            const r = await takeReturnFile(db, PaymentFiles.fromEnv(), { month: v.month!, area, source: { path: file! }, fileName: file!, actor: CLI_OPERATOR });
            return print(r, r.errors.length ? 2 : 0);
          });
        } catch (e) {
          return failure(e, shape);
        }
      }
      case 'verify': {
        const missing = need('month');
        if (missing.length) return argFail(missing);
        return await withDb(async ({ db }) => { const r = await verifyPayroll(db, v.month!, area); return print(r, r.ok ? 0 : 1); });
      }
      default:
        process.stderr.write(usage + '\n');
        return argFail([{ argument: '', message: usage }]);
    }
  } catch (e) {
    return failure(e);
  }
}
