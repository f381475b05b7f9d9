/**
 * README's table "演示县里看什么" names the households of the first-start demo county to open for each step
 * of a 低保 application in 江口镇 (issue 17, item 9). The demo generator fixes every household of its seed in
 * order, so a county of the first 500 households holds the same 江口镇 households as the 2,000 of `npm start`;
 * seeded the same way (seedDemoCounty), each named household must carry the case README promises.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { households } from '../registry/schema.ts';
import { workflowTasks } from '../workflow/schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { seedDemoCounty } from '../serveCommand.ts';
import { casePrograms, cases } from './schema.ts';
import { listGaps } from '../supervision/gapStore.ts';

/** README's rows, in its order, and the step each must show. */
const EXPECTED = ['intake', 'investigation', 'notice', 'documenting', 'verification', 'appraisal', 'township_approval', 'approved', 'investigation'];

function readmeRows(): { key: string; head: string }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### 演示县里看什么'));
  return [...section.slice(0, section.indexOf('\n\n', section.indexOf('| 想看'))).matchAll(/^\|[^|]+\| (DEMO\d{6}) \| (\S+) \|$/gm)].map((m) => ({ key: m[1], head: m[2] }));
}

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoCounty(database.db, 500);
}, 400_000);
afterAll(() => database?.close());

describe('README\'s demo households', () => {
  it('each carry the case README says, the overdue one escalated', async () => {
    const rows = readmeRows();
    expect(rows).toHaveLength(EXPECTED.length);
    for (const [i, r] of rows.entries()) {
      const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, r.key));
      expect(h?.headName, r.key).toBe(r.head);
      expect(h.areaCode.startsWith('430525101'), r.key).toBe(true);
      const ps = await database.db.select({ state: casePrograms.state, program: casePrograms.program, taskId: casePrograms.taskId }).from(casePrograms)
        .innerJoin(cases, eq(cases.id, casePrograms.caseId)).where(eq(cases.householdId, h.id));
      expect(ps.map((p) => p.state), `${r.key} ${r.head}`).toContain(EXPECTED[i]);
      if (i === EXPECTED.length - 1) {
        const [t] = await database.db.select().from(workflowTasks).where(eq(workflowTasks.id, ps.find((p) => p.state === 'investigation')!.taskId!));
        expect(t.escalation).toBeGreaterThan(0);
      }
    }
  });

  it('show xiangzhen an 应保未保 household and a 低保 recipient to review in 江口镇, found by the county\'s search', async () => {
    const township = { username: 'xiangzhen', role: 'township_staff' as const, areaCode: '430525101' };
    const unserved = await listGaps(database.db, township, { kind: 'unserved' });
    const review = await listGaps(database.db, township, { kind: 'review' });
    expect(unserved.total).toBeGreaterThan(0);
    expect(unserved.rows[0].reasons[0]).toMatch(/符合.+条件，每月 [\d.]+ 元/);
    expect(review.rows).toEqual(expect.arrayContaining([expect.objectContaining({ program: '低保', township: '江口镇', reasons: expect.arrayContaining([expect.stringContaining('已不符合低保条件')]) })]));
  });
});
