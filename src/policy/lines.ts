/**
 * Evaluation of the contract's input text (../shared/contract/EVALUATE.md): one JSON household, or a
 * chunk of JSONL lines, to output text. Used by single mode and by each worker of batch mode.
 */
import { evaluate } from './evaluate.ts';
import { InputError, parseHousehold } from './household.ts';
import { LineBytes } from './lineBytes.ts';
import { PolicyError, type ResolvedPack } from './resolve.ts';

export type ErrorLine = { id: unknown; error: { path: string; message: string } };
export type Line = { ok: true; value: object } | { ok: false; value: ErrorLine };

/** Evaluates one JSON text; bad input becomes the contract's error object. */
export function evaluateText(pack: ResolvedPack, text: string): Line {
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

/**
 * Whole JSONL lines to output lines, UTF-8 in memory of their own (a worker transfers it), blank lines skipped;
 * `failed` when any line was bad.
 */
export function evaluateChunk(pack: ResolvedPack, text: string, out = new LineBytes()): { out: Uint8Array; failed: boolean } {
  let failed = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const r = evaluateText(pack, line);
    failed ||= !r.ok;
    out.line(r.value);
  }
  return { out: out.take(), failed };
}

