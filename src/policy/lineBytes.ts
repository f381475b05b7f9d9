/**
 * The output lines of batch evaluation as UTF-8, each line encoded as soon as it is serialized into one buffer kept
 * for the whole run, and the chunk's bytes copied out once at the end. Building the chunk's text as one string and
 * encoding it afterwards (TextEncoder.encode) cost about 14% more CPU per chunk (issue 23: JSON.stringify of the
 * results and UTF-8 encoding were half a worker's time). A serializer of our own that copied each cited parameter's
 * JSON as cached bytes was slower than JSON.stringify per line (Node 20), and is not used.
 */
export class LineBytes {
  private buf: Buffer;
  private at = 0;

  constructor(size = 1 << 18) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Writes one output line: the value's JSON and a line end. */
  line(value: unknown): void {
    const s = JSON.stringify(value) + '\n';
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.at + s.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + s.length * 3));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    this.at += this.buf.write(s, this.at);
  }

  /** The bytes written since the last take, in memory of their own (it can be transferred to another thread). */
  take(): Uint8Array {
    const out = new Uint8Array(this.buf.subarray(0, this.at));
    this.at = 0;
    return out;
  }
}
