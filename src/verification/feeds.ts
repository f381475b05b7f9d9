/**
 * Loading a department's feed file (`doudi feed load`, and the county's upload in the UI): the rows
 * are read with the ledger readers (CSV in UTF-8 with or without BOM or GB18030/GBK, or xlsx,
 * streamed), checked row by row (sources.ts), and the good rows stored with the file's record in
 * one transaction; every bad row is listed with its row number and column, never dropped silently.
 * The file itself is kept, content-addressed (`<dir>/<sha256>`), with who loaded it, when, its
 * source, period and SHA-256. Loading the same file for the same source and period again changes nothing.
 * A wage file also records the working-age registry members it pays as employed in its month (src/employment/wageFeed.ts).
 *
 * A feed belongs to the county that loaded it (`area_code`, 6 digits): an upload takes the county of
 * the county officer, `doudi feed load` the one of `--area` or else of the registry (`commandCounty`).
 * Every read of feed files and records goes through `feedFilesFor`/`appliesToMember`, so a file
 * matches only its own county's members (docs/security.md, "Feed scoping"). Files of area '' (loaded
 * from the command line before feeds had a county, or into a database without any household or pack)
 * apply to every county.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { policyVersions } from '../policy/schema.ts';
import { households } from '../registry/schema.ts';
import { feedFiles, feedRecords } from './schema.ts';
import { appliesToMember } from './applies.ts';
import { appendAudit } from '../auth/audit.ts';
import { csvRows, fileKind, LedgerFileError, xlsxSheets, type SheetRow } from '../ledger/read.ts';
import { plainText } from '../registry/model.ts';
import { recordWageFeed } from '../employment/wageFeed.ts';
import { checkRow, isPeriod, isSource, mapHeader, SOURCE_LABELS, SOURCES, type RowError, type SourceName } from './sources.ts';

export interface FeedResult {
  source: string;
  period: string;
  rows: number;
  loaded: number;
  matched: number;
  errors: RowError[];
}

/** The file could not be read as a feed at all (exit 2 / a 400): nothing was stored. */
export class FeedFileError extends Error {
  constructor(message: string, readonly path = 'file') { super(message); }
}

/**
 * A feed's file name, kept on its record and shown on the feeds page: free text of one line like any other
 * (no control, zero-width or bidi characters, which could make `车辆.csv` show as another name), at most 200.
 */
export const feedFileName = plainText('文件名', 200, { required: '请提供文件名' });

/** The file name as stored, or a FeedFileError (path `name`) saying what is wrong with it. */
export function checkFeedFileName(name: unknown): string {
  const r = feedFileName.safeParse(name);
  if (!r.success) throw new FeedFileError(r.error.issues[0]?.message ?? '文件名无效', 'name');
  try { fileKind(r.data); } catch (e) { throw new FeedFileError((e as Error).message, 'name'); }
  return r.data;
}

export interface LoadOptions {
  /** The file on disk and the name it was given (for its kind and the record). */
  path: string;
  fileName: string;
  source: string;
  period: string;
  actor: string;
  /** The county the feed belongs to (6 digits; `commandCounty` for the command line); '' = every county. */
  areaCode: string;
  /** Where files are kept, content-addressed. */
  dir: string;
  onProgress?: (rows: number) => void;
}

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) { hash.update(chunk); bytes += chunk.length; }
  return { sha256: hash.digest('hex'), bytes };
}

/** The rows of the file's first sheet (xlsx) or the CSV. */
export async function* sheetRows(path: string, name: string): AsyncGenerator<SheetRow> {
  if (fileKind(name) === 'csv') { yield* csvRows({ path }); return; }
  for await (const sheet of xlsxSheets({ path })) {
    yield* sheet.rows;
    return;
  }
}

export const isEmptyRow = (cells: unknown[]) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

async function countMatched(db: Db, fileId: number): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(feedRecords)
    .where(and(eq(feedRecords.fileId, fileId), sql`exists (select 1 from members m where m.id_number = ${feedRecords.idNumber} and m.status = 'active' and ${appliesToMember(sql`${feedRecords.areaCode}`, sql`m.area_code`)})`));
  return r?.n ?? 0;
}

const INSERT_CHUNK = 1000;

export async function loadFeed(db: Db, o: LoadOptions): Promise<FeedResult> {
  if (!isSource(o.source)) throw new FeedFileError(`未知的数据来源 ${o.source}（应为 ${SOURCES.map((s) => `${s}（${SOURCE_LABELS[s]}）`).join('、')} 之一）`, 'source');
  if (!isPeriod(o.period)) throw new FeedFileError(`数据期别应为 YYYY-MM，实际为 ${o.period}`, 'period');
  const source: SourceName = o.source;
  checkFeedFileName(o.fileName);
  if (!(await stat(o.path).catch(() => null))?.isFile()) throw new FeedFileError(`文件不存在：${o.fileName}`);
  const { sha256, bytes } = await sha256File(o.path);

  const [already] = await db.select().from(feedFiles).where(and(eq(feedFiles.source, source), eq(feedFiles.period, o.period), eq(feedFiles.sha256, sha256), eq(feedFiles.areaCode, o.areaCode)));
  if (already) return { source, period: o.period, rows: already.rows, loaded: already.loaded, matched: await countMatched(db, already.id), errors: already.errors };

  return db.transaction(async (tx) => {
    const [file] = await tx.insert(feedFiles).values({ source, period: o.period, sha256, fileName: o.fileName, bytes, areaCode: o.areaCode, loadedBy: o.actor, rows: 0, loaded: 0, errors: [] }).returning({ id: feedFiles.id });
    const errors: RowError[] = [];
    let positions: Map<string, number> | null = null;
    let rows = 0;
    let loaded = 0;
    let batch: (typeof feedRecords.$inferInsert)[] = [];
    const flush = async () => { if (batch.length) { await tx.insert(feedRecords).values(batch); batch = []; } };
    try {
      for await (const r of sheetRows(o.path, o.fileName)) {
        if (isEmptyRow(r.cells)) continue;
        if (!positions) {
          const header = mapHeader(source, r.cells);
          if (header.missing.length) throw new FeedFileError(`缺少必需的列：${header.missing.join('、')}（表头应为第一个非空行，即第 ${r.row} 行；数据来源 ${source}：${SOURCE_LABELS[source]}）`);
          positions = header.positions;
          continue;
        }
        rows++;
        const checked = checkRow(source, positions, r.row, r.cells);
        if (!checked.ok) { errors.push(checked.error); continue; }
        loaded++;
        batch.push({ fileId: file.id, source, period: o.period, row: r.row, idNumber: checked.idNumber, name: checked.name, areaCode: o.areaCode, data: checked.data });
        if (batch.length >= INSERT_CHUNK) { await flush(); o.onProgress?.(rows); }
      }
    } catch (e) {
      if (e instanceof LedgerFileError) throw new FeedFileError(e.message);
      throw e;
    }
    if (!positions) throw new FeedFileError('文件中没有表头行（第一个非空行应为表头）');
    await flush();
    await tx.update(feedFiles).set({ rows, loaded, errors }).where(eq(feedFiles.id, file.id));
    await keepFile(o.path, o.dir, sha256);
    await appendAudit(tx, { actor: o.actor, action: 'feed.load', target: `feed:${file.id}`, areaCode: o.areaCode || null,
      detail: { source, period: o.period, sha256, fileName: o.fileName, rows, loaded, errors: errors.length } });
    // A wage row of a working-age registry member records them as employed in the month (src/employment/wageFeed.ts).
    if (source === 'wage') await recordWageFeed(tx as unknown as Db, file.id, o.actor);
    return { source, period: o.period, rows, loaded, matched: await countMatched(tx, file.id), errors };
  });
}

/** Copies the file to `<dir>/<sha256>` unless it is there already (same content, same name). */
export async function keepFile(path: string, dir: string, sha256: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, sha256);
  if (await stat(target).catch(() => null)) return;
  const part = `${target}.${process.pid}.part`;
  await copyFile(path, part);
  await rename(part, target);
}

/** Where feed files are kept: DOUDI_FEEDS, else `feeds` in the data directory (./data for PostgreSQL or an in-memory database). */
export function feedDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOUDI_FEEDS) return env.DOUDI_FEEDS;
  const data = !env.DATABASE_URL && env.DOUDI_DATA && !env.DOUDI_DATA.startsWith('memory://') ? env.DOUDI_DATA : './data';
  return join(data, 'feeds');
}

export interface ApplicableFile { id: number; source: SourceName; period: string }

/** The feed files that apply to the households of one county (its own and those of area ''), optionally of one source. */
export async function feedFilesFor(db: Db, county: string, source?: SourceName): Promise<ApplicableFile[]> {
  if (!/^\d{6}$/.test(county)) throw new Error(`feedFilesFor: a county code has 6 digits, got ${county}`);
  const rows = await db.select({ id: feedFiles.id, source: feedFiles.source, period: feedFiles.period }).from(feedFiles)
    .where(and(appliesToMember(sql`${feedFiles.areaCode}`, sql`${county}`), source ? eq(feedFiles.source, source) : undefined));
  return rows as ApplicableFile[];
}

/** The counties that have active households inside an area prefix ('' = all), in code order. */
export async function countiesIn(db: Db, area: string): Promise<string[]> {
  if (area.length >= 6) return [area.slice(0, 6)];
  const rows = await db.selectDistinct({ county: sql<string>`substr(${households.areaCode}, 1, 6)` }).from(households)
    .where(and(like(households.areaCode, `${area}%`), eq(households.status, 'active')));
  return rows.map((r) => r.county).sort();
}

/**
 * The county a feed loaded from the command line belongs to: `--area` (its first 6 digits) when given;
 * else the one county of the registry's households; else the one county with a policy pack; else ''
 * (an empty database: the feed applies to every county). A database holding several counties needs
 * `--area` (a CommandCountyError, exit 2).
 */
export async function commandCounty(db: Db, area?: string): Promise<string> {
  if (area !== undefined) {
    if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(area)) throw new FeedFileError(`--area 应为县级（6 位）行政区划代码，实际为 ${area}`, 'area');
    return area.slice(0, 6);
  }
  const fromHouseholds = await db.selectDistinct({ county: sql<string>`substr(${households.areaCode}, 1, 6)` }).from(households).limit(2);
  const candidates = fromHouseholds.length ? fromHouseholds.map((r) => r.county)
    : (await db.selectDistinct({ county: sql<string>`substr(${policyVersions.jurisdiction}, 1, 6)` }).from(policyVersions)
      .where(sql`length(${policyVersions.jurisdiction}) >= 6`).limit(2)).map((r) => r.county);
  if (candidates.length > 1) throw new FeedFileError('数据库中有多个县的家庭档案，请用 --area 指定部门数据所属的县（6 位行政区划代码）', 'area');
  return candidates[0] ?? '';
}

/** The loaded files in a scope (the county's and the command line's), newest first. */
export async function listFeedFiles(db: Db, scope: string) {
  return db.select({ id: feedFiles.id, source: feedFiles.source, period: feedFiles.period, sha256: feedFiles.sha256, fileName: feedFiles.fileName, bytes: feedFiles.bytes,
    loadedBy: feedFiles.loadedBy, loadedAt: feedFiles.loadedAt, rows: feedFiles.rows, loaded: feedFiles.loaded, errorCount: sql<number>`jsonb_array_length(${feedFiles.errors})::int` })
    .from(feedFiles).where(sql`(${appliesToMember(sql`${feedFiles.areaCode}`, sql`${scope}`)} or ${feedFiles.areaCode} like ${scope + '%'})`)
    .orderBy(sql`${feedFiles.id} desc`).limit(200);
}
