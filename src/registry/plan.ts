/**
 * Pure planning of a registry change: from the stored snapshot of a household (or none) and the
 * submitted input, the rows to write and the field-by-field changes for its history. Both the
 * API (one household) and the ledger importer (thousands at once) write through these plans.
 */
import { randomUUID } from 'node:crypto';
import type { FieldChange } from './schema.ts';
import { households, members } from './schema.ts';
import { parseIdNumber } from '../domain/idNumber.ts';
import { yuanToFen } from '../domain/money.ts';
import { FIELD_LABELS, type HouseholdInput, type MemberInput } from './model.ts';

export type HouseholdRow = typeof households.$inferSelect;
export type MemberRow = typeof members.$inferSelect;

export interface Snapshot {
  household: HouseholdRow;
  /** Active members only. */
  members: MemberRow[];
}

/** The fields of a household that its submitter controls (the rest is bookkeeping). */
const HOUSEHOLD_FIELDS = ['areaCode', 'ledgerKey', 'hukou', 'singleParent', 'registeredPoor', 'financialAssetsFen', 'vehicles',
  'businessRegistered', 'rigidExpensesFen', 'previousYearIncomeFen', 'address'] as const;
const MEMBER_FIELDS = ['name', 'idNumber', 'relation', 'laborCapacity', 'disabilityGrade', 'disabilityKind', 'disabilityCertGeneration',
  'illnesses', 'schooling', 'boarding', 'employed', 'monthlyIncomeFen', 'selfCare', 'supporter', 'phone'] as const;

type HouseholdFields = Pick<HouseholdRow, (typeof HOUSEHOLD_FIELDS)[number]>;
type MemberFields = Pick<MemberRow, (typeof MEMBER_FIELDS)[number] | 'birthDate' | 'sex'>;

export interface PlanProblem { path: string; message: string }

export interface Plan {
  householdId: string;
  created: boolean;
  household: HouseholdRow;
  insertMembers: MemberRow[];
  updateMembers: MemberRow[];
  /** Members no longer in the submitted household: kept, marked left with the change's reason. */
  removeMembers: MemberRow[];
  changes: FieldChange[];
}

function householdFields(input: HouseholdInput): HouseholdFields {
  return {
    areaCode: input.areaCode, ledgerKey: input.ledgerKey ?? null, hukou: input.hukou, singleParent: input.singleParent,
    registeredPoor: input.registeredPoor, financialAssetsFen: yuanToFen(input.financialAssetsYuan), vehicles: input.vehicles,
    businessRegistered: input.businessRegistered, rigidExpensesFen: yuanToFen(input.rigidExpensesYuan),
    previousYearIncomeFen: input.previousYearIncomeYuan === null ? null : yuanToFen(input.previousYearIncomeYuan),
    address: input.address ?? null,
  };
}

/** `old` is the stored member: an omitted phone keeps its number (pages only ever show it masked). */
function memberFields(m: MemberInput, idNumber: string, old?: MemberRow): MemberFields {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new Error(parsed.message);
  return {
    name: m.name, idNumber: parsed.value.idNumber, birthDate: parsed.value.birthDate, sex: parsed.value.sex,
    relation: m.relation, laborCapacity: m.laborCapacity, disabilityGrade: m.disability?.grade ?? null,
    disabilityKind: m.disability?.kind ?? null, disabilityCertGeneration: m.disability?.certGeneration ?? null,
    illnesses: [...m.illnesses].sort(), schooling: m.schooling, boarding: m.boarding, employed: m.employed,
    monthlyIncomeFen: yuanToFen(m.monthlyIncomeYuan), selfCare: m.selfCare, supporter: m.supporter, phone: m.phone === undefined ? old?.phone ?? null : m.phone,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Household-level rules that need no database: one head, no repeated person, member ids known. */
export function checkHousehold(input: HouseholdInput, before: Snapshot | null): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const heads = input.members.filter((m) => m.relation === 'head').length;
  if (heads !== 1) problems.push({ path: 'members', message: heads === 0 ? '家庭没有户主' : `家庭有 ${heads} 名户主，只能有一名` });
  const known = new Map(before?.members.map((m) => [m.id, m]));
  const seen = new Map<string, number>();
  input.members.forEach((m, i) => {
    if (m.id !== undefined && !known.has(m.id)) problems.push({ path: `members[${i}].id`, message: '该成员不属于本户' });
    const id = m.idNumber ?? (m.id ? known.get(m.id)?.idNumber : undefined);
    if (!id) { problems.push({ path: `members[${i}].idNumber`, message: '新成员须填写身份证号' }); return; }
    if (seen.has(id)) problems.push({ path: `members[${i}].idNumber`, message: `身份证号与第 ${seen.get(id)! + 1} 名成员重复` });
    else seen.set(id, i);
  });
  return problems;
}

/**
 * Plans the change; `before` null means a new household. Existing members are matched by id, or
 * failing that by ID number (as ledgers identify people). Call checkHousehold first.
 */
export function planHousehold(before: Snapshot | null, input: HouseholdInput, now: Date): Plan {
  const householdId = before?.household.id ?? randomUUID();
  const fields = householdFields(input);
  // A household created without a ledger key gets its id as one, so its export re-imports onto it;
  // an edit that does not name a key keeps the stored one.
  fields.ledgerKey = input.ledgerKey ?? before?.household.ledgerKey ?? householdId;
  const changes: FieldChange[] = [];
  if (before) {
    for (const f of HOUSEHOLD_FIELDS) {
      if (!same(before.household[f], fields[f])) changes.push({ field: f, label: FIELD_LABELS[f], old: before.household[f], new: fields[f] });
    }
  }
  const byId = new Map(before?.members.map((m) => [m.id, m]));
  const byIdNumber = new Map(before?.members.map((m) => [m.idNumber, m]));
  const kept = new Set<string>();
  const insertMembers: MemberRow[] = [];
  const updateMembers: MemberRow[] = [];
  for (const [position, m] of input.members.entries()) {
    const old = (m.id !== undefined ? byId.get(m.id) : undefined) ?? (m.idNumber ? byIdNumber.get(m.idNumber.toUpperCase()) : undefined);
    const mf = memberFields(m, m.idNumber ?? old!.idNumber, old);
    if (!old) {
      const row: MemberRow = { id: randomUUID(), householdId, areaCode: fields.areaCode, position, ...mf, status: 'active', leftReason: null, createdAt: now, updatedAt: now };
      insertMembers.push(row);
      if (before) changes.push({ field: `members.${row.id}`, label: `新增成员 ${row.name}`, old: null, new: row.relation });
      continue;
    }
    kept.add(old.id);
    let changed = old.areaCode !== fields.areaCode || old.position !== position;
    for (const f of MEMBER_FIELDS) {
      if (!same(old[f], mf[f])) {
        changed = true;
        changes.push({ field: `members.${old.id}.${f}`, label: `${old.name}：${FIELD_LABELS[f]}`, old: old[f], new: mf[f] });
      }
    }
    if (changed) updateMembers.push({ ...old, ...mf, areaCode: fields.areaCode, position, updatedAt: now });
  }
  const removeMembers = (before?.members ?? []).filter((m) => !kept.has(m.id));
  for (const m of removeMembers) changes.push({ field: `members.${m.id}`, label: `移出成员 ${m.name}`, old: m.relation, new: null });
  const all = [...insertMembers, ...(before?.members ?? []).filter((m) => kept.has(m.id))];
  const head = input.members.find((m) => m.relation === 'head')!;
  const household: HouseholdRow = {
    ...(before?.household ?? { id: householdId, status: 'active', closedReason: null, closedAt: null, version: 0, createdAt: now }),
    ...fields,
    headName: head.name,
    memberCount: all.length,
    version: (before?.household.version ?? 0) + 1,
    updatedAt: now,
  } as HouseholdRow;
  return { householdId, created: !before, household, insertMembers, updateMembers, removeMembers, changes };
}

/** True when the plan writes nothing (a re-submitted, unchanged household). */
export function isNoop(plan: Plan): boolean {
  return !plan.created && plan.changes.length === 0 && plan.updateMembers.length === 0;
}
