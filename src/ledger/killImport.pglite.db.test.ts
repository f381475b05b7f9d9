/**
 * Nothing lost, nothing half-written: an import killed while it writes leaves the database as it
 * was. Runs the real command (`node bin/doudi.js import big.xlsx`) on an embedded database in a
 * temporary directory and kills it with SIGKILL once it reports the writing stage.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count, eq } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';
import { areas, householdHistory, households, members } from '../registry/schema.ts';
import { auditLog } from '../auth/schema.ts';
import { demoHouseholds } from '../registry/demo.ts';
import { RELATIONS } from '../registry/model.ts';
import { COLUMNS } from './template.ts';
import { migratedDataDir } from '../test-support/db.ts';

/** A ledger of `n` realistic households, written with exceljs's streaming writer. */
async function bigLedger(file: string, n: number): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('花名册');
  ws.addRow([...COLUMNS.slice(0, 6)]).commit();
  let rows = 0;
  for (const h of demoHouseholds({ countyCode: '430525', households: n, seed: 7 })) {
    for (const m of h.members) {
      ws.addRow([h.ledgerKey, m.name, m.idNumber, RELATIONS[m.relation], h.hukou === 'urban' ? '城镇' : '农村', h.areaCode]).commit();
      rows++;
    }
  }
  ws.commit();
  await wb.commit();
  return rows;
}

describe('an import killed mid-write', () => {
  it('leaves no household, member, history, area or audit entry behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-kill-'));
    try {
      const file = join(dir, 'big.xlsx');
      await bigLedger(file, 15_000);
      const dataDir = migratedDataDir(join(dir, 'data'));
      const child = spawn(process.execPath, ['bin/doudi.js', 'import', file], { env: { ...process.env, DOUDI_DATA: dataDir, DATABASE_URL: '', TMPDIR: dir } }); // the killed process cannot clean its temporary files: keep them in dir
      let stderr = '';
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      await new Promise<void>((resolve, reject) => {
        let armed = false;
        child.stderr.on('data', (d) => {
          stderr += d;
          // Kill a moment into the writing stage, while the transaction is open.
          if (!armed && stderr.includes('写入')) { armed = true; setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 300); }
        });
        child.on('exit', (_code, signal) => { if (signal !== 'SIGKILL') reject(new Error(`import ended before it could be killed: ${stderr}`)); });
      });
      expect((await exited).signal).toBe('SIGKILL');

      const database = await openDatabase({ dataDir });
      try {
        const n = async (table: typeof households | typeof members | typeof householdHistory | typeof areas) => (await database.db.select({ n: count() }).from(table))[0].n;
        expect(await n(households)).toBe(0);
        expect(await n(members)).toBe(0);
        expect(await n(householdHistory)).toBe(0);
        expect(await n(areas)).toBe(0);
        expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'ledger.import'))).toEqual([]);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
