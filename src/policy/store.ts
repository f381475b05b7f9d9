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
import { evaluate, type Evaluation } from './evaluate.ts';
import { InputError, parseHousehold } from './household.ts';
import { loadPack, PolicyError, resolvePack, type PolicyPack, type ResolvedPack } from './pack.ts';
import { PARAMETERS } from './parameters.ts';
import { forEachInBatches } from './yielding.ts';
import { differences } from './describe.ts';
import { packOfForm, type PackForm } from './form.ts';

export type PolicyVersion = typeof policyVersions.$inferSelect;

/** A pack sent as YAML (experts, files) or from the form: both validated by `loadPack`. */
export type PackSource = { yaml: string } | { pack: PackForm };

function packOf(source: PackSource): { pack: PolicyPack; yaml: string } {
  return 'pack' in source ? packOfForm(source.pack) : { pack: packOrError(source.yaml), yaml: source.yaml };
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
  const { pack, yaml } = packOf(typeof source === 'string' ? { yaml: source } : source);
  if (pack.jurisdiction !== actor.areaCode) {
    throw new AppError('OUT_OF_SCOPE', `政策包的适用区划 ${pack.jurisdiction} 与您管辖的 ${actor.areaCode} 不一致`, 'yaml.jurisdiction', 403);
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
function evaluateStored(pack: ResolvedPack, input: unknown): Evaluation | { error: { path: string; message: string } } {
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
  const result = evaluateStored(pack, toEvaluationInput(h, ms));
  // 医疗救助 by category and ratio (src/medical/views.ts): its own rules beside the engine's programs.
  const medical = opinions.medical ? await opinions.medical(db, h.id, pack, date) : undefined;
  // The officer reads each parameter by its Chinese description, beside its name, value, date and document.
  const used = 'benefits' in result ? new Set(result.benefits.flatMap((b) => b.reasons.flatMap((r) => r.parameters.map((p) => p.name)))) : new Set<string>();
  const parameterNames = Object.fromEntries([...used].map((n) => [n, PARAMETERS[n]?.description ?? n]));
  return { policy: { id: policy.id, packId: policy.packId, version: policy.version }, memberNames: Object.fromEntries(ms.map((m) => [m.id, m.name])), parameterNames, result, medical };
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
  const currentPack = current ? loadPack(current.yaml) : null;
  const prev = currentPack ? resolvePack(currentPack, date) : null;
  const byTownship = new Map<string, WhatIfRow>();
  const changes: { id: string; headName: string; areaCode: string; beforeFen: number; afterFen: number }[] = [];
  let errors = 0;
  let lastId = '';
  for (;;) {
    const page = await db.select().from(households).where(and(like(households.areaCode, `${actor.areaCode}%`), eq(households.status, 'active'), gt(households.id, lastId)))
      .orderBy(asc(households.id)).limit(2000);
    if (page.length === 0) break;
    lastId = page[page.length - 1].id;
    const ms = await db.select().from(members).where(and(inArray(members.householdId, page.map((h) => h.id)), eq(members.status, 'active'))).orderBy(asc(members.position));
    const byHousehold = new Map<string, typeof ms>();
    for (const m of ms) {
      const list = byHousehold.get(m.householdId);
      if (list) list.push(m); else byHousehold.set(m.householdId, [m]);
    }
    // The evaluation is synchronous: 100 households at a time, so other requests are served in between.
    await forEachInBatches(page, PREVIEW_BATCH, (h) => {
      const input = toEvaluationInput(h, byHousehold.get(h.id) ?? []);
      const before = prev ? evaluateStored(prev, input) : { error: { path: '', message: '' } };
      const after = evaluateStored(next, input);
      if ('error' in after) errors++;
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
  };
}
