/**
 * For src/server.db.test.ts: the area-scope check of every desk route. The auditor of another county
 * (龙回县 430524) sees nothing of 洞口县 in the audit log, its export or its workbench; a township
 * officer of 江口镇 cannot read the audit log at all.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

/** The data rows of the first sheet of an xlsx answer. */
export async function xlsxRows(r: LightMyRequestResponse): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

export function deskScopeChecks(as: As): Record<string, () => Promise<void>> {
  return {
    'GET /api/audit/export.xlsx': async () => {
      const other = await as('longhuiaudit', 'GET', '/api/audit/export.xlsx?group=registry');
      expect(other.statusCode).toBe(200);
      expect(await xlsxRows(other)).toHaveLength(1); // the header only
      const own = await as('auditor', 'GET', '/api/audit/export.xlsx?group=registry');
      expect((await xlsxRows(own)).length).toBeGreaterThan(1);
      expect((await as('jiangkou', 'GET', '/api/audit/export.xlsx')).statusCode).toBe(403);
    },
    'GET /api/audit/verify': async () => {
      expect((await as('jiangkou', 'GET', '/api/audit/verify')).statusCode).toBe(403);
      const v = await as('auditor', 'GET', '/api/audit/verify');
      expect(v.json(), v.body).toMatchObject({ ok: true, problems: 0 });
    },
    'GET /api/workbench': async () => {
      const other = (await as('longhui', 'GET', '/api/workbench')).json();
      expect(other.tasks.mine.count + other.tasks.overdue.count + other.warnings.count).toBe(0);
      expect(other.findings.count).toBe(0);
      const own = (await as('yulan', 'GET', '/api/workbench')).json();
      expect(own.tasks).toBeDefined();
    },
  };
}
