/**
 * Registry storage: households and members, always read and written inside the caller's area
 * scope, every change kept in the household's history and the audit log in the same transaction.
 */
import { and, asc, desc, eq, inArray, like, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { insertJsonRows } from '../db/jsonRows.ts';
import { householdHistory, households, members, type FieldChange } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { can, type Role } from '../auth/roles.ts';
import { findArea, isWithin } from '../domain/areas.ts';
import { todayInChina } from '../domain/dates.ts';
import { idSearchAllowed, maskHistoryValue, maskMember } from '../domain/mask.ts';
import { AppError, fieldPath } from '../errors.ts';
import { householdInput, type HouseholdInput } from './model.ts';
import { checkHousehold, isNoop, planHousehold, type Plan, type Snapshot } from './plan.ts';

/** Who is acting: the audit name, the role, and the area scope every query is limited to. */
export interface Actor {
  username: string;
  role: Role;
  areaCode: string;
}

export const inScope = (actor: Actor) => like(households.areaCode, `${actor.areaCode}%`);

export function zodToAppError(err: { issues: { path: PropertyKey[]; message: string }[] }): AppError {
  const issue = err.issues[0];
  return new AppError('INVALID_INPUT', issue.message, fieldPath(issue.path) || undefined);
}

export async function loadSnapshots(db: Db, ids: string[]): Promise<Map<string, Snapshot>> {
  const out = new Map<string, Snapshot>();
  if (ids.length === 0) return out;
  const hs = await db.select().from(households).where(inArray(households.id, ids));
  for (const h of hs) out.set(h.id, { household: h, members: [] });
  const ms = await db.select().from(members).where(and(inArray(members.householdId, ids), eq(members.status, 'active'))).orderBy(asc(members.position), asc(members.createdAt));
  for (const m of ms) out.get(m.householdId)?.members.push(m);
  return out;
}

/** ID numbers of the given list already active in some household other than their own plan's. */
export async function findActiveElsewhere(db: Db, people: { idNumber: string; householdId: string }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < people.length; i += 5000) {
    const chunk = people.slice(i, i + 5000);
    const rows = await db.select({ idNumber: members.idNumber, householdId: members.householdId }).from(members)
      .where(and(inArray(members.idNumber, chunk.map((p) => p.idNumber)), eq(members.status, 'active')));
    const own = new Map(chunk.map((p) => [p.idNumber, p.householdId]));
    for (const r of rows) if (own.get(r.idNumber) !== r.householdId) found.set(r.idNumber, r.householdId);
  }
  return found;
}

/** A save made from a form loaded before someone else's change (409; nothing is written). */
export function staleVersion(current: number | undefined): AppError {
  return new AppError('STALE_VERSION', current === undefined ? '该家庭信息已被他人修改，请刷新后重新修改'
    : `该家庭信息已被他人修改（当前版本 ${current}），请刷新后重新修改`, 'version', 409);
}

/** Writes plans: multi-row inserts for new rows, one update per changed row, history and audit. */
export async function writePlans(tx: Db, plans: Plan[], actor: string, action: string, reason: string | null): Promise<void> {
  const live = plans.filter((p) => !isNoop(p));
  const newHouseholds = live.filter((p) => p.created).map((p) => p.household);
  await insertJsonRows(tx, households, newHouseholds);
  for (const p of live.filter((p) => !p.created)) {
    const { id, createdAt: _, ...rest } = p.household;
    // Only over the version the plan was made from: of two concurrent writers, the second matches no row.
    const done = await tx.update(households).set(rest).where(and(eq(households.id, id), eq(households.version, rest.version - 1))).returning({ id: households.id });
    if (done.length === 0) {
      const [current] = await tx.select({ version: households.version }).from(households).where(eq(households.id, id));
      throw staleVersion(current?.version);
    }
  }
  // Members leave before others join, so a person moving between two households of one batch passes the unique index.
  for (const p of live) {
    for (const m of p.removeMembers) await tx.update(members).set({ status: 'left', leftReason: reason ?? '移出', updatedAt: p.household.updatedAt }).where(eq(members.id, m.id));
  }
  for (const p of live) {
    for (const m of p.updateMembers) { const { id, createdAt: _, ...rest } = m; await tx.update(members).set(rest).where(eq(members.id, id)); }
  }
  const newMembers = live.flatMap((p) => p.insertMembers);
  await insertJsonRows(tx, members, newMembers);
  const history = live.map((p) => ({
    householdId: p.householdId, areaCode: p.household.areaCode, actor, action: p.created ? 'create' : action, reason,
    changes: p.created ? [{ field: 'household', label: `建档（${p.insertMembers.length} 人）`, old: null, new: p.insertMembers.map((m) => m.name).join('、') }] : p.changes,
  }));
  await insertJsonRows(tx, householdHistory, history);
}

function checkArea(actor: Actor, areaCode: string) {
  const area = findArea(areaCode);
  if (!area || area.level !== 'village') throw new AppError('UNKNOWN_AREA', `行政区划代码 ${areaCode} 不是有效的村（社区）代码`, 'areaCode');
  if (!isWithin(areaCode, actor.areaCode)) throw new AppError('OUT_OF_SCOPE', `村（社区）${area.name} 不在您的管辖范围内`, 'areaCode', 403);
}

/**
 * 户编号 are unique within a county (a unique index). Says only that the key is taken, never by
 * which household or where: it may be outside the user's scope.
 */
async function checkLedgerKeyFree(tx: Db, h: { id: string; areaCode: string; ledgerKey: string | null }, before: { areaCode: string; ledgerKey: string | null } | null) {
  if (h.ledgerKey === null || (before && before.ledgerKey === h.ledgerKey && before.areaCode.slice(0, 6) === h.areaCode.slice(0, 6))) return;
  const [taken] = await tx.select({ id: households.id }).from(households)
    .where(and(sql`substr(${households.areaCode}, 1, 6) = ${h.areaCode.slice(0, 6)}`, eq(households.ledgerKey, h.ledgerKey), ne(households.id, h.id))).limit(1);
  if (taken) throw new AppError('DUPLICATE_LEDGER_KEY', `户编号 ${h.ledgerKey} 已被使用，请换一个户编号`, 'ledgerKey', 409);
}

/** The county's own pattern for a 户编号 it gives out: the county code, a dash and a six-digit sequence (430525-000001). */
export const LEDGER_KEY_PATTERN = /^(\d{6})-(\d{6,})$/;

/**
 * The next free 户编号 of the county in its own pattern: one past the highest given out so far. Two
 * households created at once wait for each other (a lock on the county for the transaction), so both
 * keys differ; the unique index stays the last word.
 */
export async function nextLedgerKey(tx: Db, county: string): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`doudi.ledger_key.${county}`}))`);
  const [row] = await tx.select({ n: sql<number | null>`max(substr(${households.ledgerKey}, 8)::bigint)` }).from(households)
    .where(and(sql`substr(${households.areaCode}, 1, 6) = ${county}`, sql`${households.ledgerKey} ~ ${`^${county}-[0-9]{6,}$`}`));
  return `${county}-${String(Number(row?.n ?? 0) + 1).padStart(6, '0')}`;
}

/**
 * Creates (id null) or updates a household from the full submitted state. An update names the
 * version its form was loaded with; if the household has changed since, it is refused (409).
 */
export async function saveHousehold(db: Db, actor: Actor, id: string | null, raw: unknown, reason: string | null, version?: number): Promise<{ id: string; changed: boolean }> {
  if (!can(actor.role, 'registry.write')) throw new AppError('FORBIDDEN', '您的角色无权修改登记信息', undefined, 403);
  const parsed = householdInput.safeParse(raw);
  if (!parsed.success) throw zodToAppError(parsed.error);
  const input: HouseholdInput = { ...parsed.data };
  checkArea(actor, input.areaCode);
  return db.transaction(async (tx) => {
    let before: Snapshot | null = null;
    if (id !== null) {
      before = (await loadSnapshots(tx, [id])).get(id) ?? null;
      if (!before || !isWithin(before.household.areaCode, actor.areaCode)) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'id', 404);
      if (before.household.status !== 'active') throw new AppError('CLOSED', '该家庭档案已注销，不能修改', 'id', 409);
      if (version === undefined) throw new AppError('VERSION_REQUIRED', '修改须提交打开表单时的版本号（version）', 'version');
      if (before.household.version !== version) throw staleVersion(before.household.version);
      if (!reason?.trim()) throw new AppError('REASON_REQUIRED', '修改家庭信息须填写变更原因', 'reason');
    }
    const problems = checkHousehold(input, before);
    if (problems.length) throw new AppError('INVALID_HOUSEHOLD', problems[0].message, problems[0].path);
    // A new household without a 户编号 gets the county's next one (never its internal id).
    if (!before && !input.ledgerKey) input.ledgerKey = await nextLedgerKey(tx, input.areaCode.slice(0, 6));
    const plan = planHousehold(before, input, new Date());
    const elsewhere = await findActiveElsewhere(tx, [...plan.insertMembers, ...plan.updateMembers].map((m) => ({ idNumber: m.idNumber, householdId: plan.householdId })));
    if (elsewhere.size) {
      const i = input.members.findIndex((m) => m.idNumber && elsewhere.has(m.idNumber.toUpperCase()));
      throw new AppError('PERSON_IN_OTHER_HOUSEHOLD', '该身份证号已在其他有效家庭中登记，一人只能属于一个有效家庭', `members[${i}].idNumber`, 409);
    }
    if (isNoop(plan)) return { id: plan.householdId, changed: false };
    await checkLedgerKeyFree(tx, plan.household, before?.household ?? null);
    await writePlans(tx, [plan], actor.username, 'update', reason);
    await appendAudit(tx, { actor: actor.username, action: plan.created ? 'household.create' : 'household.update', target: `household:${plan.householdId}`,
      areaCode: input.areaCode, detail: { reason, fields: plan.changes.map((c) => c.field) } });
    return { id: plan.householdId, changed: true };
  });
}

/** Closes a household with a reason (迁出, 死亡, 注销…); its members leave with it. Nothing is deleted. */
export async function closeHousehold(db: Db, actor: Actor, id: string, reason: string): Promise<void> {
  if (!can(actor.role, 'registry.write')) throw new AppError('FORBIDDEN', '您的角色无权修改登记信息', undefined, 403);
  if (!reason?.trim()) throw new AppError('REASON_REQUIRED', '注销家庭档案须填写原因', 'reason');
  await db.transaction(async (tx) => {
    const [h] = await tx.select().from(households).where(and(eq(households.id, id), inScope(actor)));
    if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'id', 404);
    if (h.status !== 'active') throw new AppError('CLOSED', '该家庭档案已注销', 'id', 409);
    const now = new Date();
    // Counted in the database and only while still active: a concurrent edit or close is not overwritten.
    const done = await tx.update(households).set({ status: 'closed', closedReason: reason, closedAt: now, updatedAt: now, version: sql`${households.version} + 1` })
      .where(and(eq(households.id, id), eq(households.status, 'active'))).returning({ id: households.id });
    if (done.length === 0) throw new AppError('CLOSED', '该家庭档案已注销', 'id', 409);
    await tx.update(members).set({ status: 'closed', leftReason: reason, updatedAt: now }).where(and(eq(members.householdId, id), eq(members.status, 'active')));
    await tx.insert(householdHistory).values({ householdId: id, areaCode: h.areaCode, actor: actor.username, action: 'close', reason,
      changes: [{ field: 'status', label: '状态', old: 'active', new: 'closed' }] });
    await appendAudit(tx, { actor: actor.username, action: 'household.close', target: `household:${id}`, areaCode: h.areaCode, detail: { reason } });
  });
}

/** Old and new values in a history entry, masked like the member itself (domain/mask.ts). */
function maskHistory<T extends { changes: FieldChange[] }>(entry: T): T {
  return { ...entry, changes: entry.changes.map((c) => ({ ...c, old: maskHistoryValue(c.field, c.old), new: maskHistoryValue(c.field, c.new) })) };
}

/**
 * A household with members and history, for every role as domain/mask.ts decides: masked ID and
 * phone numbers, age instead of birth date. The full numbers come only through revealMember (audited).
 */
export async function getHousehold(db: Db, actor: Actor, id: string) {
  const [h] = await db.select().from(households).where(and(eq(households.id, id), inScope(actor)));
  if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'id', 404);
  const ms = await db.select().from(members).where(eq(members.householdId, id)).orderBy(asc(members.position), asc(members.createdAt));
  const history = await db.select().from(householdHistory).where(eq(householdHistory.householdId, id)).orderBy(desc(householdHistory.id));
  const today = todayInChina();
  return { household: h, members: ms.map((m) => maskMember(m, today)), history: history.map(maskHistory) };
}

/** The full ID and phone number and the birth date of one member, for roles that may see them; every reveal is audited. */
export async function revealMember(db: Db, actor: Actor, memberId: string) {
  if (!can(actor.role, 'reveal')) throw new AppError('FORBIDDEN', '您的角色无权查看完整身份证号和电话', undefined, 403);
  const [m] = await db.select({ id: members.id, name: members.name, idNumber: members.idNumber, phone: members.phone, birthDate: members.birthDate, areaCode: members.areaCode })
    .from(members).where(and(eq(members.id, memberId), like(members.areaCode, `${actor.areaCode}%`)));
  if (!m) throw new AppError('NOT_FOUND', '成员不存在或不在您的管辖范围内', 'id', 404);
  await appendAudit(db, { actor: actor.username, action: 'member.reveal', target: `member:${m.id}`, areaCode: m.areaCode, detail: { fields: ['idNumber', 'phone', 'birthDate'] } });
  return m;
}

export interface ListQuery {
  q?: string;
  areaCode?: string;
  hukou?: string;
  status?: string;
  page: number;
  pageSize: number;
}

export const LIST_COUNT_CAP = 10_000;

/** The members whose name or ID number starts with the search term (a full ID matches exactly). */
function memberMatch(actor: Actor, term: string): SQL {
  if (/^\d{6,17}[\dXx]?$/.test(term) && !idSearchAllowed(term, can(actor.role, 'reveal'))) {
    throw new AppError('ID_SEARCH_WHOLE_NUMBER', '您的角色只能按完整的 18 位身份证号检索（部分号码会透露出生日期）', 'q');
  }
  return /^\d{6,17}[\dXx]?$/.test(term) ? like(members.idNumber, `${term.toUpperCase()}%`) : like(members.name, `${term}%`);
}

/** The household-level filters of the list page and the export: scope, area, hukou, status. */
function householdConds(actor: Actor, q: Omit<ListQuery, 'page' | 'pageSize' | 'q'>): SQL[] {
  const conds: SQL[] = [inScope(actor)];
  if (q.areaCode) conds.push(like(households.areaCode, `${q.areaCode}%`));
  if (q.hukou) conds.push(eq(households.hukou, q.hukou));
  conds.push(eq(households.status, q.status ?? 'active'));
  return conds;
}

/** The filters of the list page (and of the registry export): scope, area, hukou, status, name or ID number prefix. */
export function householdFilter(actor: Actor, q: Omit<ListQuery, 'page' | 'pageSize'>): SQL[] {
  const conds = householdConds(actor, q);
  const term = q.q?.trim();
  if (term) {
    // The head is a member too, so one indexed lookup in members covers the head's name.
    conds.push(sql`${households.id} in (select ${members.householdId} from ${members} where ${memberMatch(actor, term)} and ${like(members.areaCode, `${actor.areaCode}%`)})`);
  }
  return conds;
}

/**
 * At most this many member rows are read for one search: enough for LIST_COUNT_CAP households
 * when each has a few matching members. A term that matches more (a county's ID prefix, a common
 * surname in a very large county) is reported as capped.
 */
export const SEARCH_MEMBER_CAP = 3 * (LIST_COUNT_CAP + 1);

/** The largest page the list serves (the route's pageSize maximum). */
export const MAX_PAGE_SIZE = 100;

/**
 * An ID-number prefix of an area code alone (6 digits: where people were first registered) matches whole
 * populations: the county's own code matches nearly everyone in it. Such a search is capped like a name
 * search, but at enough member rows for one full page (a few matching members per household), and said to
 * be capped, so it costs about what a name search costs instead of reading and sorting the whole county.
 */
export const AREA_PREFIX_MEMBER_CAP = 3 * (MAX_PAGE_SIZE + 1);

/** How many member rows one search may read: fewer for an area-code prefix than for a name or a longer number. */
export function searchMemberCap(term: string): number {
  return /^\d{6}$/.test(term) ? AREA_PREFIX_MEMBER_CAP : SEARCH_MEMBER_CAP;
}

const listColumns = {
  id: households.id, areaCode: households.areaCode, headName: households.headName, hukou: households.hukou,
  memberCount: households.memberCount, status: households.status, registeredPoor: households.registeredPoor, updatedAt: households.updatedAt,
};

/**
 * The search's two queries (one page, and the count up to the cap) with a plan that does not depend on
 * the planner's statistics: the matching members are read once through the name or ID-number index
 * (a subquery with a LIMIT, which the planner cannot fold into a per-household loop), and only then
 * each matched household is looked up by its primary key (a LATERAL subquery with LIMIT 1, which the
 * planner keeps as it is, so the join cannot be turned around into a scan of members per household).
 */
export function householdSearch(db: Db, actor: Actor, q: ListQuery & { q: string }) {
  const areaLike = [like(members.areaCode, `${actor.areaCode}%`), ...(q.areaCode ? [like(members.areaCode, `${q.areaCode}%`)] : [])];
  const term = q.q.trim();
  const cap = searchMemberCap(term);
  const matching = db.select({ householdId: members.householdId }).from(members).where(and(memberMatch(actor, term), ...areaLike)).$dynamic();
  // An area-code prefix matches whole populations: read the ID-number index in order, so the scan stops at
  // the cap (a bitmap scan would first collect every match) and the capped rows are the same each time.
  const hits = (cap === AREA_PREFIX_MEMBER_CAP ? matching.orderBy(asc(members.idNumber)) : matching).limit(cap).as('hits');
  const matched = db.selectDistinct({ householdId: hits.householdId }).from(hits).as('matched');
  const found = db.select(listColumns).from(households).where(and(...householdConds(actor, q), eq(households.id, matched.householdId))).limit(1).as('found');
  const page = db.select({ id: found.id, areaCode: found.areaCode, headName: found.headName, hukou: found.hukou, memberCount: found.memberCount,
    status: found.status, registeredPoor: found.registeredPoor, updatedAt: found.updatedAt })
    .from(matched).innerJoinLateral(found, sql`true`).orderBy(asc(found.areaCode), asc(found.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const counted = db.select({ one: sql`1` }).from(matched).innerJoinLateral(found, sql`true`).limit(LIST_COUNT_CAP + 1).as('counted');
  const count = db.select({
    total: sql<number>`(select count(*) from ${counted})::int`,
    hits: sql<number>`(select count(*) from ${hits})::int`,
  }).from(sql`(select 1) as one`);
  return { page, count };
}

/** The list page: search by name or ID number (prefix; a full ID matches exactly), filter by area. */
export async function listHouseholds(db: Db, actor: Actor, q: ListQuery) {
  const term = q.q?.trim();
  if (term) {
    const search = householdSearch(db, actor, { ...q, q: term });
    const rows = await search.page;
    const [{ total, hits }] = await search.count;
    return { rows, total: Math.min(total, LIST_COUNT_CAP), capped: total > LIST_COUNT_CAP || hits >= searchMemberCap(term) };
  }
  const where = and(...householdConds(actor, q));
  const [rows, [{ total }]] = await Promise.all([
    db.select(listColumns).from(households).where(where).orderBy(asc(households.areaCode), asc(households.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(db.select({ one: sql`1` }).from(households).where(where).limit(LIST_COUNT_CAP + 1).as('matches')),
  ]);
  // Counting stops past the cap: an exact count of a whole county on every page costs more than it tells.
  return { rows, total: Math.min(total, LIST_COUNT_CAP), capped: total > LIST_COUNT_CAP };
}

/** Active households and people inside the scope by the level below it: townships of a county, villages of a township. */
export async function countsByArea(db: Db, actor: Actor) {
  // The length is written into the SQL, not bound: SELECT and GROUP BY must be the same expression.
  const area = sql<string>`substr(${households.areaCode}, 1, ${sql.raw(actor.areaCode.length <= 6 ? '9' : '12')})`;
  return db.select({ areaCode: area, households: sql<number>`count(*)::int`, persons: sql<number>`sum(${households.memberCount})::int` })
    .from(households).where(and(inScope(actor), eq(households.status, 'active'))).groupBy(area).orderBy(area);
}

