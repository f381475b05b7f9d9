/**
 * The parameter table of docs/policy.md, written from the catalogue (parameters.ts) so that the page can never
 * lag behind it: `npm run docs` rewrites the table between its markers, and parameterTable.test.ts fails when
 * the page and the catalogue differ.
 */
import { valueText } from './describe.ts';
import { PARAMETER_LIST, PARAMETERS, type ParameterInfo } from './parameters.ts';

export const TABLE_START = '<!-- parameters: written by `npm run docs` from src/policy/parameters.ts -->';
export const TABLE_END = '<!-- parameters: end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultText(p: ParameterInfo): string {
  if (p.required) return '**required**';
  return p.default === undefined ? '(unset)' : valueText(PARAMETERS[p.name as keyof typeof PARAMETERS], p.default);
}

function typeText(p: ParameterInfo): string {
  return p.values ? `${p.type} (${p.values.join(' | ')})` : p.type;
}

/** The table, one row per parameter in catalogue order. */
export function parameterTable(): string {
  const rows = PARAMETER_LIST.map((p) =>
    `| \`${p.name}\` | ${cell(p.label)} | ${cell(typeText(p))} | ${cell(defaultText(p))} | ${cell(p.description)} | ${p.source ?? ''} |`);
  return ['| parameter | 名称 | type | default | 说明 | source |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The page with its table replaced by the catalogue's. */
export function withParameterTable(page: string): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/policy.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${page.slice(0, start + TABLE_START.length)}\n${parameterTable()}\n${page.slice(end)}`;
}
