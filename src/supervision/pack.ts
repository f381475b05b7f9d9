/**
 * The inspection pack (督导检查材料, issue 24 item 3): every indicator of an area on a date, then the list behind
 * each red one (names masked) — what a county hands an inspection team. As an xlsx (ExcelJS) and a printable
 * A4 PDF (pdfkit with the CJK font of the 公示 PDF, src/workflow/notices.ts). The routes audit each export.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Db } from '../db/connection.ts';
import { noticeFontPath } from '../workflow/notices.ts';
import { indicators, list, type IndicatorView, type SupervisionActor } from './store.ts';

/** The most rows of one list put into the pack (the rest are counted: the page has them all). */
const LIST_LIMIT = 200;
const LIGHTS = { green: '绿', amber: '黄', red: '红', none: '—' } as const;

/** The value as shown: a percentage for ratios, yuan for money, the number otherwise. */
export function shown(unit: IndicatorView['unit'], v: number | null): string {
  if (v === null) return '—';
  if (unit === 'ratio') return `${Math.round(v * 1000) / 10}%`;
  if (unit === 'fen') return `${(v / 100).toFixed(2)} 元`;
  if (unit === 'days') return `${v} 天`;
  return String(v);
}
const targetText = (i: IndicatorView) => (i.target ? `${i.target.direction === 'atLeast' ? '≥' : '≤'} ${shown(i.unit, i.target.value)}` : '—');

export async function inspectionPack(db: Db, actor: SupervisionActor, asOf: string, area?: string) {
  const view = await indicators(db, actor, asOf, area);
  const lists = [];
  for (const i of view.indicators.filter((x) => x.light === 'red' && x.hasList)) {
    lists.push({ indicator: i, ...(await list(db, actor, i.key, asOf, view.area.code, 1, LIST_LIMIT)) });
  }
  return { ...view, lists };
}
type Pack = Awaited<ReturnType<typeof inspectionPack>>;

const groupName = (p: Pack, key: string) => p.groups.find((g) => g.key === key)?.name ?? key;
/** A numerator or denominator as printed: a count, or 元 for a money ratio (a standard's rise). */
const part = (i: IndicatorView, n: number) => (i.parts === 'fen' ? `${(n / 100).toFixed(2)} 元` : String(n));
const indicatorRow = (p: Pack, i: IndicatorView) => [groupName(p, i.group), i.name, shown(i.unit, i.value), part(i, i.numerator), i.denominator === null ? '—' : part(i, i.denominator),
  targetText(i), LIGHTS[i.light], i.source.citation];
const HEADERS = ['类别', '指标', '数值', '分子', '分母', '目标', '灯', '依据'];

export async function packWorkbook(p: Pack): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('督导指标');
  ws.addRow([`${p.area.name}督导指标（截至 ${p.asOf}）`]).font = { bold: true };
  ws.addRow(HEADERS).font = { bold: true };
  for (const i of p.indicators) ws.addRow(indicatorRow(p, i));
  ws.addRow([]);
  ws.addRow(['口径']).font = { bold: true };
  for (const i of p.indicators) ws.addRow([i.name, `分子：${i.definition.numerator}`, i.definition.denominator ? `分母：${i.definition.denominator}` : '', `统计时点：${i.definition.asOf}`]);
  [12, 34, 10, 10, 10, 10, 6, 40].forEach((w, n) => { ws.getColumn(n + 1).width = w; });
  p.lists.forEach((l, n) => {
    const s = wb.addWorksheet(`红灯${n + 1}`);
    s.addRow([`${l.title}（共 ${l.total} 条${l.total > l.rows.length ? `，此处列前 ${l.rows.length} 条` : ''}）`]).font = { bold: true };
    s.addRow(l.columns.map((c) => c.title)).font = { bold: true };
    for (const r of l.rows) s.addRow(l.columns.map((c) => String((r as Record<string, unknown>)[c.key] ?? '')));
    s.getColumn(5).width = 30;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function packPdf(p: Pack): Promise<Buffer> {
  const title = `${p.area.name}督导指标（截至 ${p.asOf}）`;
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 50, left: 40, right: 40 }, info: { Title: title } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', noticeFontPath());
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const table = (fractions: number[], rows: string[][]) => {
    const widths = fractions.map((f) => f * width);
    for (const cells of rows) {
      const height = Math.max(18, ...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 4 }) + 6));
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      let x = doc.page.margins.left;
      cells.forEach((c, i) => { doc.rect(x, y, widths[i], height).stroke(); doc.text(c, x + 2, y + 3, { width: widths[i] - 4 }); x += widths[i]; });
      doc.x = doc.page.margins.left;
      doc.y = y + height;
    }
  };
  doc.fontSize(16).text(title, { align: 'center' }).moveDown(0.6);
  doc.fontSize(8);
  table([0.09, 0.25, 0.09, 0.08, 0.08, 0.09, 0.05, 0.27], [HEADERS, ...p.indicators.map((i) => indicatorRow(p, i))]);
  for (const l of p.lists) {
    doc.addPage();
    doc.fontSize(12).text(`${l.title}（共 ${l.total} 条${l.total > l.rows.length ? `，列前 ${l.rows.length} 条` : ''}）`, doc.page.margins.left, doc.y, { width }).moveDown(0.4);
    doc.fontSize(8);
    table([0.14, 0.14, 0.16, 0.2, 0.36], [l.columns.map((c) => c.title), ...l.rows.map((r) => l.columns.map((c) => String((r as Record<string, unknown>)[c.key] ?? '')))]);
  }
  doc.end();
  return done;
}
