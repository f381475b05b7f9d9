/**
 * Batch evaluation in worker threads (batch.ts): the input is cut into pieces of whole lines however it is
 * read, so every line is evaluated once and the output keeps the input's order and bytes.
 */
import { Readable, Writable } from 'node:stream';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluateStream } from './batch.ts';
import { evaluateText } from './lines.ts';
import { loadPack, resolvePack } from './pack.ts';
import { STANDARDS } from './testing.ts';

const packText = stringify({ id: 'batch-test', name: '测试', jurisdiction: '430525', parameters: STANDARDS });
const date = '2021-12-01';

function household(i: number) {
  return { id: `H${i}`, hukou: i % 2 ? 'rural' : 'urban', members: [{ id: 'P1', birthDate: '1950-01-01', relation: 'head', laborCapacity: i % 3 ? 'none' : 'full', monthlyIncomeYuan: i % 500 }] };
}

async function batch(chunks: Buffer[]): Promise<{ ok: boolean; out: string }> {
  const parts: Buffer[] = [];
  const output = new Writable({ write(chunk, _enc, done) { parts.push(Buffer.from(chunk)); done(); } });
  const ok = await evaluateStream(Readable.from(chunks), output, { packText, packFile: 'batch-test.yaml', date, workers: 2 });
  return { ok, out: Buffer.concat(parts).toString('utf8') };
}

describe('batch evaluation', () => {
  it('evaluates every line once and in order when lines are split across reads, the input spans several pieces and has no final line end', { timeout: 120_000 }, async () => {
    const lines = Array.from({ length: 9000 }, (_, i) => (i === 4000 ? 'not json' : JSON.stringify(household(i))));
    lines.splice(10, 0, '', '   ');
    const bytes = Buffer.from(lines.join('\n')); // about 1.3 MB: many pieces, the last line without its line end
    // Reads of uneven sizes that cut lines (and UTF-8 characters) anywhere.
    const chunks: Buffer[] = [];
    for (let at = 0, k = 0; at < bytes.length; k++) { const size = 1 + ((k * 7919) % 65_521); chunks.push(bytes.subarray(at, at + size)); at += size; }

    const { ok, out } = await batch(chunks);

    const pack = resolvePack(loadPack(packText), date);
    const expected = lines.filter((l) => l.trim() !== '').map((l) => JSON.stringify(evaluateText(pack, l).value) + '\n').join('');
    expect(bytes.length).toBeGreaterThan(1 << 20);
    expect(out).toBe(expected);
    expect(ok).toBe(false); // the line that is not JSON
  });

  it('writes nothing and reports success for an empty input', { timeout: 60_000 }, async () => {
    expect(await batch([])).toEqual({ ok: true, out: '' });
  });
});
