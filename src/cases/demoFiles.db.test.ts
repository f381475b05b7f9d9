/**
 * The demo county writes the files its cases reference (issue 15, item 10): the demo's 核对授权书 used
 * to be a hash with no file, and opening it from the case page was a 500. Seeded as on a first start,
 * with the server's attachment directory.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { DEMO_LOGINS } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { seedDemoCounty } from '../serveCommand.ts';
import { openTestDatabase } from '../test-support/db.ts';

let database: Database;
let app: FastifyInstance;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doudi-demo-attachments-'));
  database = await openTestDatabase();
  await seedDemoCounty(database.db, 300, undefined, undefined, dir);
  app = await buildServer(database, { attachmentDir: dir });
}, 120_000);
afterAll(async () => { await app?.close(); await database?.close(); if (dir) await rm(dir, { recursive: true, force: true }); });

describe('demo county files', () => {
  it('serves the demo case\'s 核对授权书 as the PDF whose hash the case records', async () => {
    const admin = DEMO_LOGINS.find((l) => l.username === 'admin')!;
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: admin.username, password: admin.password } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = `doudi_session=${login.cookies[0].value}`;
    const list = await app.inject({ method: 'GET', url: '/api/cases?pageSize=100', headers: { cookie } });
    const found: { caseId: string; id: string; sha256: string; kind: string }[] = [];
    for (const c of list.json().rows as { id: string }[]) {
      const page = (await app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: { cookie } })).json();
      for (const a of page.attachments as { id: string; sha256: string; kind: string }[]) found.push({ caseId: c.id, ...a });
    }
    const authorization = found.filter((a) => a.kind === 'authorization');
    expect(authorization).toHaveLength(1);
    for (const a of found) {
      const file = await app.inject({ method: 'GET', url: `/api/cases/${a.caseId}/attachments/${a.id}`, headers: { cookie } });
      expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
      expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(a.sha256);
    }
    const pdf = await app.inject({ method: 'GET', url: `/api/cases/${authorization[0].caseId}/attachments/${authorization[0].id}`, headers: { cookie } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
