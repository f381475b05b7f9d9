/**
 * `doudi evaluate --policy PACK.yaml --date YYYY-MM-DD --input FILE|-` per
 * ../shared/contract/EVALUATE.md. Single mode prints one JSON object; batch mode (a .jsonl input or
 * --jsonl) prints one line per input line, in order, an error line for each bad household.
 * Exit status 2 on any bad input, with the field path on standard error (single mode) or in the line.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isValidIsoDate } from '../domain/dates.ts';
import { evaluateStream } from './batch.ts';
import { loadPack, PolicyError, resolvePack } from './pack.ts';

const USAGE = '用法 usage: doudi evaluate --policy PACK.yaml --date YYYY-MM-DD --input HOUSEHOLD.json|HOUSEHOLDS.jsonl|- [--jsonl]\n';

class UsageError extends Error {}

function options(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { policy: { type: 'string' }, date: { type: 'string' }, input: { type: 'string' }, jsonl: { type: 'boolean', default: false } } }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  if (!values.policy || !values.date || !values.input) throw new UsageError(`缺少参数 missing --policy, --date or --input\n${USAGE}`);
  if (!isValidIsoDate(values.date)) throw new UsageError(`--date: 应为存在的日期 YYYY-MM-DD，实际为 ${values.date}\n`);
  return { policy: values.policy, date: values.date, input: values.input, jsonl: values.jsonl || values.input.endsWith('.jsonl') };
}

export async function run(argv: string[]): Promise<number> {
  try {
    const opts = options(argv);
    const packText = readFileSync(opts.policy, 'utf8');
    if (opts.jsonl) {
      const input = opts.input === '-' ? process.stdin : createReadStream(opts.input);
      return (await evaluateStream(input, process.stdout, { packText, packFile: opts.policy, date: opts.date })) ? 0 : 2;
    }
    const pack = resolvePack(loadPack(packText, opts.policy), opts.date);
    const text = readFileSync(opts.input === '-' ? 0 : opts.input, 'utf8');
    const { evaluateText } = await import('./lines.ts'); // batch mode leaves the rules to its workers
    const r = evaluateText(pack, text);
    if (!r.ok) {
      process.stderr.write(`${r.value.error.path}: ${r.value.error.message}\n`);
      return 2;
    }
    process.stdout.write(JSON.stringify(r.value, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(e.message); return 2; }
    if (e instanceof PolicyError) { process.stderr.write(`政策包错误 policy error: ${e.message}\n`); return 2; }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') { process.stderr.write(`文件不存在 file not found: ${(e as NodeJS.ErrnoException).path}\n`); return 2; }
    throw e;
  }
}
