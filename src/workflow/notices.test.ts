/** Notices: masked entries only (type-level and in the output), the period, the A4 HTML, and a PDF whose extracted text holds the masked Chinese. */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { noticeEndDate, noticeEntries, renderNoticeHtml, renderNoticePdf, type NoticeDoc, type NoticeEntry } from './notices.ts';

const FULL_ID = '430525198503041234';
const PHONE = '13812345678';

function doc(): NoticeDoc {
  // A person object carrying a phone, bank account and illness: none of it may reach the notice.
  const person = { name: '王小明', idNumber: FULL_ID, program: '低保', amountYuan: 450, phone: PHONE, bankAccount: '6222020200112233445', illnesses: ['severe_mental'] };
  return {
    title: '江口村最低生活保障拟批准对象公示', issuer: '江口镇人民政府', areaName: '洞口县江口镇江口村',
    startDate: '2025-10-09', endDate: '2025-10-16', contactPhone: '0739-7000000', contactAddress: '江口镇社会救助服务窗口',
    entries: noticeEntries([person, { name: '李秀', idNumber: '43052519900101002X', program: '临时救助' }]),
  };
}

describe('notice entries', () => {
  it('keeps only the masked name, masked ID number, program and amount', () => {
    expect(doc().entries).toEqual([
      { name: '王*明', idNumber: '430525********1234', program: '低保', amountYuan: 450 },
      { name: '李*', idNumber: '430525********002X', program: '临时救助' },
    ]);
  });

  it('cannot be built from unmasked strings (a compile error, checked by tsc)', () => {
    // @ts-expect-error a plain string is not a MaskedName
    const bad: NoticeEntry = { name: '王小明', idNumber: FULL_ID, program: '低保' };
    expect(bad).toBeDefined();
  });

  it('ends notice.days calendar days after the start, or working days when the pack says so', () => {
    expect(noticeEndDate('2025-09-29', 7, false, new Map())).toBe('2025-10-06');
    expect(noticeEndDate('2025-09-29', 7, true, new Map())).toBe('2025-10-15'); // 09-30, 10-09, 10-10, 10-11 (调休), 10-13, 10-14, 10-15
  });
});

describe('notice documents', () => {
  it('renders a self-contained A4 page with the masked entries, the period and how to object', () => {
    const html = renderNoticeHtml(doc());
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<td>王*明</td><td>430525********1234</td><td>低保</td><td>450.00 元</td>');
    expect(html).toContain('公示期自2025年10月9日至2025年10月16日');
    expect(html).toContain('江口镇社会救助服务窗口反映，电话：0739-7000000');
    expect(html).not.toContain(FULL_ID);
    expect(html).not.toContain(PHONE);
    expect(html).not.toMatch(/<script|src=|href=/);
  });

  it('escapes text in the HTML', () => {
    expect(renderNoticeHtml({ ...doc(), title: '<b>公示</b>' })).toContain('<title>&lt;b&gt;公示&lt;/b&gt;</title>');
  });

  it('renders a PDF whose extracted text holds the masked Chinese names and IDs, never the full ID or a phone', async () => {
    const pdf = await renderNoticePdf(doc());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The embedded font is a subset (a whole Noto Sans SC is about 10 MB).
    expect(pdf.length).toBeLessThan(300_000);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    for (const s of ['江口村最低生活保障拟批准对象公示', '王*明', '430525********1234', '李*', '430525********002X', '江口镇人民政府', '公示期自2025年10月9日至2025年10月16日']) expect(flat).toContain(s);
    expect(flat).not.toContain(FULL_ID);
    expect(flat).not.toContain(PHONE);
    expect(flat).not.toContain('6222020200112233445');
  });
});
