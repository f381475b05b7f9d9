/**
 * The medical-assistance routes the pages read (shapes as docs/medical.md gives them), the category
 * labels the county's officers use, and the settlement-file upload with its progress.
 */
import { ApiError, getCsrfToken } from '../api.ts';

export const MED = '/api/medical';

/** Medical-assistance categories (RULES.md § 医疗救助) as the county's officers call them. */
export const CATEGORY: Record<string, string> = {
  tekun: '特困供养人员', dibaoLongTerm: '低保长期保障户', dibaoElderly: '低保80岁以上老人', dibao: '低保对象',
  registeredPoorMajor: '脱贫户大病患者', registeredPoor: '脱贫户（建档立卡）', monitored: '监测对象', lowIncome: '低收入人口', none: '无救助类别',
};
/** Premium-subsidy categories (RULES.md § 资助参保). */
export const PREMIUM_CATEGORY: Record<string, string> = {
  tekun: '特困供养人员', dibao: '低保对象', lowIncome: '低收入人口', severeDisability: '重度残疾人', monitored: '监测对象',
};
export const PAYMENT_STATUS: Record<string, { label: string; color: string }> = {
  none: { label: '无需支付', color: 'default' }, hospital: { label: '应付医院', color: 'blue' }, owed: { label: '待发放', color: 'gold' },
  waitingAccount: { label: '等待银行账户', color: 'red' }, paid: { label: '已发放', color: 'green' },
};

export const categoryLabel = (c: string) => CATEGORY[c] ?? c;
/** A share (0–1) as a percentage with one decimal, or — when there is none. */
export const percent = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
export const yuan2 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));

export interface RowError { row: number; column: string; message: string }
export interface Reason { rule: string; text: string }
export interface SettleResult {
  rows: number; settled: number; skipped: number; errors: RowError[]; errorCount?: number; totalAssistanceYuan: number; totalTopUpYuan: number;
  settlements: { settlementNo: string; householdNo: string | null; category: string; ratio: number; assistanceYuan: number; topUpYuan: number; capRemainingYuan: number }[];
}
export interface Settlement {
  id: number; settlementNo: string; channel: string; idNumber: string; name: string; householdId: string | null; householdNo: string | null; areaCode: string | null;
  visitType: string; hospitalLevel: string; hospitalName: string | null; date: string; totalYuan: number; policyYuan: number; basicYuan: number; seriousYuan: number;
  recordedYuan: number; disease: string | null; method: string; category: string; categoryLabel?: string; ratio: number; baseYuan: number; assistanceYuan: number;
  topUpYuan: number; yearAssistedYuan: number; capRemainingYuan: number; paymentStatus: string; outOfPocketYuan: number; tempReliefProposed: boolean;
}
export interface MedicalFile { id: number; fileName: string; sha256: string; bytes: number; loadedBy: string; loadedAt: string; rows: number; settled: number; skipped: number }
export interface Figures {
  year: number; area: string;
  byCategory: { category: string; persons: number; settlements: number; assistanceYuan: number; topUpYuan: number }[];
  byTownship: { code: string; name: string; persons: number; settlements: number; assistanceYuan: number; topUpYuan: number }[];
  registeredPoorInpatient: { settlements: number; totalYuan: number; reimbursedYuan: number; ratio: number | null; targetRatio: number | null };
  oneStop: { settlements: number; oneStopSettlements: number; share: number | null };
  premium: { date: string; eligiblePersons: number; subsidisedPersons: number; totalYuan: number; coverage: number | null };
}
export interface Statements {
  month: string; totalYuan: number;
  hospitals: { hospitalName: string; settlements: number; assistanceYuan: number; topUpYuan: number; totalYuan: number;
    rows: { settlementNo: string; date: string; name: string; idNumber: string; visitType: string; category: string; assistanceYuan: number; topUpYuan: number }[] }[];
}
export interface HouseholdMedical {
  year: number; date: string;
  members: { memberId: string; name: string; category: string; ratio: number; treatFirst: boolean; yearAssistedYuan: number; yearTopUpYuan: number; capYuan: number; capRemainingYuan: number; outOfPocketYuan: number }[];
  settlements: Settlement[];
  tempRelief: { settlementNo: string; memberName: string; outOfPocketYuan: number; thresholdYuan: number }[];
}

/**
 * Uploads a settlement file as the raw body (the server streams it to disk), reporting the share
 * sent. Resolves with the settle result, also when rows are wrong (422: `errors`, nothing written);
 * any other refusal rejects with its Chinese message.
 */
export function uploadSettlementFile(file: File, onProgress: (percent: number) => void): Promise<SettleResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${MED}/files?${new URLSearchParams({ name: file.name })}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-csrf-token', getCsrfToken());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '无法连接服务器，文件未上传', 'file'));
    xhr.onload = () => {
      let data: (SettleResult & { error?: { code?: string; message?: string; path?: string } }) | null = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 200 || (xhr.status === 422 && data && Array.isArray(data.errors))) { resolve(data!); return; }
      reject(new ApiError(xhr.status, data?.error?.code ?? 'HTTP', data?.error?.message ?? `上传失败（${xhr.status}）`, data?.error?.path ?? null));
    };
    xhr.send(file);
  });
}
