/** The case workflow's API as the UI uses it (src/cases/routes*.ts): URLs and the shapes of the answers. */

export const PUBLIC_API = {
  areas: '/api/public/areas',
  apply: '/api/public/applications',
  status: '/api/public/status',
  photo: (number: string) => `/api/public/applications/${encodeURIComponent(number)}/photos`,
};

export interface PublicArea { code: string; name: string; level: string; parentCode: string | null }

export interface PublicStatus {
  number: string;
  submittedOn: string;
  /** In words: 已收到… / 办理中 / 已办结. */
  status: string;
  programs: {
    program: string; state: string; decision: string | null; decisionReason: string | null; startMonth: string | null;
    notice: { startDate: string; endDate: string; running: boolean; howToObject: string } | null;
  }[];
  canAppeal: boolean;
  appealHint: string;
}

export interface TaskView { id: string; step: string; dueAt: string; paused: boolean; extended: boolean; escalation: number; overdue: boolean }

export interface ProgramView {
  id: string; program: string; subtype: string | null; state: string; stateName: string; level: 'township' | 'county'; oneByOne: boolean;
  amountYuan: number | null; objection: boolean; decision: string | null; decisionReason: string | null; decidedBy: string | null; decidedAt: string | null;
  entitlementId: string | null; startMonth: string | null; data: Record<string, unknown>; steps: string[]; actions: string[];
  task: TaskView | null; notice: { id: string; title: string; startDate: string; endDate: string } | null; policy: { packId: string; version: number } | null;
}

export interface CaseView {
  case: {
    id: string; number: string; householdId: string | null; areaCode: string; channel: string; channelDetail: Record<string, unknown>;
    applicantName: string; applicantIdNumber: string | null; applicantPhone: string | null; description: string; status: string;
    relativeDeclared: boolean; relativeMatched: boolean; relativeFlag: boolean; sampled: boolean; sampleResult: Record<string, unknown> | null; sampleInspector?: string | null;
    bank: { bankName: string; accountNo: string; accountName: string } | null; createdBy: string; createdAt: string; version: number;
  };
  household: { id: string; areaCode: string; headName: string; memberCount: number; hukou: string; status: string; members: { id: string; name: string; idNumber: string; relation: string; age: number }[] } | null;
  programs: ProgramView[];
  attachments: { id: string; kind: string; fileName: string; mime: string; bytes: number; sha256: string; uploadedBy: string; uploadedAt: string }[];
}

export interface TimelineEvent { id: number | string; at: string; actor: string; action: string; fromState: string | null; toState: string | null; reason: string | null; detail: Record<string, unknown> }

export interface QueueRow {
  taskId: string; step: string; stepName: string; dueAt: string; pausedSince: string | null; escalation: number; extended: boolean; department: string | null;
  caseId: string; number: string; applicantName: string; areaCode: string; relativeFlag: boolean; programId: string | null; program: string | null; oneByOne: boolean | null; overdue: boolean;
}
export interface NoticeRow { noticeId: string; title: string; startDate: string; endDate: string; programId: string; program: string; caseId: string; number: string; applicantName: string; objection: boolean }
export interface QueueCounts { mine: number; dueSoon: number; overdue: number; notices: number }

export interface ReferralRow {
  id: string; caseId: string; programId: string | null; areaCode: string; department: string; status: 'open' | 'done'; note: string; result: string | null; createdAt: string;
  caseNumber: string; applicantName: string; program: string | null; programState: string | null; dueAt: string | null; pausedSince: string | null; escalation: number | null; overdue: boolean;
}
export interface CaseReferral {
  id: string; programId: string | null; department: string; status: 'open' | 'done'; note: string; result: string | null; resultBy: string | null; resultAt: string | null;
  createdAt: string; dueAt: string | null; pausedSince: string | null; escalation: number | null;
}

/** Paths of the logged-in case API, as query-key parts (query.ts: the key is the URL). */
export const CASES = '/api/cases';
export const QUEUE = '/api/cases/queues';
export const REFERRALS = '/api/referrals';
export const REVIEWS = '/api/reviews';
export const RELATIVES = '/api/staff-relatives';
export const CALENDAR = '/api/workflow/calendar';
export const RESERVES = '/api/reserves';
export const actionUrl = (caseId: string, programId: string, action: string) => `${CASES}/${caseId}/programs/${programId}/actions/${action}`;
export const deadlineUrl = (caseId: string, programId: string, what: 'pause' | 'resume' | 'extend') => `${CASES}/${caseId}/programs/${programId}/deadline/${what}`;
export const attachmentUrl = (caseId: string, attachmentId: string) => `${CASES}/${caseId}/attachments/${attachmentId}`;
export const noticeUrl = (noticeId: string, format: 'print' | 'pdf') => `/api/workflow/notices/${noticeId}/${format}`;

/** Programs a case can carry (src/cases/model.ts) and the engine's programs behind the screening's proposals. */
export const CASE_PROGRAMS = ['低保', '特困', '残疾人两项补贴', '临时救助', '医疗救助', '教育资助', '住房救助', '就业救助'] as const;
export const ENGINE_PROGRAMS: Record<string, string> = {
  dibao: '低保', 'dibao.single': '低保', tekun: '特困', 'disability.nursing': '残疾人两项补贴', 'disability.living': '残疾人两项补贴',
  temporary: '临时救助', medical: '医疗救助', education: '教育资助', 'education.boarding': '教育资助', housing: '住房救助', employment: '就业救助',
};
export const CHANNELS: Record<string, string> = { window: '乡镇窗口', village: '村级报告', hotline: '服务热线', warning: '数据预警', citizen: '掌上办' };
export const ATTACHMENT_KINDS: Record<string, string> = { authorization: '核对授权书', investigation: '入户调查材料', photo: '照片', decision: '决定书', other: '其他材料' };
export const DEPARTMENTS = ['民政局', '乡村振兴局', '医保局', '卫健局', '教育局', '人社局', '住建局', '残联', '应急管理局', '财政局', '审计局'];
export const STATE_NAMES: Record<string, string> = {
  intake: '待受理', investigation: '入户调查', county_visit: '县级入户核查', verification: '家庭经济状况核对', notice: '公示中',
  appraisal: '民主评议', township_approval: '乡镇审批', township_review: '乡镇审核', county_approval: '县级审批', referred: '已转办部门',
  documenting: '先行救助待补手续', approved: '已批准', rejected: '未批准', appeal: '复议中', stopped: '已停止', withdrawn: '已撤回',
};
export const ACTION_LABELS: Record<string, string> = {
  accept: '受理', investigate: '入户调查', county_visit: '县级入户核查', verify: '核对', close_notice: '公示结束', appraise: '民主评议',
  review: '乡镇审核', approve: '批准', reject: '不予批准', appeal: '申请复议', uphold: '维持原决定', overturn: '撤销原决定并批准', withdraw: '撤回申请',
  pay_advance: '先行救助（支付）', document: '补办手续',
};
