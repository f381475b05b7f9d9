/** Monitoring (issue 9): the API paths and shapes the pages read, and uploads (the file as the raw body). */
import { ApiError, getCsrfToken } from '../api.ts';

export const MON = '/api/monitoring';
export const LEVEL_COLORS: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold' };

export interface Warning {
  id: string; householdId: string; areaCode: string; rule: string; ruleName: string; level: string; source: string; message: string; raisedOn: string; clueOn: string; dueOn: string;
  status: 'open' | 'handled'; result: string | null; resultNote: string | null; headName?: string; overdue?: boolean; ageDays?: number; version: number; procedureId: string | null;
}

export interface Procedure {
  id: string; purpose: 'identify' | 'remove'; state: string; stateName: string; clueOn: string; dueOn: string; noticeId: string | null; version: number;
  data: Record<string, Record<string, unknown>>; files: { id: string; kind: string; fileName: string; bytes: number }[]; actions: string[];
}

export interface Measure { id: string; riskFactor: string; factorName: string; kind: string; kindName: string; description: string; startOn: string; endOn: string | null; result: string | null; resultOn: string | null; caseId: string | null; version: number }
export interface Cadre { id: number; name: string; kind: 'monitoring' | 'paired'; unit: string; areaCode: string; assignedOn?: string }
export interface Visit { id: string; cadre: string; cadreKind: string; visitedOn: string; mode: string; checklist: Record<string, { ok: boolean; note?: string }>; improvements?: Record<string, { done: boolean; note?: string }>; note: string; photos: { id: string }[] }
export interface Chain {
  household: { id: string; areaCode: string; headName: string; registeredPoor: boolean; perCapitaYuan: number };
  members: { id: string; name: string; relation: string; status: string }[];
  monitoring: { type: string; riskFactors: string[]; status: 'monitored' | 'removed'; identifiedOn: string; removedOn: string | null; monitoringCadreId: number | null; pairedCadreId: number | null;
    warningLevel: string | null; warningClearedOn: string | null; version: number } | null;
  cadres: Cadre[]; warnings: Warning[]; procedures: Procedure[]; notices: { id: string; title: string; startDate: string; endDate: string }[];
  measures: Measure[]; visits: Visit[]; events: { id: number; at: string; actor: string; action: string; fromState: string | null; toState: string | null; reason: string | null }[];
  tasks: { id: string; step: string; dueAt: string }[]; removalProblems: string[] | null; proposedFactors: string[];
  decidingOffice: string | null; proposedLevel: string | null; cadreKind: 'monitoring' | 'paired' | null;
  negativeFactors: { id: string; factor: string; factorName: string; evidence: string; recordedBy: string; recordedOn: string; decision: string | null; decisionReason: string | null;
    decidedOn: string | null; version: number; mayDecide: boolean }[];
}

export async function uploadFile(url: string, file: File): Promise<{ id: string }> {
  const res = await fetch(url, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() } });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'HTTP', data?.error?.message ?? `上传失败（${res.status}）`, data?.error?.path ?? null);
  return data;
}

export const EVENT_LABELS: Record<string, string> = {
  'report.add': '登记风险报告', 'warning.raise': '发出预警', 'warning.handle': '处置预警', 'procedure.identify.start': '启动识别纳入', 'procedure.remove.start': '启动风险消除',
  'procedure.complete_check': '完成入户核查', 'procedure.appraise': '民主评议并公示', 'procedure.close_notice': '结束公示', 'procedure.township_approve': '乡镇初审通过',
  'procedure.decide': '县级审定', 'procedure.reject': '不予通过', 'procedure.withdraw': '撤回', 'measure.add': '落实帮扶措施', 'measure.result': '登记帮扶成效',
  'cadres.assign': '确定帮扶干部', 'visit.add': '走访（六看六查）', 'file.add': '上传材料', 'notice.objection': '登记公示异议', 'task.open': '开始计时', 'task.done': '环节办结',
  'task.escalate': '督办', 'demo.identified': '纳入监测（演示数据）', 'warning.level': '发出分级预警', 'warning.clear': '退出预警显示',
  'verification.check': '部门信息核查比对', 'negative.add': '登记负面因子', 'negative.decide': '决定负面因子是否影响纳入监测',
};
