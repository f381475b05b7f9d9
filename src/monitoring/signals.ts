/**
 * Signals → warnings (issue 9 item 2). Signals are gathered from:
 * - the registry: per-capita annual income of active households (monthly incomes × 12 / members);
 *   members who left with reason 死亡 (and whether each was the household's main earner);
 * - the verification feeds, when loaded (src/verification/): findings of kind deceased, disability
 *   (a department record with a severe grade), enrolment (退学 / no school record at 6-15), read from
 *   the findings table in their open or confirmed state; and the wage feed itself: a member paid in
 *   the previous wage period and not in the newest one (job loss), among the wage files of the
 *   member's own county only (a feed belongs to the county that loaded it, verification/feeds.ts), unless the
 *   member holds a placement or a 公益性岗位 on the date;
 * - the employment records (src/employment/store.ts employmentEndings): a placement or a 公益性岗位 that
 *   ended, the member having none on the date (job loss);
 * - reports (village, cadre, hotline, self) stored in monitoring_reports;
 * - medical settlements (src/medical/): a person's out-of-pocket cost in the year (medicalExpense);
 * - the dangerous-housing list (住建 农村危房, the `housing` feed): a member listed in the newest period of the
 *   county's own files (dangerousHousing).
 * The pure rules (rules.ts `warningFor`) decide under the household's county pack; a warning is
 * stored once per household and dedupe key (unique index), so `runMonitor` may run any number of
 * times a day (`doudi monitor --date D`). Each new warning opens a handling task on the workflow
 * calendar, due at the identification deadline counted from the first clue, and an event on the
 * household's monitoring timeline; a run is one audit entry.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { insertJsonRows } from '../db/jsonRows.ts';
import { households, members } from '../registry/schema.ts';
import { feedFiles, feedRecords, findings } from '../verification/schema.ts';
import { monitoringReports, monitoringWarnings } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { currentPolicy } from '../policy/store.ts';
import { loadPack, resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { countiesIn, feedFilesFor } from '../verification/feeds.ts';
import { parseGrade } from '../verification/sources.ts';
import { addDays, addWorkingDays, workingDaysBetween, type Overrides } from '../workflow/calendar.ts';
import { countyOf, countyOverrides } from '../workflow/calendarStore.ts';
import { appendEvents } from '../workflow/events.ts';
import { openTask, openTasks } from '../workflow/tasks.ts';
import { medicalSignals } from '../medical/signals.ts';
import { employmentEndings, workingByRecords } from '../employment/store.ts';
import { mainEarnerId, perCapitaAnnualFen, ruleSettings, warningFor, type Signal, type WarningDraft } from './rules.ts';

/** The monitoring timeline of a household: every warning, step, measure and visit is an event on it. */
export const SUBJECT = 'monitoring';

/** The county's pack resolved on `date`, or null when the county has published none. */
export async function countyPack(db: Db, areaCode: string, date: string): Promise<ResolvedPack | null> {
  const row = await currentPolicy(db, countyOf(areaCode));
  return row ? resolvePack(loadPack(row.yaml), date) : null;
}

export async function requirePack(db: Db, areaCode: string, date: string): Promise<ResolvedPack> {
  const p = await countyPack(db, areaCode, date);
  if (!p) throw new AppError('NO_POLICY', '本县尚未发布政策包，请县级管理员先发布', undefined, 409);
  return p;
}

/** The identification deadline from the first clue: monitoring.deadlines.identification days (working days when the pack says so). */
export async function identificationDue(db: Db, pack: ResolvedPack, areaCode: string, clueOn: string): Promise<string> {
  return identificationDueOn(pack, clueOn, () => countyOverrides(db, areaCode));
}

/** identificationDue with the county's calendar from `calendar` (read once by a caller storing many). */
async function identificationDueOn(pack: ResolvedPack, clueOn: string, calendar: () => Promise<Overrides>): Promise<string> {
  let days: number;
  try { days = pack.value<number>('monitoring.deadlines.identification'); } catch {
    throw new AppError('INVALID_POLICY', '政策包未设置识别时限 monitoring.deadlines.identification', undefined, 409);
  }
  return pack.value<boolean>('monitoring.deadlines.workingDays') ? addWorkingDays(clueOn, days, await calendar()) : addDays(clueOn, days);
}

/** Opens a deadline task for a step of a household, due on `dueOn` (at least the next working day). */
export async function openStepTask(tx: Db, t: { householdId: string; areaCode: string; step: string; role: string; dueOn: string; today: string; actor: string }): Promise<string> {
  const wd = Math.max(1, workingDaysBetween(t.today, t.dueOn, await countyOverrides(tx, t.areaCode)));
  const task = await openTask(tx, { subjectType: SUBJECT, subjectId: t.householdId, step: t.step, areaCode: t.areaCode, assigneeRole: t.role, workingDays: wd, actor: t.actor, today: t.today });
  return task.id;
}

const live = ['open', 'confirmed'];
const SEVERE_DEFAULT = [1, 2];

/** Every signal about active households inside `scope` on `date`. */
export async function gatherSignals(db: Db, scope: string, date: string): Promise<Signal[]> {
  const out: Signal[] = [];
  const inScope = and(eq(households.status, 'active'), like(households.areaCode, `${scope}%`));

  // Registry: per-capita income.
  const incomes = await db.select({ id: households.id, areaCode: households.areaCode, registeredPoor: households.registeredPoor,
    total: sql<string>`coalesce(sum(${members.monthlyIncomeFen}), 0)::float8`, n: sql<number>`count(${members.id})::int` })
    .from(households).innerJoin(members, and(eq(members.householdId, households.id), eq(members.status, 'active')))
    .where(inScope).groupBy(households.id);
  for (const h of incomes) {
    const totalFen = Number(h.total);
    out.push({ householdId: h.id, areaCode: h.areaCode, source: 'registry', ref: 'income', on: date, kind: 'income',
      perCapitaFen: h.n ? Math.floor((totalFen * 12) / h.n) : 0, members: h.n, registeredPoor: h.registeredPoor });
  }

  // Deaths: registry (left with reason 死亡) and verification (deceased findings), one ref per member.
  const deadFromRegistry = await db.select({ id: members.id, householdId: members.householdId }).from(members).innerJoin(households, eq(households.id, members.householdId))
    .where(and(inScope, eq(members.status, 'left'), eq(members.leftReason, '死亡')));
  const deadFromFeeds = await db.select({ id: findings.memberId, householdId: findings.householdId }).from(findings).innerJoin(households, eq(households.id, findings.householdId))
    .where(and(inScope, eq(findings.kind, 'deceased'), inArray(findings.state, live)));
  const dead = new Map<string, { householdId: string; source: Signal['source'] }>();
  for (const d of deadFromFeeds) if (d.id) dead.set(d.id, { householdId: d.householdId, source: 'verification' });
  for (const d of deadFromRegistry) dead.set(d.id, { householdId: d.householdId, source: 'registry' });
  if (dead.size) {
    const hhIds = [...new Set([...dead.values()].map((d) => d.householdId))];
    const ms = await db.select({ id: members.id, householdId: members.householdId, areaCode: members.areaCode, name: members.name, status: members.status, leftReason: members.leftReason,
      monthlyIncomeFen: members.monthlyIncomeFen, relation: members.relation }).from(members).where(inArray(members.householdId, hhIds));
    for (const [memberId, d] of dead) {
      const household = ms.filter((m) => m.householdId === d.householdId && (m.status === 'active' || dead.has(m.id)));
      const m = household.find((x) => x.id === memberId);
      if (!m) continue;
      out.push({ householdId: d.householdId, areaCode: m.areaCode, source: d.source, ref: `member:${memberId}`, on: date, kind: 'death', memberName: m.name,
        mainEarner: mainEarnerId(household) === memberId });
    }
  }

  // Verification findings: newly certified severe disability, school dropout.
  const fs = await db.select({ id: findings.id, kind: findings.kind, householdId: findings.householdId, areaCode: findings.areaCode, memberId: findings.memberId,
    evidence: findings.evidence, raisedOn: findings.raisedOn, name: members.name, grade: members.disabilityGrade })
    .from(findings).innerJoin(households, eq(households.id, findings.householdId)).innerJoin(members, eq(members.id, findings.memberId))
    .where(and(inScope, inArray(findings.kind, ['disability', 'enrolment']), inArray(findings.state, live)));
  const packs = new Map<string, number[]>();
  for (const f of fs) {
    if (f.kind === 'enrolment') {
      out.push({ householdId: f.householdId, areaCode: f.areaCode, source: 'verification', ref: `finding:${f.id}`, on: f.raisedOn, kind: 'dropout', memberName: f.name });
      continue;
    }
    const county = countyOf(f.areaCode);
    if (!packs.has(county)) {
      const p = await countyPack(db, county, date);
      packs.set(county, p?.value<number[]>('definitions.severeDisability.grades') ?? SEVERE_DEFAULT);
    }
    const severe = packs.get(county)!;
    const grades = String(f.evidence['残疾等级'] ?? '').split('、').map(parseGrade).filter((g): g is number => g !== null && severe.includes(g));
    if (grades.length) {
      const g = Math.min(...grades);
      out.push({ householdId: f.householdId, areaCode: f.areaCode, source: 'verification', ref: `member:${f.memberId}:grade${g}`, on: f.raisedOn, kind: 'severeDisability', memberName: f.name, grade: g });
    }
  }

  // The wage feed: paid in the previous period, not in the newest (job loss). Per county: only the wage
  // files that apply to the county's households (its own feeds, verification/feeds.ts feedFilesFor).
  for (const county of await countiesIn(db, scope)) {
    const wage = await feedFilesFor(db, county, 'wage');
    const periods = [...new Set(wage.map((f) => f.period))].sort().reverse();
    if (periods.length < 2) continue;
    const [newest, previous] = periods;
    const ids = (period: string) => sql.param(wage.filter((f) => f.period === period).map((f) => f.id));
    const lost = await db.select({ id: members.id, householdId: members.householdId, areaCode: members.areaCode, name: members.name })
      .from(members).innerJoin(households, eq(households.id, members.householdId))
      .where(and(inScope, like(households.areaCode, `${county}%`), eq(members.status, 'active'),
        sql`exists (select 1 from feed_records r where r.file_id = any(${ids(previous)}::int[]) and r.id_number = ${members.idNumber})`,
        sql`not exists (select 1 from feed_records r where r.file_id = any(${ids(newest)}::int[]) and r.id_number = ${members.idNumber})`));
    // A member whose wage stopped but who holds a placement or a 公益性岗位 on the date has not lost work.
    const working = await workingByRecords(db, lost.map((m) => m.id), date);
    for (const m of lost) {
      if (!working.has(m.id)) out.push({ householdId: m.householdId, areaCode: m.areaCode, source: 'feed', ref: `member:${m.id}:${newest}`, on: date, kind: 'jobLoss', memberName: m.name, lastPeriod: previous });
    }
  }

  // The employment records (src/employment): a placement or a 公益性岗位 that ended, with no other on the date.
  for (const e of await employmentEndings(db, scope, date)) {
    out.push({ householdId: e.householdId, areaCode: e.areaCode, source: 'registry', ref: `member:${e.memberId}:ended:${e.lastDay}`, on: addDays(e.lastDay, 1), kind: 'jobLoss',
      memberName: e.name, lastPeriod: e.lastDay.slice(0, 7), ended: { what: e.what, lastDay: e.lastDay } });
  }

  // The dangerous-housing list (住建 农村危房, 002:L649 住房情况是否危房, L663 住建): members on the newest list of
  // their own county's feed files (verification/feeds.ts feedFilesFor), one signal per member and grade.
  for (const county of await countiesIn(db, scope)) {
    const files = await feedFilesFor(db, county, 'housing');
    const newest = files.map((f) => f.period).sort().at(-1);
    if (!newest) continue;
    const ids = sql.param(files.filter((f) => f.period === newest).map((f) => f.id));
    const listed = await db.select({ id: members.id, householdId: members.householdId, areaCode: members.areaCode, name: members.name, grade: sql<string>`max(${feedRecords.data}->>'危房等级')` })
      .from(members).innerJoin(households, eq(households.id, members.householdId))
      .innerJoin(feedRecords, and(eq(feedRecords.idNumber, members.idNumber), sql`${feedRecords.fileId} = any(${ids}::int[])`))
      .where(and(inScope, like(households.areaCode, `${county}%`), eq(members.status, 'active')))
      .groupBy(members.id, members.householdId, members.areaCode, members.name);
    for (const m of listed) out.push({ householdId: m.householdId, areaCode: m.areaCode, source: 'feed', ref: `member:${m.id}:${m.grade}`, on: date, kind: 'housing', memberName: m.name, grade: m.grade, period: newest });
  }

  // Reports.
  const reports = await db.select({ r: monitoringReports, name: members.name }).from(monitoringReports).innerJoin(households, eq(households.id, monitoringReports.householdId))
    .leftJoin(members, eq(members.id, monitoringReports.memberId)).where(inScope);
  for (const { r, name } of reports) {
    const s = await reportSignal(db, r, name);
    if (s) out.push(s);
  }

  // Medical settlements: a person's out-of-pocket cost in the year (src/medical/signals.ts).
  out.push(...await medicalSignals(db, scope, date));
  return out;
}

/** The signal a report carries (a death report knows whether the member was the main earner). */
export async function reportSignal(db: Db, r: typeof monitoringReports.$inferSelect, memberName: string | null): Promise<Signal | null> {
  const base = { householdId: r.householdId, areaCode: r.areaCode, source: 'report' as const, ref: `report:${r.id}`, on: r.occurredOn };
  switch (r.kind) {
    case 'medical': return { ...base, kind: 'medical', amountFen: r.amountFen ?? 0 };
    case 'disaster': return { ...base, kind: 'disaster', lossFen: r.amountFen, description: r.description };
    case 'jobLoss': return { ...base, kind: 'jobLoss', memberName: memberName ?? '', lastPeriod: r.occurredOn.slice(0, 7) };
    case 'dropout': return { ...base, kind: 'dropout', memberName: memberName ?? '' };
    case 'death': {
      const ms = await db.select({ id: members.id, monthlyIncomeFen: members.monthlyIncomeFen, relation: members.relation, status: members.status })
        .from(members).where(eq(members.householdId, r.householdId));
      const household = ms.filter((m) => m.status === 'active' || m.id === r.memberId);
      return { ...base, kind: 'death', memberName: memberName ?? '', mainEarner: mainEarnerId(household) === r.memberId };
    }
    default: return null;
  }
}

export type WarningRow = typeof monitoringWarnings.$inferSelect;

/**
 * Stores drafts not stored before (same household and key: nothing), each with its handling task and timeline event.
 * Set-based: the county calendars read once and each deadline counted once per county and clue date, the
 * warnings (with their tasks' ids) inserted thousands per statement as one JSON parameter (db/jsonRows.ts)
 * and read back in one query, the tasks, events and audit entries in batches (workflow/tasks.ts openTasks),
 * so a run raising thousands of warnings takes a few dozen round trips rather than about ten per warning.
 */
export async function storeWarnings(tx: Db, drafts: WarningDraft[], pack: ResolvedPack, today: string, actor: string): Promise<WarningRow[]> {
  const calendars = new Map<string, Overrides>();
  const calendarOf = async (areaCode: string) => {
    const county = countyOf(areaCode);
    return calendars.get(county) ?? calendars.set(county, await countyOverrides(tx, areaCode)).get(county)!;
  };
  // Deadline and working days left, per county and clue date: a run's warnings share a handful of clue dates.
  const deadlines = new Map<string, { dueOn: string; workingDays: number }>();
  const deadlineOf = async (areaCode: string, clueOn: string) => {
    const key = `${countyOf(areaCode)}|${clueOn}`;
    let d = deadlines.get(key);
    if (!d) {
      const dueOn = await identificationDueOn(pack, clueOn, () => calendarOf(areaCode));
      deadlines.set(key, d = { dueOn, workingDays: Math.max(1, workingDaysBetween(today, dueOn, await calendarOf(areaCode))) });
    }
    return d;
  };
  const rows: (typeof monitoringWarnings.$inferInsert & { id: string; taskId: string; dueOn: string; workingDays: number })[] = [];
  for (const d of drafts) {
    const clueOn = d.clueOn <= today ? d.clueOn : today;
    const { dueOn, workingDays } = await deadlineOf(d.areaCode, clueOn);
    rows.push({ id: randomUUID(), householdId: d.householdId, areaCode: d.areaCode, rule: d.rule, level: d.level, source: d.source, dedupeKey: d.dedupeKey,
      message: d.message, evidence: d.evidence, raisedOn: today, clueOn, dueOn, taskId: randomUUID(), workingDays });
  }
  const inserted = new Set(await insertJsonRows(tx, monitoringWarnings, rows.map(({ workingDays: _, ...r }) => r), { onConflictDoNothing: true, returningIds: true }) as string[]);
  const raised = rows.map((r, k) => ({ r, d: drafts[k] })).filter(({ r }) => inserted.has(r.id));
  const stored = raised.length ? new Map((await tx.select().from(monitoringWarnings).where(sql`${monitoringWarnings.id} = any(${sql.param([...inserted])}::text[])`)).map((w) => [w.id, w])) : new Map<string, WarningRow>();
  await openTasks(tx, raised.map(({ r }) => ({ id: r.taskId, subjectType: SUBJECT, subjectId: r.householdId, step: 'warning', areaCode: r.areaCode, assigneeRole: 'village_staff',
    workingDays: r.workingDays, actor, today })));
  await appendEvents(tx, raised.map(({ r, d }) => ({ subjectType: SUBJECT, subjectId: d.householdId, areaCode: d.areaCode, actor, action: 'warning.raise', reason: d.message,
    detail: { warningId: r.id, rule: d.rule, level: d.level, source: d.source, dueOn: r.dueOn } })));
  return raised.map(({ r }) => stored.get(r.id)!);
}

export interface MonitorRun { date: string; signals: number; raised: number; byRule: Record<string, number>; byLevel: Record<string, number>; problems: string[] }

/** `doudi monitor --date D`: every signal in `scope` through the county's rules; idempotent (a second run raises nothing new). */
export async function runMonitor(db: Db, date: string, scope = '', actor = 'system'): Promise<MonitorRun> {
  const signals = await gatherSignals(db, scope, date);
  const byCounty = new Map<string, Signal[]>();
  for (const s of signals) {
    const c = countyOf(s.areaCode);
    const list = byCounty.get(c);
    if (list) list.push(s); else byCounty.set(c, [s]); // not a copy per signal: that is quadratic in the county's households
  }
  const run: MonitorRun = { date, signals: signals.length, raised: 0, byRule: {}, byLevel: {}, problems: [] };
  for (const [county, list] of byCounty) {
    const pack = await countyPack(db, county, date);
    if (!pack) { run.problems.push(`${county}：尚未发布政策包，未预警`); continue; }
    const st = ruleSettings(pack);
    run.problems.push(...st.problems.map((p) => `${county}：${p}`));
    const drafts = list.map((s) => warningFor(s, st)).filter((w): w is WarningDraft => w !== null);
    const stored = await db.transaction(async (trx) => {
      const tx = trx as unknown as Db;
      const rows = await storeWarnings(tx, drafts, pack, date, actor);
      await appendAudit(tx, { actor, action: 'monitoring.run', target: date, areaCode: county,
        detail: { date, scope, signals: list.length, raised: rows.length, warnings: rows.map((r) => r.id) } });
      return rows;
    });
    for (const w of stored) {
      run.raised++;
      run.byRule[w.rule] = (run.byRule[w.rule] ?? 0) + 1;
      run.byLevel[w.level] = (run.byLevel[w.level] ?? 0) + 1;
    }
  }
  return run;
}

export { perCapitaAnnualFen };
