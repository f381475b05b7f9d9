/**
 * No file of src/ imports another that imports it back, however long the way round (issue 16): a circle
 * makes the order in which modules initialise depend on which one is loaded first, and it means neither
 * file can be read, tested or moved without the other. The walk reads the relative imports of every
 * .ts/.tsx file under src/ with a regular expression (static, `import type`, `export … from`, side-effect
 * and dynamic `import()`), resolves them to files and reports every strongly connected group as one circle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relativeImports } from './test-support/imports.ts';

const srcDir = dirname(fileURLToPath(import.meta.url));

/**
 * Every circle of the graph: one per strongly connected group (two or more files, or a file importing
 * itself), named by its shortest way round from its first file, followed by the group's other files if any.
 */
export function findCycles(graph: Map<string, string[]>): string[] {
  // Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  for (const root of [...graph.keys()].sort()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next); low.set(root, next); next++; stack.push(root); onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next); low.set(to, next); next++; stack.push(to); onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) { const parent = work[work.length - 1]!.node; low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!)); }
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do { member = stack.pop()!; onStack.delete(member); group.push(member); } while (member !== frame.node);
        if (group.length > 1 || edges.includes(frame.node)) groups.push(group);
      }
    }
  }
  return groups.map((group) => {
    const cycle = cycleThrough(graph, new Set(group));
    const others = group.filter((file) => !cycle.includes(file)).sort();
    return cycle.join(' → ') + (others.length ? ` (in one circle with ${others.join(', ')})` : '');
  });
}

/** One concrete circle inside a strongly connected group: from its first file (by name) back to it, shortest way round. */
function cycleThrough(graph: Map<string, string[]>, group: Set<string>): string[] {
  const start = [...group].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!group.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(to)) { cameFrom.set(to, node); queue.push(to); }
    }
  }
  return [start, start];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c)) ?? null;
}

/** The import graph of src/: each file (relative to src/) and the files it imports. */
export function importGraphOf(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const targets = relativeImports(readFileSync(file, 'utf8'))
      .map((s) => resolveImport(file, s))
      .filter((t): t is string => t !== null && !relative(dir, t).startsWith('..'));
    graph.set(relative(dir, file), [...new Set(targets.map((t) => relative(dir, t)))]);
  }
  return graph;
}

describe('the import graph of src/', () => {
  it('has no circle: no file imports another that imports it back, directly or round several files', () => {
    const graph = importGraphOf(srcDir);
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('server.ts')).toContain('registry/routes.ts');
    expect(findCycles(graph)).toEqual([]);
  });

  it('finds and names a circle however the files import each other', () => {
    const sources: Record<string, string> = {
      'a.ts': "import {\n  b,\n} from './b.ts';\n// import { c } from './c.ts'; (a comment, not an import)\n",
      'b.ts': "import type { C } from './c.ts';\nexport const b = 1;\n",
      'c.ts': "export * from './d.ts';\nconst lazy = () => import('./a.ts');\n",
      'd.ts': "import './d.ts';\n",
      'e.ts': "/* import { a } from './a.ts'; */\nimport { b } from './b.ts';\n",
    };
    const graph = new Map(Object.entries(sources).map(([file, text]) => [file, relativeImports(text).map((s) => s.slice(2))]));
    expect(graph.get('a.ts')).toEqual(['b.ts']);
    expect(findCycles(graph).sort()).toEqual(['a.ts → b.ts → c.ts → a.ts', 'd.ts → d.ts']);
    graph.set('b.ts', ['a.ts', 'c.ts']);
    expect(findCycles(graph).sort()).toEqual(['a.ts → b.ts → a.ts (in one circle with c.ts)', 'd.ts → d.ts']);
  });
});
