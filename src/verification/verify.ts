/**
 * `doudi verify` (and the UI's whole-registry re-check): the newest loaded period of every source
 * matched against the active households in an area on a date, under a given pack or each county's
 * published one. Per county: every household's fingerprint in one statement, the findings of
 * those whose fingerprint is the one stored taken as remembered (schema.ts verifiedHouseholds); for the
 * others the candidates in one statement (the feed records joined with the active members, and the
 * members a whole-register feed has no record of), the households read whole where a household-level
 * finding can arise, the pure matcher (match.ts); then the findings of the whole run
 * stored in one transaction, compared with the stored ones by evidence hash in SQL (findings.ts: no
 * duplicates, resolved stay resolved).
 *
 * The run goes county by county (a run wider than a county, such as the command line's, covers each
 * county with households in the area): a county's households are matched only against the feed files
 * of that county (and those of area '', for every county), so one county's feed never raises a finding
 * on another's households. Within them, the newest period of each source is matched; older periods are
 * kept but not used.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, like, sql, type SQL } from 'drizzle-orm';
import { queryRows, withSetting, type Db } from '../db/connection.ts';
import { households, members } from '../registry/schema.ts';
import { verifiedHouseholds } from './schema.ts';
import { ageOn } from '../domain/dates.ts';
import { yuanToFen } from '../domain/money.ts';
import { evaluate } from '../policy/evaluate.ts';
import { parseHousehold } from '../policy/household.ts';
import { loadPack, PolicyError, resolvePack, type ResolvedPack } from '../policy/pack.ts';
import { currentPolicy } from '../policy/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { countiesIn, feedFilesFor, type ApplicableFile } from './feeds.ts';
import { storeFindings, type StoredFinding } from './findings.ts';
import { evidenceHash, KIND_SOURCE, KINDS, matchHousehold, type FeedRecord, type Kind, type RegMember, type Thresholds } from './match.ts';
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
  /** Collect the raised findings for the output (the UI's job keeps only counts). */
  collect?: boolean;
  /** Seconds spent per phase, added up, and the process's CPU seconds as `<phase> cpu` (for the benchmark). */
  timings?: Record<string, number>;
}

/** The newest period of each source among the files that apply to a county's households (verification/feeds.ts feedFilesFor), and those files' ids. */
export async function applicableFeeds(db: Db, county: string): Promise<{ loaded: Map<SourceName, string>; fileIds: number[]; files: ApplicableFile[] }> {
  const files = await feedFilesFor(db, county);
  const loaded = new Map<SourceName, string>();
  for (const f of files) if ((loaded.get(f.source) ?? '') < f.period) loaded.set(f.source, f.period);
  const newest = files.filter((f) => loaded.get(f.source) === f.period);
  return { loaded, fileIds: newest.map((f) => f.id), files: newest };
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

/**
 * One verification run over an area. Read whole on purpose: its numbered phases (1. candidates by one SQL
 * statement, 2. by household, 3. households read whole where a household-level finding can arise, then match and store)
 * share the candidate maps and are timed and reported one after another (`lap`, `progress`).
 */
export async function runVerify(db: Db, o: VerifyOptions): Promise<VerifyResult> {
  const area = o.area;
  const fixed = o.packYaml === undefined ? null : (() => {
    try { return resolvePack(loadPack(o.packYaml), o.date); } catch (e) {
      if (e instanceof PolicyError) throw new VerifyError(`政策包错误：${e.path} ${e.message}`);
      throw e;
    }
  })();
  // Each county's pack once (looked up without a wait per household once known), and its thresholds once per pack.
  const packs = new Map<string, ResolvedPack>();
  // Each county's published pack's text once (undefined: none published).
  const published = new Map<string, string | undefined>();
  const publishedYaml = async (county: string) => {
    if (!published.has(county)) published.set(county, (await currentPolicy(db, county))?.yaml);
    return published.get(county);
  };
  const thresholds = new Map<ResolvedPack, ReturnType<typeof packThresholds>>();
  const thresholdsOf = (pack: ResolvedPack) => thresholds.get(pack) ?? thresholds.set(pack, packThresholds(pack)).get(pack)!;
  const packFor = async (areaCode: string): Promise<ResolvedPack> => {
    const county = areaCode.slice(0, 6);
    if (fixed) { packs.set(county, fixed); return fixed; }
    let p = packs.get(county);
    if (!p) {
      const yaml = await publishedYaml(county);
      if (yaml === undefined) throw new VerifyError(`县 ${county} 尚未发布政策包：请县级管理员发布，或用 --policy 指定政策包`);
      p = resolvePack(loadPack(yaml), o.date);
      packs.set(county, p);
    }
    return p;
  };

  const scope = and(like(households.areaCode, `${area}%`), eq(households.status, 'active'));
  const [{ total, persons }] = await db.select({ total: sql<number>`count(*)::int`, persons: sql<number>`coalesce(sum(${households.memberCount}), 0)::int` }).from(households).where(scope);
  let mark = performance.now();
  let cpuMark = o.timings ? process.cpuUsage() : null;
  const lap = (phase: string) => {
    if (!o.timings || !cpuMark) return;
    const now = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    o.timings[phase] = (o.timings[phase] ?? 0) + (now - mark) / 1000;
    o.timings[`${phase} cpu`] = (o.timings[`${phase} cpu`] ?? 0) + (cpu.user + cpu.system) / 1e6;
    mark = now;
    cpuMark = process.cpuUsage();
  };
  const progress = (share: number) => o.onProgress?.(Math.floor(total * share), total);
  progress(0);
  const raised: StoredFinding[] = [];
  const numbers: string[] = [];
  // The households matched again this run (their fingerprint changed, or none is stored), with their new fingerprint.
  const changed = new Map<string, Printed>();
  const counties = await countiesIn(db, area);
  for (const [i, county] of counties.entries()) {
    // The run's area inside this county (the area itself when it is a county or narrower).
    const prefix = area.length >= 6 ? area : county;
    const share = (x: number) => (i + x) / counties.length;
    const { loaded, files: newestFiles } = await applicableFeeds(db, county);

    // 1. Every household of the area with its fingerprint (see verifiedHouseholds): where it is the one stored,
    //    the findings raised then are taken as raised and the household is not read or matched again. The
    //    fingerprint is the run's context (date, pack, the newest feed files, whose records never change) and the
    //    household's own rows, so it is computed without the feeds: a household whose rows and context are as
    //    last matched has the same candidates. Then the candidates of the others (all of them on a first run),
    //    found by one SQL statement: every feed record of the newest periods joined with an active member of an
    //    active household in the area (the plain join), and the members the two whole-register feeds say
    //    nothing about (a registered disability without a certificate; a child of 6 to 15 not 在读) with no
    //    record (a household's 户编号, area and hukou come with its fingerprint).
    const context = fingerprintContext(o.date, fixed ? o.packYaml! : await publishedYaml(county), newestFiles);
    let rows: CandidateRow[] = [];
    if (newestFiles.length) {
      const prints = await queryRows<Printed & { raised: string | null }>(db, fingerprintQuery(prefix, context));
      let here = 0;
      for (const p of prints) {
        if (p.raised === null) {
          changed.set(p.hid, p);
          here++;
          continue;
        }
        for (const [kind, period, memberId, idNumber, evidence, evidenceHash, message] of JSON.parse(p.raised) as RememberedFinding[]) {
          raised.push({ householdId: p.hid, areaCode: p.area_code, kind, source: KIND_SOURCE[kind], period, memberId, idNumber, evidence, evidenceHash, message });
          numbers.push(p.ledger_key ?? p.hid);
        }
      }
      // A county's candidates fit in memory: kept by the statement without temporary files (work_mem, for this
      // statement only: restored after, also in an outer transaction such as a monitoring run's).
      if (here) {
        const only = here === prints.length ? null : prints.filter((p) => p.raised === null).map((p) => p.hid);
        rows = await withSetting(db, 'work_mem', CANDIDATES_WORK_MEM, (tx) => queryRows<CandidateRow>(tx, candidateQuery(prefix, newestFiles, o.date, only)));
      }
    }
    lap('candidates');
    progress(share(0.3));

    // 2. By household: its candidate members and their records (each record's source and period are its file's).
    const fileOf = new Map(newestFiles.map((f) => [f.id, f]));
    const byHousehold = new Map<string, Candidates>();
    for (const r of rows) {
      // A household written between the two statements keeps the fingerprint read before, which the next run no
      // longer computes, and is matched again then; one added between them has none and is left to the next run.
      let g = byHousehold.get(r.hid);
      if (!g) {
        const row = changed.get(r.hid);
        if (!row) continue;
        byHousehold.set(r.hid, g = { row, members: new Map(), records: new Map() });
      }
      if (!g.members.has(r.mid)) g.members.set(r.mid, toMember(r));
      if (r.file_id === null) continue;
      const file = fileOf.get(r.file_id)!;
      const record: FeedRecord = { fileId: r.file_id, source: file.source, period: file.period, row: r.row!, name: r.fname!, data: r.data! };
      const rs = g.records.get(r.mid);
      if (rs) rs.push(record); else g.records.set(r.mid, [record]);
    }
    // Records in file and row order, so the evidence (and its hash) is the same on every run.
    for (const g of byHousehold.values()) for (const rs of g.records.values()) if (rs.length > 1) rs.sort((a, b) => a.fileId! - b.fileId! || a.row - b.row);

    // 3. A household-level finding (property, deposit) needs every member: the head names it, and the
    //    deposit limit needs n (RULES.md) from the whole household. Only households where one can arise
    //    are read whole: more than one home or a commercial one; deposits above months × S × 1 (n ≥ 1).
    const whole: string[] = [];
    for (const [hid, g] of byHousehold) {
      const rs = [...g.records.values()].flat();
      const uses = rs.filter((r) => r.source === 'property').map((r) => r.data['用途']);
      const deposits = rs.filter((r) => r.source === 'deposit').reduce((sum, r) => sum + yuanToFen(Number(r.data['余额'])), 0);
      let depositPossible = false;
      if (deposits > 0) {
        const pack = packs.get(g.row.area_code.slice(0, 6)) ?? await packFor(g.row.area_code);
        const S = standardOf(pack, g.row.hukou, o.date);
        depositPossible = deposits > thresholdsOf(pack).financialMonths * S;
      }
      if (depositPossible || uses.filter((u) => u === '住宅').length > 1 || uses.some((u) => u === '商业' || u === '工业')) whole.push(hid);
    }
    //    They are read on the database while the others are matched here; then they are matched.
    const reading = readWhole(db, whole);
    reading.catch(() => {}); // awaited below; not unhandled if matching fails first
    const isWhole = new Set(whole);
    const match = (hid: string, g: Candidates, f: Whole | undefined) => {
      if (f) for (const m of f.ms) if (!g.members.has(m.id)) g.members.set(m.id, toMember({ mid: m.id, id_number: m.idNumber, name: m.name, birth_date: m.birthDate, relation: m.relation, monthly_income_fen: m.monthlyIncomeFen, disability_grade: m.disabilityGrade, disability_kind: m.disabilityKind }));
      const areaCode = g.row.area_code;
      const pack = packs.get(areaCode.slice(0, 6))!;
      const t: Thresholds = { ...thresholdsOf(pack), standardFen: null, counted: 0 };
      if (f && [...g.records.values()].some((rs) => rs.some((r) => r.source === 'deposit'))) {
        t.standardFen = standardOf(pack, f.h.hukou, o.date);
        t.counted = countedMembers(pack, f.h, f.ms, o.date);
      }
      // Members in household order (the head first), as the registry lists them.
      const order = f ? new Map(f.ms.map((m, i) => [m.id, i])) : null;
      const ms = [...g.members.values()];
      if (order) ms.sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99));
      const no = g.row.ledger_key ?? hid;
      for (const x of matchHousehold({ id: hid, householdNo: no, areaCode, members: ms }, g.records, loaded, t, o.date)) {
        raised.push({ householdId: hid, areaCode, ...x, evidenceHash: evidenceHash(x.kind, x.memberId, x.evidence) });
        numbers.push(no);
      }
    };
    for (const [hid, g] of byHousehold) {
      if (!packs.has(g.row.area_code.slice(0, 6))) await packFor(g.row.area_code);
      if (!isWhole.has(hid)) match(hid, g, undefined);
    }
    const full = await reading;
    for (const hid of whole) match(hid, byHousehold.get(hid)!, full.get(hid));
    lap('match');
    progress(share(0.7));

  }

  // The findings and the memo in one transaction: one commit, and never a memo without the findings it remembers.
  const states = await db.transaction(async (tx) => {
    const stored = await storeFindings(tx, area, raised, o.date);
    lap('store');
    await rememberHouseholds(tx, raised, changed);
    return stored;
  });
  lap('remember');
  const out: VerifyFinding[] = o.collect === false ? [] : raised.map((f, i) => ({ householdNo: numbers[i], idNumber: f.idNumber, kind: f.kind, source: f.source, period: f.period, evidence: f.evidence, message: f.message, state: states[i] }));
  out.sort((a, b) => a.householdNo.localeCompare(b.householdNo) || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.idNumber.localeCompare(b.idNumber));
  progress(1);
  return { date: o.date, households: total, persons, findings: out };
}

type Whole = { h: typeof households.$inferSelect; ms: (typeof members.$inferSelect)[] };

/** The households `ids` read whole: each with its active members in household order. */
async function readWhole(db: Db, ids: string[]): Promise<Map<string, Whole>> {
  const full = new Map<string, Whole>();
  for (let i = 0; i < ids.length; i += 2000) {
    // One array parameter rather than thousands of bound values.
    const list = sql.param(ids.slice(i, i + 2000));
    for (const h of await db.select().from(households).where(sql`${households.id} = any(${list}::text[])`)) full.set(h.id, { h, ms: [] });
    for (const m of await db.select().from(members).where(and(sql`${members.householdId} = any(${list}::text[])`, eq(members.status, 'active'))).orderBy(asc(members.position), asc(members.createdAt))) full.get(m.householdId)?.ms.push(m);
  }
  return full;
}

/** S on the date, in fen, for the household's hukou. */
function standardOf(pack: ResolvedPack, hukou: string, date: string): number {
  try {
    return yuanToFen(pack.value<number>(`dibao.standard.${hukou}`));
  } catch (e) {
    if (e instanceof PolicyError) throw new VerifyError(`政策包 ${pack.pack.id} 在 ${date} 没有${hukou === 'urban' ? '城市' : '农村'}低保标准，无法核对存款：${e.message}`);
    throw e;
  }
}

/**
 * Bump when what a household's findings are made of changes (match.ts, this file's candidates or
 * thresholds): every stored fingerprint then differs and each household is matched again.
 */
export const FINGERPRINT_VERSION = 7;

/** Everything a county's run depends on besides the household itself: the date, the pack's text and the newest feed files. */
function fingerprintContext(date: string, packYaml: string | undefined, files: ApplicableFile[]): string {
  return createHash('sha256').update(JSON.stringify([FINGERPRINT_VERSION, date, packYaml ?? null, files.map((f) => [f.id, f.source, f.period])])).digest('hex');
}

/**
 * Each household matched again remembers its new fingerprint and the findings it raised (one
 * statement; nothing when every household was taken as remembered). Only what cannot be derived:
 * the 户编号 and the area come back from the household's row and the memo's area, the source from the kind.
 */
async function rememberHouseholds(db: Db, raised: StoredFinding[], fingerprints: Map<string, Printed>) {
  if (!fingerprints.size) return;
  const byHousehold = new Map<string, RememberedFinding[]>();
  for (const f of raised) {
    if (!fingerprints.has(f.householdId)) continue;
    const x: RememberedFinding = [f.kind, f.period, f.memberId, f.idNumber, f.evidence, f.evidenceHash, f.message];
    const list = byHousehold.get(f.householdId);
    if (list) list.push(x); else byHousehold.set(f.householdId, [x]);
  }
  const rows = [...fingerprints.values()].map(({ hid, area_code, fingerprint }) => ({ h: hid, a: area_code, f: fingerprint, r: JSON.stringify(byHousehold.get(hid) ?? []) }));
  await db.execute(sql`insert into ${verifiedHouseholds} (household_id, area_code, fingerprint, raised)
    select h, a, f, r from json_to_recordset(${JSON.stringify(rows)}::json) as x(h text, a text, f text, r text)
    on conflict (household_id) do update set area_code = excluded.area_code, fingerprint = excluded.fingerprint, raised = excluded.raised`);
}

/** A finding as remembered for its household (verifiedHouseholds.raised). */
type RememberedFinding = [kind: Kind, period: string, memberId: string | null, idNumber: string, evidence: Record<string, string>, evidenceHash: string, message: string];

/** A household to match: its area, 户编号 and hukou, its candidate members by id and their records by member id. */
type Candidates = { row: CandidateHousehold; members: Map<string, RegMember>; records: Map<string, FeedRecord[]> };

/** A household of the run (fingerprintQuery): its area, 户编号 and hukou. */
interface CandidateHousehold { hid: string; area_code: string; ledger_key: string | null; hukou: string }

/** A household of the run with its fingerprint (fingerprintQuery). */
type Printed = CandidateHousehold & { fingerprint: string };

/**
 * A row of the candidates statement (candidateQuery): a candidate member of household hid, with one of its feed
 * records (file_id … data null for a member listed for having no record in a whole-register feed).
 */
interface CandidateRow {
  hid: string; mid: string; id_number: string; name: string; birth_date: string; relation: string; monthly_income_fen: number | string; disability_grade: number | null; disability_kind: string | null;
  file_id: number | null; row: number | null; fname: string | null; data: Record<string, string> | null;
}

/**
 * The candidates of a county's run (see runVerify, 1.): the feed records of the newest files joined
 * with the active members in the area, then (if those feeds are loaded) the members with a registered
 * disability and no record in the disability feed, and the children aged 6 to 15 in full years on the
 * date (born after date − 16 years and on or before date − 6 years) with no 在读 record in the
 * enrolment feed (CandidateRow: a record's source and period are its file's, not sent). `only`: these
 * households' candidates, or all. Exported for the benchmark's EXPLAIN; `files` not empty.
 */
export function candidateQuery(prefix: string, files: ApplicableFile[], date: string, only: string[] | null): SQL {
  const columns = {
    member: sql`m.household_id as hid, m.id as mid, m.id_number, m.name, m.birth_date::text as birth_date, m.relation, m.monthly_income_fen, m.disability_grade, m.disability_kind`,
    record: sql`f.file_id, f.row, f.name as fname, f.data`,
    none: sql`null::int, null::int, null::text, null::jsonb`,
  };
  const ids = (source?: SourceName) => sql.join(files.filter((f) => !source || f.source === source).map((f) => sql`${f.id}`), sql`, `);
  // A member is active only while the household is (closing a household closes its members), and carries its area.
  const inArea = sql`m.status = 'active' and m.area_code like ${prefix + '%'}${only ? sql` and m.household_id = any(${sql.param(only)}::text[])` : sql``}`;
  const parts = [sql`select ${columns.member}, ${columns.record} from feed_records f
    join members m on m.id_number = f.id_number where ${inArea} and f.file_id in (${ids()})`];
  if (files.some((f) => f.source === 'disability')) {
    parts.push(sql`select ${columns.member}, ${columns.none} from members m where ${inArea} and m.disability_grade is not null
      and not exists (select 1 from feed_records f where f.id_number = m.id_number and f.file_id in (${ids('disability')}))`);
  }
  if (files.some((f) => f.source === 'enrolment')) {
    parts.push(sql`select ${columns.member}, ${columns.none} from members m where ${inArea} and m.birth_date > (${date}::date - interval '16 years') and m.birth_date <= (${date}::date - interval '6 years')
      and not exists (select 1 from feed_records f where f.id_number = m.id_number and f.file_id in (${ids('enrolment')}) and f.data->>'在校状态' = '在读')`);
  }
  return sql.join(parts, sql` union all `);
}

/**
 * Every active household of a county's run (the area `prefix`) with its fingerprint, 户编号, area and hukou, and the findings
 * remembered for it (JSON text) when the stored fingerprint is the same (else null). The fingerprint: the run's
 * context, the household's row and all its active members' rows by row version (xmin, and cmin for a change inside
 * the same transaction: any write makes a new one, whatever it changes): their number and the exclusive or of each
 * row's 64-bit hash (an aggregate in no order, so hashed rather than sorted). Two different sets of rows give the
 * same fingerprint only by a hash collision; a fingerprint that differs without a change (another server version's
 * hash) only makes the household matched again. Exported for the benchmark's EXPLAIN.
 */
export function fingerprintQuery(prefix: string, context: string): SQL {
  return sql`with w as (select m.household_id as hid, count(*) as n, bit_xor(hashtextextended(m.id || ':' || m.xmin || ':' || m.cmin, 0)) as ms
      from members m where m.status = 'active' and m.area_code like ${prefix + '%'} group by m.household_id),
    fp as (select h.id as hid, h.ledger_key, h.area_code, h.hukou, md5(${context} || h.xmin || ':' || h.cmin || ':' || coalesce(w.n, 0) || ':' || coalesce(w.ms, 0)) as fingerprint
      from households h left join w on w.hid = h.id where h.status = 'active' and h.area_code like ${prefix + '%'})
    select fp.hid, fp.fingerprint, fp.ledger_key, fp.area_code, fp.hukou, v.raised from fp left join ${verifiedHouseholds} v on v.household_id = fp.hid and v.fingerprint = fp.fingerprint`;
}

/**
 * The memory the candidates statement may use for each of its sorts, hashes and the candidates kept
 * (PostgreSQL's work_mem, for that transaction only; the default of 4 MB writes a county's candidates to
 * temporary files at 10⁵ feed rows).
 */
const CANDIDATES_WORK_MEM = '64MB';

function toMember(r: Omit<CandidateRow, 'hid' | 'file_id' | 'row' | 'fname' | 'data'>): RegMember {
  return { id: r.mid, idNumber: r.id_number, name: r.name, birthDate: typeof r.birth_date === 'string' ? r.birth_date : new Date(r.birth_date).toISOString().slice(0, 10),
    relation: r.relation, monthlyIncomeFen: Number(r.monthly_income_fen), disabilityGrade: r.disability_grade, disabilityKind: r.disability_kind };
}

/**
 * n of RULES.md: the members counted for 低保 (not 特困-eligible) on the date, from evaluating the
 * registry household under the pack; when that cannot be evaluated, or every member is 特困, all
 * members born by the date (N).
 */
function countedMembers(pack: ResolvedPack, h: typeof households.$inferSelect, ms: (typeof members.$inferSelect)[], date: string): number {
  const N = ms.filter((m) => m.birthDate <= date && ageOn(m.birthDate, date) >= 0).length;
  // 特困 needs a member without an able supporter (RULES.md): without one, n = N with no evaluation.
  if (ms.every((m) => m.supporter === 'able')) return N;
  try {
    const n = evaluate(pack, parseHousehold(toEvaluationInput(h, ms))).household.countedMembers;
    return n > 0 ? n : N;
  } catch {
    return N;
  }
}
