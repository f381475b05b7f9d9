/**
 * What an officer does with a finding ("只核对不认定": the system flags, the officer decides):
 * - dismiss with a reason: the finding stays dismissed on later runs while its evidence is the same;
 * - confirm: the registry is corrected as the finding says (the correction is shown first, see
 *   `correctionFor`), through the registry's own saveHousehold (history, version check, audit), and
 *   every open entitlement of the household is recalculated from the corrected household
 *   (payments' takeSnapshot from the next month; endEntitlement when the household is closed
 *   because its only member died). A recovery of months already paid is payments' decision.
 * Both are area-scoped, check the finding's version (a stale page gets a 409) and are audited.
 */
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { findings } from './schema.ts';
import { households, members } from '../registry/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { can } from '../auth/roles.ts';
import { fenToYuan } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { endEntitlement, listEntitlements, takeSnapshot } from '../payments/entitlements.ts';
import { addMonth } from '../payments/months.ts';
import { todayInChina, DISABILITY_KINDS, SCHOOLING, type HouseholdInput } from '../registry/model.ts';
import { closeHousehold, saveHousehold, type Actor } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { careFactsOf } from '../tekun/facts.ts';
import { KIND_LABELS, type Kind } from './match.ts';
import { parseDisabilityKind, parseGrade } from './sources.ts';
import { toView, type FindingView } from './findings.ts';

type HouseholdRow = typeof households.$inferSelect;
type MemberRow = typeof members.$inferSelect;
type FindingRow = typeof findings.$inferSelect;

/** A stored household as the registry's input (members keep their stored ID numbers). */
export function householdAsInput(h: HouseholdRow, ms: MemberRow[]): HouseholdInput {
  return {
    areaCode: h.areaCode, ledgerKey: h.ledgerKey, hukou: h.hukou as HouseholdInput['hukou'], singleParent: h.singleParent, registeredPoor: h.registeredPoor,
    financialAssetsYuan: fenToYuan(h.financialAssetsFen), vehicles: h.vehicles, businessRegistered: h.businessRegistered, rigidExpensesYuan: fenToYuan(h.rigidExpensesFen),
    previousYearIncomeYuan: h.previousYearIncomeFen === null ? null : fenToYuan(h.previousYearIncomeFen), address: h.address,
    members: ms.map((m) => ({
      id: m.id, name: m.name, idNumber: undefined, relation: m.relation as never, laborCapacity: m.laborCapacity as never,
      disability: m.disabilityGrade ? { grade: m.disabilityGrade, kind: m.disabilityKind as never, certGeneration: m.disabilityCertGeneration ?? 2 } : null,
      illnesses: m.illnesses, schooling: m.schooling as never, boarding: m.boarding, employed: m.employed, monthlyIncomeYuan: fenToYuan(m.monthlyIncomeFen),
      selfCare: m.selfCare as never, supporter: m.supporter as never, phone: m.phone,
    })),
  };
}

export interface Correction {
  /** The household as it will be saved, or 'close' (the only member died), or null (nothing in the registry to change). */
  input: HouseholdInput | 'close' | null;
  /** What changes, for the officer to read before confirming. */
  changes: { label: string; old: string; new: string }[];
  /** Why confirming is not possible yet (e.g. the head died: choose a new head first). */
  blocked?: string;
}

const yuanOf = (s: unknown) => Number(String(s ?? '0').split('、').reduce((a, v) => a + Number(v || 0), 0).toFixed(2));
const disabilityText = (d: { grade: number; kind: string } | null) => (d ? `${d.grade} 级 ${DISABILITY_KINDS[d.kind as keyof typeof DISABILITY_KINDS] ?? d.kind}` : '无');

/** The registry correction a confirmed finding makes (pure). */
export function correctionFor(f: Pick<FindingRow, 'kind' | 'memberId' | 'evidence'>, input: HouseholdInput): Correction {
  const next: HouseholdInput = structuredClone(input);
  const i = f.memberId ? next.members.findIndex((m) => m.id === f.memberId) : -1;
  const m = i >= 0 ? next.members[i] : null;
  const ev = f.evidence as Record<string, string>;
  const changes: Correction['changes'] = [];
  if (f.memberId && !m) return { input: null, changes, blocked: '该成员已不在家庭中，无需更正登记信息，可直接忽略并说明原因' };
  switch (f.kind as Kind) {
    case 'deceased': {
      if (next.members.length === 1) return { input: 'close', changes: [{ label: '家庭档案', old: '有效', new: '注销（死亡）' }] };
      if (m!.relation === 'head') return { input: null, changes, blocked: '死亡的是户主：请先在家庭档案中变更户主，再确认此项' };
      next.members.splice(i, 1);
      changes.push({ label: `成员 ${m!.name}`, old: '在册', new: '移出（死亡）' });
      break;
    }
    case 'vehicle': {
      const plates = String(ev['号牌号码'] ?? '').split('、').filter(Boolean).length;
      const vehicles = Math.max(next.vehicles, plates);
      if (vehicles !== next.vehicles) changes.push({ label: '车辆数', old: String(next.vehicles), new: String(vehicles) });
      next.vehicles = vehicles;
      break;
    }
    case 'business':
      if (!next.businessRegistered) changes.push({ label: '登记经营主体', old: '否', new: '是' });
      next.businessRegistered = true;
      break;
    case 'deposit': {
      const total = yuanOf(ev['余额合计']);
      if (total !== next.financialAssetsYuan) changes.push({ label: '金融资产（元）', old: String(next.financialAssetsYuan), new: String(total) });
      next.financialAssetsYuan = total;
      break;
    }
    case 'public_payroll':
    case 'wage': {
      const wage = yuanOf(ev['月工资']);
      if (!m!.employed) changes.push({ label: `${m!.name} 就业`, old: '否', new: '是' });
      m!.employed = true;
      if (wage > m!.monthlyIncomeYuan) { changes.push({ label: `${m!.name} 月收入（元）`, old: String(m!.monthlyIncomeYuan), new: String(wage) }); m!.monthlyIncomeYuan = wage; }
      break;
    }
    case 'disability': {
      const grade = ev['残疾等级'] ? parseGrade(ev['残疾等级'].split('、')[0]) : null;
      const kind = ev['残疾类别'] ? parseDisabilityKind(ev['残疾类别'].split('、')[0]) : null;
      const d = grade && kind ? { grade, kind: kind as never, certGeneration: Number(ev['证件代别']?.split('、')[0] ?? 2) || 2 } : null;
      changes.push({ label: `${m!.name} 残疾信息`, old: disabilityText(m!.disability), new: disabilityText(d) });
      m!.disability = d;
      break;
    }
    case 'enrolment':
      if (m!.schooling !== 'none') changes.push({ label: `${m!.name} 在校情况`, old: SCHOOLING[m!.schooling as keyof typeof SCHOOLING], new: SCHOOLING.none });
      m!.schooling = 'none';
      m!.boarding = false;
      break;
    case 'property':
      return { input: null, changes };
  }
  return { input: changes.length ? next : null, changes };
}

async function loadFinding(db: Db, actor: Actor, id: string): Promise<FindingRow> {
  const [f] = await db.select().from(findings).where(and(eq(findings.id, id), like(findings.areaCode, `${actor.areaCode}%`)));
  if (!f) throw new AppError('NOT_FOUND', '核对结果不存在或不在您的管辖范围内', 'id', 404);
  return f;
}

async function loadHousehold(db: Db, householdId: string) {
  const [h] = await db.select().from(households).where(eq(households.id, householdId));
  const ms = await db.select().from(members).where(and(eq(members.householdId, householdId), eq(members.status, 'active'))).orderBy(asc(members.position), asc(members.createdAt));
  return { h, ms };
}

/** A finding with the correction confirming it would make. */
export async function getFinding(db: Db, actor: Actor, id: string): Promise<FindingView & { correction: Correction['changes']; blocked: string | null; householdVersion: number }> {
  const f = await loadFinding(db, actor, id);
  const { h, ms } = await loadHousehold(db, f.householdId);
  const c = h.status === 'active' ? correctionFor(f, householdAsInput(h, ms)) : { changes: [], blocked: '家庭档案已注销' };
  return { ...toView(f), correction: c.changes, blocked: c.blocked ?? null, householdVersion: h.version };
}

function checkOpen(f: FindingRow, version: number) {
  if (f.state !== 'open') throw new AppError('NOT_OPEN', `该核对结果已处理（${f.state === 'confirmed' ? '已确认' : f.state === 'dismissed' ? '已忽略' : '已失效'}），不能再次处理`, 'id', 409);
  if (f.version !== version) throw new AppError('STALE_VERSION', `该核对结果已被他人处理或更新（当前版本 ${f.version}），请刷新后重试`, 'version', 409);
}

async function markResolved(tx: Db, f: FindingRow, state: 'confirmed' | 'dismissed', actor: Actor, reason: string | null) {
  const done = await tx.update(findings).set({ state, reason, resolvedBy: actor.username, resolvedAt: new Date(), updatedAt: new Date(), version: sql`${findings.version} + 1` })
    .where(and(eq(findings.id, f.id), eq(findings.version, f.version), eq(findings.state, 'open'))).returning({ id: findings.id });
  if (done.length === 0) throw new AppError('STALE_VERSION', '该核对结果已被他人处理，请刷新后重试', 'version', 409);
}

export async function dismissFinding(db: Db, actor: Actor, id: string, version: number, reason: string): Promise<void> {
  if (!can(actor.role, 'registry.write')) throw new AppError('FORBIDDEN', '您的角色无权处理核对结果', undefined, 403);
  if (!reason.trim()) throw new AppError('REASON_REQUIRED', '忽略核对结果须填写原因', 'reason');
  await db.transaction(async (tx) => {
    const f = await loadFinding(tx, actor, id);
    checkOpen(f, version);
    await markResolved(tx, f, 'dismissed', actor, reason.trim());
    await appendAudit(tx, { actor: actor.username, action: 'finding.dismiss', target: `finding:${f.id}`, areaCode: f.areaCode, detail: { kind: f.kind, householdId: f.householdId, reason: reason.trim() } });
  });
}

/**
 * Confirms a finding: corrects the registry (saveHousehold with the household version the page
 * showed, or closes a household whose only member died) and recalculates the household's open
 * entitlements, all in one transaction with the audit entries.
 */
export async function confirmFinding(db: Db, actor: Actor, id: string, version: number, householdVersion: number, note: string | null): Promise<{ registryChanged: boolean; entitlements: number }> {
  if (!can(actor.role, 'registry.write')) throw new AppError('FORBIDDEN', '您的角色无权处理核对结果', undefined, 403);
  return db.transaction(async (tx) => {
    const f = await loadFinding(tx, actor, id);
    checkOpen(f, version);
    const { h, ms } = await loadHousehold(tx, f.householdId);
    if (h.status !== 'active') throw new AppError('CLOSED', '该家庭档案已注销，请忽略此项并说明原因', 'id', 409);
    if (h.version !== householdVersion) throw new AppError('STALE_VERSION', `该家庭信息已被他人修改（当前版本 ${h.version}），请刷新后重新确认`, 'householdVersion', 409);
    const c = correctionFor(f, householdAsInput(h, ms));
    if (c.blocked) throw new AppError('CANNOT_CONFIRM', c.blocked, 'id', 409);
    const reason = `核对确认：${KIND_LABELS[f.kind as Kind] ?? f.kind}（${f.source} ${f.period}）${note?.trim() ? `，${note.trim()}` : ''}`;
    if (c.input === 'close') await closeHousehold(tx, actor, h.id, '死亡');
    else if (c.input) await saveHousehold(tx, actor, h.id, c.input, reason, h.version);
    await markResolved(tx, f, 'confirmed', actor, note?.trim() || null);
    const recalculated = c.input ? await recalculateEntitlements(tx, actor, h.id, c.input === 'close', reason) : 0;
    await appendAudit(tx, { actor: actor.username, action: 'finding.confirm', target: `finding:${f.id}`, areaCode: f.areaCode,
      detail: { kind: f.kind, householdId: h.id, changes: c.changes.map((x) => x.label), entitlements: recalculated } });
    return { registryChanged: c.input !== null, entitlements: recalculated };
  });
}

/** The household's open entitlements from the corrected registry: a new snapshot from next month, or ended this month when the household closed. */
async function recalculateEntitlements(tx: Db, actor: Actor, householdId: string, closed: boolean, reason: string): Promise<number> {
  const open = (await listEntitlements(tx, actor.areaCode, householdId)).filter((e) => e.status === 'active');
  if (open.length === 0) return 0;
  const thisMonth = todayInChina().slice(0, 7);
  if (closed) {
    for (const e of open) await endEntitlement(tx, e.id, thisMonth < e.startMonth ? addMonth(e.startMonth, -1) : thisMonth, reason, actor.username);
    return open.length;
  }
  const { h, ms } = await loadHousehold(tx, householdId);
  const snapshot = toEvaluationInput(h, ms, await careFactsOf(tx, ms.map((m) => m.id), todayInChina()));
  const next = addMonth(thisMonth, 1);
  for (const e of open) await takeSnapshot(tx, e.id, snapshot, next < e.startMonth ? e.startMonth : next, actor.username, reason);
  return open.length;
}
