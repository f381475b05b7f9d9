/** Login, logout, the current user and user administration (the audit log's routes are in desk/routes.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, eq, like } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { users } from './schema.ts';
import { actorOf, requirePermission, SESSION_COOKIE } from '../http.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import { DEPARTMENTS, ROLE_NAMES, ROLES, SCOPE_LENGTH, type Role } from './roles.ts';
import { createSession, endSession, SESSION_HOURS } from './sessions.ts';
import { checkLogin, createUser, publicUser, setUserDisabled, type User } from './users.ts';
import { isWithin } from '../domain/areas.ts';

/** What /api/login and /api/me return; the schema documents it and keeps anything else (hashes, counters) out. */
const meSchema = z.object({
  user: z.object({ id: z.number().int(), username: z.string(), displayName: z.string(), role: z.string(), department: z.string().nullable(), areaCode: z.string() }),
  csrfToken: z.string().describe('每个非 GET 请求须在 x-csrf-token 请求头中带上此值 send as the x-csrf-token header on every non-GET request'),
  permissions: z.array(z.string()),
  roleLabel: z.string(),
});

function me(u: User, csrfToken: string): z.infer<typeof meSchema> {
  const { id, username, displayName, role, department, areaCode } = u;
  return { user: { id, username, displayName, role, department, areaCode }, csrfToken, permissions: [...ROLES[u.role as Role].permissions], roleLabel: ROLES[u.role as Role].label };
}

export const authRoutes = (db: Db, secureCookies: boolean): FastifyPluginAsyncZod => async (app) => {
  app.post('/api/login', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: '登录 log in',
      description: '成功时设置 httpOnly 会话 Cookie doudi_session，并返回 csrfToken。Sets the session cookie doudi_session and returns csrfToken.',
      body: z.object({ username: z.string().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(200) }),
      response: { 200: meSchema },
    },
  }, async (req, reply) => {
    const r = await checkLogin(db, req.body.username, req.body.password);
    if (!r.ok) throw new AppError(r.code, r.message, undefined, 401);
    const { token, csrfToken } = await createSession(db, r.user.id);
    await appendAudit(db, { actor: r.user.username, action: 'auth.login', target: `user:${r.user.id}`, areaCode: r.user.areaCode, detail: { ip: req.ip } });
    // Secure when configured, or when this request came over HTTPS (directly or through a trusted proxy).
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: secureCookies || req.protocol === 'https', path: '/', maxAge: SESSION_HOURS * 3600 });
    return me(r.user, csrfToken);
  });

  app.post('/api/logout', { schema: { tags: ['auth'], summary: '退出 log out' } }, async (req, reply) => {
    if (req.sessionToken) await endSession(db, req.sessionToken);
    if (req.user) await appendAudit(db, { actor: req.user.username, action: 'auth.logout', target: `user:${req.user.id}`, areaCode: req.user.areaCode, detail: {} });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/me', { schema: { tags: ['auth'], summary: '当前用户 current user (and the csrfToken)', response: { 200: meSchema } } }, async (req) => {
    actorOf(req);
    return me(req.user!, req.csrfToken!);
  });

  app.get('/api/users', { schema: { tags: ['users'], summary: '用户列表 users in scope' } }, async (req) => {
    const actor = requirePermission(req, 'users.manage');
    const rows = await db.select().from(users).where(like(users.areaCode, `${actor.areaCode}%`)).orderBy(asc(users.id));
    return { rows: rows.map(publicUser), roles: ROLE_NAMES.map((r) => ({ value: r, label: ROLES[r].label, scopeLength: SCOPE_LENGTH[r] })), departments: DEPARTMENTS };
  });

  app.post('/api/users', {
    schema: {
      tags: ['users'], summary: '新建用户 create a user',
      body: z.object({
        username: z.string().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为 3-32 位字母、数字、下划线、点或连字符'),
        displayName: z.string().trim().min(1, '请填写姓名或单位').max(50),
        password: z.string().max(200),
        role: z.enum(ROLE_NAMES as [Role, ...Role[]], { error: '角色无效' }),
        department: z.string().max(50).nullable().optional(),
        areaCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '管辖范围应为 6、9 或 12 位区划代码'),
      }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'users.manage');
    if (!isWithin(req.body.areaCode, actor.areaCode)) throw new AppError('OUT_OF_SCOPE', '只能在您的管辖范围内创建用户', 'areaCode', 403);
    return createUser(db, req.body, actor.username);
  });

  app.post('/api/users/:id/:action', {
    schema: { tags: ['users'], summary: '停用/启用用户 disable or enable', params: z.object({ id: z.coerce.number().int(), action: z.enum(['disable', 'enable']) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'users.manage');
    const [target] = await db.select().from(users).where(and(eq(users.id, req.params.id), like(users.areaCode, `${actor.areaCode}%`)));
    if (!target) throw new AppError('NOT_FOUND', '用户不存在或不在您的管辖范围内', 'id', 404);
    if (target.username === actor.username) throw new AppError('SELF', '不能停用自己的账号', 'id');
    return setUserDisabled(db, target.id, req.params.action === 'disable', actor.username);
  });
};
