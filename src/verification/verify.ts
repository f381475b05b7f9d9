/**
 * `doudi verify` (and the UI's whole-registry re-check): the newest loaded period of every source
 * matched against the active households in an area on a date, under a given pack or each county's
 * published one. Walks the registry in keyset batches of households (never holding it whole): each
 * batch's members, the feed records of their ID numbers, the pure matcher (match.ts), and the
 * findings stored for the batch in one transaction (findings.ts: no duplicates, resolved stay resolved).
 *
 * Feed files that apply to a run: those loaded from the command line (area '') and those of a
 * county containing the run's area, or inside it when the run is wider than a county. Within them,
 * the newest period of each source is matched; older periods are kept but not used.
 */
import { and, asc, eq, gt, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { feedFiles, feedRecords, households, members } from '../db/schema.ts';
import { ageOn } from '../domain/dates.ts';
import { yuanToFen } from '../domain/money.ts';
import { evaluate } from '../policy/evaluate.ts';
import { parseHousehold } from '../policy/household.ts';
import { loadPack, PolicyError, resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { currentPolicy } from '../policy/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { storeRun, type StoredFinding } from './findings.ts';
import { evidenceHash, matchHousehold, type FeedRecord, type Kind, type Thresholds } from './match.ts';
import type { SourceName } from './sources.ts';

export interface VerifyFinding {
  householdNo: string;
  idNumber: string;
  kind: Kind;
  source: string;
  period: string;
  evidence: Record<string, string>;
  message: string;
  /** The stored finding's state after this run: open, or confirmed/dismissed when already resolved with the same evidence. */
  state: string;
}

export interface VerifyResult { date: string; households: number; persons: number; findings: VerifyFinding[] }

/** A run that cannot start (no pack for a county, a pack without a value it needs): exit 2 / a 400. */
export class VerifyError extends Error {
  constructor(message: string, readonly path = 'policy') { super(message); }
}

export interface VerifyOptions {
  date: string;
  /** Area prefix ('' = everything). */
  area: string;
  /** A pack's YAML to use for every household, instead of each county's published one. */
  packYaml?: string;
  /** Called after each batch: households done of the total. */
  onProgress?: (done: number, total: number) => void;
  /** Households per batch. */
  batchSize?: number;
  /** Collect the raised findings for the output (the UI's job keeps only counts). */
  collect?: boolean;
}

/** The newest period of each source among the files that apply to the area, and those files' ids. */
export async function applicableFeeds(db: Db, area: string): Promise<{ loaded: Map<SourceName, string>; fileIds: number[] }> {
  const files = await db.select({ id: feedFiles.id, source: feedFiles.source, period: feedFiles.period }).from(feedFiles)
    .where(sql`(${feedFiles.areaCode} = '' or ${area} like ${feedFiles.areaCode} || '%' or ${feedFiles.areaCode} like ${area + '%'})`);
  const loaded = new Map<SourceName, string>();
  for (const f of files) if ((loaded.get(f.source as SourceName) ?? '') < f.period) loaded.set(f.source as SourceName, f.period);
  return { loaded, fileIds: files.filter((f) => loaded.get(f.source as SourceName) === f.period).map((f) => f.id) };
}

function packThresholds(pack: ResolvedPack) {
  try {
    return {
      maxVehicles: pack.value<number>('dibao.assets.maxVehicles'),
      businessAllowed: pack.value<boolean>('dibao.assets.businessAllowed'),
      financialMonths: pack.value<number>('dibao.assets.financialMonths'),
      wageMarginFen: yuanToFen(pack.value<number>('verification.wageMargin')),
    };
  } catch (e) {
    if (e instanceof PolicyError) throw new VerifyError(`政策包 ${pack.pack.id}：${e.path} ${e.message}`);
    throw e;
  }
}

export async function runVerify(db: Db, o: VerifyOptions): Promise<VerifyResult> {
  const area = o.area;
  const fixed = o.packYaml === undefined ? null : (() => {
    try { return resolvePack(loadPack(o.packYaml), o.date); } catch (e) {
      if (e instanceof PolicyError) throw new VerifyError(`政策包错误：${e.path} ${e.message}`);
      throw e;
    }
  })();
  const packs = new Map<string, ResolvedPack>();
  const packFor = async (areaCode: string): Promise<ResolvedPack> => {
    if (fixed) return fixed;
    const county = areaCode.slice(0, 6);
    let p = packs.get(county);
    if (!p) {
      const published = await currentPolicy(db, areaCode);
      if (!published) throw new VerifyError(`县 ${county} 尚未发布政策包：请县级管理员发布，或用 --policy 指定政策包`);
      p = resolvePack(loadPack(published.yaml), o.date);
      packs.set(county, p);
    }
    return p;
  };

  const { loaded, fileIds } = await applicableFeeds(db, area);
  const scope = and(like(households.areaCode, `${area}%`), eq(households.status, 'active'));
  const [{ total, persons }] = await db.select({ total: sql<number>`count(*)::int`, persons: sql<number>`coalesce(sum(${households.memberCount}), 0)::int` }).from(households).where(scope);
  const out: VerifyFinding[] = [];
  const batchSize = o.batchSize ?? 2000;
  let done = 0;
  let lastId = '';
  for (;;) {
    const hs = await db.select().from(households).where(and(scope, gt(households.id, lastId))).orderBy(asc(households.id)).limit(batchSize);
    if (hs.length === 0) break;
    lastId = hs[hs.length - 1].id;
    const ids = hs.map((h) => h.id);
    const ms = await db.select().from(members).where(and(inArray(members.householdId, ids), eq(members.status, 'active'))).orderBy(asc(members.householdId), asc(members.position), asc(members.createdAt));
    const byIdNumber = new Map(ms.map((m) => [m.idNumber, m.id]));
    const recs = fileIds.length && ms.length
      ? await db.select({ source: feedRecords.source, period: feedRecords.period, row: feedRecords.row, idNumber: feedRecords.idNumber, name: feedRecords.name, data: feedRecords.data })
        .from(feedRecords).where(and(inArray(feedRecords.fileId, fileIds), inArray(feedRecords.idNumber, [...byIdNumber.keys()]))).orderBy(asc(feedRecords.fileId), asc(feedRecords.row))
      : [];
    const records = new Map<string, FeedRecord[]>();
    for (const r of recs) {
      const memberId = byIdNumber.get(r.idNumber);
      if (memberId) (records.get(memberId) ?? records.set(memberId, []).get(memberId)!).push({ ...r, source: r.source as SourceName });
    }
    const membersOf = new Map<string, typeof ms>();
    for (const m of ms) (membersOf.get(m.householdId) ?? membersOf.set(m.householdId, []).get(m.householdId)!).push(m);

    const raised: StoredFinding[] = [];
    const numbers: string[] = [];
    for (const h of hs) {
      const hm = membersOf.get(h.id) ?? [];
      const pack = await packFor(h.areaCode);
      const t: Thresholds = { ...packThresholds(pack), standardFen: null, counted: 0 };
      if (hm.some((m) => records.get(m.id)?.some((r) => r.source === 'deposit'))) {
        try {
          t.standardFen = yuanToFen(pack.value<number>(`dibao.standard.${h.hukou}`));
        } catch (e) {
          if (e instanceof PolicyError) throw new VerifyError(`政策包 ${pack.pack.id} 在 ${o.date} 没有${h.hukou === 'urban' ? '城市' : '农村'}低保标准，无法核对存款：${e.message}`);
          throw e;
        }
        t.counted = countedMembers(pack, h, hm, o.date);
      }
      const found = matchHousehold({ id: h.id, householdNo: h.ledgerKey ?? h.id, areaCode: h.areaCode, members: hm }, records, loaded, t, o.date);
      for (const f of found) {
        raised.push({ householdId: h.id, areaCode: h.areaCode, ...f, evidenceHash: evidenceHash(f.kind, f.memberId, f.evidence) });
        numbers.push(h.ledgerKey ?? h.id);
      }
    }
    const states = await db.transaction((tx) => storeRun(tx, ids, raised, o.date));
    if (o.collect !== false) {
      raised.forEach((f, i) => out.push({ householdNo: numbers[i], idNumber: f.idNumber, kind: f.kind, source: f.source, period: f.period, evidence: f.evidence, message: f.message, state: states[i] }));
    }
    done += hs.length;
    o.onProgress?.(done, total);
  }
  return { date: o.date, households: total, persons, findings: out };
}

/**
 * n of RULES.md: the members counted for 低保 (not 特困-eligible) on the date, from evaluating the
 * registry household under the pack; when that cannot be evaluated, or every member is 特困, all
 * members born by the date (N).
 */
function countedMembers(pack: ResolvedPack, h: typeof households.$inferSelect, ms: (typeof members.$inferSelect)[], date: string): number {
  const N = ms.filter((m) => m.birthDate <= date && ageOn(m.birthDate, date) >= 0).length;
  try {
    const n = evaluate(pack, parseHousehold(toEvaluationInput(h, ms))).household.countedMembers;
    return n > 0 ? n : N;
  } catch {
    return N;
  }
}
