/** Shared HTTP plumbing: the authenticated actor on each request, permission checks, error replies. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { can, type Permission } from './auth/roles.ts';
import type { User } from './auth/users.ts';
import { AppError, clientDatabaseError, fieldPath } from './errors.ts';
import type { Actor } from './registry/store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    csrfToken?: string;
    sessionToken?: string;
  }
}

export const SESSION_COOKIE = 'doudi_session';

export function actorOf(req: FastifyRequest): Actor {
  const u = req.user;
  if (!u) throw new AppError('UNAUTHENTICATED', '请先登录', undefined, 401);
  return { username: u.username, role: u.role as Actor['role'], areaCode: u.areaCode };
}

/** The actor, after checking the role has the permission. */
export function requirePermission(req: FastifyRequest, permission: Permission): Actor {
  const actor = actorOf(req);
  if (!can(actor.role, permission)) throw new AppError('FORBIDDEN', '您的角色无权执行此操作', undefined, 403);
  return actor;
}

export function errorReply(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    return reply.status(err.status).send({ error: { code: err.code, message: err.message, path: err.path ?? null } });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issue = err.validation[0];
    const path = fieldPath(issue.instancePath.split('/').filter(Boolean));
    return reply.status(400).send({ error: { code: 'INVALID_INPUT', message: issue.message, path: path || null } });
  }
  const dbError = clientDatabaseError(err);
  if (dbError) {
    // Validation should have caught it first: logged, so the gap gets fixed.
    req.log.warn({ err }, 'database refused client input');
    return reply.status(dbError.status).send({ error: { code: dbError.code, message: dbError.message, path: dbError.path ?? null } });
  }
  const e = err as { statusCode?: number; message?: string; code?: string };
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return reply.status(400).send({ error: { code: 'INVALID_JSON', message: '请求内容不是有效的 JSON', path: null } });
  }
  if (e.statusCode === 429) return reply.status(429).send({ error: { code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试', path: null } });
  if (e.statusCode === 413) return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大，超过了此接口允许的大小', path: null } });
  if (e.statusCode === 415) return reply.status(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求内容类型（Content-Type）', path: null } });
  if (e.statusCode && e.statusCode < 500) {
    return reply.status(e.statusCode).send({ error: { code: 'BAD_REQUEST', message: `请求无效：${e.message}`, path: null } });
  }
  req.log.error(err);
  return reply.status(500).send({ error: { code: 'INTERNAL', message: '系统内部错误，请稍后重试或联系管理员', path: null } });
}
