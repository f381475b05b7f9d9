/**
 * The 就业救助 routes the pages read (shapes as docs/employment.md gives them) and 人社's file upload.
 * The words (service kinds, payroll programs) come from the server's dependency-free vocabulary.
 */
import { ApiError, getCsrfToken } from '../api.ts';
export { EMPLOYMENT_PROGRAMS, SERVICE_KINDS, STATUS_SOURCES } from '../../../src/employment/vocabulary.ts';

export const EMP = '/api/employment';

export interface ZeroHousehold { householdId: string; householdNo: string; headName: string; areaCode: string; township: string; village: string; able: number; since: string; days: number }
export interface ZeroList { date: string; total: number; byTownship: { code: string; name: string; households: number }[]; rows: ZeroHousehold[] }
export interface Worker {
  memberId: string; householdId: string; householdNo: string; name: string; idNumber: string; age: number; sex: string; laborCapacity: string; village: string;
  employed: boolean; source: 'placement' | 'welfareJob' | 'registry' | null; employer: string | null; since: string | null; monthlyIncomeYuan: number;
}
export interface Service {
  id: string; memberId: string; householdId: string; name: string; idNumber: string; kind: string; kindLabel: string; date: string; endDate: string | null;
  course: string | null; days: number | null; completed: boolean | null; employedAfter: boolean | null; employer: string | null; monthlyWageYuan: number | null;
  broker: string | null; clearedZeroSince: string | null; source: string; createdBy: string;
}
export interface Holder { id: string; memberId: string; householdId: string; name: string; idNumber: string; startDate: string; maxLastDay: string; toRetirement: boolean; endedOn: string | null; endReason: string | null; current: boolean }
export interface Job { id: string; name: string; employer: string; areaCode: string; township: string; startDate: string; endDate: string | null; holders: Holder[] }
export interface TownshipFigures {
  code: string; name: string; zeroHouseholds: number; cleared: number; avgClearDays: number | null; persons: number; recommendation: number; guidance: number; training: number;
  school: number; placement: number; met311: number; trainingsCompleted: number; employedAfter: number; employedAfterShare: number | null; holders: number; endingThisYear: number; workshopMonths: number; workTrainingYuan: number;
  paidYuan: Record<string, number>;
}
export interface Figures {
  year: number; date: string; byTownship: TownshipFigures[];
  targets: { recommendation: number; guidance: number; training: number; employedAfterTraining: number | null; trainedPerYear: number | null } | null;
}
export interface HouseholdEmployment {
  date: string; zero: boolean; zeroSince: string | null;
  members: { id: string; name: string; age: number; canWork: boolean; employed: boolean; source: string | null; employer: string | null; since: string | null; monthlyIncomeYuan: number }[];
  services: Service[]; reviewsDue: { id: string; program: string; dueDate: string; caseId: string }[];
}
export interface RowError { row: number; column: string; message: string }
export interface FileResult { fileId: number | null; rows: number; loaded: number; errors: RowError[] }

/** Uploads 人社's file as the raw body; resolves also with row errors (422, nothing written), rejects with any other refusal's Chinese message. */
export async function uploadServiceFile(file: File): Promise<FileResult> {
  const r = await fetch(`${EMP}/files?${new URLSearchParams({ name: file.name })}`, {
    method: 'POST', body: file, credentials: 'same-origin', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() },
  });
  const data = await r.json().catch(() => null);
  if (r.ok || (r.status === 422 && data && Array.isArray(data.errors))) return data as FileResult;
  throw new ApiError(r.status, data?.error?.code ?? 'HTTP', data?.error?.message ?? `上传失败（${r.status}）`, data?.error?.path ?? null);
}

export const share = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
