/**
 * Matching one household against the feeds (pure): the kinds of ../shared/contract/VERIFY.md and
 * when each is raised. The caller hands over the household's active members, the feed records of
 * the newest period of each source whose ID number is one of theirs, which sources are loaded at
 * all (for the two "no record in the county's register" kinds) and the pack's thresholds on the date.
 * Evidence is the feed record's values by column (several records joined with 、), plus the figure
 * compared for the kinds that add up or compare.
 */
import { hash } from 'node:crypto';
import { ageOn } from '../domain/dates.ts';
import { formatYuan, yuanToFen } from '../domain/money.ts';
import { DISABILITY_KINDS } from '../registry/model.ts';
import { parseDisabilityKind, parseGrade, type SourceName } from './sources.ts';

export const KINDS = ['deceased', 'vehicle', 'business', 'property', 'deposit', 'public_payroll', 'wage', 'disability', 'enrolment'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_SOURCE: Record<Kind, SourceName> = {
  deceased: 'death', vehicle: 'vehicle', business: 'business', property: 'property', deposit: 'deposit',
  public_payroll: 'payroll', wage: 'wage', disability: 'disability', enrolment: 'enrolment',
};

export const KIND_LABELS: Record<Kind, string> = {
  deceased: '已死亡', vehicle: '机动车', business: '市场主体', property: '不动产', deposit: '存款',
  public_payroll: '财政供养', wage: '工资收入', disability: '残疾信息', enrolment: '学籍',
};

/**
 * Kinds whose open finding stops a case's 核对 step: what the household declared is contradicted
 * by a department's record. `disability` and `enrolment` are opportunities to help (an unrecorded
 * disability, a child out of school): shown to the officer, never a reason to hold a case.
 */
export const BLOCKING_KINDS: readonly Kind[] = ['deceased', 'vehicle', 'business', 'property', 'deposit', 'public_payroll', 'wage'];

export interface FeedRecord { fileId?: number; source: SourceName; period: string; row: number; name: string; data: Record<string, string> }

export interface RegMember {
  id: string;
  idNumber: string;
  name: string;
  birthDate: string;
  relation: string;
  monthlyIncomeFen: number;
  disabilityGrade: number | null;
  disabilityKind: string | null;
}

export interface RegHousehold { id: string; householdNo: string; areaCode: string; members: RegMember[] }

export interface Thresholds {
  maxVehicles: number;
  businessAllowed: boolean;
  financialMonths: number;
  /** S in fen, and n, on the date (RULES.md); null when the pack has no standard for the household. */
  standardFen: number | null;
  counted: number;
  wageMarginFen: number;
}

export interface RawFinding {
  kind: Kind;
  source: SourceName;
  period: string;
  memberId: string | null;
  idNumber: string;
  evidence: Record<string, string>;
  message: string;
}

/** The values of several records as one object: each column's values joined with 、 in record order. */
export function flatten(records: FeedRecord[], extra: (r: FeedRecord) => Record<string, string> = () => ({})): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const r of records) {
    for (const [k, v] of Object.entries({ ...extra(r), ...r.data })) (out[k] ??= []).push(v);
  }
  return Object.fromEntries(Object.entries(out).map(([k, vs]) => [k, vs.join('、')]));
}

/** Identifies the evidence of a finding: a resolved finding is raised again only when this changes. */
export function evidenceHash(kind: Kind, memberId: string | null, evidence: Record<string, string>): string {
  const canonical = JSON.stringify([kind, memberId, Object.keys(evidence).sort().map((k) => [k, evidence[k]])]);
  return hash('sha256', canonical);
}

const yuan = (fen: number) => formatYuan(fen);
const registryDisability = (m: RegMember) => (m.disabilityGrade ? `${['一', '二', '三', '四'][m.disabilityGrade - 1]}级 ${DISABILITY_KINDS[m.disabilityKind as keyof typeof DISABILITY_KINDS] ?? m.disabilityKind ?? ''}`.trim() : '无');

/**
 * The findings of one household. `records` are by member id; `loaded` maps each source with a
 * loaded period to that (newest) period.
 */
export function matchHousehold(h: RegHousehold, records: Map<string, FeedRecord[]>, loaded: Map<SourceName, string>, t: Thresholds, date: string): RawFinding[] {
  const out: RawFinding[] = [];
  const head = h.members.find((m) => m.relation === 'head') ?? h.members[0];
  const of = (m: RegMember, source: SourceName) => (records.get(m.id) ?? []).filter((r) => r.source === source);
  const period = (source: SourceName, rs: FeedRecord[]) => rs[0]?.period ?? loaded.get(source) ?? '';
  const push = (kind: Kind, m: RegMember | null, rs: FeedRecord[], evidence: Record<string, string>, message: string) => {
    const source = KIND_SOURCE[kind];
    out.push({ kind, source, period: period(source, rs), memberId: m?.id ?? null, idNumber: (m ?? head).idNumber, evidence, message });
  };

  for (const m of h.members) {
    const deaths = of(m, 'death');
    if (deaths.length) push('deceased', m, deaths, flatten(deaths), `${m.name} 在公安户籍死亡信息中（死亡日期 ${deaths[0].data['死亡日期']}），应办理成员减少或停保`);
  }

  const cars = h.members.map((m) => ({ m, rs: of(m, 'vehicle').filter((r) => r.data['残疾人专用车'] !== '是') }));
  const carCount = cars.reduce((s, c) => s + c.rs.length, 0);
  if (carCount > t.maxVehicles) {
    for (const { m, rs } of cars) {
      if (rs.length) push('vehicle', m, rs, flatten(rs), `家庭成员名下共有非残疾人专用机动车 ${carCount} 辆，超过政策允许的 ${t.maxVehicles} 辆；${m.name} 名下 ${rs.length} 辆`);
    }
  }

  if (!t.businessAllowed) {
    for (const m of h.members) {
      const rs = of(m, 'business').filter((r) => r.data['登记状态'] === '存续' || r.data['登记状态'] === '在业');
      if (rs.length) push('business', m, rs, flatten(rs), `${m.name} 登记有存续或在业的市场主体 ${rs.length} 个，政策不允许登记经营主体`);
    }
  }

  const homes = h.members.flatMap((m) => of(m, 'property').map((r) => ({ m, r })));
  const residential = homes.filter((x) => x.r.data['用途'] === '住宅').length;
  const commercial = homes.filter((x) => x.r.data['用途'] === '商业' || x.r.data['用途'] === '工业').length;
  if (residential > 1 || commercial > 0) {
    const shown = homes.filter((x) => x.r.data['用途'] !== '其他');
    push('property', null, shown.map((x) => x.r), flatten(shown.map((x) => x.r), (r) => ({ 权利人: r.name })),
      `家庭成员名下有住宅 ${residential} 套${commercial ? `、商业或工业用房 ${commercial} 处` : ''}`);
  }

  const deposits = h.members.flatMap((m) => of(m, 'deposit'));
  if (deposits.length && t.standardFen !== null) {
    const totalFen = deposits.reduce((s, r) => s + yuanToFen(Number(r.data['余额'])), 0);
    const limitFen = t.financialMonths * t.standardFen * t.counted;
    if (totalFen > limitFen) {
      push('deposit', null, deposits, { ...flatten(deposits, (r) => ({ 存款人: r.name })), 余额合计: yuan(totalFen), 上限: yuan(limitFen) },
        `家庭存款合计 ${yuan(totalFen)} 元，超过上限 ${t.financialMonths} 个月 × 低保标准 ${yuan(t.standardFen)} 元 × ${t.counted} 人 = ${yuan(limitFen)} 元`);
    }
  }

  for (const m of h.members) {
    const rs = of(m, 'payroll');
    if (rs.length) push('public_payroll', m, rs, flatten(rs), `${m.name} 是财政供养人员（${rs.map((r) => r.data['单位']).join('、')}）`);
  }

  for (const m of h.members) {
    const rs = of(m, 'wage');
    if (!rs.length) continue;
    const wageFen = rs.reduce((s, r) => s + yuanToFen(Number(r.data['月工资'])), 0);
    if (wageFen - m.monthlyIncomeFen > t.wageMarginFen) {
      push('wage', m, rs, { ...flatten(rs), 登记月收入: yuan(m.monthlyIncomeFen) },
        `${m.name} 月工资 ${yuan(wageFen)} 元，比登记的月收入 ${yuan(m.monthlyIncomeFen)} 元多 ${yuan(wageFen - m.monthlyIncomeFen)} 元（允许差额 ${yuan(t.wageMarginFen)} 元）`);
    }
  }

  if (loaded.has('disability')) {
    for (const m of h.members) {
      const rs = of(m, 'disability');
      if (rs.length) {
        const same = rs.some((r) => parseGrade(r.data['残疾等级']) === m.disabilityGrade && parseDisabilityKind(r.data['残疾类别']) === m.disabilityKind);
        if (!same) push('disability', m, rs, { ...flatten(rs), 登记残疾信息: registryDisability(m) }, `${m.name} 的残疾人证（${rs.map((r) => `${r.data['残疾等级']} ${r.data['残疾类别']}`).join('、')}）与登记的残疾信息（${registryDisability(m)}）不一致`);
      } else if (m.disabilityGrade) {
        push('disability', m, [], { 残疾人证: '残联残疾人证库中无记录', 登记残疾信息: registryDisability(m) }, `${m.name} 登记为残疾人（${registryDisability(m)}），但残联残疾人证库中没有记录`);
      }
    }
  }

  if (loaded.has('enrolment')) {
    for (const m of h.members) {
      const rs = of(m, 'enrolment');
      if (rs.some((r) => r.data['在校状态'] === '在读')) continue;
      const dropped = rs.filter((r) => r.data['在校状态'] === '退学');
      const age = ageOn(m.birthDate, date);
      if (dropped.length) push('enrolment', m, dropped, flatten(dropped), `${m.name}（${age} 岁）在学籍库中为退学`);
      else if (age >= 6 && age <= 15) push('enrolment', m, rs, { ...flatten(rs), 学籍: '无在读记录', 年龄: String(age) }, `${m.name} ${age} 岁，学籍库中没有在读记录`);
    }
  }
  return out;
}
