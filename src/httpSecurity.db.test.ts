/**
 * Deployment defaults of the HTTP layer: security headers and the CSP, Secure cookies behind HTTPS
 * (configured, or told by a trusted proxy), and an OpenAPI document that says how to authenticate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from './db/connection.ts';
import { createUser } from './auth/users.ts';
import { seedAreas } from './registry/seed.ts';
import { buildServer } from './server.ts';
import { openTestDatabase } from './test-support/db.ts';
import { httpsSettingsFromEnv } from './httpSecurity.ts';

const PASSWORD = 'Baiyun-Sifang-8264';
let database: Database;
let plain: FastifyInstance;
let secure: FastifyInstance;
let proxied: FastifyInstance;

const login = (app: FastifyInstance, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/login', payload: { username: 'headers', password: PASSWORD }, headers });

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await createUser(database.db, { username: 'headers', displayName: 'headers', password: PASSWORD, role: 'county_admin', areaCode: '430525' }, 'test');
  plain = await buildServer(database);
  secure = await buildServer(database, { secureCookies: true });
  proxied = await buildServer(database, { trustProxy: ['127.0.0.1'] });
});
afterAll(async () => { await plain?.close(); await secure?.close(); await proxied?.close(); await database?.close(); });

describe('security headers', () => {
  it('sends a Content-Security-Policy and the other helmet headers, on success and on errors', async () => {
    for (const r of [await plain.inject({ url: '/api/health' }), await plain.inject({ url: '/api/households' })]) {
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('sends HSTS and upgrade-insecure-requests only when the site is configured as HTTPS', async () => {
    const r = await plain.inject({ url: '/api/health' });
    expect(r.headers['strict-transport-security']).toBeUndefined();
    expect(r.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const s = await secure.inject({ url: '/api/health' });
    expect(s.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(s.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('covers the API documentation pages too', async () => {
    for (const url of ['/api/docs/', '/api/docs/static/swagger-initializer.js']) {
      const r = await plain.inject({ url });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });
});

describe('secure cookies', () => {
  const cookieOf = (r: Awaited<ReturnType<typeof login>>) => String(r.headers['set-cookie']);

  it('are not Secure on plain HTTP by default (the demo on localhost works)', async () => {
    const r = await login(plain);
    expect(r.statusCode).toBe(200);
    expect(cookieOf(r)).not.toMatch(/;\s*Secure/i);
  });

  it('are always Secure when DOUDI_SECURE_COOKIES is set', async () => {
    expect(cookieOf(await login(secure))).toMatch(/;\s*Secure/i);
  });

  it('are Secure when a trusted proxy says the request came over HTTPS, and only then', async () => {
    expect(cookieOf(await login(proxied, { 'x-forwarded-proto': 'https' }))).toMatch(/;\s*Secure/i);
    expect(cookieOf(await login(proxied, { 'x-forwarded-proto': 'http' }))).not.toMatch(/;\s*Secure/i);
    // An untrusted client cannot claim HTTPS (nor anything else) through the header.
    expect(cookieOf(await login(plain, { 'x-forwarded-proto': 'https' }))).not.toMatch(/;\s*Secure/i);
  });

  it('are configured from DOUDI_SECURE_COOKIES and DOUDI_TRUST_PROXY', () => {
    expect(httpsSettingsFromEnv({})).toEqual({ secureCookies: false, trustProxy: false });
    expect(httpsSettingsFromEnv({ DOUDI_SECURE_COOKIES: '1', DOUDI_TRUST_PROXY: 'true' })).toEqual({ secureCookies: true, trustProxy: true });
    expect(httpsSettingsFromEnv({ DOUDI_SECURE_COOKIES: '0', DOUDI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' })).toEqual({ secureCookies: false, trustProxy: ['127.0.0.1', '10.0.0.0/8'] });
  });
});

describe('OpenAPI document', () => {
  let spec: { components: { securitySchemes: Record<string, Record<string, string>> }; security: unknown; info: { description: string }; paths: Record<string, Record<string, { security?: unknown; responses: Record<string, { description: string; content?: { 'application/json': { schema: { properties: Record<string, unknown> } } } }> }>> };
  beforeAll(async () => { spec = (await plain.inject({ url: '/api/docs/json' })).json(); });

  it('describes the session cookie and the x-csrf-token header, applied globally', () => {
    expect(spec.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'doudi_session' });
    expect(spec.components.securitySchemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    expect(spec.security).toEqual([{ session: [], csrf: [] }]);
    expect(spec.info.description).toContain('x-csrf-token');
    expect(spec.paths['/api/health'].get.security).toEqual([]);
    expect(spec.paths['/api/households'].get.security).toEqual([{ session: [] }]);
    expect(spec.paths['/api/households'].post.security).toEqual([{ session: [], csrf: [] }]);
  });

  it('documents what login returns, and the common error shape', async () => {
    const login200 = spec.paths['/api/login'].post.responses['200'].content!['application/json'].schema;
    expect(Object.keys(login200.properties).sort()).toEqual(['csrfToken', 'permissions', 'roleLabel', 'user']);
    const body = (await login(plain)).json();
    expect(Object.keys(body).sort()).toEqual(Object.keys(login200.properties).sort());
    expect(Object.keys(body.user).sort()).toEqual(['areaCode', 'department', 'displayName', 'id', 'role', 'username']);
    expect(spec.paths['/api/login'].post.responses['401'].content!['application/json'].schema.properties.error).toBeDefined();
    for (const status of ['400', '401', '403', '404', '409']) {
      const r = spec.paths['/api/households/{id}'].put.responses[status];
      expect(r.description.length).toBeGreaterThan(5);
      expect(Object.keys((r.content!['application/json'].schema.properties.error as { properties: object }).properties)).toEqual(['code', 'message', 'path']);
    }
  });
});
