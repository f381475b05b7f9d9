/**
 * 公示 (public notices): the masked entries, the notice period, and the printable A4 HTML and PDF.
 * Pure (the PDF reads its font file); storage and objections are in noticeStore.ts.
 *
 * What a notice may show is fixed by its types: a `NoticeEntry` has a masked name (王*明), a masked ID
 * number (430525********1234), the program and an optional amount — nothing else, and the masked
 * fields are branded types that only `noticeEntries` (through domain/mask.ts) produces, so no phone,
 * bank account, health data or full ID number can reach a notice by mistake.
 *
 * The PDF embeds Noto Sans SC from an npm package (@expo-google-fonts/noto-sans-sc, SIL OFL), subset
 * to the glyphs used (pdfkit's default), so it renders on a machine without Chinese fonts and its
 * text can be extracted (searched, read aloud).
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { maskIdNumber, maskName } from '../domain/mask.ts';
import { addDays, addWorkingDays, type Overrides } from './calendar.ts';

const require = createRequire(import.meta.url);

declare const masked: unique symbol;
/** A string that went through the mask: only noticeEntries makes these. */
export type MaskedName = string & { readonly [masked]: 'name' };
export type MaskedIdNumber = string & { readonly [masked]: 'idNumber' };

/** One line of a notice: exactly these fields. */
export interface NoticeEntry {
  readonly name: MaskedName;
  readonly idNumber: MaskedIdNumber;
  readonly program: string;
  readonly amountYuan?: number;
  /** The amount is a monthly benefit (shown as 元/月). */
  readonly monthly?: boolean;
}

/** What may be given to a notice about a person: name, ID number, program, amount (nothing else is read). */
export interface NoticePerson {
  name: string;
  idNumber: string;
  program: string;
  amountYuan?: number;
  monthly?: boolean;
}

/** The masked entries of a notice (王*明, 430525********1234). Only the named fields are read. */
export function noticeEntries(people: readonly NoticePerson[]): NoticeEntry[] {
  return people.map((p) => ({
    name: maskName(p.name) as MaskedName,
    idNumber: maskIdNumber(p.idNumber) as MaskedIdNumber,
    program: p.program,
    ...(p.amountYuan !== undefined ? { amountYuan: p.amountYuan, ...(p.monthly ? { monthly: true } : {}) } : {}),
  }));
}

/**
 * The last day of a notice starting on `start`: `days` calendar days later, or `days` working days
 * later on the county calendar when the pack says so (`notice.workingDays`).
 */
export function noticeEndDate(start: string, days: number, workingDays: boolean, overrides: Overrides): string {
  return workingDays ? addWorkingDays(start, days, overrides) : addDays(start, days);
}

export interface NoticeDoc {
  title: string;
  /** The issuing body, e.g. 江口镇人民政府. */
  issuer: string;
  /** Where it is posted, e.g. 洞口县江口镇江口村. */
  areaName?: string;
  startDate: string;
  endDate: string;
  entries: readonly NoticeEntry[];
  /** How to object: the township office's phone and address. */
  contactPhone: string;
  contactAddress: string;
}

function dateText(d: string): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

function amountText(e: NoticeEntry): string {
  return e.amountYuan === undefined ? '—' : `${e.amountYuan.toFixed(2)} 元${e.monthly ? '/月' : ''}`;
}

/** The paragraphs of a notice, shared by the HTML and the PDF. */
export function noticeParagraphs(n: NoticeDoc): { intro: string; objection: string; signature: string[] } {
  const where = n.areaName ? `（${n.areaName}）` : '';
  return {
    intro: `根据社会救助审核确认程序，现将以下拟救助对象${where}予以公示。公示期自${dateText(n.startDate)}至${dateText(n.endDate)}。`,
    objection: `公示期内，任何单位和个人如有异议，可向${n.contactAddress}反映${n.contactPhone ? `，电话：${n.contactPhone}` : ''}。反映情况请实事求是，我们将依法为反映人保密。`,
    signature: [n.issuer, dateText(n.startDate)],
  };
}

const HEADERS = ['序号', '姓名', '身份证号', '救助项目', '金额'];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A printable A4 page (CSS @page A4), self-contained: no scripts, no external resources. */
export function renderNoticeHtml(n: NoticeDoc): string {
  const p = noticeParagraphs(n);
  const rows = n.entries.map((e, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(e.name)}</td><td>${escapeHtml(e.idNumber)}</td><td>${escapeHtml(e.program)}</td><td>${amountText(e)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(n.title)}</title>
<style>
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 12pt; line-height: 1.7; color: #000; margin: 0; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 12pt; }
p { text-indent: 2em; margin: 0 0 8pt; }
table { width: 100%; border-collapse: collapse; margin: 8pt 0 12pt; }
th, td { border: 1px solid #000; padding: 4pt 6pt; text-align: center; }
tr { page-break-inside: avoid; }
.signature { text-align: right; margin-top: 24pt; }
.signature div { margin: 0; }
</style></head>
<body>
<h1>${escapeHtml(n.title)}</h1>
<p>${escapeHtml(p.intro)}</p>
<table><thead><tr>${HEADERS.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
<p>${escapeHtml(p.objection)}</p>
<div class="signature">${p.signature.map((s) => `<div>${escapeHtml(s)}</div>`).join('')}</div>
</body></html>
`;
}

/** The font file of the PDF (Noto Sans SC Regular, from its npm package). */
export function noticeFontPath(): string {
  return require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
}

/** The notice as an A4 PDF with the CJK font embedded (subset to the glyphs used). */
export async function renderNoticePdf(n: NoticeDoc): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 57, bottom: 57, left: 51, right: 51 }, info: { Title: n.title, Author: n.issuer } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', noticeFontPath());
  doc.font('cjk');
  const p = noticeParagraphs(n);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.fontSize(18).text(n.title, { align: 'center' }).moveDown(0.8);
  doc.fontSize(11).text(p.intro, { indent: 22, lineGap: 4 }).moveDown(0.5);

  const widths = [0.08, 0.16, 0.34, 0.24, 0.18].map((f) => f * width);
  const rowHeight = 22;
  const drawRow = (cells: string[]) => {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = doc.page.margins.left;
    cells.forEach((cell, i) => {
      doc.rect(x, y, widths[i], rowHeight).stroke();
      doc.text(cell, x + 2, y + 5, { width: widths[i] - 4, align: 'center', lineBreak: false });
      x += widths[i];
    });
    doc.x = doc.page.margins.left;
    doc.y = y + rowHeight;
  };
  doc.fontSize(10);
  drawRow(HEADERS);
  n.entries.forEach((e, i) => drawRow([String(i + 1), e.name, e.idNumber, e.program, amountText(e)]));
  doc.moveDown(1).fontSize(11).text(p.objection, doc.page.margins.left, doc.y, { indent: 22, lineGap: 4, width });
  doc.moveDown(2);
  for (const s of p.signature) doc.text(s, { align: 'right', width });
  doc.end();
  return done;
}
