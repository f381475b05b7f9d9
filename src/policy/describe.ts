/**
 * Policy packs in a civil servant's words: a document reference (`000:L128`) as a readable citation,
 * a parameter's value with its unit and Chinese choices, where a value comes from (document and line,
 * 演示值 or 县自定), and the difference between two versions parameter by parameter. Pure.
 */
import type { PolicyPack } from './pack.ts';
import { PARAMETERS, type ParamDef } from './parameters.ts';

/** The source documents in ../shared/seeds by file number, with the line ranges of their parts (seeds/README.md). */
const DOCUMENTS: Record<string, { from?: number; to?: number; title: string }[]> = {
  '000': [{ from: 534, to: 639, title: '洞政办发〔2021〕70号' }, { title: '洞政办发〔2021〕64号' }],
  '001': [{ title: '泸办发〔2021〕31号' }],
  '002': [{ from: 621, to: 741, title: '郴州市巩固提升脱贫成果三年行动计划 附件9' }, { title: '郴州市巩固提升脱贫成果三年行动计划 附件8' }],
  '003': [{ title: '沿府办发〔2017〕176号' }],
  '004': [{ title: '正府办通〔2018〕150号' }],
};

function documentOf(file: string, line?: number): string {
  const parts = DOCUMENTS[file];
  if (!parts) return `文件 ${file}`;
  return (parts.find((p) => line === undefined ? p.from === undefined : p.from === undefined || (line >= p.from && line <= (p.to ?? p.from))) ?? parts[parts.length - 1]).title;
}

/**
 * A source text as a reader cites it: `000:L128` → 洞政办发〔2021〕64号 第 128 行, `001:L876, L886-888` →
 * 泸办发〔2021〕31号 第 876 行、第 886–888 行, a bare `000` → the document's number; English words dropped.
 */
export function readableCitation(text: string): string {
  let file = '';
  const cited = text
    .replace(/\b(\d{3}):L(\d+)(?:-(\d+))?|,?\s*\bL(\d+)(?:-(\d+))?\b/g, (_m, f: string | undefined, a: string | undefined, b: string | undefined, c: string | undefined, d: string | undefined) => {
      if (f) { file = f; return `${documentOf(f, Number(a))} 第 ${a}${b ? `–${b}` : ''} 行`; }
      return file ? `、第 ${c}${d ? `–${d}` : ''} 行` : '';
    })
    .replace(/\b(00[0-4])\b/g, (_m, f: string) => documentOf(f))
    // English glosses beside the Chinese (demo value, not from a document, …) are for developers.
    .replace(/[A-Za-z][A-Za-z ,'’()\-:;]*[A-Za-z)]/g, (m) => (/[a-z]{2,}/.test(m) ? '' : m))
    .replace(/\(\s*\)|（\s*）/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s*([，。；：、）])/g, '$1')
    .trim();
  return cited.replace(/^[，,；;：:\s]+|[，,；;：:\s]+$/g, '');
}

/** Where a value comes from, for the form and 参数说明: 演示值 (with any document it leans on), the document and line, or 县自定. */
export function sourceText(cite: string | undefined): string {
  if (!cite?.trim()) return '县自定';
  const text = readableCitation(cite);
  if (cite.includes('演示值')) {
    const rest = text.replace(/演示值[:：]?/, '').trim();
    return rest ? `演示值（${rest.replace(/^[（(]|[）)]$/g, '')}）` : '演示值';
  }
  return text || '县自定';
}

/** The source of a parameter no pack sets: the default's document, or 县自定 (必填 when a rule needs it). */
export function defaultSourceText(name: string): string {
  const def = PARAMETERS[name];
  if (!def) return '';
  if (!('default' in def)) return '县自定（必填）';
  return def.source ? readableCitation(def.source) : '县自定';
}

/** 0.2 → 20%; 1/3 → 1/3 (a share officers write as a fraction stays one). */
export function shareText(v: number): string {
  if (Number(v.toFixed(4)) === v) return `${+(v * 100).toFixed(2)}%`;
  for (let d = 2; d <= 24; d++) {
    const k = Math.round(v * d);
    if (Math.abs(k / d - v) < 1e-9) return `${k}/${d}`;
  }
  return `${+(v * 100).toFixed(4)}%`;
}

const numberText = (v: number) => String(+v.toFixed(4));

/** One value of a parameter in Chinese, with its unit: 450 元/人/月, 是, 20%（低保标准）, 入户调查、公示. */
export function valueText(def: ParamDef, v: unknown): string {
  if (v === null || v === undefined) return '未设置';
  const unit = def.unit ? ` ${def.unit}` : '';
  const label = (x: unknown) => def.valueLabels?.[String(x)] ?? String(x);
  switch (def.type) {
    case 'boolean':
      return v ? '是' : '否';
    case 'fraction':
      return typeof v === 'number' ? `${shareText(v)}${def.unit?.replace(/^比例/, '') ?? ''}` : String(v);
    case 'money':
    case 'number':
    case 'integer':
      return typeof v === 'number' ? `${numberText(v)}${unit}` : String(v);
    case 'string':
      return label(v);
    case 'numberList':
    case 'stringList':
      return Array.isArray(v) ? (v.length ? `${v.map(label).join('、')}${unit}` : '（无）') : String(v);
    case 'stringMap': {
      const entries = v && typeof v === 'object' ? Object.entries(v as Record<string, unknown>) : [];
      return entries.length ? entries.map(([k, x]) => `${k} → ${label(x)}`).join('、') : '（无）';
    }
  }
}

type Leaf = PolicyPack['parameters'] extends Map<string, infer L> ? L : never;

/** A parameter as a pack sets it (a value, or dated values: 2024-01-01 起 420 元/人/月；2024-07-01 起 450 元/人/月), or its default. */
export function leafText(name: string, leaf: Leaf | undefined): string {
  const def = PARAMETERS[name];
  if (!leaf) {
    if (!('default' in def)) return '未设置（必填）';
    return def.default === null ? '未设置' : `未设置（按默认 ${valueText(def, def.default)}）`;
  }
  if ('value' in leaf) return valueText(def, leaf.value);
  return leaf.dated.map(([d, v]) => `${d} 起 ${valueText(def, v)}`).join('；');
}

export interface ParameterChange { name: string; label: string; program: string; before: string; after: string }

/** The parameters whose setting differs between two versions, in catalogue order, old → new in Chinese. */
export function differences(before: PolicyPack | null, after: PolicyPack): ParameterChange[] {
  const changes: ParameterChange[] = [];
  for (const [name, def] of Object.entries(PARAMETERS)) {
    const [b, a] = [leafText(name, before?.parameters.get(name)), leafText(name, after.parameters.get(name))];
    if (b !== a) changes.push({ name, label: def.label ?? name, program: name.split('.')[0], before: before ? b : '（无现行版本）', after: a });
  }
  return changes;
}
