/**
 * Readable citations of the source documents (../shared/seeds): the policy pack and the code cite a line as
 * `NNN:Lnnn` (file number and line), which means nothing to a county clerk. `citation` maps such a reference
 * to the document's number (or title) and the part of it the line falls in, e.g. `001:L876` →
 * 泸办发〔2021〕31号 二（九）; `readableSources` rewrites every reference in a text and drops the ones that
 * fall outside a known document. The headings below were read from the documents (一、 → a, （一） → b,
 * numbered items 1. → c). Pure; used by the server and the web UI.
 */

interface SourceDocument { file: string; from: number; to: number; number: string; title: string }

/** The policy documents inside the seed files (a gazette holds several): line range, number and title. */
export const SOURCE_DOCUMENTS: SourceDocument[] = [
  { file: '000', from: 86, to: 297, number: '洞政办发〔2021〕64号', title: '洞口县社会救助综合改革实施方案' },
  { file: '000', from: 536, to: 639, number: '洞政办发〔2021〕70号', title: '洞口县巩固拓展健康扶贫成果同乡村振兴有效衔接实施方案' },
  { file: '001', from: 744, to: 960, number: '泸办发〔2021〕31号', title: '关于全面落实乡村振兴工作责任制的通知' },
  { file: '002', from: 575, to: 622, number: '', title: '关于做好兜底保障工作巩固脱贫成效的实施方案' },
  { file: '002', from: 623, to: 740, number: '', title: '关于建立防贫监测管理信息平台巩固脱贫成效的实施方案' },
  { file: '003', from: 1, to: 134, number: '沿府办发〔2017〕176号', title: '沿河自治县民生保障工程助力脱贫攻坚三年行动方案（2017年～2019年）' },
  { file: '004', from: 1, to: 131, number: '正府办通〔2018〕150号', title: '正安县脱贫攻坚民生保障工作实施方案' },
];

/** Headings per seed file: line, level (a 一、 b （一） c 1.) and numeral, separated by spaces. */
const HEADINGS: Record<string, string> = {
  '000': '102a一 108a二 110b一 112c1 116c2 122c3 124b二 126c4 130c5 132c6 136b三 138c7 140c8 146c9 148c10 150c11 152c12 156b四 158c13 160c14 164c15 166b五 168c16 170c17 174c18 176c19 180c20 182c21 186a三 188b一 192b二 194b三 204a一 208a二 210b一 212b二 216b三 218a三 220b一 222b二 226b三 228a四 230c1 232c2 234c3 236c4 240c5 242c6 244c7 246c8 248c9 250c10 252c11 254c12 256c13 260c14 262c15 264c16 266c17 268c18 270c19 272c20 274c21 278c22 280c23 282c24 284c25 286c26 288c27 290c28 292c29 294c30 550a一 552b一 556b二 560a二 562b一 564b二 568b三 570b四 572a三 574b一 578b二 582b三 586b四 590b五 594b六 596b七 598a四 600b一 604b二 606b三 610b四 612a五 614b一 618b二 622b三 624b四 635c1 636c2 637c3 638c4 639c5',
  '001': '752a一 756a二 760b一 766b二 774b三 778b四 858b五 862b六 866b七 870b八 874b九 878a三 884b一 886b二 888b三 890b四 892b五',
  '002': '581a一 585a二 587b一 591b二 595b三 599b四 603b五 607b六 611a三 613b一 615b二 617b三 619b四 629a一 633a二 635b一 637c1 639c2 641c3 643b二 647c1 649c2 651c3 653c4 655b三 657c1 659c2 661c3 663c4 667b四 671b五 673c1 675c2 677c3 679b六 683c1 685c2 687c3 689c4 691c5 693c6 697b七 699c1 701c2 703b八 705c1 707c2 709c3 711c4 715b九 717c1 719c2 721c3 723c4 725a三 727b一 729b二 731b三 733b四 735b五 737b六 739b七',
  '003': '18a一 22a二 26a三 28b一 30c1 38c2 48c3 54c3 56b二 58c1 60c2 62c3 64c4 66c5 68c6 70c7 72c8 74c9 76c10 78c11 80c12 82b三 84c1 86c2 88c3 90c4 92c5 94c6 96c7 98c8 100b四 102c1 104c2 112c3 120a四 122b一 124b二 126b三 130c2 132c3',
  '004': '26a一 28b一 30b二 32b三 34b四 38b五 40b六 42a二 44b一 46b二 48b三 50a三 52b一 57c3 63b二 64c1 66c2 68c3 70c4 78b三 87c5 89c6 91c7 93c8 97c9 99b四 102c1 104c2 106c3 108c4 110c5 112c6 114a四 116b一 118b二 122b三',
};

const LEVEL_TEXT = { a: (n: string) => `${n}、`, b: (n: string) => `（${n}）`, c: (n: string) => `第${n}项` } as const;
type Level = keyof typeof LEVEL_TEXT;

const parsed = new Map<string, { line: number; level: Level; text: string }[]>();
function headings(file: string) {
  let h = parsed.get(file);
  if (!h) {
    h = (HEADINGS[file] ?? '').split(' ').filter(Boolean).map((s) => {
      const m = /^(\d+)([abc])(.+)$/.exec(s)!;
      const level = m[2] as Level;
      return { line: Number(m[1]), level, text: LEVEL_TEXT[level](m[3]) };
    });
    parsed.set(file, h);
  }
  return h;
}

/** `001:L876` → 泸办发〔2021〕31号 二、（九）; null when the line lies in no known document. */
export function citation(ref: string): string | null {
  const m = /^(\d{3}):L(\d+)(?:-\d+)?$/.exec(ref.trim());
  if (!m) return null;
  const [file, line] = [m[1], Number(m[2])];
  const doc = SOURCE_DOCUMENTS.find((d) => d.file === file && line >= d.from && line <= d.to);
  if (!doc) return null;
  // The innermost heading of each level above the line, a lower level only under the current higher one.
  const path: { level: Level; text: string }[] = [];
  for (const h of headings(file)) {
    if (h.line < doc.from || h.line > line) continue;
    while (path.length && path[path.length - 1].level >= h.level) path.pop();
    path.push(h);
  }
  const name = doc.number || `《${doc.title}》`;
  const part = path.map((p) => p.text).join('').replace(/、（/, '（');
  return part ? `${name} ${part}` : name;
}

/**
 * A text with every `NNN:Lnnn` reference replaced by its citation; references outside a known document are
 * dropped with the separator before them, so "（001:L876；周期见…）" reads "（泸办发〔2021〕31号 二（九）；周期见…）".
 */
export function readableSources(text: string): string {
  return text
    .replace(/(\s*[；;,，、]?\s*)(\d{3}:L\d+(?:-\d+)?)/g, (_all, sep: string, ref: string) => {
      const c = citation(ref);
      return c ? `${sep}${c}` : '';
    })
    .replace(/^[\s；;,，、]+/, '')
    .replace(/（[\s；;,，、]*）|\([\s；;,，、]*\)/g, '')
    .trim();
}

/**
 * Where a parameter's value comes from, as a clerk reads it: 演示值 for the demo pack's invented values,
 * otherwise the readable citations of its references and the Chinese words of its note (the pack's
 * English remarks dropped); null when nothing readable is left.
 */
export function sourceLabel(cite: string | undefined | null): string | null {
  if (!cite) return null;
  if (cite.includes('演示值')) return '演示值';
  if (cite.includes('县自定')) return '县自定';
  const text = readableSources(cite).replace(/\(?[A-Za-z][A-Za-z0-9 ,.'’/-]*\)?/g, ' ').replace(/\s+/g, ' ').replace(/^[\s；;,，、]+|[\s；;,，、]+$/g, '').trim();
  return /[\u4e00-\u9fff]/.test(text) ? text : null;
}
