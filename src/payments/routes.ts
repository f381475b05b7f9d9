/**
 * Payments API: payrolls (list, one month with its lines and the differences from the month before,
 * prepare, withdraw an unapproved month, approve by a second person, bank file download, return file upload, verify), recoveries
 * (追回) and their approval, a household's payment history, and the fund report by month, program and
 * township (JSON and xlsx). Every query is scoped to the user's area; every action is audited;
 * account numbers are masked for roles without `reveal`, ID numbers always; downloads are no-store.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, asc, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../db/connection.ts';
import { households } from '../registry/schema.ts';
import { payrollLines, payrolls } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { can, type Permission } from '../auth/roles.ts';
import { requirePermission } from '../http.ts';
import { AppError } from '../errors.ts';
import { findArea } from '../domain/areas.ts';
import { fenToYuan } from '../domain/money.ts';
import { maskAccount, maskIdNumber } from '../domain/mask.ts';
import { plainText } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { issueBankFile, takeReturnFile } from './bankFile.ts';
import { listEntitlements } from './entitlements.ts';
import { PaymentFiles } from './files.ts';
import { addMonth, isMonth } from './months.ts';
import { approvePayroll, approveRecovery, findPayroll, latestPreparableMonth, listRecoveries, runPayroll, totalsInScope, verifyPayroll, withdrawPayroll, type ReviewItem, type RecoveryItem } from './payroll.ts';
import { PolicySource } from './policySource.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
/** A bank's return file for a county's month: up to 30 MB (10⁵ lines are about 15 MB of CSV). */
export const RETURN_FILE_LIMIT = 30 * 1024 * 1024;
/** Bodies of the other routes: none for prepare and approve (the UI may send `{}`), a short note for a recovery's approval. */
const NO_BODY_LIMIT = 1024;
const NOTE_LIMIT = 16 * 1024;

/** A preParsing hook: the route's permission is checked before a byte of its body is read. */
const permissionFirst = (permission: Permission) => async (req: FastifyRequest) => { requirePermission(req, permission); };

export interface PaymentRoutesOptions { filesDir?: string }

/** A raw SQL query's rows (both drivers answer node-postgres style). */
const query = async <T,>(db: Db, q: SQL) => (await db.execute(q)) as unknown as { rows: T[] };

const monthParam = z.object({ month: z.string().max(7) });
const returnsQuery = z.object({ name: z.string().min(1, '请提供回盘文件名').max(200, '文件名不能超过 200 字') });
const checkMonth = (m: string, path = 'month') => { if (!isMonth(m)) throw new AppError('INVALID_MONTH', '月份应为 YYYY-MM 格式，如 2024-02', path); return m; };

/** Items of a payroll summary (by household) that lie inside the actor's area. */
async function inScope<T extends { householdId: string }>(db: Db, actor: Actor, payrollArea: string, items: T[]): Promise<T[]> {
  if (payrollArea.startsWith(actor.areaCode) || items.length === 0) return items;
  const ids = [...new Set(items.map((i) => i.householdId))];
  const ok = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.select({ id: households.id }).from(households).where(and(inArray(households.id, ids.slice(i, i + 5000)), like(households.areaCode, `${actor.areaCode}%`)));
    for (const r of rows) ok.add(r.id);
  }
  return items.filter((i) => ok.has(i.householdId));
}

/**
 * `?reveal=1`: full account numbers (domain/mask.ts maskAccount), for roles with `reveal` only; the route
 * audits what it showed as `account.reveal`. Without it every role sees at most the last 4 digits.
 */
export const revealQuery = z.enum(['0', '1'], { error: 'reveal 应为 0 或 1' }).optional();
export function accountReveal(actor: Actor, asked: string | undefined): boolean {
  if (asked !== '1') return false;
  if (!can(actor.role, 'reveal')) throw new AppError('FORBIDDEN', '您的角色无权查看完整银行账号', 'reveal', 403);
  return true;
}

/** A payroll line as a page shows it: ID number masked, account masked unless revealed (accountReveal). */
function lineView(l: typeof payrollLines.$inferSelect, reveal: boolean, ledgerKey: string | null, headName: string | null) {
  const p = l.payee as Record<string, string>;
  return {
    id: l.id, householdId: l.householdId, householdNo: ledgerKey ?? l.householdId, headName, areaCode: l.areaCode,
    township: findArea(l.areaCode.slice(0, 9))?.name ?? '', village: findArea(l.areaCode)?.name ?? '',
    program: l.program, period: l.period, kind: l.kind, amountYuan: fenToYuan(l.amountFen), bankStatus: l.bankStatus, failureReason: l.failureReason,
    accountName: p.accountName, bankName: p.bankName, accountNo: reveal ? p.accountNo : maskAccount(p.accountNo ?? ''), idNumber: maskIdNumber(p.idNumber ?? ''),
  };
}

/**
 * The payments routes. Long, and read whole on purpose: one registration per route, each with its own schema,
 * permission and scope, in the order of the page; the route is the unit, and each calls the store in a few lines.
 */
export const paymentRoutes = (db: Db, opts: PaymentRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  // Without a data directory (tests, throwaway servers) the files go to a temporary directory removed on close.
  const own = opts.filesDir ? null : join(tmpdir(), `doudi-payments-${randomUUID()}`);
  const files = new PaymentFiles(opts.filesDir ?? own!);
  if (own) app.addHook('onClose', async () => { await rm(own, { recursive: true, force: true }); });
  app.addHook('onSend', async (_req, reply) => { reply.header('cache-control', 'no-store'); });
  // Only the return-file route takes a body that is not JSON. Every route with a body checks the role in
  // preParsing (before the body is read) and has its own body limit; only the return file may be large.
  app.addContentTypeParser(['application/octet-stream', 'text/csv'], { parseAs: 'buffer', bodyLimit: RETURN_FILE_LIMIT }, (_req, body, done) => done(null, body));

  const scopeOf = (actor: Actor) => actor.areaCode;
  const payrollVisible = (actor: Actor, area: string) => area.startsWith(actor.areaCode) || actor.areaCode.startsWith(area);

  app.get('/api/payroll', { schema: { tags: ['payments'], summary: '发放名册列表（按月）' } }, async (req) => {
    const actor = requirePermission(req, 'payroll.read');
    const rows = (await db.select().from(payrolls).orderBy(desc(payrolls.month)).limit(500)).filter((p) => payrollVisible(actor, p.areaCode));
    // A payroll of a wider area (the county's, seen by a township) is totalled over the user's own lines only.
    const wider = rows.filter((p) => !p.areaCode.startsWith(actor.areaCode));
    const scoped = await totalsInScope(db, wider.map((p) => p.id), actor.areaCode);
    const totals = (p: (typeof rows)[number]) => (p.areaCode.startsWith(actor.areaCode)
      ? { lines: Number(p.summary.lines ?? 0), totalYuan: Number(p.summary.totalYuan ?? 0), backPayYuan: Number(p.summary.backPayYuan ?? 0) }
      : { lines: scoped.get(p.id)?.lines ?? 0, totalYuan: scoped.get(p.id)?.totalYuan ?? 0, backPayYuan: scoped.get(p.id)?.backPayYuan ?? 0 });
    return { rows: rows.map((p) => ({ id: p.id, month: p.month, areaCode: p.areaCode, status: p.status, preparedBy: p.preparedBy, preparedVia: p.preparedVia,
      preparedAt: p.preparedAt.toISOString(), approvedBy: p.approvedBy, approvedAt: p.approvedAt?.toISOString() ?? null, ...totals(p) })) };
  });

  app.get('/api/payroll/:month', {
    schema: { tags: ['payments'], summary: '某月发放名册：汇总、待复核、追回与明细（分页）', params: monthParam,
      querystring: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50), kind: z.enum(['regular', 'back', 'repay']).optional(), bankStatus: z.enum(['pending', 'paid', 'failed']).optional(), reveal: revealQuery }) },
  }, async (req) => {
    const actor = requirePermission(req, 'payroll.read');
    const p = await findPayroll(db, checkMonth(req.params.month), undefined, scopeOf(actor));
    const reveal = accountReveal(actor, req.query.reveal);
    const where = and(eq(payrollLines.payrollId, p.id), like(payrollLines.areaCode, `${actor.areaCode}%`),
      req.query.kind ? eq(payrollLines.kind, req.query.kind) : undefined, req.query.bankStatus ? eq(payrollLines.bankStatus, req.query.bankStatus) : undefined);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(payrollLines).where(where);
    const rows = await db.select({ l: payrollLines, ledgerKey: households.ledgerKey, headName: households.headName }).from(payrollLines)
      .innerJoin(households, eq(households.id, payrollLines.householdId)).where(where)
      .orderBy(asc(payrollLines.areaCode), asc(payrollLines.householdId), asc(payrollLines.program), asc(payrollLines.period), asc(payrollLines.kind), asc(payrollLines.part))
      .limit(req.query.pageSize).offset((req.query.page - 1) * req.query.pageSize);
    if (reveal && rows.length) {
      await appendAudit(db, { actor: actor.username, action: 'account.reveal', target: `payroll:${p.id}`, areaCode: actor.areaCode, detail: { month: p.month, page: req.query.page, lines: rows.map((r) => r.l.id) } });
    }
    const s = p.summary as Record<string, unknown>;
    const totals = p.areaCode.startsWith(actor.areaCode)
      ? { households: s.households, lines: s.lines, totalYuan: s.totalYuan, byProgram: s.byProgram, backPayYuan: s.backPayYuan }
      : (await totalsInScope(db, [p.id], actor.areaCode)).get(p.id) ?? { households: 0, lines: 0, totalYuan: 0, byProgram: {}, backPayYuan: 0 };
    return {
      payroll: { id: p.id, month: p.month, areaCode: p.areaCode, status: p.status, preparedBy: p.preparedBy, preparedVia: p.preparedVia, preparedAt: p.preparedAt.toISOString(),
        approvedBy: p.approvedBy, approvedAt: p.approvedAt?.toISOString() ?? null, policy: p.policy },
      summary: { ...totals,
        recoveries: await inScope(db, actor, p.areaCode, (s.recoveries as RecoveryItem[]) ?? []), needsReview: await inScope(db, actor, p.areaCode, (s.needsReview as ReviewItem[]) ?? []) },
      canApprove: p.status === 'prepared' && can(actor.role, 'payroll.manage') && !(p.preparedVia === 'ui' && p.preparedBy === actor.username),
      total: n, rows: rows.map((r) => lineView(r.l, reveal, r.ledgerKey, r.headName)),
    };
  });

  app.get('/api/payroll/:month/differences', { schema: { tags: ['payments'], summary: '与上月相比的变化（新增、停发、金额变化）', params: monthParam } }, async (req) => {
    const actor = requirePermission(req, 'payroll.read');
    const month = checkMonth(req.params.month);
    const prev = addMonth(month, -1);
    const rows = await query<{ household_id: string; program: string; cur: string | null; prev: string | null }>(db, sql`
      with cur as (select l.household_id, l.program, l.amount_fen from payroll_lines l join payrolls p on p.id = l.payroll_id
                   where p.month = ${month} and l.period = ${month} and l.kind = 'regular' and l.area_code like ${`${actor.areaCode}%`}),
           prv as (select l.household_id, l.program, l.amount_fen from payroll_lines l join payrolls p on p.id = l.payroll_id
                   where p.month = ${prev} and l.period = ${prev} and l.kind = 'regular' and l.area_code like ${`${actor.areaCode}%`})
      select coalesce(cur.household_id, prv.household_id) as household_id, coalesce(cur.program, prv.program) as program,
             cur.amount_fen::text as cur, prv.amount_fen::text as prev
      from cur full outer join prv on cur.household_id = prv.household_id and cur.program = prv.program
      where cur.amount_fen is distinct from prv.amount_fen
      limit 2001`);
    const ids = [...new Set(rows.rows.map((r) => r.household_id))];
    const names = new Map<string, { ledgerKey: string | null; headName: string; areaCode: string }>();
    for (let i = 0; i < ids.length; i += 5000) {
      for (const h of await db.select({ id: households.id, ledgerKey: households.ledgerKey, headName: households.headName, areaCode: households.areaCode }).from(households).where(inArray(households.id, ids.slice(i, i + 5000)))) names.set(h.id, h);
    }
    const out = rows.rows.slice(0, 2000).map((r) => {
      const h = names.get(r.household_id);
      const cur = r.cur === null ? null : fenToYuan(Number(r.cur));
      const was = r.prev === null ? null : fenToYuan(Number(r.prev));
      return { householdId: r.household_id, householdNo: h?.ledgerKey ?? r.household_id, headName: h?.headName ?? '', township: findArea((h?.areaCode ?? '').slice(0, 9))?.name ?? '',
        program: r.program, previousYuan: was, currentYuan: cur, change: was === null ? 'new' : cur === null ? 'stopped' : 'changed' };
    }).sort((a, b) => a.householdNo.localeCompare(b.householdNo) || a.program.localeCompare(b.program));
    return { month, previousMonth: prev, truncated: rows.rows.length > 2000, rows: out };
  });

  app.post('/api/payroll/:month/prepare', { bodyLimit: NO_BODY_LIMIT, preParsing: permissionFirst('payroll.manage'), schema: { tags: ['payments'], summary: '生成（或重新生成）某月发放名册', params: monthParam } }, async (req) => {
    const actor = requirePermission(req, 'payroll.manage');
    return runPayroll(db, { month: checkMonth(req.params.month), area: actor.areaCode, policy: PolicySource.published(db), by: { username: actor.username, via: 'ui' },
      notAfter: latestPreparableMonth() });
  });

  app.post('/api/payroll/:month/withdraw', {
    bodyLimit: NOTE_LIMIT, preParsing: permissionFirst('payroll.manage'),
    schema: { tags: ['payments'], summary: '撤回尚未审批的发放名册（误生成时；须填写原因，留痕）', params: monthParam,
      body: z.object({ reason: plainText('撤回原因', 500, { required: '请填写撤回原因' }) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'payroll.manage');
    return withdrawPayroll(db, checkMonth(req.params.month), actor, req.body.reason);
  });

  app.post('/api/payroll/:month/approve', { bodyLimit: NO_BODY_LIMIT, preParsing: permissionFirst('payroll.manage'), schema: { tags: ['payments'], summary: '审批发放名册（须由生成人以外的县级工作人员）', params: monthParam } }, async (req) => {
    const actor = requirePermission(req, 'payroll.manage');
    return approvePayroll(db, checkMonth(req.params.month), undefined, { username: actor.username, via: 'ui' }, scopeOf(actor));
  });

  app.get('/api/payroll/:month/verify', { schema: { tags: ['payments'], summary: '校验已审批名册是否被改动（逐行哈希）', params: monthParam } }, async (req) => {
    const actor = requirePermission(req, 'payroll.read');
    const r = await verifyPayroll(db, checkMonth(req.params.month), undefined, scopeOf(actor));
    await appendAudit(db, { actor: actor.username, action: 'payroll.verify', target: `payroll:${r.month}`, areaCode: actor.areaCode, detail: { ok: r.ok, problems: r.problems.length } });
    return r;
  });

  app.get('/api/payroll/:month/bank-file', {
    schema: { tags: ['payments'], summary: '下载银行代发文件（已审批月份；每次下载的文件按 SHA-256 留存）', params: monthParam, querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'payroll.manage');
    const f = await issueBankFile(db, files, { month: checkMonth(req.params.month), scope: scopeOf(actor), format: req.query.format, actor: actor.username });
    return reply.header('content-type', f.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX).header('x-content-sha256', f.sha256)
      .header('content-disposition', attachment(`银行代发-${f.month}.${f.format}`)).send(f.bytes);
  });

  app.post('/api/payroll/:month/returns', {
    schema: { tags: ['payments'], summary: '上传银行回盘文件（请求体为文件本身，Content-Type: application/octet-stream）', params: monthParam, querystring: returnsQuery },
    bodyLimit: RETURN_FILE_LIMIT,
    // Role, month and file name are checked before the file is read.
    preParsing: async (req) => {
      requirePermission(req, 'payroll.manage');
      checkMonth((req.params as { month: string }).month);
      if (!returnsQuery.safeParse(req.query).success) throw new AppError('INVALID_INPUT', '请提供回盘文件名（name，不超过 200 字）', 'name');
    },
  }, async (req: FastifyRequest<{ Params: { month: string }; Querystring: { name: string } }>, reply) => {
    const actor = requirePermission(req, 'payroll.manage');
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('EMPTY_FILE', '请上传回盘文件（.xlsx 或 .csv）', 'file');
    const r = await takeReturnFile(db, files, { month: checkMonth(req.params.month), scope: scopeOf(actor), source: { buffer: req.body }, fileName: req.query.name, actor: actor.username });
    if (r.errors.length) {
      const first = r.errors.slice(0, 5).map((e) => (e.row ? `第 ${e.row} 行 ${e.column}：${e.message}` : e.message)).join('；');
      return reply.status(400).send({ error: { code: 'RETURN_FILE_INVALID', message: `回盘文件有 ${r.errors.length} 处错误，未导入：${first}`, path: 'file' }, errors: r.errors });
    }
    return r;
  });

  app.get('/api/payroll/recoveries', { schema: { tags: ['payments'], summary: '追回记录（待审批与已审批）' } }, async (req) => {
    const actor = requirePermission(req, 'payroll.read');
    return { rows: await listRecoveries(db, actor.areaCode) };
  });

  app.post('/api/payroll/recoveries/:id/approve', { bodyLimit: NOTE_LIMIT, preParsing: permissionFirst('payroll.manage'), schema: { tags: ['payments'], summary: '审批追回（须由提出人以外的人）', params: z.object({ id: z.string().max(64) }), body: z.object({ note: z.string().max(500).nullable().optional() }) } }, async (req) => {
    const actor = requirePermission(req, 'payroll.manage');
    await approveRecovery(db, req.params.id, actor, req.body.note ?? null);
    return { ok: true };
  });

  app.get('/api/households/:id/payments', { schema: { tags: ['payments'], summary: '家庭的待遇与发放记录（银行账号脱敏；reveal=1 显示完整账号并记入审计）', params: z.object({ id: z.string().max(64) }), querystring: z.object({ reveal: revealQuery }) } }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    const reveal = accountReveal(actor, req.query.reveal);
    const [h] = await db.select({ id: households.id }).from(households).where(and(eq(households.id, req.params.id), like(households.areaCode, `${actor.areaCode}%`)));
    if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'id', 404);
    const lines = await db.select({ l: payrollLines, month: payrolls.month, status: payrolls.status }).from(payrollLines).innerJoin(payrolls, eq(payrolls.id, payrollLines.payrollId))
      .where(and(eq(payrollLines.householdId, h.id), like(payrollLines.areaCode, `${actor.areaCode}%`))).orderBy(desc(payrolls.month), asc(payrollLines.program), desc(payrollLines.period)).limit(600);
    const entitlements = (await listEntitlements(db, actor.areaCode, h.id, { reveal })).map((e) => ({ ...e, snapshots: e.snapshots.map(({ fromMonth, reason, at }) => ({ fromMonth, reason, at })) }));
    if (reveal) {
      await appendAudit(db, { actor: actor.username, action: 'account.reveal', target: `household:${h.id}`, areaCode: actor.areaCode,
        detail: { lines: lines.map(({ l }) => l.id), entitlements: entitlements.filter((e) => e.bank).map((e) => e.id) } });
    }
    return {
      entitlements,
      payments: lines.map(({ l, month, status }) => ({ ...lineView(l, reveal, null, null), paidIn: month, payrollStatus: status })),
    };
  });

  const reportQuery = z.object({ from: z.string().max(7), to: z.string().max(7) });
  async function report(actor: Actor, from: string, to: string) {
    checkMonth(from, 'from');
    checkMonth(to, 'to');
    if (from > to) throw new AppError('INVALID_RANGE', '起始月份不能晚于结束月份', 'from');
    if (Number(to.slice(0, 4)) * 12 + Number(to.slice(5)) - (Number(from.slice(0, 4)) * 12 + Number(from.slice(5))) > 120) throw new AppError('INVALID_RANGE', '一次最多查询 120 个月', 'to');
    const rows = await query<{ month: string; program: string; township: string; households: number; lines: number; fen: string; back_fen: string }>(db, sql`
      select p.month, l.program, substr(l.area_code, 1, 9) as township, count(distinct l.household_id)::int as households, count(*)::int as lines,
             sum(l.amount_fen)::text as fen, sum(case when l.kind = 'back' then l.amount_fen else 0 end)::text as back_fen
      from payroll_lines l join payrolls p on p.id = l.payroll_id
      where p.status = 'approved' and p.month >= ${from} and p.month <= ${to} and l.area_code like ${`${actor.areaCode}%`}
      group by p.month, l.program, substr(l.area_code, 1, 9) order by 1, 2, 3`);
    return rows.rows.map((r) => ({ month: r.month, program: r.program, townshipCode: r.township, township: findArea(r.township)?.name ?? r.township,
      households: Number(r.households), lines: Number(r.lines), amountYuan: fenToYuan(Number(r.fen)), backPayYuan: fenToYuan(Number(r.back_fen)) }));
  }

  app.get('/api/payments/report', { schema: { tags: ['payments'], summary: '资金发放统计：按月份、救助项目、乡镇（已审批名册）', querystring: reportQuery } }, async (req) => {
    const actor = requirePermission(req, 'payroll.read');
    return { from: req.query.from, to: req.query.to, rows: await report(actor, req.query.from, req.query.to) };
  });

  app.get('/api/payments/report.xlsx', { schema: { tags: ['payments'], summary: '资金发放统计导出 xlsx', querystring: reportQuery } }, async (req, reply) => {
    const actor = requirePermission(req, 'payroll.read');
    const rows = await report(actor, req.query.from, req.query.to);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('资金发放统计');
    ws.addRow(['月份', '救助项目', '乡镇', '乡镇代码', '户数', '笔数', '金额（元）', '其中补发（元）']).font = { bold: true };
    for (const r of rows) ws.addRow([r.month, r.program, r.township, r.townshipCode, r.households, r.lines, r.amountYuan, r.backPayYuan]);
    ws.addRow(['合计', '', '', '', '', rows.reduce((s, r) => s + r.lines, 0), rows.reduce((s, r) => s + Math.round(r.amountYuan * 100), 0) / 100, rows.reduce((s, r) => s + Math.round(r.backPayYuan * 100), 0) / 100]).font = { bold: true };
    [10, 16, 14, 12, 8, 8, 14, 14].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
    ws.getColumn(7).numFmt = '0.00';
    ws.getColumn(8).numFmt = '0.00';
    await appendAudit(db, { actor: actor.username, action: 'payments.report.export', areaCode: actor.areaCode, detail: { from: req.query.from, to: req.query.to, rows: rows.length } });
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`资金发放统计-${req.query.from}-${req.query.to}.xlsx`)).send(Buffer.from(await wb.xlsx.writeBuffer()));
  });
};
