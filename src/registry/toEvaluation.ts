/**
 * A stored household as the household input of `doudi evaluate` (../shared/contract/EVALUATE.md),
 * so screening (综合救助意见) and what-if previews run the same rules as the command line.
 */
import { fenToYuan } from '../domain/money.ts';
import type { HouseholdRow, MemberRow } from './plan.ts';

export function toEvaluationInput(h: HouseholdRow, ms: MemberRow[]) {
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
      selfCare: m.selfCare,
      supporter: m.supporter,
    })),
  };
}
