/** Policy pack routes: the current pack and its versions, what-if preview, publish; household screening. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { todayInChina } from '../domain/dates.ts';
import { can } from '../auth/roles.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { PARAMETERS, PROGRAMS } from './parameters.ts';
import { catalogue, formOf } from './form.ts';
import { loadPack } from './pack.ts';
import { medicalOpinion } from '../medical/views.ts';
import { currentPolicy, getVersion, listVersions, previewPolicy, publishPolicy, screenHousehold } from './store.ts';

const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

const formValue = z.union([z.number(), z.string().max(500), z.boolean(), z.null(), z.array(z.union([z.number(), z.string().max(100)])).max(100)],
  { error: '参数值应为数字、文本、是/否或列表' });
const cite = z.string().max(500, '依据最多 500 字').optional();
/** A parameter's name as the catalogue writes them (dibao.standard.rural): nothing else reaches the YAML written from the form. */
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
/** The form's pack: validated as a pack afterwards (form.ts), here only its shape. */
const packForm = z.object({
  id: z.string().max(100, '政策包编号最多 100 字'),
  name: z.string().max(200, '政策包名称最多 200 字'),
  jurisdiction: z.string().max(6, '适用区划为 2、4 或 6 位代码'),
  parameters: z.record(z.string().max(200), z.union([
    z.object({ value: formValue, cite }).strict(),
    z.object({ dated: z.array(z.tuple([isoDate, formValue]), { error: '按日期的值应为（起始日期，值）的列表' }).min(1, '请至少填写一个起始日期和值').max(100), cite }).strict(),
  ], { error: '参数应为一个值，或按起始日期的值' }))
    .refine((ps) => Object.keys(ps).every((k) => PARAMETER_NAME.test(k)), '参数名称应为参数目录中的名称'),
});
/** A pack as YAML (experts, files) or from the form; exactly one. */
const packSource = { yaml: z.string().min(1, '请填写政策包').max(200_000).optional(), pack: packForm.optional() };
const oneSource = (b: { yaml?: string; pack?: unknown }) => (b.yaml === undefined) !== (b.pack === undefined);
const oneSourceError = { message: '请提交政策包（表单或 YAML 之一）', path: ['yaml'] };
const sourceOf = (b: { yaml?: string; pack?: z.infer<typeof packForm> }) => (b.pack ? { pack: b.pack } : { yaml: b.yaml! });

export const policyRoutes = (db: Db): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/policy', { schema: { tags: ['policy'], summary: '本县现行政策包、参数说明与历史版本' } }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    const county = actor.areaCode.slice(0, 6);
    const current = (await currentPolicy(db, county)) ?? null;
    // The form: the current version's values with their sources in words, and the catalogue it is drawn from.
    return { current, form: current ? formOf(loadPack(current.yaml)) : null, versions: await listVersions(db, county),
      parameters: PARAMETERS, catalogue: catalogue(), programs: PROGRAMS };
  });

  app.get('/api/policy/versions/:id', { schema: { tags: ['policy'], summary: '某一历史版本', params: z.object({ id: z.coerce.number().int() }) } },
    async (req) => getVersion(db, requirePermission(req, 'registry.read').areaCode.slice(0, 6), req.params.id));

  app.post('/api/policy/preview', {
    schema: { tags: ['policy'], summary: '发布前测算：全县按新旧版本评估，按乡镇比较', body: z.object({ ...packSource, date: isoDate.optional() }).refine(oneSource, oneSourceError) },
  }, async (req) => previewPolicy(db, requirePermission(req, 'policy.manage'), sourceOf(req.body), req.body.date ?? todayInChina()));

  app.post('/api/policy/publish', {
    schema: { tags: ['policy'], summary: '发布新版本（留痕）', body: z.object({ ...packSource, note: z.string().trim().min(1, '请填写发布理由').max(500, '发布理由最多 500 字') }).refine(oneSource, oneSourceError) },
  }, async (req, reply) => reply.status(201).send(await publishPolicy(db, requirePermission(req, 'policy.manage'), sourceOf(req.body), req.body.note)));

  app.get('/api/households/:id/screening', {
    schema: { tags: ['policy'], summary: '综合救助意见：可能符合的全部救助项目及理由', params: z.object({ id: z.string() }), querystring: z.object({ date: isoDate.optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    const date = req.query.date ?? todayInChina();
    // Ages on a chosen date would show the day a member's age changes, i.e. the birth date the masked ID hides (domain/mask.ts).
    if (!can(actor.role, 'reveal') && date !== todayInChina()) throw new AppError('SCREENING_DATE_TODAY', '您的角色只能按当天日期评估（其他日期的评估会透露成员的出生日期）', 'date', 403);
    return screenHousehold(db, actor, req.params.id, date, { medical: medicalOpinion });
  });
};

