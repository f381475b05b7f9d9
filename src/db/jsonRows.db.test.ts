/** Bulk inserts as one JSON parameter per batch (jsonRows.ts): what is stored, in which order, defaults, conflicts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, like } from 'drizzle-orm';
import type { Database } from './connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { workflowEvents, workflowTasks } from '../workflow/schema.ts';
import { insertJsonRows, JSON_BATCH } from './jsonRows.ts';

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(async () => { await database?.close(); });

const task = (id: string, extra: Partial<typeof workflowTasks.$inferInsert> = {}) => ({ id, subjectType: 'jsonrows', subjectId: id, step: 'check', areaCode: '430525101001',
  assigneeRole: 'village_staff', openedOn: '2026-03-02', dueAt: '2026-03-09', workingDays: 5, ...extra });

describe('insertJsonRows', () => {
  it('stores every value as given (nested JSON, nulls, dates, names in Chinese) and keeps the rows in the order given across batches', async () => {
    const n = JSON_BATCH + 3;
    const rows = Array.from({ length: n }, (_, i) => ({ subjectType: 'jsonrows-order', subjectId: `s${i}`, areaCode: '430525101001', actor: '张三', action: 'test.add',
      reason: i % 2 ? null : `第 ${i} 条：含 "引号" 与 \\ 反斜杠`, detail: { i, list: [1, '二'], nested: { ok: i % 3 === 0 } } }));
    await insertJsonRows(database.db, workflowEvents, rows);
    const stored = await database.db.select().from(workflowEvents).where(eq(workflowEvents.subjectType, 'jsonrows-order')).orderBy(asc(workflowEvents.id));
    expect(stored.map((e) => e.subjectId)).toEqual(rows.map((r) => r.subjectId));
    expect(stored[0]).toMatchObject({ actor: '张三', reason: '第 0 条：含 "引号" 与 \\ 反斜杠', detail: { i: 0, list: [1, '二'], nested: { ok: true } }, fromState: null });
    expect(stored[1].reason).toBeNull();
    expect(stored[0].at).toBeInstanceOf(Date); // a column no row sets keeps its default (now())
    await database.db.delete(workflowEvents).where(eq(workflowEvents.subjectType, 'jsonrows-order'));
  });

  it('gives a NOT NULL column its default in the rows that leave it out while others set it', async () => {
    await insertJsonRows(database.db, workflowTasks, [task('jr-default-a', { pausedWorkingDays: 4, status: 'done' }), task('jr-default-b')]);
    const stored = await database.db.select().from(workflowTasks).where(like(workflowTasks.id, 'jr-default-%')).orderBy(asc(workflowTasks.id));
    expect(stored.map((t) => [t.id, t.pausedWorkingDays, t.status, t.openedOn, t.dueAt])).toEqual([
      ['jr-default-a', 4, 'done', '2026-03-02', '2026-03-09'], ['jr-default-b', 0, 'open', '2026-03-02', '2026-03-09']]);
    await database.db.delete(workflowTasks).where(like(workflowTasks.id, 'jr-default-%'));
  });

  it('with onConflictDoNothing skips the rows already stored and returns the ids of those it stored', async () => {
    await insertJsonRows(database.db, workflowTasks, [task('jr-conflict-1', { step: 'first' })]);
    const ids = await insertJsonRows(database.db, workflowTasks, [task('jr-conflict-1', { step: 'second' }), task('jr-conflict-2')], { onConflictDoNothing: true, returningIds: true });
    expect(ids).toEqual(['jr-conflict-2']);
    const [kept] = await database.db.select().from(workflowTasks).where(eq(workflowTasks.id, 'jr-conflict-1'));
    expect(kept.step).toBe('first');
    await database.db.delete(workflowTasks).where(like(workflowTasks.id, 'jr-conflict-%'));
  });

  it('stores nothing and makes no statement for no rows', async () => {
    expect(await insertJsonRows(database.db, workflowTasks, [], { returningIds: true })).toEqual([]);
  });
});
