/** The 特困供养 routes the page reads (shapes as docs/tekun.md gives them) and the labels it shows. */
export { CARE_LEVELS, CARE_SETTING_LABELS, INSTITUTION_KINDS } from '../../../src/tekun/vocabulary.ts';

export const TK = '/api/tekun';

export interface Person {
  memberId: string; householdId: string; name: string; areaCode: string; township: string;
  setting: 'concentrated' | 'dispersed'; institution: string | null; bed: string | null; stayId: string | null;
  level: 'able' | 'partial' | 'unable' | null; assessedOn: string | null; reassessOn: string | null; assessmentOverdue: boolean;
  willing: boolean | null; askedOn: string | null; waitingDays: number | null;
  carer: string | null; agreementTo: string | null; agreementExpiring: boolean;
}
export interface Institution {
  id: string; areaCode: string; name: string; kind: string; beds: number; nursingBeds: number; stars: number; demonstration: boolean;
  manager: string; phone: string | null; bank: Bank | null; residents: number;
}
export type Bank = { bankName: string; accountNo: string; accountName: string };
export interface TekunFile { id: number; ownerKind: 'assessment' | 'agreement'; ownerId: string; fileName: string; sha256: string; uploadedAt: string }
/** GET /api/tekun/persons/:memberId — one person's records (carer's phone and account masked unless revealed). */
export interface PersonRecords {
  member: { id: string; householdId: string; name: string; areaCode: string };
  carers: { id: string; name: string; relation: string; phone: string; bank: Bank | null; agreementFrom: string; agreementTo: string; endedOn: string | null; endReason: string | null; files: TekunFile[] }[];
  assessments: { id: string; assessedOn: string; assessor: string; level: 'able' | 'partial' | 'unable'; note: string | null; files: TekunFile[] }[];
}
export interface Counts {
  persons: number; concentrated: number; centralisationRate: number | null; cannotCare: number; cannotCareConcentrated: number; cannotCareRate: number | null;
  willingWaiting: number; occupancyRate: number | null; assessed: number; notAssessed: number; assessmentsOverdue: number; agreementsExpiring: number;
}
export interface Figures {
  today: string;
  total: Counts & { beds: number; residents: number; bedUse: number | null };
  targets: { centralisation: number | null; centralisationUnable: number | null; bedUse: number | null; willingPlaced: number | null; occupancy: { month: number; target: number } | null };
  byTownship: (Counts & { code: string; name: string })[];
  institutions: { id: string; name: string; kind: string; township: string; beds: number; nursingBeds: number; residents: number; bedUse: number | null; stars: number; demonstration: boolean }[];
}

export const percent = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

/** The bank fields of a form, sent only when an account number was entered (so an edit that leaves them empty keeps the stored account). */
export function bankOf(v: { bankName?: string; accountNo?: string; accountName?: string }): Bank | undefined {
  return v.accountNo?.trim() ? { bankName: v.bankName ?? '', accountNo: v.accountNo.trim(), accountName: v.accountName ?? '' } : undefined;
}
