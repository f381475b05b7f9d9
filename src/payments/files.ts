/**
 * The exact bytes of every bank file issued and every return file taken, kept content-addressed
 * (`<dir>/<sha[0..2]>/<sha256>`) under the data directory's payments/ folder: the same bytes are
 * stored once, and a file's name is its SHA-256, so a changed copy cannot hide under the old name.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from './amounts.ts';

export class PaymentFiles {
  constructor(readonly dir: string) {}

  /** `<DOUDI_DATA>/payments` (./data/payments by default, also for PostgreSQL), or DOUDI_PAYMENTS_DIR. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): PaymentFiles {
    if (env.DOUDI_PAYMENTS_DIR) return new PaymentFiles(env.DOUDI_PAYMENTS_DIR);
    const data = env.DOUDI_DATA && !env.DOUDI_DATA.startsWith('memory://') ? env.DOUDI_DATA : './data';
    return new PaymentFiles(join(data, 'payments'));
  }

  pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error('not a sha256');
    return join(this.dir, sha.slice(0, 2), sha);
  }

  /** Stores the bytes (once) and returns their SHA-256. */
  async put(bytes: Buffer): Promise<string> {
    const sha = sha256(bytes);
    const path = this.pathOf(sha);
    if (await stat(path).catch(() => null)) return sha;
    await mkdir(join(this.dir, sha.slice(0, 2)), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomUUID()}.part`;
    try {
      await writeFile(tmp, bytes, { mode: 0o400, flag: 'wx' });
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
    return sha;
  }

  /** The stored bytes, checked against their name. */
  async get(sha: string): Promise<Buffer> {
    const bytes = await readFile(this.pathOf(sha));
    if (sha256(bytes) !== sha) throw new Error(`stored file ${sha} does not match its SHA-256`);
    return bytes;
  }
}
