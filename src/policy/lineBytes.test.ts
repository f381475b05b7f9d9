/** The output bytes of batch evaluation (lineBytes.ts) are JSON.stringify's text and a line end, in UTF-8. */
import { describe, expect, it } from 'vitest';
import { LineBytes } from './lineBytes.ts';

const utf8 = (values: unknown[]) => Buffer.from(values.map((v) => JSON.stringify(v) + '\n').join(''));

describe('output lines as bytes', () => {
  it('writes each value as JSON.stringify does, in UTF-8, past the size it started with and across takes', () => {
    const values = [
      { id: 'H1', text: '人均收入约 173.33 元 < 低保标准 450.00 元', n: 0.1 + 0.2, list: [null, true, -1e21], skip: undefined },
      { text: '𠮷 and 😀 (two code units each), a lone \ud800 escaped, "quotes" \\ and \n' },
      'a string', 12, null,
      { long: '兜'.repeat(5000) }, // 15,000 bytes: more than the buffer holds
    ];
    const lines = new LineBytes(64);
    for (const v of values.slice(0, 3)) lines.line(v);
    const first = lines.take();
    for (const v of values.slice(3)) lines.line(v);
    const second = lines.take();

    expect(Buffer.from(first)).toEqual(utf8(values.slice(0, 3)));
    expect(Buffer.from(second)).toEqual(utf8(values.slice(3)));
    expect(first.buffer).not.toBe(second.buffer); // each in memory of its own, to be transferred
    expect(first.byteLength).toBe(first.buffer.byteLength);
    expect(lines.take().length).toBe(0);
  });
});
