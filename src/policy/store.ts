/**
 * Published policy packs: every version a county publishes is kept (never edited), audited, and
 * the newest one whose jurisdiction contains a household's area applies to it. Also the what-if
 * preview: the whole registry in scope evaluated under the current and a proposed version.
 */
import { and, asc, desc, eq, gt, inArray, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { households, members } from '../registry/schema.ts';
import { policyVersions } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { careFactsOf } from '../tekun/facts.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { InputError, parseHousehold } from './household.ts';
import { loadPack, PolicyError, requireStated, resolvePack, type PolicyPack, type ResolvedPack } from './pack.ts';
import { PARAMETERS } from './parameters.ts';
import { forEachInBatches } from './yielding.ts';
import { differences } from './describe.ts';
import { packOfForm, type PackForm } from './form.ts';
import { meetingTwoLines, twoLinesOn, twoLinesShortfalls } from './twoLines.ts';
import { fenToYuan } from '../domain/money.ts';

export type PolicyVersion = typeof policyVersions.$inferSelect;

/** A pack sent as YAML (experts, files) or from the form: both validated by `loadPack`. */
export type PackSource = { yaml: string } | { pack: PackForm };

/** A pack for the platform (publication, preview): valid, and stating every parameter it must (requireStated). */
function packOf(source: PackSource): { pack: PolicyPack; yaml: string } {
  const made = 'pack' in source ? packOfForm(source.pack) : { pack: packOrError(source.yaml), yaml: source.yaml };
  try {
    requireStated(made.pack);
  } catch (e) {
    if (e instanceof PolicyError) throw new AppError('INVALID_POLICY', e.reason, 'pack' in source ? e.path : `yaml.${e.path.replace(/^parameters\./, '')}`);
    throw e;
  }
  return made;
}

function packOrError(yaml: string): PolicyPack {
  try {
    return loadPack(yaml, 'yaml');
  } catch (e) {
    if (e instanceof PolicyError) throw new AppError('INVALID_POLICY', e.message, e.path.startsWith('yaml') ? 'yaml' : `yaml.${e.path}`);
    throw e;
  }
}

/** The newest version for the most specific jurisdiction containing `areaCode` (county, then city, then province). */
export async function currentPolicy(db: Db, areaCode: string): Promise<PolicyVersion | undefined> {
  for (const len of [6, 4, 2]) {
    const [row] = await db.select().from(policyVersions).where(eq(policyVersions.jurisdiction, areaCode.slice(0, len))).orderBy(desc(policyVersions.id)).limit(1);
    if (row) return row;
  }
  return undefined;
}

export async function listVersions(db: Db, jurisdiction: string) {
  return db.select({ id: policyVersions.id, packId: policyVersions.packId, version: policyVersions.version, publishedBy: policyVersions.publishedBy,
    publishedAt: policyVersions.publishedAt, note: policyVersions.note }).from(policyVersions)
    .where(eq(policyVersions.jurisdiction, jurisdiction)).orderBy(desc(policyVersions.id));
}

export async function getVersion(db: Db, jurisdiction: string, id: number) {
  const [row] = await db.select().from(policyVersions).where(and(eq(policyVersions.id, id), eq(policyVersions.jurisdiction, jurisdiction)));
  if (!row) throw new AppError('NOT_FOUND', '政策包版本不存在', 'id', 404);
  return row;
}

/** Publishes a new version for the actor's own county; the pack's jurisdiction must be that county. */
export async function publishPolicy(db: Db, actor: Actor, source: string | PackSource, note: string | null): Promise<PolicyVersion> {
  const src = typeof source === 'string' ? { yaml: source } : source;
  const { pack, yaml } = packOf(src);
  if (pack.jurisdiction !== actor.areaCode) {
    throw new AppError('OUT_OF_SCOPE', `政策包的适用区划 ${pack.jurisdiction} 与您管辖的 ${actor.areaCode} 不一致`, 'yaml.jurisdiction', 403);
  }
  // 两线合一 (003:L24, L32): the rural standard may not be below the poverty line on any date.
  const [short] = twoLinesShortfalls(pack);
  if (short) {
    throw new AppError('BELOW_POVERTY_LINE', `两线合一：农村低保标准${short.since ? `（${short.since} 起）` : ''} ${short.ruralYuan} 元/人/月，全年 ${fenToYuan(Math.round(short.ruralYuan * 100) * 12)} 元，`
      + `低于扶贫标准 ${short.povertyLineYuan} 元/人/年（003:L24、L32）；农村低保标准须不低于 ${short.neededYuan} 元/人/月，可先用“测算影响”查看达标的影响`,
    'pack' in src ? 'parameters.dibao.standard.rural' : 'yaml.dibao.standard.rural');
  }
  const current = await currentPolicy(db, actor.areaCode);
  // The audit entry names the parameters this version changes (the difference the officer saw before publishing).
  const changed = differences(current ? loadPack(current.yaml) : null, pack).map((c) => c.name);
  return db.transaction(async (tx) => {
    const [last] = await tx.select({ version: policyVersions.version }).from(policyVersions).where(eq(policyVersions.packId, pack.id)).orderBy(desc(policyVersions.version)).limit(1);
    const [row] = await tx.insert(policyVersions).values({ packId: pack.id, jurisdiction: pack.jurisdiction, version: (last?.version ?? 0) + 1, yaml, publishedBy: actor.username, note }).returning();
    await appendAudit(tx, { actor: actor.username, action: 'policy.publish', target: `policy:${row.id}`, areaCode: pack.jurisdiction, detail: { packId: pack.id, version: row.version, note, changed } });
    return row;
  });
}

/** Evaluates a registry household; bad stored data or a missing parameter is reported, not thrown. */
export function evaluateStored(pack: ResolvedPack, input: unknown): Evaluation | { error: { path: string; message: string } } {
  try {
    return evaluate(pack, parseHousehold(input));
  } catch (e) {
    if (e instanceof InputError || e instanceof PolicyError) return { error: { path: e.path, message: e.message } };
    throw e;
  }
}

/** What later capabilities add to the 综合救助意见 by their own rules (the route passes them, so policy/ imports none of them). */
export interface ScreeningOpinions {
  /** 医疗救助 by category and ratio (medical/views.ts medicalOpinion). */
  medical?: (db: Db, householdId: string, pack: ResolvedPack, date: string) => Promise<unknown>;
}

/** 综合救助意见: every program a registry household may qualify for on a date, under its county's current pack. */
export async function screenHousehold(db: Db, actor: Actor, id: string, date: string, opinions: ScreeningOpinions = {}) {
  const [h] = await db.select().from(households).where(and(eq(households.id, id), like(households.areaCode, `${actor.areaCode}%`)));
  if (!h) throw new AppError('NOT_FOUND', '家庭不存在或不在您的管辖范围内', 'id', 404);
  const policy = await currentPolicy(db, h.areaCode);
  if (!policy) throw new AppError('NO_POLICY', '本县尚未发布政策包，请县级管理员先发布', undefined, 409);
  const ms = await db.select().from(members).where(and(eq(members.householdId, id), eq(members.status, 'active'))).orderBy(asc(members.position));
  const pack = resolvePack(loadPack(policy.yaml), date);
  const result = evaluateStored(pack, toEvaluationInput(h, ms, await careFactsOf(db, ms.map((m) => m.id), date)));
  // 医疗救助 by category and ratio (src/medical/views.ts): its own rules beside the engine's programs.
  const medical = opinions.medical ? await opinions.medical(db, h.id, pack, date) : undefined;
  // The officer reads each parameter by its Chinese description, beside its name, value, date and document.
  const used = 'benefits' in result ? new Set(result.benefits.flatMap((b) => b.reasons.flatMap((r) => r.parameters.map((p) => p.name)))) : new Set<string>();
  const parameterNames = Object.fromEntries([...used].map((n) => [n, PARAMETERS[n]?.description ?? n]));
  return { policy: { id: policy.id, packId: policy.packId, version: policy.version }, memberNames: Object.fromEntries(ms.map((m) => [m.id, m.name])), parameterNames, result, medical };
}

/** A registry household as the engine reads it: its row, its active members (by position) and its EVALUATE.md input. */
export interface RegistryHousehold {
  household: typeof households.$inferSelect;
  members: (typeof members.$inferSelect)[];
  input: ReturnType<typeof toEvaluationInput>;
}

/**
 * The registry path of the engine (the what-if preview, the coverage-gap search of src/supervision/): every active
 * household whose area starts with `scope`, a page of `pageSize` at a time in id order (keyset, never the whole
 * registry in memory), with its members and their care facts on `date` (src/tekun/facts.ts) turned into the engine's
 * input by registry/toEvaluation.ts. Three queries a page, whatever its size.
 */
export async function* registryPages(db: Db, scope: string, date: string, pageSize = 2000): AsyncGenerator<RegistryHousehold[]> {
  let lastId = '';
  for (;;) {
    const page = await db.select().from(households).where(and(like(households.areaCode, `${scope}%`), eq(households.status, 'active'), gt(households.id, lastId)))
      .orderBy(asc(households.id)).limit(pageSize);
    if (page.length === 0) return;
    lastId = page[page.length - 1].id;
    const ms = await db.select().from(members).where(and(inArray(members.householdId, page.map((h) => h.id)), eq(members.status, 'active'))).orderBy(asc(members.position));
    const byHousehold = new Map<string, typeof ms>();
    const care = await careFactsOf(db, ms.map((m) => m.id), date);
    for (const m of ms) {
      const list = byHousehold.get(m.householdId);
      if (list) list.push(m); else byHousehold.set(m.householdId, [m]);
    }
    yield page.map((h) => {
      const hms = byHousehold.get(h.id) ?? [];
      return { household: h, members: hms, input: toEvaluationInput(h, hms, care) };
    });
  }
}

const sumMonthly = (r: Evaluation | { error: unknown }) => ('error' in r ? 0 : Math.round(r.totalMonthlyYuan * 100));
const programsOf = (r: Evaluation | { error: unknown }) => ('error' in r ? [] : r.benefits.filter((b) => b.status !== 'ineligible').map((b) => b.program));

export interface WhatIfRow {
  townshipCode: string;
  households: number;
  before: { monthlyFen: number; byProgram: Record<string, number> };
  after: { monthlyFen: number; byProgram: Record<string, number> };
  gainers: number;
  losers: number;
}

const PREVIEW_BATCH = 100;

/**
 * Evaluates every active household in the actor's scope under the current version and a proposed
 * one, and sums who gains or loses what by township. Pages through the registry, never holding it all.
 */
export async function previewPolicy(db: Db, actor: Actor, source: string | PackSource, date: string) {
  const { pack: proposed } = packOf(typeof source === 'string' ? { yaml: source } : source);
  const current = await currentPolicy(db, actor.areaCode);
  const next = resolvePack(proposed, date);
  // 两线合一: when the proposed rural standard is below the poverty line on the date, the effect of meeting it too.
  const lines = twoLinesOn(proposed, date);
  const short = lines && Math.round(lines.ruralYuan * 100) * 12 < Math.round(lines.povertyLineYuan * 100) ? lines : null;
  const met = short ? resolvePack(meetingTwoLines(proposed, date), date) : null;
  const meeting = { households: 0, gainers: 0, monthlyFen: 0, afterFen: 0 };
  const currentPack = current ? loadPack(current.yaml) : null;
  const prev = currentPack ? resolvePack(currentPack, date) : null;
  const byTownship = new Map<string, WhatIfRow>();
  const changes: { id: string; headName: string; areaCode: string; beforeFen: number; afterFen: number }[] = [];
  let errors = 0;
  for await (const page of registryPages(db, actor.areaCode, date)) {
    // The evaluation is synchronous: 100 households at a time, so other requests are served in between.
    await forEachInBatches(page, PREVIEW_BATCH, ({ household: h, input }) => {
      const before = prev ? evaluateStored(prev, input) : { error: { path: '', message: '' } };
      const after = evaluateStored(next, input);
      if ('error' in after) errors++;
      if (met) {
        const m = sumMonthly(evaluateStored(met, input));
        meeting.households++;
        meeting.monthlyFen += m;
        meeting.afterFen += sumMonthly(after);
        if (m > sumMonthly(after)) meeting.gainers++;
      }
      const t = h.areaCode.slice(0, 9);
      let row = byTownship.get(t);
      if (!row) byTownship.set(t, (row = { townshipCode: t, households: 0, before: { monthlyFen: 0, byProgram: {} }, after: { monthlyFen: 0, byProgram: {} }, gainers: 0, losers: 0 }));
      row.households++;
      const [b, a] = [sumMonthly(before), sumMonthly(after)];
      row.before.monthlyFen += b;
      row.after.monthlyFen += a;
      for (const p of programsOf(before)) row.before.byProgram[p] = (row.before.byProgram[p] ?? 0) + 1;
      for (const p of programsOf(after)) row.after.byProgram[p] = (row.after.byProgram[p] ?? 0) + 1;
      if (a > b) row.gainers++;
      if (a < b) row.losers++;
      if (a !== b) changes.push({ id: h.id, headName: h.headName, areaCode: h.areaCode, beforeFen: b, afterFen: a });
    });
  }
  changes.sort((x, y) => Math.abs(y.afterFen - y.beforeFen) - Math.abs(x.afterFen - x.beforeFen));
  return {
    current: current ? { id: current.id, packId: current.packId, version: current.version } : null,
    proposed: { packId: proposed.id },
    date,
    /** Parameter by parameter, old → new in Chinese. */
    differences: differences(currentPack, proposed),
    errors,
    townships: [...byTownship.values()].sort((a, b) => a.townshipCode.localeCompare(b.townshipCode)),
    largestChanges: changes.slice(0, 100),
    changedHouseholds: changes.length,
    /**
     * 两线合一 (003:L24, L32) on the date: the poverty line and the rural standard compared; when the standard is
     * below it, what meeting it would do (every household evaluated again with the rural standard at the line ÷ 12).
     */
    twoLines: lines ? {
      povertyLineYuan: lines.povertyLineYuan, ruralYuan: lines.ruralYuan, neededYuan: lines.neededYuan, met: !short,
      ...(short ? { meeting: { ruralYuan: lines.neededYuan, households: meeting.households, gainers: meeting.gainers,
        monthlyYuan: fenToYuan(meeting.monthlyFen), extraMonthlyYuan: fenToYuan(meeting.monthlyFen - meeting.afterFen) } } : {}),
    } : null,
  };
}
