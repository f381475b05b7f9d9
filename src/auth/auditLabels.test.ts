/**
 * Every action the code writes to the audit log has Chinese words on the audit page: the action strings
 * of every `appendAudit` call in src/ (literals, both branches of a choice, and each value a template can
 * take) are looked up in the label table.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, REVIEW_OUTCOMES } from '../cases/model.ts';
import { monitoringWorkflow } from '../monitoring/flow.ts';
import { RELIEF_ACTIONS } from '../disaster/model.ts';
import { AUDIT_ACTION_LABELS, AUDIT_GROUPS, auditActionLabel } from './auditLabels.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The `action:` expression of each appendAudit call, up to the next property. */
function auditActionExpressions(text: string): string[] {
  const out: string[] = [];
  for (let i = text.indexOf('appendAudit('); i >= 0; i = text.indexOf('appendAudit(', i + 1)) {
    const call = text.slice(i, i + 600);
    const m = /action: (.+?), (target|areaCode|detail)\b/s.exec(call);
    if (m && !call.startsWith('appendAudit(db: Db')) out.push(m[1]);
  }
  return out;
}

const tasksSource = readFileSync(join(SRC, 'workflow/tasks.ts'), 'utf8');
const purposes = ['identify', 'remove'] as const;
/** What each template of an action can be, from the same vocabularies the code takes them from. */
const TEMPLATE_VALUES: Record<string, string[]> = {
  'case.${action}': [...ACTION_NAMES, 'pay_advance', 'document'].map((a) => `case.${a}`),
  'case.task.${what}': ['pause', 'resume', 'extend'].map((w) => `case.task.${w}`),
  'case.review.${body.outcome}': Object.keys(REVIEW_OUTCOMES).map((o) => `case.review.${o}`),
  'case.referral.${what}': ['pause', 'resume'].map((w) => `case.referral.${w}`),
  'monitoring.${purpose}.start': purposes.map((p) => `monitoring.${p}.start`),
  'monitoring.${p.purpose}.${action}': purposes.flatMap((p) => monitoringWorkflow(p).transitions.map((t) => `monitoring.${p}.${t.action}`)),
  // workflow/tasks.ts: record(tx, task, actor, 'task.open', …) writes `workflow.${action}`.
  'disaster.relief.${action}': RELIEF_ACTIONS.map((a) => `disaster.relief.${a}`),
  'workflow.${action}': [...tasksSource.matchAll(/record\(tx, task, [^,]+, '([^']+)'|\baction: '(task\.[a-z_]+)'/g)].map((m) => `workflow.${m[1] ?? m[2]}`),
};

function actionsOf(expression: string, where: string): string[] {
  const templates = [...expression.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
  const literals = [...expression.replace(/`[^`]*`/g, '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
  return [...literals, ...templates.flatMap((t) => {
    if (!t.includes('${')) return [t];
    const values = TEMPLATE_VALUES[t];
    if (!values) throw new Error(`${where}: the audit action \`${t}\` is a template this test does not know; add its values to TEMPLATE_VALUES`);
    return values;
  })];
}

describe('audit action labels', () => {
  const written = sourceFiles(SRC).flatMap((file) => {
    const where = relative(SRC, file);
    return auditActionExpressions(readFileSync(file, 'utf8')).flatMap((e) => actionsOf(e, where).map((action) => ({ action, where })));
  });

  it('finds the actions of the appendAudit calls (the scan itself works)', () => {
    const actions = written.map((w) => w.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'household.create', 'household.update', 'case.approve', 'workflow.task.escalate', 'monitoring.identify.decide', 'payroll.approve']));
    expect(written.length).toBeGreaterThan(80);
  });

  it('has Chinese words for every action an appendAudit call writes', () => {
    const missing = written.filter((w) => !AUDIT_ACTION_LABELS[w.action]).map((w) => `${w.where}: ${w.action}`);
    expect(missing).toEqual([]);
  });

  it('labels in Chinese and puts every labelled action in at least one filter group', () => {
    for (const [action, label] of Object.entries(AUDIT_ACTION_LABELS)) {
      expect(label, action).toMatch(/[\u4e00-\u9fff]/);
      expect(Object.values(AUDIT_GROUPS).some((g) => g.prefixes.some((p) => action.startsWith(p))), action).toBe(true);
    }
    expect(auditActionLabel('payroll.lines.view')).toBe('查看发放明细');
  });
});
