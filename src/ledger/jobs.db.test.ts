/**
 * Uploads of the import page: streamed to files on disk (never a Buffer held for an hour), at most
 * three per user, deleted when imported, expired, displaced or the server stops; request bodies
 * limited per route (50 MB for a ledger, 1 MB elsewhere) with Chinese messages (issue 11, item 10).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { seedAreas } from '../registry/seed.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { JIANGKOU_VILLAGE, person, villageStaff } from '../test-support/fixtures.ts';
import { buildServer } from '../server.ts';
import { LedgerJobs, MAX_UPLOAD_BYTES, type Job } from './jobs.ts';

let database: Database;
let app: FastifyInstance;
let root: string;
let uploadDir: string;
const PASSWORD = 'Upload-测试-2026-jobs';
const sessions: Record<string, { cookie: string; csrf: string }> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'doudi-jobs-test-'));
  uploadDir = join(root, 'uploads');
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  for (const [username, role] of [['cun1', 'village_staff'], ['cun2', 'village_staff'], ['cun3', 'village_staff'], ['cun4', 'village_staff'], ['audit', 'auditor']] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode: role === 'auditor' ? '430525' : JIANGKOU_VILLAGE }, 'test');
  }
  app = await buildServer(database, { uploadDir });
  for (const username of ['cun1', 'cun2', 'cun3', 'cun4', 'audit']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const ledger = (key: string) => Buffer.from(`户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码\n${key},上传户,${person('1970-05-05')},户主,农村,${JIANGKOU_VILLAGE}\n`);
const files = (dir = uploadDir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.upload')) : []);
const auth = (user: string) => ({ cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf });
const upload = (user: string, payload: Buffer | Readable, extra: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/ledger/jobs?name=a.csv', payload, headers: { ...auth(user), 'content-type': 'application/octet-stream', ...extra } });
async function finished(user: string, id: string) {
  for (;;) {
    const r = await app.inject({ url: `/api/ledger/jobs/${id}`, headers: auth(user) });
    if (r.statusCode !== 200 || !['checking', 'importing'].includes(r.json().status)) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
}
async function until(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((res) => setTimeout(res, 10));
  expect(condition()).toBe(true);
}
/** Ends every upload and waits for every check, so each test leaves the user with no job running. */
async function settle(user: string, ids: string[]) { for (const id of ids) await finished(user, id); }

describe('ledger uploads on disk', () => {
  it('writes an upload to a file in the upload directory and deletes the file once imported', async () => {
    const r = await upload('cun1', ledger('DISK-1'));
    expect(r.statusCode).toBe(202);
    const job = (await finished('cun1', r.json().id)).json();
    expect(job.errorsShown).toEqual([]);
    expect(job.status).toBe('checked');
    expect(job).not.toHaveProperty('path');
    expect(files()).toHaveLength(1);
    const commit = await app.inject({ method: 'POST', url: `/api/ledger/jobs/${job.id}/commit`, payload: {}, headers: auth('cun1') });
    expect(commit.statusCode).toBe(200);
    expect((await finished('cun1', job.id)).json().status).toBe('imported');
    await until(() => files().length === 0);
  });

  it('keeps a failed check\'s file for its error report, which is streamed', async () => {
    const r = await upload('cun1', Buffer.from('户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码\nBAD,坏行,123,户主,农村,430525102201\n'));
    const job = (await finished('cun1', r.json().id)).json();
    expect(job.status).toBe('failed');
    const report = await app.inject({ url: `/api/ledger/jobs/${job.id}/report.xlsx`, headers: auth('cun1') });
    expect(report.statusCode).toBe(200);
    expect(report.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a fourth upload with 429 while three are still arriving, and takes it once they are done', async () => {
    const before = files().length;
    const bodies = [new PassThrough(), new PassThrough(), new PassThrough()];
    const pending = bodies.map((b) => upload('cun2', b));
    for (const b of bodies) b.write(ledger('HOLD').subarray(0, 20));
    await until(() => files().length === before + 3);
    const fourth = await upload('cun2', ledger('FOURTH'));
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error).toMatchObject({ code: 'TOO_MANY_JOBS', message: expect.stringMatching(/您已有 3 个台账正在上传、校验或导入/), path: 'file' });
    expect(files()).toHaveLength(before + 3);
    // Another user is not held back by cun2's uploads.
    const other = await upload('cun3', ledger('OTHER'));
    expect(other.statusCode).toBe(202);
    bodies.forEach((b, i) => b.end(ledger(`HOLD${i}`).subarray(20)));
    const done = await Promise.all(pending);
    expect(done.map((d) => d.statusCode)).toEqual([202, 202, 202]);
    await settle('cun2', done.map((d) => d.json().id));
    await settle('cun3', [other.json().id]);
  });

  it('lets a new upload displace the user\'s oldest finished job, whose file is deleted', async () => {
    const before = files().length;
    const ids: string[] = [];
    for (const key of ['D1', 'D2', 'D3', 'D4']) {
      const r = await upload('cun4', ledger(key));
      expect(r.statusCode).toBe(202);
      ids.push(r.json().id);
      expect((await finished('cun4', r.json().id)).json().status).toBe('checked');
    }
    expect((await app.inject({ url: `/api/ledger/jobs/${ids[0]}`, headers: auth('cun4') })).statusCode).toBe(404);
    for (const id of ids.slice(1)) expect((await app.inject({ url: `/api/ledger/jobs/${id}`, headers: auth('cun4') })).statusCode).toBe(200);
    await until(() => files().length === before + 3);
  });

  it('refuses an upload over 50 MB with 413 in Chinese, declared or streamed, and keeps no file', async () => {
    const before = files().length;
    const declared = await upload('cun3', Buffer.from('x'), { 'content-length': String(MAX_UPLOAD_BYTES + 1) });
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('不能超过 50 MB'), path: 'file' });
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    const streamed = await upload('cun3', Readable.from((function* () { for (let i = 0; i <= 50; i++) yield mb; })()));
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().error.message).toContain('不能超过 50 MB');
    await until(() => files().length === before);
  });

  it('checks the role and the file name before reading the body', async () => {
    const before = files().length;
    const forbidden = await upload('audit', ledger('AUD'));
    expect(forbidden.statusCode).toBe(403);
    const wrongKind = await app.inject({ method: 'POST', url: '/api/ledger/jobs?name=a.xls', payload: ledger('XLS'), headers: { ...auth('cun3'), 'content-type': 'application/octet-stream' } });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.path).toBe('name');
    const empty = await upload('cun3', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'EMPTY_FILE', message: '上传的文件是空的' });
    await until(() => files().length === before);
  });
});

describe('request bodies', () => {
  it('refuses a 2 MB JSON body to /api/login with 413 in Chinese', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }), headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/请求内容过大/) });
  });

  it('refuses an unknown content type with 415 in Chinese, and a ledger sent as text', async () => {
    const xml = await upload('cun3', Buffer.from('<a/>'), { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.message).toMatch(/不支持的请求内容类型/);
    const text = await upload('cun3', ledger('TXT'), { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.message).toContain('application/octet-stream');
  });
});

describe('LedgerJobs', () => {
  const waitFor = async (job: Job) => { while (job.status === 'checking' || job.status === 'importing') await new Promise((r) => setTimeout(r, 10)); };
  const receive = async (jobs: LedgerJobs, key: string) => {
    const u = jobs.reserve(villageStaff);
    await jobs.receive(u, Readable.from([ledger(key)]), 0);
    const job = jobs.start(villageStaff, u, 'a.csv');
    await waitFor(job);
    return job;
  };

  it('deletes expired jobs\' files and files an earlier run left behind, on its sweep', async () => {
    const dir = join(root, 'sweep');
    const jobs = await LedgerJobs.open(database.db, { dir });
    try {
      const job = await receive(jobs, 'SWEEP');
      const leftover = join(dir, 'left-by-a-crash.upload');
      writeFileSync(leftover, 'x');
      const old = new Date(Date.now() - 2 * 3600_000);
      utimesSync(leftover, old, old);
      const young = join(dir, 'young.upload');
      writeFileSync(young, 'x');
      await jobs.sweep();
      expect(files(dir).sort()).toEqual([job.path!.slice(dir.length + 1), 'young.upload'].sort());
      await jobs.sweep(Date.now() + 2 * 3600_000);
      expect(files(dir)).toEqual([]);
      expect(() => jobs.get(villageStaff, job.id)).toThrow(/不存在或已过期/);
    } finally {
      await jobs.close();
    }
  });

  it('removes its temporary directory on close, and every file it holds in a given one', async () => {
    const temp = await LedgerJobs.open(database.db);
    await receive(temp, 'TEMP');
    expect(files(temp.dir)).toHaveLength(1);
    await temp.close();
    expect(existsSync(temp.dir)).toBe(false);

    const dir = join(root, 'kept');
    const kept = await LedgerJobs.open(database.db, { dir });
    await receive(kept, 'KEPT');
    await kept.close();
    expect(existsSync(dir)).toBe(true);
    expect(files(dir)).toEqual([]);
  });
});
