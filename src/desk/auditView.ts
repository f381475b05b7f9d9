/**
 * The audit log as an auditor reads it: each entry with its action in Chinese words, the actor's name and
 * role, the target as a link (household, case, payroll month, user) with its masked label, the area's name
 * and the detail as key-value pairs; and the same as an xlsx export (formula-safe cells). The entries
 * come from `auth/audit.searchAudit` (scoped to the reader's area); this module only names what they
 * point at, looking each kind of target up once per page, inside the reader's scope, and masking names
 * through `domain/mask.ts`.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { and, inArray, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { auditLog, users } from '../auth/schema.ts';
import { ATTACHMENT_KINDS, STATES } from '../cases/model.ts';
import { AUDIT_GROUPS, auditActionLabel, DETAIL_KEYS, DETAIL_VALUES, SYSTEM_ACTORS } from '../auth/auditLabels.ts';
import { searchAudit, type AuditQuery } from '../auth/audit.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { areaChain } from '../domain/areas.ts';
import { maskName } from '../domain/mask.ts';
import { households, members } from '../registry/schema.ts';
import { FIELD_LABELS } from '../registry/model.ts';
import { casePrograms, cases } from '../cases/schema.ts';
import { payrolls } from '../payments/schema.ts';
import { safeCell } from '../payments/bankFile.ts';
import { timeInChina } from '../domain/dates.ts';

type Entry = typeof auditLog.$inferSelect;

/** Where a target leads in the web UI (a hash route) and what it is called there. */
export interface AuditTarget { kind: string; label: string; link: string | null }

export interface AuditView {
  id: number;
  at: string;
  action: string;
  actionLabel: string;
  actor: string;
  actorName: string;
  actorRole: string | null;
  target: AuditTarget | null;
  areaCode: string | null;
  areaName: string | null;
  /** The detail as pairs of Chinese key and short value. */
  detail: { key: string; value: string }[];
  hash: string;
}

/** Chinese names of the kinds of target that have no page of their own. */
const TARGET_KINDS: Record<string, string> = {
  household: '家庭', member: '成员', case: '案件', case_program: '案件', payroll: '发放名册', user: '用户', finding: '核对发现', warning: '预警', procedure: '监测程序',
  measure: '帮扶措施', visit: '走访', report: '风险报告', referral: '转办', feed: '核对数据', policy: '政策包', cadre: '帮扶干部', entitlement: '待遇资格',
  recovery: '追回', staff_relative: '近亲属备案', township: '乡镇', round: '督查', criticism: '通报批评', file: '文件', tekun_institution: '供养机构',
  'medical-settlement': '医疗救助结算', 'medical-file': '医保结算数据文件', 'medical-premium': '资助参保名单', 'medical-identities': '医疗救助身份标识名单',
  disaster: '灾害事件', emergency: '应急期',
};
/** Kinds whose id is itself readable (a settlement number, a year, a date), so the label shows it. */
const READABLE_IDS = new Set(['medical-settlement', 'medical-premium', 'medical-identities']);

/** "江口镇 江口村": the names below the county (the county's own name for a county code). */
export function areaName(code: string | null): string | null {
  if (!code) return null;
  const chain = areaChain(code);
  if (chain.length === 0) return code;
  const below = chain.filter((a) => a.code.length > 6);
  return (below.length ? below : chain.slice(-1)).map((a) => a.name).join(' ');
}

const shortValue = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length > 5 ? `${v.slice(0, 5).map(shortValue).join('、')} 等 ${v.length} 项` : v.map(shortValue).join('、');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).filter(([k, x]) => x !== undefined && DETAIL_KEYS[k])
      .map(([k, x]) => `${DETAIL_KEYS[k] ?? k}：${k === 'group' && typeof x === 'string' ? AUDIT_GROUPS[x]?.label ?? x : shortValue(x)}`).join('；');
  }
  // Case steps and attachment kinds are named by the cases' own vocabulary, the registry's fields (a household change's `fields`) by the registry's.
  const s = typeof v === 'string' ? DETAIL_VALUES[v] ?? (STATES as Record<string, string>)[v] ?? (ATTACHMENT_KINDS as Record<string, string>)[v] ?? FIELD_LABELS[v] ?? v : String(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

/**
 * The detail as the page shows it: the items that have a Chinese name, each as a short value; items without one
 * (technical keys of one action) are counted, not shown as raw keys — the stored entry keeps them, and its hash.
 */
function detailPairs(detail: Record<string, unknown>): { key: string; value: string }[] {
  const entries = Object.entries(detail).filter(([k, v]) => k !== 'householdId' && v !== undefined);
  const named = entries.filter(([k]) => DETAIL_KEYS[k]);
  const pairs = named.map(([k, v]) => ({ key: DETAIL_KEYS[k]!, value: k === 'role' && typeof v === 'string' ? ROLES[v as Role]?.label ?? v : shortValue(v) }));
  const other = entries.length - named.length;
  return other > 0 ? [...pairs, { key: '其他记录项', value: `${other} 项` }] : pairs;
}

const splitTarget = (t: string | null) => {
  const i = t ? t.indexOf(':') : -1;
  return t && i > 0 ? { kind: t.slice(0, i), id: t.slice(i + 1) } : null;
};

/** Names every entry of a page; each kind of target is looked up once, inside `scope`. */
export async function describeAudit(db: Db, scope: string, rows: Entry[]): Promise<AuditView[]> {
  const ids = (kind: string) => [...new Set(rows.map((r) => splitTarget(r.target)).filter((t) => t?.kind === kind).map((t) => t!.id))];
  const detailHouseholds = rows.map((r) => r.detail?.householdId).filter((x): x is string => typeof x === 'string');
  const memberIds = ids('member');
  const memberRows = memberIds.length ? await db.select({ id: members.id, name: members.name, householdId: members.householdId }).from(members)
    .where(and(inArray(members.id, memberIds), like(members.areaCode, `${scope}%`))) : [];
  const householdIds = [...new Set([...ids('household'), ...detailHouseholds, ...memberRows.map((m) => m.householdId)])];
  const householdRows = householdIds.length ? await db.select({ id: households.id, headName: households.headName, ledgerKey: households.ledgerKey }).from(households)
    .where(and(inArray(households.id, householdIds), like(households.areaCode, `${scope}%`))) : [];
  const programRows = ids('case_program').length ? await db.select({ id: casePrograms.id, caseId: casePrograms.caseId, program: casePrograms.program }).from(casePrograms)
    .where(inArray(casePrograms.id, ids('case_program'))) : [];
  const caseIds = [...new Set([...ids('case'), ...programRows.map((p) => p.caseId)])];
  const caseRows = caseIds.length ? await db.select({ id: cases.id, number: cases.number, applicantName: cases.applicantName }).from(cases)
    .where(and(inArray(cases.id, caseIds), like(cases.areaCode, `${scope}%`))) : [];
  const payrollIds = ids('payroll');
  const payrollRows = payrollIds.length ? await db.select({ id: payrolls.id, month: payrolls.month }).from(payrolls).where(inArray(payrolls.id, payrollIds)) : [];
  const userIds = ids('user').map(Number).filter(Number.isSafeInteger);
  const actorNames = [...new Set(rows.map((r) => r.actor))];
  const userRows = await db.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role }).from(users)
    .where(inArray(users.username, actorNames.length ? actorNames : [''])).then(async (byName) => userIds.length
      ? [...byName, ...await db.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role }).from(users)
        .where(and(inArray(users.id, userIds), like(users.areaCode, `${scope}%`)))] : byName);

  const hh = new Map(householdRows.map((h) => [h.id, h]));
  const mm = new Map(memberRows.map((m) => [String(m.id), m]));
  const cc = new Map(caseRows.map((c) => [c.id, c]));
  const pp = new Map(programRows.map((p) => [p.id, p]));
  const pay = new Map(payrollRows.map((p) => [p.id, p]));
  const byName = new Map(userRows.map((u) => [u.username, u]));
  const byId = new Map(userRows.map((u) => [String(u.id), u]));

  const householdTarget = (id: string): AuditTarget | null => {
    const h = hh.get(id);
    return h ? { kind: '家庭', label: `${maskName(h.headName)}户${h.ledgerKey ? `（${h.ledgerKey}）` : ''}`, link: `#/households/${id}` } : null;
  };
  const caseTarget = (id: string, program?: string): AuditTarget | null => {
    const c = cc.get(id);
    return c ? { kind: '案件', label: `${c.number} ${maskName(c.applicantName)}${program ? ` ${program}` : ''}`, link: `#/cases/${id}` } : null;
  };
  const target = (r: Entry): AuditTarget | null => {
    const t = splitTarget(r.target);
    const viaDetail = typeof r.detail?.householdId === 'string' ? householdTarget(r.detail.householdId) : null;
    if (!t) return r.target ? viaDetail ?? { kind: '', label: TARGET_KINDS[r.target] ?? '其他记录', link: null } : viaDetail;
    switch (t.kind) {
      case 'household': return householdTarget(t.id) ?? { kind: '家庭', label: '（不在管辖范围内）', link: null };
      case 'member': {
        const m = mm.get(t.id);
        return m ? { kind: '成员', label: maskName(m.name), link: `#/households/${m.householdId}` } : { kind: '成员', label: '（不在管辖范围内）', link: null };
      }
      case 'case': return caseTarget(t.id) ?? { kind: '案件', label: '（不在管辖范围内）', link: null };
      case 'case_program': {
        const p = pp.get(t.id);
        return (p && caseTarget(p.caseId, p.program)) ?? { kind: '案件', label: '（不在管辖范围内）', link: null };
      }
      case 'payroll': {
        // payroll.verify names the month itself.
        const month = pay.get(t.id)?.month ?? (/^\d{4}-\d{2}$/.test(t.id) ? t.id : null);
        return month ? { kind: '发放名册', label: `${month} 月发放名册`, link: `#/payroll?month=${month}` } : { kind: '发放名册', label: t.id, link: null };
      }
      case 'user': {
        const u = byId.get(t.id);
        return u ? { kind: '用户', label: `${u.displayName}（${u.username}）`, link: '#/users' } : { kind: '用户', label: `用户 ${t.id}`, link: null };
      }
      default: {
        const name = TARGET_KINDS[t.kind] ?? '其他记录';
        return viaDetail ?? { kind: name, label: READABLE_IDS.has(t.kind) ? `${name} ${t.id}` : name, link: null };
      }
    }
  };

  return rows.map((r) => {
    const u = byName.get(r.actor);
    return {
      id: r.id, at: new Date(r.at).toISOString(), action: r.action, actionLabel: auditActionLabel(r.action), actor: r.actor,
      actorName: u?.displayName ?? SYSTEM_ACTORS[r.actor] ?? r.actor, actorRole: u ? ROLES[u.role as Role]?.label ?? u.role : null,
      target: target(r), areaCode: r.areaCode, areaName: areaName(r.areaCode),
      detail: detailPairs(r.detail ?? {}),
      hash: r.hash,
    };
  });
}

export async function auditPage(db: Db, q: AuditQuery) {
  const { rows, total } = await searchAudit(db, q);
  return { rows: await describeAudit(db, q.scope, rows), total };
}

/** The largest export: beyond it the reader narrows the filters. */
export const AUDIT_EXPORT_MAX = 50_000;
const PAGE = 1000;

/** Streams the entries matching `q` (newest first, at most AUDIT_EXPORT_MAX) as xlsx; returns the rows written. */
export async function writeAuditXlsx(db: Db, q: Omit<AuditQuery, 'limit' | 'offset'>, output: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('审计日志');
  sheet.columns = [{ width: 8 }, { width: 20 }, { width: 14 }, { width: 16 }, { width: 24 }, { width: 30 }, { width: 20 }, { width: 50 }, { width: 18 }];
  sheet.addRow(['序号', '时间', '操作人', '角色', '操作', '对象', '区划', '详情', '哈希（前 16 位）']).commit();
  let written = 0;
  for (let offset = 0; offset < AUDIT_EXPORT_MAX; offset += PAGE) {
    const { rows } = await searchAudit(db, { ...q, limit: Math.min(PAGE, AUDIT_EXPORT_MAX - offset), offset });
    if (rows.length === 0) break;
    for (const v of await describeAudit(db, q.scope, rows)) {
      sheet.addRow([v.id, localTime(v.at), v.actorName, v.actorRole ?? '', v.actionLabel, v.target ? `${v.target.kind ? `${v.target.kind}：` : ''}${v.target.label}` : '',
        v.areaName ?? '', v.detail.map((d) => `${d.key}：${d.value}`).join('；'), v.hash.slice(0, 16)].map((c) => (typeof c === 'string' ? safeCell(c) : c))).commit();
      written++;
    }
    if (rows.length < PAGE) break;
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

/** China time, to the second: 2026-12-06 11:45:17. */
export function localTime(iso: string): string {
  return timeInChina(iso);
}
