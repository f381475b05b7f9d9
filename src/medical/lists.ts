/**
 * The registry-wide lists of medical assistance (../shared/contract/MEDICAL.md): premium subsidies
 * (资助参保) for a year by the categories on a date, and the identity list (身份标识) the insurance
 * platform loads for one-stop settlement and 先诊疗后付费, with its CSV or xlsx file. Every active
 * member is looked at under the pack of their county (PolicySource), a page of households at a time.
 */
import ExcelJS from 'exceljs';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { fenToYuan } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { safeCell, toCsv } from '../payments/bankFile.ts';
import type { PolicySource } from '../payments/policySource.ts';
import { PolicyError, resolvePack, type PolicyPack, type ResolvedPack } from '../policy/pack.ts';
import { activeHouseholds, countyOf, FactsBuilder, householdNo, type RegistryHousehold } from './facts.ts';
import { CATEGORY_LABELS, type CategoryOrNone, type PersonFacts } from './model.ts';
import { identityOn, PREMIUM_CATEGORIES, premiumSubsidy, type PremiumCategory } from './rules.ts';

/** Resolves each county's pack once for the date; a pack that cannot is a 4xx naming --policy. */
async function packsOn(policy: PolicySource, date: string) {
  const cache = new Map<PolicyPack, ResolvedPack>();
  const forCounty = async (county: string) => {
    const { pack } = await policy.forCounty(county);
    let r = cache.get(pack);
    if (!r) {
      try { r = resolvePack(pack, date); } catch (e) { if (e instanceof PolicyError) throw policyError(e); throw e; }
      cache.set(pack, r);
    }
    return r;
  };
  return forCounty;
}

const policyError = (e: PolicyError) => new AppError('INVALID_POLICY', `政策包不能计算：${e.message}`, 'policy');

/** Runs `fn` for every active member (inside `area` when not '') with their facts on the date and their county's pack. */
async function eachMember(db: Db, policy: PolicySource, date: string, area: string, fn: (h: RegistryHousehold, m: RegistryHousehold['members'][number], facts: PersonFacts, pack: ResolvedPack) => void) {
  const packFor = await packsOn(policy, date);
  for await (const page of activeHouseholds(db, 500, area)) {
    const packs = new Map<string, ResolvedPack>();
    for (const h of page) if (!packs.has(countyOf(h))) packs.set(countyOf(h), await packFor(countyOf(h)));
    const builder = new FactsBuilder((county) => packs.get(county)!);
    for (const h of page) {
      for (const m of h.members) {
        if (m.birthDate > date) continue;
        try {
          fn(h, m, builder.facts(h, m, date), packs.get(countyOf(h))!);
        } catch (e) {
          if (e instanceof PolicyError) throw policyError(e);
          throw e;
        }
      }
    }
  }
}

export interface PremiumList {
  year: number;
  date: string;
  persons: number;
  totalYuan: number;
  byCategory: Partial<Record<PremiumCategory, number>>;
  rows: { idNumber: string; householdNo: string; category: PremiumCategory; subsidyYuan: number }[];
}

/** The premium subsidies of the year; the list holds full ID numbers, so drawing it up is audited (`actor`). */
export async function premiumList(db: Db, o: { year: number; date: string; policy: PolicySource; actor: string; area?: string }): Promise<PremiumList> {
  const rows: (PremiumList['rows'][number] & { fen: number })[] = [];
  await eachMember(db, o.policy, o.date, o.area ?? '', (h, m, facts, pack) => {
    const s = premiumSubsidy(pack, facts);
    if (s) rows.push({ idNumber: m.idNumber, householdNo: householdNo(h), category: s.category, subsidyYuan: fenToYuan(s.fen), fen: s.fen });
  });
  rows.sort((a, b) => a.householdNo.localeCompare(b.householdNo) || a.idNumber.localeCompare(b.idNumber));
  const byFen = new Map<PremiumCategory, number>();
  for (const r of rows) byFen.set(r.category, (byFen.get(r.category) ?? 0) + r.fen);
  const byCategory: PremiumList['byCategory'] = {};
  for (const c of PREMIUM_CATEGORIES) if (byFen.has(c)) byCategory[c] = fenToYuan(byFen.get(c)!);
  await appendAudit(db, { actor: o.actor, action: 'medical.premium', target: `medical-premium:${o.year}`, areaCode: o.area || null, detail: { year: o.year, date: o.date, persons: rows.length } });
  return { year: o.year, date: o.date, persons: rows.length, totalYuan: fenToYuan(rows.reduce((a, r) => a + r.fen, 0)), byCategory,
    rows: rows.map(({ fen: _fen, ...r }) => r) };
}

export interface IdentityRow { idNumber: string; name: string; householdNo: string; category: CategoryOrNone; from: string | null; to: string | null; treatFirst: boolean }

/** The identity list on the date; it holds full ID numbers, so drawing it up is audited (`actor`, and the file written if any). */
export async function identityList(db: Db, o: { date: string; policy: PolicySource; actor: string; out?: string; area?: string }): Promise<{ date: string; persons: number; rows: IdentityRow[] }> {
  const rows: IdentityRow[] = [];
  await eachMember(db, o.policy, o.date, o.area ?? '', (h, m, facts, pack) => {
    const id = identityOn(pack, facts);
    if (id) rows.push({ idNumber: m.idNumber, name: m.name, householdNo: householdNo(h), category: id.choice.category, from: id.from, to: id.to, treatFirst: id.treatFirst });
  });
  rows.sort((a, b) => a.householdNo.localeCompare(b.householdNo) || a.idNumber.localeCompare(b.idNumber));
  await appendAudit(db, { actor: o.actor, action: 'medical.identities', target: `medical-identities:${o.date}`, areaCode: o.area || null, detail: { date: o.date, persons: rows.length, ...(o.out ? { out: o.out } : {}) } });
  return { date: o.date, persons: rows.length, rows };
}

export const IDENTITY_COLUMNS = ['身份证号', '姓名', '人员类别', '开始日期', '结束日期', '先诊疗后付费'] as const;

/** The identity list as the insurance platform loads it: CSV (UTF-8 with BOM) or xlsx, every cell text. */
export async function identityFile(rows: IdentityRow[], format: 'csv' | 'xlsx'): Promise<Buffer> {
  const table = [[...IDENTITY_COLUMNS], ...rows.map((r) => [r.idNumber, r.name, CATEGORY_LABELS[r.category], r.from ?? '', r.to ?? '', r.treatFirst ? '是' : '否'])];
  if (format === 'csv') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(toCsv(table), 'utf8')]);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const ws = wb.addWorksheet('医疗救助身份标识');
  for (const r of table) ws.addRow(r.map(safeCell));
  ws.getRow(1).font = { bold: true };
  [22, 10, 20, 12, 12, 14].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
