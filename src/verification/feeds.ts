/**
 * Loading a department's feed file (`doudi feed load`, and the county's upload in the UI): the rows
 * are read with the ledger readers (CSV in UTF-8 with or without BOM or GB18030/GBK, or xlsx,
 * streamed), checked row by row (sources.ts), and the good rows stored with the file's record in
 * one transaction; every bad row is listed with its row number and column, never dropped silently.
 * The file itself is kept, content-addressed (`<dir>/<sha256>`), with who loaded it, when, its
 * source, period and SHA-256. Loading the same file for the same source and period again changes nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { feedFiles, feedRecords } from '../db/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { csvRows, fileKind, LedgerFileError, xlsxSheets, type SheetRow } from '../ledger/read.ts';
import { plainText } from '../registry/model.ts';
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
  /** The loader's area scope: '' from the command line, the county for an upload. */
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
async function* sheetRows(path: string, name: string): AsyncGenerator<SheetRow> {
  if (fileKind(name) === 'csv') { yield* csvRows({ path }); return; }
  for await (const sheet of xlsxSheets({ path })) {
    yield* sheet.rows;
    return;
  }
}

const isEmptyRow = (cells: unknown[]) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

async function countMatched(db: Db, fileId: number): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(feedRecords)
    .where(and(eq(feedRecords.fileId, fileId), sql`exists (select 1 from members m where m.id_number = ${feedRecords.idNumber} and m.status = 'active')`));
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

  const [already] = await db.select().from(feedFiles).where(and(eq(feedFiles.source, source), eq(feedFiles.period, o.period), eq(feedFiles.sha256, sha256)));
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
    return { source, period: o.period, rows, loaded, matched: await countMatched(tx, file.id), errors };
  });
}

/** Copies the file to `<dir>/<sha256>` unless it is there already (same content, same name). */
async function keepFile(path: string, dir: string, sha256: string): Promise<void> {
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

/** The loaded files in a scope (the county's and the command line's), newest first. */
export async function listFeedFiles(db: Db, scope: string) {
  return db.select({ id: feedFiles.id, source: feedFiles.source, period: feedFiles.period, sha256: feedFiles.sha256, fileName: feedFiles.fileName, bytes: feedFiles.bytes,
    loadedBy: feedFiles.loadedBy, loadedAt: feedFiles.loadedAt, rows: feedFiles.rows, loaded: feedFiles.loaded, errorCount: sql<number>`jsonb_array_length(${feedFiles.errors})::int` })
    .from(feedFiles).where(sql`(${feedFiles.areaCode} = '' or ${feedFiles.areaCode} like ${scope + '%'} or ${scope} like ${feedFiles.areaCode} || '%')`)
    .orderBy(sql`${feedFiles.id} desc`).limit(200);
}
