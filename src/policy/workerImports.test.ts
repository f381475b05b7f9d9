/**
 * A worker of `doudi evaluate` batch mode loads the rules and nothing more (issue 23): every worker
 * compiles its own copy of what it imports, and zod (pulled in by the registry's input schemas) alone
 * doubled the start of each; the YAML reader took about 0.1 s of each worker's start. The walk follows the relative imports from the worker's entry module.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relativeImports } from '../test-support/imports.ts';

const here = dirname(fileURLToPath(import.meta.url));

function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/\bfrom\s*['"]([^'".][^'"]*)['"]/g)) if (!m[1]!.startsWith('node:')) packages.add(m[1]!);
    for (const spec of relativeImports(source)) todo.push(resolve(dirname(file), spec));
  }
  return { files, packages };
}

describe('the batch evaluation worker', () => {
  it('loads no package, not even the YAML reader (it is sent the pack already read), and not the registry input schemas', () => {
    const { files, packages } = reachable(resolve(here, 'batchWorker.ts'));
    expect([...packages]).toEqual([]);
    expect([...files].map((f) => f.slice(resolve(here, '..').length + 1))).not.toContain('registry/model.ts');
  });
});
