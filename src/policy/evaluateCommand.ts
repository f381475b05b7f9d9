/**
 * `doudi evaluate --policy PACK.yaml --date YYYY-MM-DD --input FILE|-` per
 * ../shared/contract/EVALUATE.md. Single mode prints one JSON object; batch mode (a .jsonl input or
 * --jsonl) prints one line per input line, in order, an error line for each bad household.
 * Exit status 2 on any bad input, with the field path on standard error (single mode) or in the line.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isValidIsoDate } from '../domain/dates.ts';
import { evaluate } from './evaluate.ts';
import { InputError, parseHousehold } from './household.ts';
import { loadPack, PolicyError, resolvePack, type ResolvedPack } from './pack.ts';

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

type ErrorLine = { id: unknown; error: { path: string; message: string } };
type Line = { ok: true; value: object } | { ok: false; value: ErrorLine };

/** Evaluates one JSON text; errors become the contract's error object. */
function evaluateText(pack: ResolvedPack, text: string): Line {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, value: { id: null, error: { path: '$', message: `不是有效的 JSON：${(e as Error).message}` } } };
  }
  try {
    return { ok: true, value: evaluate(pack, parseHousehold(raw)) };
  } catch (e) {
    if (!(e instanceof InputError || e instanceof PolicyError)) throw e;
    const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : null;
    const message = e instanceof PolicyError ? e.message.slice(e.path.length + 2) : e.message;
    return { ok: false, value: { id, error: { path: e.path, message } } };
  }
}

async function batch(pack: ResolvedPack, input: string): Promise<number> {
  const lines = createInterface({ input: input === '-' ? process.stdin : createReadStream(input), crlfDelay: Infinity });
  let out = '';
  let failed = false;
  for await (const text of lines) {
    if (text.trim() === '') continue;
    const r = evaluateText(pack, text);
    failed ||= !r.ok;
    out += JSON.stringify(r.value) + '\n';
    if (out.length > 1 << 20) {
      if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      out = '';
    }
  }
  process.stdout.write(out);
  return failed ? 2 : 0;
}

export async function run(argv: string[]): Promise<number> {
  try {
    const opts = options(argv);
    const pack = resolvePack(loadPack(readFileSync(opts.policy, 'utf8'), opts.policy), opts.date);
    if (opts.jsonl) return await batch(pack, opts.input);
    const text = readFileSync(opts.input === '-' ? 0 : opts.input, 'utf8');
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
