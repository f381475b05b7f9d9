/**
 * The Node.js support policy (package.json "engines", README, .ci/run): every locked dependency
 * must run on the oldest Node.js of each line we claim, so `npm ci` prints no EBADENGINE (and, with
 * .npmrc's engine-strict, does not fail). Two dependencies are held back by package.json
 * "overrides" (cookie 1.x, content-disposition 2.x: their newer majors need Node 22); the plugins
 * that use them are exercised here on the running Node.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';

const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } | null };
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The first release of each Node.js line the project supports (README, "Node.js"). */
const OLDEST_SUPPORTED = ['20.19.0', '22.13.0', '24.0.0'];

describe('Node.js support policy', () => {
  it('package.json engines allows Node 20.19+, 22.13+ and 24, and refuses older Node', () => {
    const range = pkg.engines.node;
    for (const v of OLDEST_SUPPORTED) expect(semver.satisfies(v, range), v).toBe(true);
    for (const v of ['18.20.4', '20.18.3', '22.12.0']) expect(semver.satisfies(v, range), v).toBe(false);
    expect(semver.minVersion(range)?.version).toBe('20.19.0');
    expect(semver.satisfies(process.versions.node, range), `running Node ${process.versions.node}`).toBe(true);
  });

  it('every locked dependency supports the oldest Node.js of each supported line (no EBADENGINE)', () => {
    const unsupported: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === '') continue;
      const wants = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!wants) continue;
      for (const v of OLDEST_SUPPORTED) {
        if (!semver.satisfies(v, wants)) unsupported.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${wants}, not ${v}`);
      }
    }
    expect(unsupported).toEqual([]);
  });
});

describe('dependencies held back for Node 20 still work', () => {
  it('@fastify/cookie (cookie 1.x) parses request cookies and writes Set-Cookie with its attributes', async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    app.get('/', (req, reply) => {
      reply.setCookie('sid', 'a b;c', { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 60, secure: true });
      return { got: req.cookies.theme ?? null };
    });
    const res = await app.inject({ method: 'GET', url: '/', cookies: { theme: '深色' } });
    expect(res.json()).toEqual({ got: '深色' });
    expect(res.headers['set-cookie']).toBe('sid=a%20b%3Bc; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Strict');
    expect(res.cookies[0]).toMatchObject({ name: 'sid', value: 'a b;c', httpOnly: true });
    await app.close();
  });

  it('@fastify/static (content-disposition 2.x) sends a download with a Chinese file name', async () => {
    const app = Fastify();
    await app.register(fastifyStatic, { root: new URL('../docs', import.meta.url).pathname, serve: false });
    app.get('/dl', (_req, reply) => reply.download('architecture.md', '架构说明.md'));
    const res = await app.inject({ method: 'GET', url: '/dl' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="????.md"; filename*=UTF-8''%E6%9E%B6%E6%9E%84%E8%AF%B4%E6%98%8E.md`);
    await app.close();
  });
});
