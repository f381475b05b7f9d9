/** The policy form through the API: the current version as a form in words, bad input refused with a Chinese message at its field and nothing published. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { policyVersions } from './schema.ts';

const demo = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const PASSWORD = 'Shiqiao-Dengta-5271';
let database: Database;
let app: FastifyInstance;
let session: { cookie: string; csrf: string };

const as = (method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, payload, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await createUser(database.db, { username: 'county', displayName: 'county', password: PASSWORD, role: 'county_admin', areaCode: '430525' }, 'test');
  app = await buildServer(database);
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'county', password: PASSWORD } });
  session = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  expect((await as('POST', '/api/policy/publish', { yaml: demo, note: '首次发布' })).statusCode).toBe(201);
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('the policy form through the API', () => {
  it('gives the current version as a form with its sources in words, and the catalogue in Chinese', async () => {
    const r = (await as('GET', '/api/policy')).json();
    expect(r.form.parameters['dibao.standard.rural']).toMatchObject({ dated: [['2024-01-01', 420], ['2024-07-01', 450]], sourceText: '演示值', text: '2024-01-01 起 420 元/人/月；2024-07-01 起 450 元/人/月' });
    expect(r.catalogue.find((p: { name: string }) => p.name === 'general.rounding')).toMatchObject({ label: '计算结果取整单位', defaultText: '分', defaultSource: '县自定' });
    expect(r.programs.dibao).toBe('最低生活保障（低保）');
  });

  it('refuses bad input with a Chinese message at its field, and publishes nothing', async () => {
    const form = (await as('GET', '/api/policy')).json().form;
    const clean = { id: form.id, name: form.name, jurisdiction: form.jurisdiction, parameters: { 'dibao.standard.rural': { value: 450 }, 'dibao.standard.urban': { value: 630 } } };
    const before = (await database.db.select().from(policyVersions)).length;
    const cases: [object, string, string][] = [
      [{ pack: { ...clean, parameters: { ...clean.parameters, 'dibao.surcharge.elderly': { value: 20 } } }, note: '有误' }, 'parameters.dibao.surcharge.elderly', '老年人分类施保比例：应为0 到 1 之间的比例（如 0.2 或 1/3；20% 写作 0.2），实际为 20'],
      [{ pack: { ...clean, parameters: { ...clean.parameters, 'x: 1\njurisdiction': { value: 1 } } }, note: '注入' }, 'pack.parameters', '参数名称应为参数目录中的名称'],
      [{ pack: clean, yaml: demo, note: '两个' }, 'yaml', '请提交政策包（表单或 YAML 之一）'],
      [{ pack: clean, note: ' ' }, 'note', '请填写发布理由'],
      [{ pack: { ...clean, parameters: { 'dibao.standard.rural': { dated: [] } } }, note: '空' }, 'pack.parameters.dibao.standard.rural.dated', '请至少填写一个起始日期和值'],
    ];
    for (const [body, path, message] of cases) {
      const r = await as('POST', '/api/policy/publish', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error).toMatchObject({ path, message });
    }
    expect(await database.db.select().from(policyVersions)).toHaveLength(before);
    expect((await as('POST', '/api/policy/publish', { pack: clean, note: '表单发布' })).statusCode).toBe(201);
  });
});
