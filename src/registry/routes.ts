/** Registry HTTP routes: areas, household list/search, household page, create, edit, close, reveal. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { asc, inArray, like, or } from 'drizzle-orm';
import { areaChain } from '../domain/areas.ts';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { areas } from './schema.ts';
import { requirePermission } from '../http.ts';
import { householdInput, plainText, CLOSE_REASONS, DISABILITY_KINDS, HUKOU, ILLNESSES, LABOR_CAPACITY, RELATIONS, SCHOOLING, SELF_CARE, SUPPORTER } from './model.ts';
import { closeHousehold, countsByArea, getHousehold, listHouseholds, MAX_PAGE_SIZE, revealMember, saveHousehold } from './store.ts';

/** A household's id in the URL (a UUID; anything else is not one of ours). */
const householdParams = z.object({ id: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '家庭编号无效') });

export const registryRoutes = (db: Db): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/vocabulary', { schema: { tags: ['registry'], summary: '代码表 enumerations with Chinese labels' } }, async () => ({
    relations: RELATIONS, hukou: HUKOU, laborCapacity: LABOR_CAPACITY, disabilityKinds: DISABILITY_KINDS, schooling: SCHOOLING,
    selfCare: SELF_CARE, supporter: SUPPORTER, illnesses: ILLNESSES, closeReasons: CLOSE_REASONS,
  }));

  app.get('/api/areas/tree', { schema: { tags: ['registry'], summary: '管辖范围内的区划及其上级 areas in scope, with the scope\'s ancestors' } }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    // The ancestors name the scope's place in the tree (a village officer still sees their township).
    const ancestors = areaChain(actor.areaCode).map((a) => a.code).filter((c) => c !== actor.areaCode);
    const rows = await db.select().from(areas).where(or(like(areas.code, `${actor.areaCode}%`), inArray(areas.code, ancestors))).orderBy(asc(areas.code));
    return { scope: actor.areaCode, rows };
  });

  // 掌上办: the citizen picks the village to apply in, without a session (server.ts lets /api/public/ through).
  // Division names and codes are public; nothing else is listed.
  app.get('/api/public/areas', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: { tags: ['public'], summary: '掌上办：可选择的县、乡镇和村（社区） counties, townships and villages served (no login)' },
  }, async () => ({
    rows: await db.select({ code: areas.code, name: areas.name, level: areas.level, parentCode: areas.parentCode }).from(areas)
      .where(inArray(areas.level, ['county', 'township', 'village'])).orderBy(asc(areas.code)),
  }));

  app.get('/api/stats/areas', { schema: { tags: ['registry'], summary: '下一级区划的户数人数 counts by township (county users) or village (township and village users)' } }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    const counts = await countsByArea(db, actor);
    const names = new Map((await db.select().from(areas).where(like(areas.code, `${actor.areaCode.slice(0, 6)}%`))).map((a) => [a.code, a.name]));
    return { level: actor.areaCode.length <= 6 ? 'township' : 'village', rows: counts.map((c) => ({ ...c, areaName: names.get(c.areaCode) ?? c.areaCode })) };
  });

  app.get('/api/households', {
    schema: {
      tags: ['registry'], summary: '家庭列表与检索 list and search households',
      querystring: z.object({
        q: plainText('检索词', 50).optional(), areaCode: z.string().regex(/^\d{6,12}$/, '区划代码无效').optional(),
        hukou: z.enum(['urban', 'rural']).optional(), status: z.enum(['active', 'closed']).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
      }),
    },
  }, async (req) => listHouseholds(db, requirePermission(req, 'registry.read'), req.query));

  app.post('/api/households', { schema: { tags: ['registry'], summary: '新建家庭档案 create a household', body: householdInput } },
    async (req, reply) => reply.status(201).send(await saveHousehold(db, requirePermission(req, 'registry.write'), null, req.body, null)));

  app.get('/api/households/:id', { schema: { tags: ['registry'], summary: '家庭详情（含成员与变更历史）', params: z.object({ id: z.string() }) } },
    async (req) => getHousehold(db, requirePermission(req, 'registry.read'), req.params.id));

  app.put('/api/households/:id', {
    schema: { tags: ['registry'], summary: '修改家庭信息 edit (full state) with a reason and the version the form was loaded with (409 when stale)', params: householdParams,
      body: z.object({
        household: householdInput, reason: plainText('变更原因', 500, { multiline: true, required: '请填写变更原因' }),
        version: z.number({ error: '缺少版本号（version），请刷新后重新修改' }).int('版本号应为正整数').min(1, '版本号应为正整数'),
      }) },
  }, async (req) => saveHousehold(db, requirePermission(req, 'registry.write'), req.params.id, req.body.household, req.body.reason, req.body.version));

  app.post('/api/households/:id/close', {
    schema: { tags: ['registry'], summary: '注销家庭档案 close with a reason', params: householdParams,
      body: z.object({ reason: plainText('注销原因', 500, { multiline: true, required: '请填写注销原因' }) }) },
  }, async (req) => {
    await closeHousehold(db, requirePermission(req, 'registry.write'), req.params.id, req.body.reason);
    return { ok: true };
  });

  app.post('/api/members/:id/reveal', { schema: { tags: ['registry'], summary: '查看完整身份证号与电话（留痕）reveal, audited', params: z.object({ id: z.string() }) } },
    async (req) => revealMember(db, requirePermission(req, 'reveal'), req.params.id));
};
