/**
 * Policy packs (../shared/domain/RULES.md): YAML with nested parameters, each a plain value or a
 * dated map ({"2021-07-01": 630}) whose entry with the greatest date ≤ D is in force on D.
 * Loading validates everything (fractions in [0, 1], whole months, money to the fen) and keeps the
 * YAML comment beside each value as the pack's own citation; resolving a pack on a date gives the
 * values the rules use, each with where it came from (the pack and its citation, or the documents'
 * default and its line).
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { isValidIsoDate } from '../domain/dates.ts';
import { GROUPS, PARAMETERS, type ParamDef } from './parameters.ts';
import { PolicyError, type Leaf, type PolicyPack } from './resolve.ts';

export { parameterOn, PolicyError, resolvePack, type Param, type PolicyPack, type ResolvedPack } from './resolve.ts';

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "1/3" → 0.333…; a fraction written as a fraction stays exact until the amount is rounded. */
function fraction(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(v) : null;
  return m && Number(m[2]) !== 0 ? Number(m[1]) / Number(m[2]) : undefined;
}

function checkValue(path: string, def: ParamDef, v: unknown): unknown {
  const fail = (what: string): never => { throw new PolicyError(path, `应为${what}，实际为 ${JSON.stringify(v)}`); };
  const num = (x: unknown) => {
    const n = def.type === 'fraction' ? fraction(x) : typeof x === 'number' ? x : undefined;
    if (n === undefined || !Number.isFinite(n)) fail(def.type === 'fraction' ? '数字或分数（如 1/3）' : '数字');
    if (def.min !== undefined && n! < def.min) fail(`不小于 ${def.min} 的数`);
    if (def.type === 'fraction' && n! > 1) fail('0 到 1 之间的比例（如 0.2 或 1/3；20% 写作 0.2）');
    if (def.type === 'integer' && !Number.isInteger(n)) fail('整数（月数、年龄、数量）');
    if (def.type === 'money' && Math.abs(Math.round(n! * 100) - n! * 100) > 1e-6 * Math.max(1, n!)) fail('金额（元），最多两位小数');
    return n!;
  };
  switch (def.type) {
    case 'number':
    case 'money':
    case 'integer':
    case 'fraction':
      return num(v);
    case 'boolean':
      return typeof v === 'boolean' ? v : fail('true 或 false');
    case 'string':
      if (typeof v !== 'string' || (def.values && !def.values.includes(v))) fail(def.values ? `以下之一：${def.values.join('、')}` : '文本');
      return v;
    case 'numberList':
      return Array.isArray(v) && v.every((x) => typeof x === 'number') ? v : fail('数字列表');
    case 'stringList':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail('文本列表');
      if (def.values) for (const x of v as string[]) if (!def.values.includes(x)) fail(`列表中每项为以下之一：${def.values.join('、')}（${JSON.stringify(x)} 无效）`);
      return v;
    case 'stringMap':
      return isMapping(v) && Object.values(v).every((x) => typeof x === 'string') ? v : fail('文本到文本的映射（如 C50: breast_cancer）');
  }
}

function isDatedMap(v: unknown): v is Record<string, unknown> {
  return isMapping(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => /^\d{4}-\d{2}-\d{2}$/.test(k));
}

/** The comment written beside (or just above, for a block) each node of the YAML, by key path. */
function comments(node: unknown, prefix: string, out: Map<string, string>) {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const path = prefix ? `${prefix}.${key}` : key;
    const value = pair.value as Node | null;
    const text = (value && (value.comment ?? ((isMap(value) || isSeq(value)) ? value.commentBefore : undefined))) ?? (isScalar(pair.key) ? pair.key.comment : undefined);
    if (text?.trim()) out.set(path, text.trim());
    comments(value, path, out);
  }
}

/** The citation of a parameter: its own comment, else the comment on the nearest group above it. */
function citeOf(path: string, notes: Map<string, string>): string | undefined {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const c = notes.get(p);
    if (c) return c;
  }
  return undefined;
}

function collect(node: Record<string, unknown>, prefix: string, out: Map<string, Leaf>, notes: Map<string, string> = new Map()) {
  for (const [key, v] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const def = PARAMETERS[path];
    const cite = citeOf(path, notes);
    if (def) {
      if (isDatedMap(v)) {
        const dated = Object.entries(v).map(([d, x]): [string, unknown] => {
          if (!isValidIsoDate(d)) throw new PolicyError(`${path}.${d}`, '日期不存在');
          return [d, checkValue(`${path}.${d}`, def, x)];
        }).sort((a, b) => a[0].localeCompare(b[0]));
        out.set(path, { dated, ...(cite ? { cite } : {}) });
      } else {
        out.set(path, { value: checkValue(path, def, v), ...(cite ? { cite } : {}) });
      }
    } else if (GROUPS.has(path)) {
      if (!isMapping(v)) throw new PolicyError(path, '是参数分组，应为映射（mapping）');
      collect(v, path, out, notes);
    } else {
      throw new PolicyError(path, '未知参数（unknown parameter）；请检查拼写');
    }
  }
}

/** Parses and validates a pack; `file` names it in error messages. */
export function loadPack(text: string, file = 'policy'): PolicyPack {
  let doc: unknown;
  const notes = new Map<string, string>();
  try {
    const parsed = parseDocument(text);
    if (parsed.errors.length) throw parsed.errors[0];
    doc = parsed.toJS();
    if (isMap(parsed.contents)) {
      const params = parsed.contents.get('parameters', true);
      comments(params, '', notes);
    }
  } catch (e) {
    throw new PolicyError(file, `不是有效的 YAML：${(e as Error).message}`);
  }
  if (!isMapping(doc)) throw new PolicyError(file, '政策包应为 YAML 映射（mapping）');
  for (const key of Object.keys(doc)) {
    if (!['id', 'name', 'jurisdiction', 'parameters'].includes(key)) throw new PolicyError(key, '未知字段（允许 id、name、jurisdiction、parameters）');
  }
  if (typeof doc.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(doc.id)) throw new PolicyError('id', '必填，小写字母、数字和连字符');
  if (typeof doc.name !== 'string' || !doc.name.trim()) throw new PolicyError('name', '必填');
  const jurisdiction = String(doc.jurisdiction ?? '');
  if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(jurisdiction)) throw new PolicyError('jurisdiction', '应为 2、4 或 6 位行政区划代码（请加引号）');
  const parameters = new Map<string, Leaf>();
  if (doc.parameters !== undefined && doc.parameters !== null) {
    if (!isMapping(doc.parameters)) throw new PolicyError('parameters', '应为映射（mapping）');
    collect(doc.parameters, '', parameters, notes);
  }
  return { id: doc.id, name: doc.name, jurisdiction, parameters };
}

/** The parameters a published pack must state (`mustState`) that this pack leaves out, in catalogue order. */
export function unstatedParameters(pack: PolicyPack): string[] {
  return Object.entries(PARAMETERS).filter(([name, d]) => d.mustState && !pack.parameters.has(name)).map(([name]) => name);
}

/**
 * Refuses a pack for the platform (publication, preview, the shipped packs) that leaves out a parameter it
 * must state: the documents require the rule and leave the amount to the county, so 0 must be written,
 * never taken from a default (issue 18; 000:L122, L148).
 */
export function requireStated(pack: PolicyPack): PolicyPack {
  const missing = unstatedParameters(pack);
  if (missing.length) {
    const d = PARAMETERS[missing[0]];
    throw new PolicyError(`parameters.${missing[0]}`, `须在政策包中写明「${d.label ?? missing[0]}」（${d.source ?? ''} 要求此项，金额由县设定；不实行请写 0 并注明依据）${missing.length > 1 ? `；另有 ${missing.length - 1} 项未写明：${missing.slice(1).map((n) => PARAMETERS[n].label ?? n).join('、')}` : ''}`);
  }
  return pack;
}

