/**
 * The household input of `doudi evaluate` (../shared/contract/EVALUATE.md), validated into the
 * form the rules use: money in fen, birth dates known, defaults applied. Hand-written rather than
 * a schema library because batch mode checks a million households a run; each error names the
 * field path (members[1].idNumber) and what is wrong, in Chinese.
 */
import { isValidIsoDate } from '../domain/dates.ts';
import { parseIdNumber } from '../domain/idNumber.ts';
import type { Fen } from '../domain/money.ts';

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other'] as const;
export const LABOR = ['full', 'partial', 'none'] as const;
export const DISABILITY_KINDS = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const;
export const SCHOOLING = ['none', 'preschool', 'primary', 'junior', 'senior', 'vocational', 'college'] as const;
export const SELF_CARE = ['able', 'partial', 'unable'] as const;
/**
 * A member's self-care level as the rules see it: the contract's three levels, or `unassessed` — the
 * registry's 特困 person without a 生活自理能力评估 record (src/tekun/): the care amount is withheld, never guessed.
 */
export const SELF_CARE_INPUT = [...SELF_CARE, 'unassessed'] as const;
/** 集中供养 (in an institution) or 分散供养 (at home), when known (the registry's 特困 support records). */
export const CARE_SETTINGS = ['concentrated', 'dispersed'] as const;
export const SUPPORTER = ['able', 'unable', 'none'] as const;
export const REQUEST_KINDS = ['emergency', 'expenditure'] as const;

export interface Member {
  id: string;
  /** Position in the input's members list, for error paths (members[i]…). */
  index: number;
  birthDate: string;
  relation: (typeof RELATIONS)[number];
  incomeFen: Fen;
  employed: boolean;
  laborCapacity: (typeof LABOR)[number];
  /** certGeneration null: not given — never assumed (an input error where the pack requires the second generation). */
  disability: { grade: number; kind: (typeof DISABILITY_KINDS)[number]; certGeneration: 1 | 2 | null } | null;
  illnesses: string[];
  schooling: (typeof SCHOOLING)[number];
  boarding: boolean;
  selfCare: (typeof SELF_CARE_INPUT)[number];
  /** null when not given (the contract's input): the care amount is the fraction of the minimum wage by tier. */
  careSetting: (typeof CARE_SETTINGS)[number] | null;
  /** 已购买住院期间照料护理保险 (000:L130): a fully self-caring person then gets the city-set care standard when the pack has one. */
  careInsured: boolean;
  supporter: (typeof SUPPORTER)[number];
  /**
   * Optional facts for county definitions (002:L589), null when not given — a rule that needs one never
   * assumes it: majorIllnessAssistance 获得重特大疾病医疗救助; difficultElderly 子女均属低收入家庭、赡养能力较弱且
   * 实际生活困难; unsupportedChild 事实无人抚养儿童; livingDifficulty 生活困难 (成年、无业重度残疾人).
   */
  majorIllnessAssistance: boolean | null;
  difficultElderly: boolean | null;
  unsupportedChild: boolean | null;
  livingDifficulty: boolean | null;
}

export interface Household {
  id: string | number | null;
  hukou: 'urban' | 'rural';
  areaCode: string | null;
  singleParent: boolean;
  registeredPoor: boolean;
  financialAssetsFen: Fen;
  vehicles: number;
  businessRegistered: boolean;
  /** Annual. */
  rigidExpensesFen: Fen;
  /** Annual; null when not given: 12 × the monthly incomes of the members counted for 低保 (decided by the rules). */
  previousYearIncomeFen: Fen | null;
  /** What the household receives now; lastMonthlyFen and incomeAboveStandardSince are needed only to decide a taper. */
  current: { program: string | null; lastMonthlyFen: Fen | null; incomeAboveStandardSince: string | null; tekunMembers: string[];
    /** 渐退 months decided for this case (000:L148 "不超过一年"), at most dibao.taperMonths; null: the maximum. */
    taperMonths: number | null } | null;
  request: { kind: (typeof REQUEST_KINDS)[number]; amountFen: Fen } | null;
  members: Member[];
}

export class InputError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

type Obj = Record<string, unknown>;

const fail = (path: string, message: string): never => { throw new InputError(path, message); };

function object(v: unknown, path: string): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : fail(path, '应为 JSON 对象');
}

function onlyKeys(o: Obj, allowed: ReadonlySet<string>, path: string) {
  for (const k in o) if (!allowed.has(k)) fail(path ? `${path}.${k}` : k, '未知字段（unknown field）');
}

function bool(o: Obj, key: string, path: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  return typeof v === 'boolean' ? v : fail(path + key, '应为 true 或 false');
}

/** A yes/no fact that may be absent (null): never defaulted. */
function optionalBool(o: Obj, key: string, path: string): boolean | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  return typeof v === 'boolean' ? v : fail(path + key, '应为 true 或 false');
}

function yuan(o: Obj, key: string, path: string, dflt: number | null): Fen {
  const v = o[key];
  if (v === undefined || v === null) return dflt === null ? fail(path + key, '必填') : dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(path + key, `应为金额数字（元），实际为 ${JSON.stringify(v)}`);
  if (v < 0) return fail(path + key, '金额不能为负数');
  const fen = Math.round(v * 100);
  if (Math.abs(fen - v * 100) > 1e-6 * Math.max(1, Math.abs(v))) fail(path + key, '金额最多两位小数');
  return fen;
}

function int(o: Obj, key: string, path: string, dflt: number, min: number, max: number): number {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fail(path + key, `应为 ${min} 到 ${max} 之间的整数`);
}

function oneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[], dflt: T | null): T {
  const v = o[key];
  if (v === undefined || v === null) return dflt === null ? fail(path + key, `必填，取值：${values.join(' | ')}`) : dflt;
  return (values as readonly unknown[]).includes(v) ? (v as T) : fail(path + key, `取值无效 ${JSON.stringify(v)}，应为：${values.join(' | ')}`);
}

const HOUSEHOLD_KEYS = new Set(['id', 'name', 'note', 'hukou', 'areaCode', 'singleParent', 'registeredPoor', 'assets', 'rigidExpensesYuan', 'previousYearIncomeYuan', 'current', 'request', 'members']);
const MEMBER_KEYS = new Set(['id', 'name', 'note', 'idNumber', 'birthDate', 'relation', 'monthlyIncomeYuan', 'employed', 'laborCapacity', 'disability', 'illnesses', 'schooling', 'boarding', 'selfCare', 'supporter', 'careSetting', 'careInsured', 'majorIllnessAssistance', 'difficultElderly', 'unsupportedChild', 'livingDifficulty']);
const ASSET_KEYS = new Set(['financialYuan', 'vehicles', 'businessRegistered']);
const CURRENT_KEYS = new Set(['program', 'lastMonthlyYuan', 'incomeAboveStandardSince', 'tekunMembers', 'taperMonths']);
const REQUEST_KEYS = new Set(['kind', 'amountYuan']);
const DISABILITY_KEYS = new Set(['grade', 'kind', 'certGeneration']);

function member(v: unknown, i: number): Member {
  const path = `members[${i}].`;
  const m = object(v, `members[${i}]`);
  onlyKeys(m, MEMBER_KEYS, `members[${i}]`);
  const id = m.id;
  if (typeof id !== 'string' || id === '') fail(path + 'id', '必填，成员编号（文本）');
  let birthDate: string | undefined;
  if (m.idNumber !== undefined && m.idNumber !== null) {
    if (typeof m.idNumber !== 'string') fail(path + 'idNumber', '应为 18 位身份证号（文本）');
    const r = parseIdNumber(m.idNumber as string);
    if (!r.ok) fail(path + 'idNumber', r.message);
    else birthDate = r.value.birthDate;
  }
  if (m.birthDate !== undefined && m.birthDate !== null) {
    if (typeof m.birthDate !== 'string' || !isValidIsoDate(m.birthDate)) fail(path + 'birthDate', '应为存在的日期 YYYY-MM-DD');
    if (birthDate && birthDate !== m.birthDate) fail(path + 'birthDate', `与身份证号中的出生日期 ${birthDate} 不一致`);
    birthDate = m.birthDate as string;
  }
  if (!birthDate) fail(path + 'birthDate', '无身份证号时出生日期必填');
  let disability: Member['disability'] = null;
  if (m.disability !== undefined && m.disability !== null) {
    const d = object(m.disability, path + 'disability');
    onlyKeys(d, DISABILITY_KEYS, path + 'disability');
    const grade = d.grade;
    if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 1 || grade > 4) fail(path + 'disability.grade', '残疾等级应为 1 到 4');
    const generation = d.certGeneration === undefined || d.certGeneration === null ? null : int(d, 'certGeneration', path + 'disability.', 2, 1, 2) as 1 | 2;
    disability = { grade: grade as number, kind: oneOf(d, 'kind', path + 'disability.', DISABILITY_KINDS, null), certGeneration: generation };
  }
  let illnesses: string[] = [];
  if (m.illnesses !== undefined && m.illnesses !== null) {
    if (!Array.isArray(m.illnesses)) fail(path + 'illnesses', '应为病种代码列表');
    illnesses = m.illnesses as string[];
    illnesses.forEach((x, j) => { if (typeof x !== 'string') fail(`${path}illnesses[${j}]`, '病种代码应为文本'); });
  }
  return {
    id: id as string,
    index: i,
    birthDate: birthDate!,
    relation: oneOf(m, 'relation', path, RELATIONS, 'other'),
    incomeFen: yuan(m, 'monthlyIncomeYuan', path, 0),
    employed: bool(m, 'employed', path, false),
    laborCapacity: oneOf(m, 'laborCapacity', path, LABOR, null),
    disability,
    illnesses,
    schooling: oneOf(m, 'schooling', path, SCHOOLING, 'none'),
    boarding: bool(m, 'boarding', path, false),
    selfCare: oneOf(m, 'selfCare', path, SELF_CARE_INPUT, 'able'),
    careSetting: m.careSetting === undefined || m.careSetting === null ? null : oneOf(m, 'careSetting', path, CARE_SETTINGS, null),
    careInsured: bool(m, 'careInsured', path, false),
    supporter: oneOf(m, 'supporter', path, SUPPORTER, 'able'),
    majorIllnessAssistance: optionalBool(m, 'majorIllnessAssistance', path),
    difficultElderly: optionalBool(m, 'difficultElderly', path),
    unsupportedChild: optionalBool(m, 'unsupportedChild', path),
    livingDifficulty: optionalBool(m, 'livingDifficulty', path),
  };
}

/** Validates one household; throws InputError with the field path of the first problem. */
export function parseHousehold(v: unknown): Household {
  const h = object(v, '$');
  onlyKeys(h, HOUSEHOLD_KEYS, '');
  const id = h.id === undefined || h.id === null ? null : typeof h.id === 'string' || typeof h.id === 'number' ? h.id : fail('id', '应为文本或数字');
  const areaCode = h.areaCode === undefined || h.areaCode === null ? null
    : typeof h.areaCode === 'string' && /^\d{12}$/.test(h.areaCode) ? h.areaCode : fail('areaCode', '应为 12 位村（社区）区划代码');
  if (!Array.isArray(h.members) || h.members.length === 0) fail('members', '必填，至少一名成员');
  const members = (h.members as unknown[]).map(member);
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (seen.has(m.id)) fail(`members[${i}].id`, `成员编号 ${m.id} 重复`);
    seen.add(m.id);
  });
  const assets = h.assets === undefined || h.assets === null ? {} : object(h.assets, 'assets');
  onlyKeys(assets, ASSET_KEYS, 'assets');
  let current: Household['current'] = null;
  if (h.current !== undefined && h.current !== null) {
    const c = object(h.current, 'current');
    onlyKeys(c, CURRENT_KEYS, 'current');
    // Every field of current is optional (EVALUATE.md); the program is needed only to decide a taper (dibao.ts).
    if (c.program !== undefined && c.program !== null && (typeof c.program !== 'string' || !c.program)) fail('current.program', '应为当前享受的项目（如 dibao），不能为空');
    const since = c.incomeAboveStandardSince;
    if (since !== undefined && since !== null && (typeof since !== 'string' || !isValidIsoDate(since))) fail('current.incomeAboveStandardSince', '应为存在的日期 YYYY-MM-DD');
    let tekunMembers: string[] = [];
    if (c.tekunMembers !== undefined && c.tekunMembers !== null) {
      if (!Array.isArray(c.tekunMembers)) fail('current.tekunMembers', '应为成员编号列表');
      tekunMembers = c.tekunMembers as string[];
      tekunMembers.forEach((x, j) => {
        if (typeof x !== 'string' || !seen.has(x)) fail(`current.tekunMembers[${j}]`, `${JSON.stringify(x)} 不是本户成员的编号`);
      });
    }
    const last = c.lastMonthlyYuan === undefined || c.lastMonthlyYuan === null ? null : yuan(c, 'lastMonthlyYuan', 'current.', 0);
    const taper = c.taperMonths;
    if (taper !== undefined && taper !== null && (typeof taper !== 'number' || !Number.isInteger(taper) || taper < 1)) fail('current.taperMonths', '应为决定的渐退月数（不小于 1 的整数）');
    current = { program: (c.program as string | undefined) ?? null, lastMonthlyFen: last, incomeAboveStandardSince: (since as string) ?? null, tekunMembers,
      taperMonths: (taper as number | undefined) ?? null };
  }
  let request: Household['request'] = null;
  if (h.request !== undefined && h.request !== null) {
    const r = object(h.request, 'request');
    onlyKeys(r, REQUEST_KEYS, 'request');
    request = { kind: oneOf(r, 'kind', 'request.', REQUEST_KINDS, null), amountFen: yuan(r, 'amountYuan', 'request.', null) };
  }
  return {
    id,
    hukou: oneOf(h, 'hukou', '', ['urban', 'rural'] as const, null),
    areaCode,
    singleParent: bool(h, 'singleParent', '', false),
    registeredPoor: bool(h, 'registeredPoor', '', false),
    financialAssetsFen: yuan(assets, 'financialYuan', 'assets.', 0),
    vehicles: int(assets, 'vehicles', 'assets.', 0, 0, 1000),
    businessRegistered: bool(assets, 'businessRegistered', 'assets.', false),
    rigidExpensesFen: yuan(h, 'rigidExpensesYuan', '', 0),
    previousYearIncomeFen: h.previousYearIncomeYuan === undefined || h.previousYearIncomeYuan === null ? null : yuan(h, 'previousYearIncomeYuan', '', 0),
    current,
    request,
    members,
  };
}
