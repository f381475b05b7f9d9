/**
 * The re-check report by township (xlsx, streamed with exceljs's WorkbookWriter): a summary sheet
 * (one row per township: households with findings, open findings by kind, confirmed, dismissed) and
 * a detail sheet (one row per finding, ID numbers masked per domain/mask.ts). Area-scoped.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { areas } from '../registry/schema.ts';
import { maskIdNumber } from '../domain/mask.ts';
import { findingsInScope } from './findings.ts';
import { KIND_LABELS, KINDS } from './match.ts';

const STATE_LABELS: Record<string, string> = { open: '待处理', confirmed: '已确认', dismissed: '已忽略' };

export async function writeTownshipReport(db: Db, scope: string, output: Writable): Promise<number> {
  const names = new Map((await db.select({ code: areas.code, name: areas.name }).from(areas).where(like(areas.code, `${scope.slice(0, 6)}%`))).map((a) => [a.code, a.name]));
  const rows = await findingsInScope(db, scope);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const summary = workbook.addWorksheet('按乡镇汇总');
  summary.addRow(['乡镇代码', '乡镇（街道）', '涉及户数', ...KINDS.map((k) => `待处理·${KIND_LABELS[k]}`), '待处理合计', '已确认', '已忽略']).commit();
  const byTownship = new Map<string, { households: Set<string>; open: Record<string, number>; confirmed: number; dismissed: number }>();
  for (const { f } of rows) {
    const t = f.areaCode.slice(0, 9);
    const s = byTownship.get(t) ?? byTownship.set(t, { households: new Set(), open: {}, confirmed: 0, dismissed: 0 }).get(t)!;
    s.households.add(f.householdId);
    if (f.state === 'open') s.open[f.kind] = (s.open[f.kind] ?? 0) + 1;
    else if (f.state === 'confirmed') s.confirmed++;
    else if (f.state === 'dismissed') s.dismissed++;
  }
  for (const [t, s] of [...byTownship].sort(([a], [b]) => a.localeCompare(b))) {
    const open = KINDS.map((k) => s.open[k] ?? 0);
    summary.addRow([t, names.get(t) ?? t, s.households.size, ...open, open.reduce((a, b) => a + b, 0), s.confirmed, s.dismissed]).commit();
  }
  summary.commit();
  const detail = workbook.addWorksheet('核对结果明细');
  detail.addRow(['乡镇（街道）', '村（社区）', '户编号', '户主', '类别', '身份证号（脱敏）', '数据来源', '数据期别', '说明', '状态', '处理原因']).commit();
  for (const { f, ledgerKey, headName } of rows) {
    detail.addRow([names.get(f.areaCode.slice(0, 9)) ?? f.areaCode.slice(0, 9), names.get(f.areaCode) ?? f.areaCode, ledgerKey ?? '', headName, KIND_LABELS[f.kind as keyof typeof KIND_LABELS] ?? f.kind,
      maskIdNumber(f.idNumber), f.source, f.period, f.message, STATE_LABELS[f.state] ?? f.state, f.reason ?? '']).commit();
  }
  detail.commit();
  await workbook.commit();
  return rows.length;
}
