/**
 * 工作台: what is waiting for the user, gathered from the capabilities' own queue and store functions
 * (no query of their tables here), each inside the user's area: my tasks, due soon and overdue (the case
 * queues), the notices running, the open warnings (防返贫监测), the open findings (核对), the relief steps of
 * 受灾人员救助 that are the user's (src/disaster/store.ts reliefQueue), the payroll
 * months waiting for a second county officer's approval, and for an auditor the reveals and exports of
 * the last 30 days, the 特困 persons not assessed or due for reassessment (tekun.reassessMonths), and the open coverage
 * gaps of the area (应保未保 and 待复核, src/supervision/gapStore.ts gapQueue). Each part comes with its count and its first few items.
 */
import type { Db } from '../db/connection.ts';
import { can } from '../auth/roles.ts';
import { searchAudit } from '../auth/audit.ts';
import { auditActionLabel } from '../auth/auditLabels.ts';
import { maskName } from '../domain/mask.ts';
import { todayInChina } from '../registry/model.ts';
import { queue } from '../cases/queues.ts';
import type { CaseActor } from '../cases/lookups.ts';
import { listWarnings } from '../monitoring/store.ts';
import { findingsInScope, toView } from '../verification/findings.ts';
import { payrollsAwaitingApproval } from '../payments/payroll.ts';
import { areaName, localTime } from './auditView.ts';
import { countyPack, reassessmentQueue } from '../tekun/figures.ts';
import { AppError } from '../errors.ts';
import { reliefQueue } from '../disaster/store.ts';
import { gapQueue } from '../supervision/gapStore.ts';

/** How many items of each part the workbench shows (the rest is one click away, on the part's page). */
export const FIRST_ITEMS = 5;

export async function workbench(db: Db, actor: CaseActor, today = todayInChina()) {
  const n = FIRST_ITEMS;
  const writes = can(actor.role, 'registry.write');
  const [mine, dueSoon, overdue] = await Promise.all((['mine', 'dueSoon', 'overdue'] as const).map((view) => queue(db, actor, view, 1, n, today)));
  const counts = mine.counts;
  type Row = (typeof mine.rows)[number];
  const task = (r: Row) => ('taskId' in r ? [{ caseId: r.caseId, number: r.number, applicantName: r.applicantName, program: r.program, stepName: r.stepName,
    dueAt: r.dueAt, overdue: r.overdue, areaName: areaName(r.areaCode) }] : []);
  const tasks = {
    mine: { count: counts.mine, rows: mine.rows.flatMap(task) },
    dueSoon: { count: counts.dueSoon, rows: dueSoon.rows.flatMap(task) },
    overdue: { count: counts.overdue, rows: overdue.rows.flatMap(task) },
    notices: { count: counts.notices },
  };
  const w = await listWarnings(db, actor, { status: 'open', page: 1, pageSize: n }, today);
  const warnings = { count: w.total, byLevel: w.counts.map((c) => ({ level: c.level, open: c.open })),
    rows: w.rows.map((r) => ({ id: r.id, householdId: r.householdId, headName: r.headName, level: r.level, ruleName: r.ruleName, raisedOn: r.raisedOn, dueOn: r.dueOn, overdue: r.overdue, areaName: areaName(r.areaCode) })) };
  let findings = null;
  if (writes) {
    const open = await findingsInScope(db, actor.areaCode, ['open']);
    findings = { count: open.length, rows: open.slice(0, n).map(({ f, headName }) => {
      const v = toView(f);
      return { id: v.id, householdId: v.householdId, headName: maskName(headName), kindLabel: v.kindLabel, blocking: v.blocking, raisedOn: v.raisedOn, areaName: areaName(v.areaCode) };
    }) };
  }
  const payroll = can(actor.role, 'payroll.manage') && actor.areaCode.length === 6
    ? await payrollsAwaitingApproval(db, actor.areaCode, actor.username).then((rows) => ({ count: rows.length, rows: rows.slice(0, n) })) : null;
  // 特困: assessments missing or due (src/tekun/figures.ts), under the county's pack; none without a published pack.
  const tekun = can(actor.role, 'tekun.write') && actor.areaCode.length >= 6
    ? await countyPack(db, actor, today).then((pack) => reassessmentQueue(db, actor, pack, today, n), (e) => { if (e instanceof AppError && e.code === 'NO_POLICY') return null; throw e; })
    : null;
  // 受灾人员救助: the relief steps that are the user's (their deadline tasks are not cases', so listed apart).
  const relief = writes && actor.role !== 'village_staff' ? await reliefQueue(db, actor, n, today) : null;
  // 应保未保 / 待复核 (src/supervision/): the open gaps of the area, for the officers who work on them (a village reads them).
  const gaps = writes ? await gapQueue(db, actor, n) : null;
  let audit = null;
  if (can(actor.role, 'audit.read')) {
    const since = new Date(Date.parse(today) - 30 * 86_400_000).toISOString().slice(0, 10);
    const r = await searchAudit(db, { group: 'reveal', from: since, scope: actor.areaCode, limit: n, offset: 0 });
    const e = await searchAudit(db, { group: 'exports', from: since, scope: actor.areaCode, limit: 0, offset: 0 });
    audit = { since, reveals: r.total, exports: e.total, rows: r.rows.map((x) => ({ id: x.id, at: localTime(new Date(x.at).toISOString()), actor: x.actor, actionLabel: auditActionLabel(x.action) })) };
  }
  return { today, role: actor.role, tasks, warnings, findings, payroll, tekun, relief, gaps, audit };
}

export type Workbench = Awaited<ReturnType<typeof workbench>>;
