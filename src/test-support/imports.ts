/** The relative imports of a source file, for tests that walk the module graph of src/. */

const IMPORT_PATTERNS = [
  /\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g, // import … from, import type … from, export … from
  /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g, // import './side-effect.ts'
  /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g, // import('./lazy.ts')
];

/** The relative specifiers a module imports; comments are dropped first so a documented example is not an import. */
export function relativeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) for (const m of code.matchAll(pattern)) found.add(m[1]!);
  return [...found];
}
