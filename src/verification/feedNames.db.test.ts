/**
 * A feed's file name is free text like any other: control, zero-width and bidi characters are refused
 * (400, Chinese message) before the body is read, nothing is recorded and nothing stays on disk; the
 * command line's loader refuses them too.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { feedFiles } from './schema.ts';
import { createUser } from '../auth/users.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { FeedFileError, loadFeed } from './feeds.ts';

let database: Database;
let app: FastifyInstance;
const dir = mkdtempSync(join(tmpdir(), 'doudi-feednames-'));
const PASSWORD = 'Shiqiao-Dengta-5271';
let session: { cookie: string; csrf: string };
const CSV = '身份证号,姓名,单位,月工资\n';

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await createUser(database.db, { username: 'county', displayName: 'county', password: PASSWORD, role: 'county_admin', areaCode: '430525' }, 'test');
  app = await buildServer(database, { feedDir: dir });
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'county', password: PASSWORD } });
  session = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
});
afterAll(async () => { await app?.close(); await database?.close(); rmSync(dir, { recursive: true, force: true }); });

const upload = (name: string) => app.inject({ method: 'POST', url: `/api/feeds?name=${encodeURIComponent(name)}&source=wage&period=2024-10`, payload: Buffer.from(CSV),
  headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/octet-stream' } });
const filesOnDisk = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);

const BAD_NAMES: [string, string][] = [
  ['a right-to-left override', '工资\u202Evsc.csv'],
  ['a left-to-right isolate', '工资\u2066.csv'],
  ['a zero-width space', '工\u200B资.csv'],
  ['a bell', '工资\u0007.csv'],
  ['a line break', '工资\n伪造行.csv'],
  ['a NUL', '工资\u0000.csv'],
];

describe('feed file names', () => {
  it.each(BAD_NAMES)('refuses a name with %s: 400 in Chinese, nothing recorded, nothing left on disk', async (_what, name) => {
    const audits = (await database.db.select().from(auditLog)).length;
    const r = await upload(name);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error).toMatchObject({ path: 'name', message: expect.stringContaining('控制字符或不可见字符') });
    expect(await database.db.select().from(feedFiles)).toEqual([]);
    expect((await database.db.select().from(auditLog)).length).toBe(audits);
    expect(filesOnDisk()).toEqual([]);
  });

  it.each(BAD_NAMES)('the loader used by the command line refuses a name with %s too', async (_what, name) => {
    const path = join(dir, 'cli.csv');
    writeFileSync(path, CSV);
    const e = await loadFeed(database.db, { path, fileName: name, source: 'wage', period: '2024-10', actor: 'county', areaCode: '430525', dir: join(dir, 'store') }).catch((x: unknown) => x);
    rmSync(path);
    expect(e).toBeInstanceOf(FeedFileError);
    expect(e).toMatchObject({ path: 'name', message: expect.stringContaining('控制字符或不可见字符') });
    expect(await database.db.select().from(feedFiles)).toEqual([]);
  });

  it('loads a feed with a plain Chinese name', async () => {
    const r = await upload('2024年10月 工资（江口镇）.csv');
    expect(r.statusCode, r.body).toBe(200);
    expect((await database.db.select().from(feedFiles)).map((f) => f.fileName)).toEqual(['2024年10月 工资（江口镇）.csv']);
  });
});
