/**
 * A policy pack as the form edits it, and back: the form sends the pack's id, name, jurisdiction and
 * the parameters it sets (a value, or dated values with the citation beside them); the server writes
 * that as the pack's YAML (citations as comments, as the shipped packs have them) and validates it
 * with `loadPack`, the one validation every pack goes through. A validation error is turned into the
 * form's field (`parameters.dibao.standard.rural`) and a Chinese message naming the parameter.
 */
import { AppError } from '../errors.ts';
import { loadPack, PolicyError, type PolicyPack } from './pack.ts';
import { PARAMETER_LIST, PARAMETERS } from './parameters.ts';
import { defaultSourceText, leafText, shareText, sourceText, valueText } from './describe.ts';

export type FormValue = number | string | boolean | null | (number | string)[];
export type FormParameter = ({ value: FormValue } | { dated: [string, FormValue][] }) & { cite?: string };

export interface PackForm {
  id: string;
  name: string;
  jurisdiction: string;
  parameters: Record<string, FormParameter>;
}

/** A loaded value as the form shows it: a share that is not a short decimal stays a fraction (1/3). */
function formValue(name: string, v: unknown): FormValue {
  if (PARAMETERS[name]?.type === 'fraction' && typeof v === 'number' && Number(v.toFixed(4)) !== v) return shareText(v);
  return v as FormValue;
}

/** A loaded pack as the form's values, each with its citation and where it comes from in words. */
export function formOf(pack: PolicyPack) {
  const parameters: Record<string, FormParameter & { sourceText: string; text: string }> = {};
  for (const [name, leaf] of pack.parameters) {
    const shown = { ...(leaf.cite ? { cite: leaf.cite } : {}), sourceText: sourceText(leaf.cite), text: leafText(name, leaf) };
    parameters[name] = 'value' in leaf
      ? { value: formValue(name, leaf.value), ...shown }
      : { dated: leaf.dated.map(([d, v]) => [d, formValue(name, v)]), ...shown };
  }
  return { id: pack.id, name: pack.name, jurisdiction: pack.jurisdiction, parameters };
}

/** Every parameter for the form and 参数说明: Chinese name, unit, meaning, choices, default and its source in words. */
export function catalogue() {
  return PARAMETER_LIST.map((p) => ({ ...p, defaultSource: defaultSourceText(p.name),
    defaultText: p.required ? '必填，无默认值' : p.default === null ? '未设置' : valueText(PARAMETERS[p.name], p.default) }));
}

const scalar = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map(scalar).join(', ')}]` : v === null || v === undefined ? 'null' : String(v));
const comment = (cite: string | undefined) => (cite?.trim() ? `  # ${cite.replace(/\s+/g, ' ').trim()}` : '');

/** The form as pack YAML: parameters nested by their names in catalogue order, each citation as the comment beside its value. */
export function yamlOf(form: PackForm): string {
  const order = new Map(PARAMETER_LIST.map((p, i) => [p.name, i]));
  const names = Object.keys(form.parameters).sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  const lines = [`id: ${scalar(form.id)}`, `name: ${scalar(form.name)}`, `jurisdiction: ${scalar(form.jurisdiction)}`, 'parameters:'];
  let open: string[] = [];
  for (const name of names) {
    const parts = name.split('.');
    let same = 0;
    while (same < open.length && same < parts.length - 1 && open[same] === parts[same]) same++;
    for (let i = same; i < parts.length - 1; i++) lines.push(`${'  '.repeat(i + 1)}${parts[i]}:`);
    open = parts.slice(0, -1);
    const p = form.parameters[name];
    const value = 'dated' in p ? `{ ${p.dated.map(([d, v]) => `${JSON.stringify(d)}: ${scalar(v)}`).join(', ')} }` : scalar(p.value);
    lines.push(`${'  '.repeat(parts.length)}${parts[parts.length - 1]}: ${value}${comment(p.cite)}`);
  }
  if (names.length === 0) lines[lines.length - 1] = 'parameters: {}';
  return `${lines.join('\n')}\n`;
}

const TOP = { id: '政策包编号', name: '政策包名称', jurisdiction: '适用区划' } as Record<string, string>;

/** The form's pack, validated as every pack is; an error names the parameter in Chinese at its field. */
export function packOfForm(form: PackForm): { pack: PolicyPack; yaml: string } {
  const yaml = yamlOf(form);
  try {
    return { pack: loadPack(yaml, 'form'), yaml };
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    if (TOP[e.path]) throw new AppError('INVALID_POLICY', `${TOP[e.path]}：${e.reason}`, e.path);
    const name = Object.keys(PARAMETERS).filter((n) => e.path === n || e.path.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0];
    if (!name) throw new AppError('INVALID_POLICY', `${e.path}：${e.reason}`, `parameters.${e.path}`);
    const date = e.path.slice(name.length + 1);
    throw new AppError('INVALID_POLICY', `${PARAMETERS[name].label ?? name}${date ? `（${date} 起）` : ''}：${e.reason}`, `parameters.${name}`);
  }
}
