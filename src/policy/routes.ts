/** Policy pack routes: the current pack and its versions, what-if preview, publish; household screening. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { todayIso } from '../domain/dates.ts';
import { can } from '../auth/roles.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { PARAMETERS } from './parameters.ts';
import { currentPolicy, getVersion, listVersions, previewPolicy, publishPolicy, screenHousehold } from './store.ts';

const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

export const policyRoutes = (db: Db): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/policy', { schema: { tags: ['policy'], summary: '本县现行政策包、参数说明与历史版本' } }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    const county = actor.areaCode.slice(0, 6);
    return { current: (await currentPolicy(db, county)) ?? null, versions: await listVersions(db, county), parameters: PARAMETERS };
  });

  app.get('/api/policy/versions/:id', { schema: { tags: ['policy'], summary: '某一历史版本', params: z.object({ id: z.coerce.number().int() }) } },
    async (req) => getVersion(db, requirePermission(req, 'registry.read').areaCode.slice(0, 6), req.params.id));

  app.post('/api/policy/preview', {
    schema: { tags: ['policy'], summary: '发布前测算：全县按新旧版本评估，按乡镇比较', body: z.object({ yaml: z.string().min(1, '请填写政策包').max(200_000), date: isoDate.optional() }) },
  }, async (req) => previewPolicy(db, requirePermission(req, 'policy.manage'), req.body.yaml, req.body.date ?? todayIso()));

  app.post('/api/policy/publish', {
    schema: { tags: ['policy'], summary: '发布新版本（留痕）', body: z.object({ yaml: z.string().min(1, '请填写政策包').max(200_000), note: z.string().trim().min(1, '请填写发布说明').max(500) }) },
  }, async (req, reply) => reply.status(201).send(await publishPolicy(db, requirePermission(req, 'policy.manage'), req.body.yaml, req.body.note)));

  app.get('/api/households/:id/screening', {
    schema: { tags: ['policy'], summary: '综合救助意见：可能符合的全部救助项目及理由', params: z.object({ id: z.string() }), querystring: z.object({ date: isoDate.optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    const date = req.query.date ?? todayIso();
    // Ages on a chosen date would show the day a member's age changes, i.e. the birth date the masked ID hides (domain/mask.ts).
    if (!can(actor.role, 'reveal') && date !== todayIso()) throw new AppError('SCREENING_DATE_TODAY', '您的角色只能按当天日期评估（其他日期的评估会透露成员的出生日期）', 'date', 403);
    return screenHousehold(db, actor, req.params.id, date);
  });
};

