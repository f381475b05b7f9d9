/**
 * Nothing lost, nothing half-written: an import killed while it writes leaves the database as it
 * was. Runs the real command on the embedded database and kills it with SIGKILL mid-write.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';
import { households, members } from '../db/schema.ts';
import { demoHouseholds } from '../registry/demo.ts';
import { COLUMNS } from './template.ts';

const RELATION = { head: '户主', spouse: '配偶', child: '子', parent: '父亲', grandchild: '孙子', grandparent: '祖父', sibling: '兄弟', other: '其他' } as const;

function bigLedger(file: string, n: number) {
  const lines = [COLUMNS.slice(0, 6).join(',')];
  for (const h of demoHouseholds({ countyCode: '430525', households: n, seed: 7 })) {
    for (const m of h.members) lines.push([h.ledgerKey, m.name, m.idNumber, RELATION[m.relation], h.hukou === 'urban' ? '城镇' : '农村', h.areaCode].join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

describe('an import killed mid-write', () => {
  it.skipIf(!!process.env.DOUDI_TEST_DATABASE_URL)('leaves no household and no member behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-kill-'));
    const file = join(dir, 'big.csv');
    bigLedger(file, 15_000);
    const dataDir = join(dir, 'data');
    const child = spawn(process.execPath, ['bin/doudi.js', 'import', file], { env: { ...process.env, DOUDI_DATA: dataDir, DATABASE_URL: '' } });
    let stderr = '';
    const killed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        // Kill a moment into the writing stage, while the transaction is open.
        if (stderr.includes('写入')) setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 300);
      });
      child.on('exit', () => reject(new Error(`import ended before it could be killed: ${stderr}`)));
    });
    expect((await killed).signal).toBe('SIGKILL');
    const database = await openDatabase({ dataDir });
    try {
      expect((await database.db.select({ n: count() }).from(households))[0].n).toBe(0);
      expect((await database.db.select({ n: count() }).from(members))[0].n).toBe(0);
    } finally {
      await database.close();
    }
  }, 180_000);
});
