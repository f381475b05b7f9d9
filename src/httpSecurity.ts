/**
 * Deployment settings of the HTTP layer that are about security: the response headers (helmet and
 * its Content-Security-Policy), HTTPS behind a reverse proxy, and how the OpenAPI document describes
 * authentication and errors. Kept apart from server.ts so the policy reads in one place.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from './http.ts';

/** Settings read from the environment by `doudi serve` (README, 配置). */
export interface HttpsSettings {
  /** Always mark the session cookie Secure and send HSTS (DOUDI_SECURE_COOKIES=1): the site is served over HTTPS only. */
  secureCookies: boolean;
  /** Reverse proxies whose X-Forwarded-Proto/-For are believed (DOUDI_TRUST_PROXY): `true` or a comma-separated list of addresses/CIDRs. */
  trustProxy: boolean | string[];
}

export function httpsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): HttpsSettings {
  const yes = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
  const proxy = env.DOUDI_TRUST_PROXY?.trim();
  return {
    secureCookies: yes(env.DOUDI_SECURE_COOKIES),
    trustProxy: !proxy || /^(0|false|no|off)$/i.test(proxy) ? false : yes(proxy) ? true : proxy.split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/**
 * Security headers. The CSP allows what the built UI and the API docs need and nothing else: scripts
 * only from this origin (Vite's build has no inline script); inline styles, which Ant Design's CSS-in-JS
 * and Swagger UI write; images from data:/blob: (icons, chart downloads). `https` adds HSTS and
 * upgrade-insecure-requests, which would break a plain-HTTP installation.
 */
export function helmetOptions(https: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
  };
}

const errorSchema = (description: string) => ({
  description,
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'path'],
      properties: {
        code: { type: 'string', description: '稳定的错误代码 stable code, e.g. INVALID_INPUT, UNAUTHENTICATED, CSRF, OUT_OF_SCOPE, NOT_FOUND' },
        message: { type: 'string', description: '给用户看的中文说明 message for the user, in Chinese' },
        path: { type: 'string', nullable: true, description: '出错字段的路径 field path, e.g. members[1].idNumber; null when not about one field' },
      },
    },
  },
});

const ERRORS = {
  400: errorSchema('输入有误 invalid input: the field path says where'),
  401: errorSchema('未登录或会话已过期 not logged in (no or expired session cookie)'),
  403: errorSchema('无权限、越出管辖范围或 CSRF 校验失败 forbidden: role, area scope, or missing x-csrf-token'),
  404: errorSchema('不存在或不在您的管辖范围内 not found, or outside your area'),
  409: errorSchema('与现有数据冲突 conflict with stored data (duplicate, or changed by someone else)'),
};
const LOGIN_ERRORS = {
  400: ERRORS[400],
  401: errorSchema('用户名或密码错误，或账号已锁定/停用（仅在密码正确时说明） wrong credentials; locked/disabled is said only to the right password'),
  429: errorSchema('登录过于频繁 too many login attempts from this address'),
};

const AUTH_HELP = `
## 认证 Authentication
1. \`POST /api/login\` with \`{"username","password"}\` sets the httpOnly session cookie \`${SESSION_COOKIE}\` and returns \`csrfToken\` (also returned by \`GET /api/me\`).
2. Send the cookie on every request; on every request that is not GET/HEAD also send the header \`x-csrf-token: <csrfToken>\`.
3. Every error is \`{"error": {"code", "message", "path"}}\`: a stable code, a Chinese message, and the field path (or null).

登录后浏览器自动携带会话 Cookie；所有非 GET 请求须带 \`x-csrf-token\` 请求头（值取自登录或 /api/me 的 csrfToken）。`;

/** The OpenAPI document's top: security schemes applied to every operation unless it says otherwise. */
export function openapiDocument(version: string) {
  return {
    info: { title: '兜底 Doudi API', description: `社会救助与防返贫监测帮扶平台接口\n${AUTH_HELP}`, version },
    components: {
      securitySchemes: {
        session: { type: 'apiKey' as const, in: 'cookie' as const, name: SESSION_COOKIE, description: '会话 Cookie，由 POST /api/login 设置 session cookie set by POST /api/login' },
        csrf: { type: 'apiKey' as const, in: 'header' as const, name: 'x-csrf-token', description: 'CSRF 令牌：POST /api/login 与 GET /api/me 返回的 csrfToken，非 GET 请求必带 required on every non-GET request' },
      },
    },
    security: [{ session: [], csrf: [] }],
  };
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/**
 * zod → JSON schema for each route, then the route's security (none for public routes, only the
 * cookie for reads) and the shared error responses.
 */
export function openapiTransform(publicRoutes: Set<string>) {
  return (doc: TransformInput) => {
    const out = jsonSchemaTransform(doc);
    const schema = out.schema as Record<string, unknown> | undefined;
    if (!schema || schema.hide) return out;
    const methods = ([] as string[]).concat(doc.route.method as string | string[]);
    const isPublic = publicRoutes.has(doc.url);
    const readOnly = methods.every((m) => m === 'GET' || m === 'HEAD');
    const security = isPublic ? [] : readOnly ? [{ session: [] }] : [{ session: [], csrf: [] }];
    const errors = doc.url === '/api/login' ? LOGIN_ERRORS : isPublic ? {} : ERRORS;
    return { ...out, schema: { ...schema, security, response: { ...errors, ...(schema.response as object | undefined) } } };
  };
}
