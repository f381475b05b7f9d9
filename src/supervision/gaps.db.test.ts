/**
 * Coverage gaps on planted households: the search finds the eligible household that receives nothing (应保未保) and
 * the recipient the engine no longer supports (待复核), leaves alone an eligible household whose application is under
 * way, keeps its gaps on a re-run and closes the ones it no longer finds; the close outcomes and their refusals; the
 * area scope of the list, the close and the routes; Chinese 400s.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '../db/connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, jiangkouStaff, person, villageStaff, YULAN_VILLAGE, yulanStaff } from '../test-support/fixtures.ts';
import { seedAreas } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { households } from '../registry/schema.ts';
import { publishPolicy } from '../policy/store.ts';
import { createCase, householdSnapshot } from '../cases/store.ts';
import { caseInput } from '../cases/model.ts';
import { casePrograms, caseReviews } from '../cases/schema.ts';
import { createEntitlement } from '../payments/entitlements.ts';
import { auditLog } from '../auth/schema.ts';
import { createUser } from '../auth/users.ts';
import { buildServer } from '../server.ts';
import { workbench } from '../desk/workbench.ts';
import { closeGap, listGaps, runGapSearch } from './gapStore.ts';
import { GAP_SCHEDULE_ACTOR, lastGapSearch, runDueGapSearches } from './gapScheduler.ts';
import { coverageGaps } from './gapSchema.ts';

let database: Database;
let db: Db;
const TODAY = '2026-12-06';
const ids: Record<string, string> = {};

/** A person alone, old, no income, no one to support them: 特困 by the demo pack. */
const alone = (areaCode: string, name: string) => ({ areaCode, hukou: 'rural', members: [
  { name, idNumber: person('1940-02-03'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'none', supporter: 'none' }] });
/** A household on 低保 whose head now earns well. */
const EARNER = person('1980-05-06');
const earning = (income: number) => ({ areaCode: JIANGKOU_VILLAGE, hukou: 'rural', members: [
  { name: '王有才', idNumber: EARNER, relation: 'head', monthlyIncomeYuan: income, laborCapacity: 'full' }] });

const save = async (actor: typeof jiangkouStaff, body: unknown) => (await saveHousehold(db, actor, null, body, null)).id;
const change = async (id: string, body: unknown, reason: string) => {
  const [h] = await db.select({ version: households.version }).from(households).where(eq(households.id, id));
  await saveHousehold(db, jiangkouStaff, id, body, reason, h.version);
};

/** A 低保 application approved, with its open entitlement (what a recipient has). */
async function recipient(householdId: string) {
  const c = await createCase(db, { ...jiangkouStaff, department: null }, caseInput.parse({ channel: 'window', householdId, programs: [{ program: '低保' }] }), TODAY);
  const [p] = await db.select().from(casePrograms).where(eq(casePrograms.caseId, c.id));
  const snapshot = await householdSnapshot(db, householdId);
  const e = await db.transaction(async (tx) => createEntitlement(tx as unknown as Db, { householdId, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: '2026-01',
    bank: null, snapshot, source: { kind: 'case', caseId: c.id }, actor: 'test' }));
  await db.update(casePrograms).set({ state: 'approved', entitlementId: e.id }).where(eq(casePrograms.id, p.id));
  return { caseId: c.id, programId: p.id, entitlementId: e.id };
}

const gapsOf = async (householdId: string, status: 'open' | 'closed' = 'open') =>
  db.select().from(coverageGaps).where(and(eq(coverageGaps.householdId, householdId), eq(coverageGaps.status, status)));

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await seedAreas(db, '430525');
  await publishPolicy(db, countyAdmin, readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'), '测试');
  ids.unserved = await save(jiangkouStaff, alone(JIANGKOU_VILLAGE, '李孤老'));
  ids.applying = await save(jiangkouStaff, alone(JIANGKOU_VILLAGE, '赵申请'));
  await createCase(db, { ...jiangkouStaff, department: null }, caseInput.parse({ channel: 'window', householdId: ids.applying, programs: [{ program: '特困' }] }), TODAY);
  ids.recipient = await save(jiangkouStaff, earning(5000));
  Object.assign(ids, { recipientProgram: (await recipient(ids.recipient)).programId });
  ids.yulan = await save(yulanStaff, alone(YULAN_VILLAGE, '毓兰孤老'));
}, 60_000);
afterAll(async () => { await database?.close(); });

describe('the coverage-gap search', () => {
  it('finds an eligible household without entitlement unserved, with the amount and Chinese reasons naming the member masked', async () => {
    const run = await runGapSearch(db, { scope: '430525', actor: 'county', date: TODAY });
    expect(run).toMatchObject({ households: 4, errors: 0, opened: 3, kept: 0, gone: 0, found: { unserved: 2, review: 1 } });
    const [g, ...more] = await gapsOf(ids.unserved);
    expect(more).toEqual([]);
    expect(g).toMatchObject({ kind: 'unserved', program: '特困', areaCode: JIANGKOU_VILLAGE, foundOn: TODAY, status: 'open' });
    expect(g.amountFen).toBeGreaterThan(0);
    expect(g.reasons[0]).toMatch(/^按 2026-12-06 的政策测算符合特困条件，每月 [\d.]+ 元；没有正在享受的特困待遇，也没有办理中的特困申请$/);
    expect(g.reasons).toContain('李*老：无劳动能力');
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'supervision.gaps.run'));
    expect(audit.detail).toMatchObject({ scope: '430525', households: 4, opened: 3 });
  });

  it('finds a recipient the engine now finds ineligible to review, with the reasons', async () => {
    const [g] = await gapsOf(ids.recipient);
    expect(g).toMatchObject({ kind: 'review', program: '低保', amountFen: null });
    expect(g.reasons[0]).toBe('正在享受低保待遇，按 2026-12-06 的政策测算已不符合低保条件');
    expect(g.reasons.some((r) => r.includes('≥ 低保标准'))).toBe(true);
  });

  it('raises no gap for an eligible household with an open case for the program', async () => {
    expect(await gapsOf(ids.applying)).toEqual([]);
  });

  it('puts the open gaps of the area on the workbench, with their reasons, and none of another township', async () => {
    const w = await workbench(db, { ...jiangkouStaff, department: null }, TODAY);
    expect(w.gaps).toMatchObject({ count: 2, byKind: { unserved: 1, review: 1 } });
    expect(w.gaps!.rows.map((r) => r.householdId).sort()).toEqual([ids.unserved, ids.recipient].sort());
    expect(w.gaps!.rows.find((r) => r.householdId === ids.unserved)).toMatchObject({ kindLabel: '应保未保', program: '特困', headName: '李*老', areaName: '江口镇 江口村',
      reasons: [expect.stringContaining('符合特困条件'), expect.any(String)] });
    const yulan = await workbench(db, { ...yulanStaff, department: null }, TODAY);
    expect(yulan.gaps).toMatchObject({ count: 1, rows: [{ householdId: ids.yulan }] });
    expect((await workbench(db, { ...countyAdmin, role: 'auditor', department: null }, TODAY)).gaps).toBeNull();
  });

  it('duplicates nothing on a re-run and closes as gone what it no longer finds', async () => {
    const before = await gapsOf(ids.unserved);
    // The recipient's income falls back below the standard: the review is no longer needed.
    await change(ids.recipient, earning(100), '收入下降');
    const run = await runGapSearch(db, { scope: '430525', actor: 'county', date: TODAY });
    expect(run).toMatchObject({ opened: 0, kept: 2, gone: 1, found: { unserved: 2, review: 0 } });
    expect((await gapsOf(ids.unserved)).map((g) => g.id)).toEqual(before.map((g) => g.id));
    expect(await gapsOf(ids.recipient)).toEqual([]);
    expect(await gapsOf(ids.recipient, 'closed')).toMatchObject([{ outcome: 'gone', closedBy: 'county', note: `${TODAY} 重新排查未再发现` }]);
    await change(ids.recipient, earning(5000), '收入增加');
    expect(await runGapSearch(db, { scope: '430525101', actor: 'county', date: TODAY })).toMatchObject({ households: 3, opened: 1, kept: 1, gone: 0 });
  });
});

describe('the monthly search', () => {
  it('runs a county once a month: not again this month after a county-wide search, again the next month', async () => {
    expect(await runDueGapSearches(db, TODAY)).toEqual([]);
    const next = await runDueGapSearches(db, '2027-01-02');
    expect(next).toMatchObject([{ county: '430525', run: { scope: '430525', date: '2027-01-02' } }]);
    expect(await lastGapSearch(db, '430525')).toBe('2027-01-02');
    expect(await runDueGapSearches(db, '2027-01-20')).toEqual([]);
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'supervision.gaps.run'), eq(auditLog.actor, GAP_SCHEDULE_ACTOR)));
    expect(audit.detail).toMatchObject({ date: '2027-01-02' });
  });
});

describe('closing a gap', () => {
  it('refuses case_opened while no case for the household and program exists, and accepts it once one does', async () => {
    const [g] = await gapsOf(ids.unserved);
    await expect(closeGap(db, jiangkouStaff, g.id, { outcome: 'case_opened' }, TODAY)).rejects.toMatchObject({ status: 409, code: 'NO_CASE', message: expect.stringContaining('还没有特困的申请案件') });
    const c = await createCase(db, { ...jiangkouStaff, department: null }, caseInput.parse({ channel: 'window', householdId: ids.unserved, programs: [{ program: '特困' }] }), TODAY);
    const closed = await closeGap(db, jiangkouStaff, g.id, { outcome: 'case_opened', note: '已受理' }, TODAY);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'case_opened', outcomeLabel: '已受理申请', closedBy: 'jiangkou', closedRef: { caseId: c.id } });
    await expect(closeGap(db, jiangkouStaff, g.id, { outcome: 'not_a_gap', note: '再次' }, TODAY)).rejects.toMatchObject({ status: 409, code: 'GAP_CLOSED' });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'supervision.gaps.close'));
    expect(audit).toMatchObject({ actor: 'jiangkou', target: `coverage_gap:${g.id}`, detail: { outcome: 'case_opened', householdId: ids.unserved } });
  });

  it('opens a review of the recipient through the reviews code for review_opened', async () => {
    const [g] = await gapsOf(ids.recipient);
    await expect(closeGap(db, jiangkouStaff, g.id, { outcome: 'case_opened' }, TODAY)).rejects.toMatchObject({ status: 409, code: 'OUTCOME_NOT_FIT' });
    const closed = await closeGap(db, jiangkouStaff, g.id, { outcome: 'review_opened' }, TODAY);
    const [review] = await db.select().from(caseReviews).where(eq(caseReviews.programId, ids.recipientProgram));
    expect(review).toMatchObject({ status: 'due', trigger: 'unannounced', dueDate: TODAY });
    expect(review.note).toContain('督导排查待复核：正在享受低保待遇');
    expect(closed.closedRef).toMatchObject({ reviewId: review.id });
    // With the review due, the next search does not raise the recipient again.
    expect((await runGapSearch(db, { scope: '430525101', actor: 'county', date: TODAY })).found.review).toBe(0);
  });

  it('requires a note for not_a_gap, and keeps a township and a village to their own', async () => {
    const [g] = await gapsOf(ids.yulan);
    await expect(closeGap(db, yulanStaff, g.id, { outcome: 'not_a_gap', note: '  ' }, TODAY)).rejects.toMatchObject({ status: 400, path: 'note' });
    await expect(closeGap(db, jiangkouStaff, g.id, { outcome: 'not_a_gap', note: '越权' }, TODAY)).rejects.toMatchObject({ status: 404 });
    await expect(closeGap(db, { ...villageStaff, areaCode: YULAN_VILLAGE }, g.id, { outcome: 'not_a_gap', note: '村' }, TODAY)).rejects.toMatchObject({ status: 403 });
    expect((await listGaps(db, jiangkouStaff, {})).rows.map((r) => r.householdId)).not.toContain(ids.yulan);
    await expect(listGaps(db, jiangkouStaff, { area: '430525102' })).rejects.toMatchObject({ status: 403 });
    const closed = await closeGap(db, countyAdmin, g.id, { outcome: 'not_a_gap', note: '已由亲属赡养，核实不属于' }, TODAY);
    expect(closed).toMatchObject({ outcome: 'not_a_gap', note: '已由亲属赡养，核实不属于', township: '毓兰镇', name: '毓**老' });
  });
});

describe('the gap routes', () => {
  let app: FastifyInstance;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  const as = (user: string, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });

  beforeAll(async () => {
    for (const [username, role, areaCode] of [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'], ['auditor', 'auditor', '430525']] as const) {
      await createUser(db, { username, displayName: username, password: 'Shiqiao-Dengta-5271', role, areaCode }, 'test');
    }
    app = await buildServer(database);
    for (const u of ['county', 'jiangkou', 'auditor']) {
      const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: u, password: 'Shiqiao-Dengta-5271' } });
      sessions[u] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
    }
  });
  afterAll(async () => { await app?.close(); });

  it('lists the gaps of the area in the API shape, masked, not cached', async () => {
    const r = await as('jiangkou', 'GET', '/api/supervision/gaps?status=closed');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const body = r.json();
    expect(body.total).toBe(body.rows.length);
    expect(body.rows[0]).toMatchObject({ id: expect.any(Number), kind: expect.any(String), householdId: expect.any(String), name: expect.stringContaining('*'),
      township: '江口镇', program: expect.any(String), reasons: expect.any(Array), foundAt: expect.any(String), status: 'closed' });
    expect(body.rows.every((row: { township: string }) => row.township === '江口镇')).toBe(true);
    expect((await as('jiangkou', 'GET', '/api/supervision/gaps?area=430525102')).statusCode).toBe(403);
    expect((await as('county', 'GET', '/api/supervision/gaps?area=430525102&status=closed')).json().rows.every((x: { township: string }) => x.township === '毓兰镇')).toBe(true);
  });

  it('answers bad input with a 400 in Chinese', async () => {
    const bad = await as('county', 'GET', '/api/supervision/gaps?kind=all');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('类别应为');
    expect((await as('county', 'GET', '/api/supervision/gaps?area=43x')).json().error).toMatchObject({ code: 'INVALID_INPUT', path: 'area' });
    const note = await as('jiangkou', 'POST', '/api/supervision/gaps/1/close', { outcome: 'not_a_gap' });
    expect(note.statusCode).toBe(400);
    expect(note.json().error).toMatchObject({ message: '经核实不属于的，请填写核实情况', path: 'note' });
    expect((await as('jiangkou', 'POST', '/api/supervision/gaps/1/close', { outcome: 'ignore', note: 'x' })).json().error.message).toContain('办结方式应为');
    expect((await as('jiangkou', 'POST', '/api/supervision/gaps/abc/close', { outcome: 'not_a_gap', note: 'x' })).statusCode).toBe(400);
  });

  it('runs the search as a county admin only, with progress to the end', async () => {
    expect((await as('jiangkou', 'POST', '/api/supervision/gaps/run', {})).statusCode).toBe(403);
    expect((await as('auditor', 'POST', '/api/supervision/gaps/run', {})).statusCode).toBe(403);
    expect((await as('county', 'POST', '/api/supervision/gaps/run', { area: '430524101' })).statusCode).toBe(403);
    const started = await as('county', 'POST', '/api/supervision/gaps/run', { area: '430525101' });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ id: expect.any(String), status: 'running', scope: '430525101' });
    const job = await vi.waitFor(async () => {
      const j = (await as('county', 'GET', `/api/supervision/gaps/runs/${started.json().id}`)).json();
      expect(j.status).not.toBe('running');
      return j;
    }, { timeout: 20_000, interval: 50 });
    expect(job).toMatchObject({ status: 'done', done: 3, total: 3, result: { scope: '430525101', households: 3 } });
    expect((await as('jiangkou', 'GET', `/api/supervision/gaps/runs/${started.json().id}`)).statusCode).toBe(404);
  });
});
