/**
 * A stored household as the household input of `doudi evaluate` (../shared/contract/EVALUATE.md),
 * so screening (综合救助意见) and what-if previews run the same rules as the command line.
 */
import { fenToYuan } from '../domain/money.ts';
import type { HouseholdRow, MemberRow } from './plan.ts';

/** A member's 特困 care facts from the registry's records (src/tekun/facts.ts): the newest assessment's level, or `unassessed`; in an institution or at home. */
export interface CareFact { selfCare: 'able' | 'partial' | 'unable' | 'unassessed'; careSetting: 'concentrated' | 'dispersed';
  /** Received 重特大疾病医疗救助 (src/medical/assisted.ts; 002:L589): given only when so, so other inputs stay as they were. */
  majorIllnessAssistance?: true }

/**
 * `care`: the registry path (screening, a decision's snapshot, previews) passes every member's care facts, so the
 * self-care level is the newest assessment's and a member without one is `unassessed` (never the column's default);
 * without it (the recipients roster of PAYROLL.md) the member's stored 自理能力 is used as the contract's input.
 */
export function toEvaluationInput(h: HouseholdRow, ms: MemberRow[], care?: ReadonlyMap<string, CareFact>) {
  return {
    id: h.id,
    hukou: h.hukou,
    areaCode: h.areaCode,
    singleParent: h.singleParent,
    registeredPoor: h.registeredPoor,
    assets: { financialYuan: fenToYuan(h.financialAssetsFen), vehicles: h.vehicles, businessRegistered: h.businessRegistered },
    rigidExpensesYuan: fenToYuan(h.rigidExpensesFen),
    ...(h.previousYearIncomeFen === null ? {} : { previousYearIncomeYuan: fenToYuan(h.previousYearIncomeFen) }),
    members: ms.map((m) => ({
      id: m.id,
      // The rules need the age only: the ID number never enters an evaluation or its answer.
      birthDate: m.birthDate,
      relation: m.relation,
      monthlyIncomeYuan: fenToYuan(m.monthlyIncomeFen),
      employed: m.employed,
      laborCapacity: m.laborCapacity,
      disability: m.disabilityGrade ? { grade: m.disabilityGrade, kind: m.disabilityKind, certGeneration: m.disabilityCertGeneration ?? null } : null,
      illnesses: m.illnesses,
      schooling: m.schooling,
      boarding: m.boarding,
      selfCare: care ? care.get(m.id)?.selfCare ?? 'unassessed' : m.selfCare,
      ...(care ? { careSetting: care.get(m.id)?.careSetting ?? 'dispersed' } : {}),
      ...(care?.get(m.id)?.majorIllnessAssistance ? { majorIllnessAssistance: true } : {}),
      supporter: m.supporter,
    })),
  };
}
