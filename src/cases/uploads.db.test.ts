/**
 * File uploads of the case and citizen routes (issue 15, items 1 and 10): a file body is read only by the
 * route that takes it — decided by the matched route, not by the URL's text — and only after everything
 * that route checks (login, role, area, query, citizen token, rate limit); a refused request leaves no
 * file on disk; a recorded attachment whose file is missing is a 404 in Chinese, not a 500.
 * Bodies are streams that count what the server pulled from them.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';

let database: Database;
let app: FastifyInstance;
let dir: string;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const MB = 1024 * 1024;
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_HEAD = Buffer.from('%PDF-1.4\n');
let caseId: string;

/** A body of `size` bytes starting with `head`, as a stream that counts the bytes the server pulled. */
function counted(size: number, head: Buffer) {
  const pulled = { bytes: 0 };
  const stream = new Readable({
    read() {
      if (pulled.bytes >= size) { this.push(null); return; }
      const n = Math.min(64 * 1024, size - pulled.bytes);
      const chunk = Buffer.alloc(n, 1);
      if (pulled.bytes === 0) head.copy(chunk);
      pulled.bytes += n;
      this.push(chunk);
    },
  });
  return { stream, pulled };
}

async function send(user: string | null, method: string, url: string, size: number, head: Buffer, headers: Record<string, string>) {
  const body = counted(size, head);
  const auth = user ? { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } : {};
  const r = await app.inject({ method: method as 'POST', url, payload: body.stream, headers: { ...auth, 'content-length': String(size), ...headers } });
  return { r, pulled: body.pulled.bytes };
}

/** Every file under the attachment directory (stored files and temporary ones). */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf, ...headers } });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doudi-uploads-test-'));
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  const users = [['county', 'county_admin', '430525'], ['shenji', 'auditor', '430525'], ['jiangkou', 'township_staff', '430525101'],
    ['yulan', 'township_staff', '430525102'], ['cun', 'village_staff', JIANGKOU_VILLAGE]] as const;
  for (const [username, role, areaCode] of users) await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  app = await buildServer(database, { attachmentDir: dir, publicLimits: { apply: 20, status: 20, photo: 20, windowMs: 60_000 } });
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode, r.body).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  expect((await as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' })).statusCode).toBe(201);
  const h = await as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明']));
  expect(h.statusCode, h.body).toBe(201);
  const c = await as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h.json().id, programs: [{ program: '低保' }] });
  expect(c.statusCode, c.body).toBe(201);
  caseId = c.json().id;
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); if (dir) await rm(dir, { recursive: true, force: true }); });

async function citizenApplication() {
  const r = await app.inject({ method: 'POST', url: '/api/public/applications', payload: { name: '赵小红', idNumber: person('1975-06-06'), phone: '13700003333', areaCode: JIANGKOU_VILLAGE, description: '丈夫病重，无收入' } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { number: string; uploadToken: string };
}

describe('file bodies are read only by the route that takes them', () => {
  it('refuses a file body on any other route before reading it, whatever the URL or query says, and writes nothing', async () => {
    const before = await filesOnDisk();
    const tries = [
      // No login: the citizen's status lookup with "/photos" in its query string.
      await send(null, 'POST', '/api/public/status?x=/photos', 4 * MB, PDF_HEAD, { 'content-type': 'application/octet-stream' }),
      // The citizen's application (16 KB of JSON) with a 1 MB photo.
      await send(null, 'POST', '/api/public/applications?x=/photos', MB, PNG_HEAD, { 'content-type': 'image/png' }),
      // An auditor creating a case, "/attachments" in the query.
      await send('shenji', 'POST', '/api/cases?x=/attachments', 64 * 1024, PNG_HEAD, { 'content-type': 'image/png' }),
      // A village user on a case that does not exist, a 9 MB body.
      await send('cun', 'PUT', '/api/cases/nonexistent/bank?/attachments', 9 * MB, PDF_HEAD, { 'content-type': 'application/pdf' }),
    ];
    for (const { r, pulled } of tries) {
      expect(r.statusCode, r.body).toBe(415);
      expect(r.json().error.message).toBe('此接口不接受文件上传');
      expect(pulled).toBeLessThan(MB / 2);
    }
    expect(await filesOnDisk()).toEqual(before);
  });

  it('checks role, area and query of a case attachment before reading the file, and writes nothing for a refusal', async () => {
    const before = await filesOnDisk();
    const url = (q: string) => `/api/cases/${caseId}/attachments?${q}`;
    const refused = [
      [await send('shenji', 'POST', url('kind=photo&name=a.png'), 9 * MB, PNG_HEAD, { 'content-type': 'image/png' }), 403],
      [await send('yulan', 'POST', url('kind=photo&name=a.png'), 9 * MB, PNG_HEAD, { 'content-type': 'image/png' }), 404],
      [await send('jiangkou', 'POST', url('kind=bogus&name=a.png'), 9 * MB, PNG_HEAD, { 'content-type': 'image/png' }), 400],
      [await send('jiangkou', 'POST', url('kind=photo'), 9 * MB, PNG_HEAD, { 'content-type': 'image/png' }), 400],
    ] as const;
    for (const [{ r, pulled }, status] of refused) {
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(pulled).toBeLessThan(MB / 2);
    }
    expect(await filesOnDisk()).toEqual(before);
    // Without a login nothing is read either.
    const anonymous = await send(null, 'POST', url('kind=photo&name=a.png'), 9 * MB, PNG_HEAD, { 'content-type': 'image/png' });
    expect(anonymous.r.statusCode).toBe(401);
    expect(anonymous.pulled).toBeLessThan(MB / 2);

    // The same upload, allowed: stored once under its hash, no temporary file left.
    const ok = await send('jiangkou', 'POST', url('kind=photo&name=a.png'), 2 * MB, PNG_HEAD, { 'content-type': 'image/png' });
    expect(ok.r.statusCode, ok.r.body).toBe(201);
    const sha = ok.r.json().sha256 as string;
    expect(await filesOnDisk()).toEqual([...before, join(dir, sha.slice(0, 2), sha)].sort());
  });

  it('checks the citizen token and the rate limit before reading a photo, and keeps no photo it refuses after reading', async () => {
    const { number, uploadToken } = await citizenApplication();
    const before = await filesOnDisk();
    const url = `/api/public/applications/${number}/photos`;
    const wrongToken = await send(null, 'POST', url, 4 * MB, PNG_HEAD, { 'content-type': 'image/png', 'x-upload-token': 'x'.repeat(30) });
    expect(wrongToken.r.statusCode).toBe(404);
    expect(wrongToken.pulled).toBeLessThan(MB / 2);
    // A PDF is read (its type is known only from its bytes), refused, and removed.
    const pdf = await send(null, 'POST', url, 64 * 1024, PDF_HEAD, { 'content-type': 'application/octet-stream', 'x-upload-token': uploadToken });
    expect(pdf.r.statusCode, pdf.r.body).toBe(415);
    expect(pdf.r.json().error).toMatchObject({ code: 'BAD_FILE_TYPE', message: '只接受 JPG、PNG 照片' });
    expect(await filesOnDisk()).toEqual(before);
    // Two photos racing for the last place: one is kept, the other refused and removed.
    for (let i = 0; i < 2; i++) {
      const up = await send(null, 'POST', url, 1024 + i, PNG_HEAD, { 'content-type': 'image/png', 'x-upload-token': uploadToken });
      expect(up.r.statusCode, up.r.body).toBe(201);
    }
    const kept = await filesOnDisk();
    const racing = await Promise.all([2000, 3000].map((n) => send(null, 'POST', url, n, PNG_HEAD, { 'content-type': 'image/png', 'x-upload-token': uploadToken })));
    expect(racing.map((x) => x.r.statusCode).sort()).toEqual([201, 409]);
    expect((await filesOnDisk()).length).toBe(kept.length + 1);
    expect((await filesOnDisk()).filter((f) => f.includes(`${join(dir, 'tmp')}`))).toEqual([]);
  });

  it('rate-limits photo uploads before reading them', async () => {
    const limited = await buildServer(database, { attachmentDir: dir, publicLimits: { photo: 1, windowMs: 60_000 } });
    try {
      const { number } = await citizenApplication();
      const post = async () => {
        const body = counted(4 * MB, PNG_HEAD);
        const r = await limited.inject({ method: 'POST', url: `/api/public/applications/${number}/photos`, payload: body.stream,
          headers: { 'content-type': 'image/png', 'content-length': String(4 * MB), 'x-upload-token': 'y'.repeat(30) } });
        return { r, pulled: body.pulled.bytes };
      };
      expect((await post()).r.statusCode).toBe(404);
      const second = await post();
      expect(second.r.statusCode).toBe(429);
      expect(second.r.json().error.message).toBe('请求过于频繁，请稍后再试');
      expect(second.pulled).toBeLessThan(MB / 2);
    } finally {
      await limited.close();
    }
  });
});

describe('an attachment whose file is missing', () => {
  it('is a 404 with a Chinese message, not a server error', async () => {
    const up = await send('jiangkou', 'POST', `/api/cases/${caseId}/attachments?kind=other&name=${encodeURIComponent('说明.pdf')}`, 4096, PDF_HEAD, { 'content-type': 'application/pdf' });
    expect(up.r.statusCode, up.r.body).toBe(201);
    const { id, sha256 } = up.r.json();
    expect((await as('jiangkou', 'GET', `/api/cases/${caseId}/attachments/${id}`)).statusCode).toBe(200);
    await rm(join(dir, sha256.slice(0, 2), sha256));
    const r = await as('jiangkou', 'GET', `/api/cases/${caseId}/attachments/${id}`);
    expect(r.statusCode, r.body).toBe(404);
    expect(r.json().error).toEqual({ code: 'FILE_MISSING', message: '附件文件不存在（可能已丢失），请重新上传', path: 'attachmentId' });
  });
});
