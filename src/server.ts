/**
 * The HTTP app: composes each capability's routes, authenticates every request from its session
 * cookie, checks the CSRF token on state-changing requests, and serves the built web UI.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from './db/connection.ts';
import { trackAbandonedRequests } from './db/requestScope.ts';
import { findSession } from './auth/sessions.ts';
import { authRoutes } from './auth/routes.ts';
import { registryRoutes } from './registry/routes.ts';
import { policyRoutes } from './policy/routes.ts';
import { ledgerRoutes } from './ledger/routes.ts';
import { ExportSlots, EXPORTS_RUNNING, EXPORTS_WAITING } from './ledger/exportSlots.ts';
import { caseRoutes } from './cases/routes.ts';
import { publicCaseRoutes, type PublicRoutesOptions } from './cases/publicRoutes.ts';
import { workflowRoutes } from './workflow/routes.ts';
import { verificationRoutes } from './verification/routes.ts';
import { monitoringRoutes } from './monitoring/routes.ts';
import { paymentRoutes } from './payments/routes.ts';
import { hospitalMayCall, medicalRoutes } from './medical/routes.ts';
import { tekunRoutes } from './tekun/routes.ts';
import { disasterRoutes } from './disaster/routes.ts';
import { employmentRoutes } from './employment/routes.ts';
import { deskRoutes } from './desk/routes.ts';
import { supervisionRoutes } from './supervision/routes.ts';
import { gapRoutes } from './supervision/gapRoutes.ts';
import { errorReply, SESSION_COOKIE } from './http.ts';
import { AppError } from './errors.ts';
import { helmetOptions, openapiDocument, openapiTransform } from './httpSecurity.ts';

export const VERSION = '0.1.0';

const webDist = fileURLToPath(new URL('../web/dist', import.meta.url));

/** The citizen's 掌上办 routes (src/cases/publicRoutes.ts): no session, no cookies read, no CSRF — they act for nobody; rate-limited per route. */
const PUBLIC_PREFIX = '/api/public/';

/** Requests that need no session: these, and everything under PUBLIC_PREFIX. */
const PUBLIC = new (class extends Set<string> {
  override has(url: string) { return url.startsWith(PUBLIC_PREFIX) || super.has(url); }
})(['/api/health', '/api/login']);

export interface ServerOptions {
  logger?: boolean;
  /** The site is served over HTTPS only: Secure cookie always, HSTS (DOUDI_SECURE_COOKIES). Over a trusted proxy, https requests get a Secure cookie anyway. */
  secureCookies?: boolean;
  /** Reverse proxies whose X-Forwarded-Proto/-For headers are believed (DOUDI_TRUST_PROXY); default none. */
  trustProxy?: boolean | string[];
  /** Where ledger uploads are written (the data directory's uploads/); none: a temporary directory removed on close. */
  uploadDir?: string;
  /** Where department feed files are kept, content-addressed (the data directory's feeds/); none: a temporary directory removed on close. */
  feedDir?: string;
  /** Where case attachments are stored, content-addressed (the data directory's attachments/); none: a temporary directory removed on close. */
  attachmentDir?: string;
  /** Where bank files issued and return files taken are kept, content-addressed (the data directory's payments/); none: a temporary directory removed on close. */
  paymentsDir?: string;
  /** Where settlement files uploaded are kept, content-addressed (the data directory's medical/); none: a temporary directory removed on close. */
  medicalDir?: string;
  /** Where 人社's employment-service files are kept, content-addressed (the data directory's employment/); none: a temporary directory removed on close. */
  employmentDir?: string;
  /** The audit chain's anchor file, checked by the audit page's verification too (serve passes it; none: links only). */
  auditAnchorFile?: string | null;
  /** Rate limits of the citizen's routes (tests lower them). */
  publicLimits?: PublicRoutesOptions['limits'];
  /** Registry exports built at once and waiting (default EXPORTS_RUNNING and EXPORTS_WAITING; tests pass their own). */
  exportSlots?: ExportSlots;
}

/** Request bodies are small JSON; only the ledger upload takes a file (up to 50 MB, streamed to disk). */
export const BODY_LIMIT = 1024 * 1024;

export async function buildServer(database: Database, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const { db } = database;
  const app = Fastify({ logger: opts.logger ?? false, trustProxy: opts.trustProxy ?? false, bodyLimit: BODY_LIMIT });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorReply);
  // First hook: queries of a request whose client has gone are not started (src/db/requestScope.ts).
  trackAbandonedRequests(app);
  await app.register(helmet, helmetOptions(opts.secureCookies ?? false));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: openapiDocument(VERSION),
    transform: openapiTransform(PUBLIC),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (req) => {
    const url = req.url.split('?')[0];
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || url.startsWith(PUBLIC_PREFIX)) return;
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const s = await findSession(db, token);
      if (s) { req.user = s.user; req.csrfToken = s.csrfToken; req.sessionToken = token; }
    }
    if (PUBLIC.has(url)) return;
    if (!req.user) throw new AppError('UNAUTHENTICATED', '请先登录', undefined, 401);
    // A hospital's account may settle and read its statements, nothing else of the platform.
    if (req.user.role === 'hospital' && !hospitalMayCall(req.method, url)) throw new AppError('FORBIDDEN', '定点医疗机构账号只能提交一站式结算和查看本院结算单', undefined, 403);
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers['x-csrf-token'] !== req.csrfToken) {
      throw new AppError('CSRF', '请求校验失败（CSRF），请刷新页面后重试', undefined, 403);
    }
  });

  app.get('/api/health', { schema: { tags: ['system'], summary: '健康检查 health' } },
    async () => ({ status: 'ok', database: database.kind, version: VERSION }));

  await app.register(authRoutes(db, opts.secureCookies ?? false));
  await app.register(registryRoutes(db));
  await app.register(policyRoutes(db));
  // One export built at once on either database: its cost is the main thread's (src/ledger/exportSlots.ts).
  const exportSlots = opts.exportSlots ?? new ExportSlots(EXPORTS_RUNNING, EXPORTS_WAITING);
  await app.register(ledgerRoutes(db, { uploadDir: opts.uploadDir, exportSlots }));
  await app.register(caseRoutes(db, { attachmentDir: opts.attachmentDir }));
  await app.register(publicCaseRoutes(db, { attachmentDir: opts.attachmentDir, limits: opts.publicLimits }));
  await app.register(workflowRoutes(db));
  await app.register(verificationRoutes(db, { feedDir: opts.feedDir }));
  await app.register(monitoringRoutes(db, { attachmentDir: opts.attachmentDir }));
  await app.register(paymentRoutes(db, { filesDir: opts.paymentsDir }));
  await app.register(medicalRoutes(db, { medicalDir: opts.medicalDir }));
  await app.register(tekunRoutes(db, { attachmentDir: opts.attachmentDir }));
  await app.register(disasterRoutes(db, { attachmentDir: opts.attachmentDir }));
  await app.register(employmentRoutes(db, { employmentDir: opts.employmentDir }));
  await app.register(gapRoutes(db));
  await app.register(deskRoutes(db, { auditAnchorFile: opts.auditAnchorFile }));
  await app.register(supervisionRoutes(db));

  if (existsSync(webDist)) {
    // Files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: webDist });
    // Client-side routes all load the single page; a missing API route or asset is a plain 404.
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在', path: null } });
      if (req.url.startsWith('/assets/')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '文件不存在', path: null } });
      return reply.sendFile('index.html');
    });
  }
  return app;
}
