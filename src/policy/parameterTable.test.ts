import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARAMETER_LIST } from './parameters.ts';
import { parameterTable, withParameterTable } from './parameterTable.ts';

const page = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');

describe('the parameter table of docs/policy.md', () => {
  it('is the catalogue as parameters.ts declares it (run `npm run docs` after changing a parameter)', () => {
    expect(page).toBe(withParameterTable(page));
  });

  it('has one row per parameter with its Chinese name, default or required, and document line', () => {
    const rows = parameterTable().split('\n').slice(2);
    expect(rows).toHaveLength(PARAMETER_LIST.length);
    const standard = rows.find((r) => r.startsWith('| `dibao.standard.rural` |'))!;
    expect(standard).toContain('农村低保标准');
    expect(standard).toContain('**required**');
    const care = rows.find((r) => r.startsWith('| `tekun.care.unable` |'))!;
    expect(care).toContain('1/3');
    expect(care).toMatch(/000:L130 \|$/);
  });
});
