/**
 * Every audit action the code writes, appended with the kinds of detail values callers pass (Dates,
 * undefined members, nested objects), must verify after the round trip through the database. The list of
 * actions is read from the source: every `appendAudit(…)` call's `action:` is collected, literal strings
 * directly and template strings through their known expansions, and a template this file does not know
 * fails the test, so a new action cannot be left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/connection.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { ACTION_NAMES, REVIEW_OUTCOMES } from '../cases/model.ts';
import { monitoringWorkflow, type Purpose } from '../monitoring/flow.ts';
import { RELIEF_ACTIONS } from '../disaster/model.ts';
import { appendAudit, verifyAudit } from './audit.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(join(SRC, file), 'utf8');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [relative(SRC, path)] : [];
  });
}

const literals = (text: string) => [...text.matchAll(/'([^']+)'/g)].map((m) => m[1]);
const PURPOSES: Purpose[] = ['identify', 'remove'];

/** The value each template `action:` can take, read from the code that feeds it where the code lists it. */
function templateExpansions(): Record<string, string[]> {
  // act() takes the action names of the case forms plus the emergency-aid steps named in its signature.
  const actSignature = /export async function act\([^)]*?action: ActionName((?: \| '[a-z_]+')*)/.exec(read('cases/store.ts'));
  expect(actSignature, 'the signature of act() in cases/store.ts').not.toBeNull();
  const what = (file: string, fn: string) => {
    const m = new RegExp(`export async function ${fn}\\([^)]*?what: ((?:'[a-z]+'(?: \\| )?)+)`).exec(read(file));
    expect(m, `the "what" parameter of ${fn}() in ${file}`).not.toBeNull();
    return literals(m![1]);
  };
  // Task actions are the literal names record() is called with in workflow/tasks.ts, and those recordAll() is handed
  // as `action: 'task.…'` when tasks are opened in batches.
  const tasksText = read('workflow/tasks.ts');
  const taskActions = [...tasksText.matchAll(/await record\(tx, task, [^,]+, '([a-z_.]+)'/g), ...tasksText.matchAll(/\baction: '(task\.[a-z_]+)'/g)].map((m) => m[1]);
  expect(taskActions.length).toBeGreaterThan(3);
  return {
    'case.${action}': [...ACTION_NAMES, ...literals(actSignature![1])].map((a) => `case.${a}`),
    'case.task.${what}': what('cases/store.ts', 'taskControl').map((w) => `case.task.${w}`),
    'case.review.${body.outcome}': Object.keys(REVIEW_OUTCOMES).map((o) => `case.review.${o}`),
    'case.referral.${what}': what('cases/referrals.ts', 'referralTask').map((w) => `case.referral.${w}`),
    'monitoring.${purpose}.start': PURPOSES.map((p) => `monitoring.${p}.start`),
    'monitoring.${p.purpose}.${action}': PURPOSES.flatMap((p) => [...new Set(monitoringWorkflow(p).transitions.map((t) => t.action))].map((a) => `monitoring.${p}.${a}`)),
    'workflow.${action}': taskActions.map((a) => `workflow.${a}`),
    'disaster.relief.${action}': RELIEF_ACTIONS.map((a) => `disaster.relief.${a}`),
  };
}

/** Every action written by an `appendAudit` call in the source, with the file it was found in. */
function auditActions(): { actions: Set<string>; templates: Set<string> } {
  const expansions = templateExpansions();
  const actions = new Set<string>();
  const templates = new Set<string>();
  for (const file of sourceFiles()) {
    if (file === join('auth', 'audit.ts')) continue;
    const text = read(file);
    // One entry (`appendAudit(tx, { … })`) or many (`appendAudit(tx, ...list.map((c) => ({ … })))`).
    for (const m of text.matchAll(/appendAudit\(\s*[\w.]+(?: as unknown as Db)?,\s*(?:\{|\.\.\.[^;]*?=> \(\{)[^]*?\baction: ([^]*?),\s*(?:target|areaCode|detail):/g)) {
      const expr = m[1].trim();
      if (expr.includes('`')) {
        const template = expr.replace(/^`|`$/g, '');
        templates.add(template);
        expect(expansions[template], `${file}: audit action ${expr} has no known expansion in this test; add it`).toBeDefined();
        for (const a of expansions[template]) actions.add(a);
      } else {
        const found = literals(expr);
        expect(found.length, `${file}: audit action ${expr} is neither a string nor a template`).toBeGreaterThan(0);
        for (const a of found) actions.add(a);
      }
    }
  }
  return { actions, templates };
}

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(() => database?.close());

describe('audit actions and the hash chain', () => {
  const { actions, templates } = auditActions();

  it('finds the audit actions the code writes, through every template it knows', () => {
    expect(templates).toEqual(new Set(Object.keys(templateExpansions())));
    for (const a of ['auth.lockout', 'auth.login_failed', 'member.reveal', 'case.approve', 'monitoring.identify.decide', 'workflow.task.open', 'payroll.approve', 'ledger.export.reveal', 'user.enable']) {
      expect(actions).toContain(a);
    }
    expect(actions.size).toBeGreaterThan(80);
  });

  it('verifies a chain holding an entry of every audit action, with Dates and undefined values in the details', async () => {
    await database.db.execute(sql`truncate audit_log restart identity`);
    const at = new Date('2026-01-02T03:04:05.678Z');
    let n = 0;
    for (const action of [...actions].sort()) {
      n++;
      await appendAudit(database.db, { actor: 'tester', action, target: n % 3 ? `thing:${n}` : undefined, areaCode: n % 2 ? '430525101201' : null,
        detail: { n, lockedUntil: at, missing: undefined, share: 0.1 + 0.2, big: 1e21, text: '张秀兰 "引号" \\ 换行\n', nested: { when: at, list: [1, undefined, 'x'], empty: {} } } });
    }
    const result = await verifyAudit(database.db);
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, entries: actions.size });
    const stored = await queryRows<{ action: string; detail: Record<string, unknown> }>(database.db, sql`select action, detail from audit_log order by id`);
    expect(new Set(stored.map((r) => r.action))).toEqual(actions);
    // What is stored is the plain JSON that was hashed: the Date as its ISO string, undefined members dropped.
    expect(stored[0].detail).toMatchObject({ lockedUntil: at.toISOString(), nested: { when: at.toISOString(), list: [1, null, 'x'] } });
    expect(stored[0].detail).not.toHaveProperty('missing');
    await database.db.execute(sql`truncate audit_log restart identity`);
  });
});
