/**
 * The desk through the HTTP API: the audit log reads as an auditor needs it (Chinese action words, the
 * actor's name and role, targets as links with masked labels, area names, details as key-value pairs),
 * filters by group, person, area and dates, exports to xlsx (audited, formula-safe, in scope) and shows
 * the chain's state; the 工作台 gives each role what waits for it, from the same queues as their pages.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { xlsxRows } from './testing.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
let jiangkouHousehold: string;
let caseId: string;

async function as(user: string, method: string, url: string, payload?: unknown) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
}
const ok = async (p: Promise<{ statusCode: number; json(): any; body: string }>, status = 200) => {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await seedAreas(database.db, '430524');
  const users = [
    ['county', '县管理员甲', 'county_admin', '430525'], ['preparer', '县民政乙', 'county_staff', '430525'], ['jiangkou', '江口镇丙', 'township_staff', '430525101'],
    ['yulan', '毓兰镇丁', 'township_staff', '430525102'], ['village', '江口村戊', 'village_staff', JIANGKOU_VILLAGE], ['auditor', '审计己', 'auditor', '430525'],
    ['longhuiaudit', '龙回审计', 'auditor', '430524'],
  ] as const;
  for (const [username, displayName, role, areaCode] of users) {
    await createUser(database.db, { username, displayName, password: PASSWORD, role, areaCode, department: role === 'county_staff' ? '民政局' : null }, 'test');
  }
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await ok(as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' }), 201);
  // A head whose name would start a formula in a spreadsheet.
  jiangkouHousehold = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明', '李秀英'])), 201)).id;
  await ok(as('yulan', 'POST', '/api/households', household(YULAN_VILLAGE, ['毓兰甲'])), 201);
  const h = await ok(as('jiangkou', 'GET', `/api/households/${jiangkouHousehold}`));
  await ok(as('jiangkou', 'POST', `/api/members/${h.members[0].id}/reveal`));
  caseId = (await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: jiangkouHousehold, programs: [{ program: '低保' }] }), 201)).id;
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('the audit log for an auditor', () => {
  it('shows actions in Chinese, the actor by name and role, the target as a link with a masked label, the area by name, the detail as pairs', async () => {
    const { rows } = await ok(as('auditor', 'GET', '/api/audit?pageSize=200'));
    const created = rows.find((r: { action: string; target: { link: string } | null }) => r.action === 'household.create' && r.target?.link === `#/households/${jiangkouHousehold}`);
    expect(created).toMatchObject({ actionLabel: '新建家庭档案', actorName: '江口镇丙', actorRole: '乡镇（街道）工作人员', areaName: '江口镇 江口村',
      target: { kind: '家庭', label: expect.stringMatching(/^王\*明户/) } });
    expect(JSON.stringify(created)).not.toContain('王大明');
    const reveal = rows.find((r: { action: string }) => r.action === 'member.reveal');
    expect(reveal).toMatchObject({ actionLabel: '查看成员完整身份证号和电话', target: { kind: '成员', label: '王*明', link: `#/households/${jiangkouHousehold}` } });
    expect(reveal.detail).toEqual([{ key: '字段', value: '身份证号、电话、出生日期' }]);
    const opened = rows.find((r: { action: string }) => r.action === 'case.open');
    expect(opened.target).toMatchObject({ kind: '案件', link: `#/cases/${caseId}`, label: expect.stringContaining('王*明') });
    const login = rows.find((r: { action: string; actor: string }) => r.action === 'auth.login' && r.actor === 'county');
    expect(login).toMatchObject({ actionLabel: '登录', actorName: '县管理员甲', actorRole: '县级管理员', target: { kind: '用户', label: '县管理员甲（county）', link: '#/users' } });
    for (const r of rows) expect(r.actionLabel, r.action).toMatch(/[\u4e00-\u9fff]/);
  });

  it('filters by action group, person, area and dates, and refuses bad filters with a Chinese message', async () => {
    const reveals = await ok(as('auditor', 'GET', '/api/audit?group=reveal'));
    expect(reveals.rows.map((r: { action: string }) => r.action)).toEqual(['member.reveal']);
    const byName = await ok(as('auditor', 'GET', `/api/audit?actor=${encodeURIComponent('毓兰')}`));
    expect(byName.total).toBeGreaterThan(0);
    expect(new Set(byName.rows.map((r: { actor: string }) => r.actor))).toEqual(new Set(['yulan']));
    const area = await ok(as('auditor', 'GET', '/api/audit?area=430525102'));
    expect(area.rows.every((r: { areaCode: string }) => r.areaCode.startsWith('430525102'))).toBe(true);
    expect(area.total).toBeGreaterThan(0);
    expect((await ok(as('auditor', 'GET', '/api/audit?from=2000-01-01&to=2000-01-31'))).total).toBe(0);
    const bad = await as('auditor', 'GET', '/api/audit?from=2026-02-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('开始日期不能晚于结束日期');
    expect((await as('auditor', 'GET', '/api/audit?group=nonsense')).json().error.message).toContain('动作类别');
    // Another county's auditor sees none of it, with any filter.
    expect((await ok(as('longhuiaudit', 'GET', '/api/audit?area=430525101'))).rows.filter((r: { areaCode: string | null }) => r.areaCode)).toEqual([]);
  });

  it('exports the filtered entries to xlsx in Chinese, formula-safe, and audits the export', async () => {
    // A display name that a spreadsheet would take for a formula.
    await database.db.execute(sql`update users set display_name = '=HYPERLINK("x")' where username = 'village'`);
    await ok(as('village', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['公式户'])), 201);
    const r = await as('auditor', 'GET', '/api/audit/export.xlsx?group=registry');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const rows = await xlsxRows(r);
    expect(rows[0]).toEqual(['序号', '时间', '操作人', '角色', '操作', '对象', '区划', '详情', '哈希（前 16 位）']);
    expect(rows.some((x) => x[4] === '新建家庭档案' && String(x[5]).startsWith('家庭：王*明户') && x[6] === '江口镇 江口村')).toBe(true);
    expect(rows.some((x) => x[2] === `'=HYPERLINK("x")`)).toBe(true);
    expect(rows.some((x) => x.some((c) => typeof c === 'object' && c !== null && 'formula' in c))).toBe(false);
    expect(rows.map((x) => x[4]).filter((a) => a !== '操作').every((a) => /新建家庭档案|修改家庭档案|注销家庭档案|查看|导入|导出|生成/.test(String(a)))).toBe(true);
    const audited = await ok(as('auditor', 'GET', '/api/audit?action=audit.export'));
    expect(audited.rows[0]).toMatchObject({ actor: 'auditor', actionLabel: '导出审计日志' });
    expect(audited.rows[0].detail).toEqual(expect.arrayContaining([{ key: '行数', value: String(rows.length - 1) }]));
    expect((await as('jiangkou', 'GET', '/api/audit/export.xlsx')).statusCode).toBe(403);
  });

  it('reports the chain intact, and the broken entry once a row is edited by hand', async () => {
    expect(await ok(as('auditor', 'GET', '/api/audit/verify'))).toMatchObject({ ok: true, problems: 0, headAt: expect.any(String) });
    const [first] = await queryRows<{ id: number; actor: string }>(database.db, sql`select id::int as id, actor from audit_log order by id limit 1`);
    await database.db.execute(sql`update audit_log set actor = 'someone' where id = ${first.id}`);
    try {
      expect(await ok(as('auditor', 'GET', '/api/audit/verify'))).toMatchObject({ ok: false, problems: 1, problemIds: [first.id] });
    } finally {
      await database.db.execute(sql`update audit_log set actor = ${first.actor} where id = ${first.id}`);
    }
    expect(await ok(as('auditor', 'GET', '/api/audit/verify'))).toMatchObject({ ok: true });
  });
});

describe('工作台', () => {
  it('gives the township officer the case waiting for acceptance, with its count, from the same queue as the 办件 page', async () => {
    const w = await ok(as('jiangkou', 'GET', '/api/workbench'));
    const q = await ok(as('jiangkou', 'GET', '/api/cases/queues?view=mine'));
    expect(w.tasks.mine.count).toBe(q.counts.mine);
    expect(w.tasks.mine.rows[0]).toMatchObject({ caseId, applicantName: '王*明', program: '低保', stepName: '待受理', areaName: '江口镇 江口村' });
    expect(w.tasks.overdue).toEqual({ count: 0, rows: [] });
    expect(w.findings).toEqual({ count: 0, rows: [] });
    expect(w.payroll).toBeNull();
    expect(w.audit).toBeNull();
    expect(JSON.stringify(w)).not.toContain('王大明');
  });

  it('shows nothing of 江口镇 to 毓兰镇, and no findings or payroll to a role that cannot act on them', async () => {
    const w = await ok(as('yulan', 'GET', '/api/workbench'));
    expect(w.tasks.mine.rows.map((r: { caseId: string }) => r.caseId)).not.toContain(caseId);
    const auditor = await ok(as('auditor', 'GET', '/api/workbench'));
    expect(auditor.findings).toBeNull();
    expect(auditor.payroll).toBeNull();
    expect(auditor.audit).toMatchObject({ reveals: 1, rows: [{ actionLabel: '查看成员完整身份证号和电话' }] });
  });

  it('gives a county officer the payroll month to approve, marked as not theirs to approve when they prepared it', async () => {
    await database.db.execute(sql`insert into payrolls (id, month, area_code, status, policy, summary, prepared_by, prepared_via) values ('p-test', '2021-12', '430525', 'prepared', '{}'::jsonb, '{"lines": 3, "totalYuan": 1020}'::jsonb, 'preparer', 'ui')`);
    try {
      const county = await ok(as('county', 'GET', '/api/workbench'));
      expect(county.payroll).toEqual({ count: 1, rows: [expect.objectContaining({ month: '2021-12', lines: 3, totalYuan: 1020, canApprove: true })] });
      const preparer = await ok(as('preparer', 'GET', '/api/workbench'));
      expect(preparer.payroll.rows[0]).toMatchObject({ month: '2021-12', canApprove: false });
      expect((await ok(as('jiangkou', 'GET', '/api/workbench'))).payroll).toBeNull();
    } finally {
      await database.db.execute(sql`delete from payrolls where id = 'p-test'`);
    }
  });
});
