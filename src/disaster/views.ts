/**
 * The figures of a disaster event, in the actor's area (6 of issue 21): households and people affected (with
 * the dead, missing, injured and relocated the 灾情报告 asks for, 001:L2438-2440), house damage, relief by kind
 * and by township (approved, paid, pending), in-kind given, and what registration led to; and the xlsx
 * 灾情报告 in that shape.
 */
import { and, eq, inArray, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../db/connection.ts';
import { findArea } from '../domain/areas.ts';
import { fenToYuan } from '../domain/money.ts';
import type { Actor } from '../registry/store.ts';
import { disasterDistributions, disasterHouseholds, disasterInstalments, disasterRelief } from './schema.ts';
import { eventInScope } from './store.ts';
import { DAMAGE_GRADES, DISASTER_KINDS, LEVEL_LABELS, RELIEF_KINDS, type DisasterKind, type Level, type ReliefKind } from './vocabulary.ts';

interface Money { approvedFen: number; paidFen: number; pendingFen: number; proposedFen: number; count: number }
const zero = (): Money => ({ approvedFen: 0, paidFen: 0, pendingFen: 0, proposedFen: 0, count: 0 });

export async function eventFigures(db: Db, actor: Actor, eventId: string) {
  const e = await eventInScope(db, actor, eventId);
  const scope = like(disasterHouseholds.areaCode, `${actor.areaCode}%`);
  const affected = await db.select().from(disasterHouseholds).where(and(eq(disasterHouseholds.eventId, e.id), scope));
  const relief = await db.select().from(disasterRelief).where(and(eq(disasterRelief.eventId, e.id), like(disasterRelief.areaCode, `${actor.areaCode}%`)));
  const ids = relief.map((r) => r.id);
  const inst = ids.length ? await db.select({ reliefId: disasterInstalments.reliefId, status: disasterInstalments.status, amountFen: disasterInstalments.amountFen }).from(disasterInstalments).where(inArray(disasterInstalments.reliefId, ids)) : [];
  const dist = ids.length ? await db.select({ reliefId: disasterDistributions.reliefId, valueFen: disasterDistributions.valueFen }).from(disasterDistributions).where(inArray(disasterDistributions.reliefId, ids)) : [];

  const people = { households: affected.length, affected: 0, dead: 0, missing: 0, injured: 0, relocated: 0, lossFen: 0 };
  const damage: Record<string, number> = Object.fromEntries(Object.keys(DAMAGE_GRADES).map((k) => [k, 0]));
  const needs: Record<string, number> = {};
  const links = { temporaryProposed: 0, warnings: 0, housing: 0 };
  const towns = new Map<string, { code: string; name: string; households: number; people: number; byKind: Record<string, Money>; inKind: { count: number; valueFen: number } }>();
  const town = (areaCode: string) => {
    const code = areaCode.slice(0, 9);
    let t = towns.get(code);
    if (!t) towns.set(code, t = { code, name: findArea(code)?.name ?? code, households: 0, people: 0, byKind: {}, inKind: { count: 0, valueFen: 0 } });
    return t;
  };
  for (const a of affected) {
    people.affected += a.affected; people.dead += a.dead; people.missing += a.missing; people.injured += a.injured; people.relocated += a.relocated; people.lossFen += a.lossFen;
    damage[a.damage] = (damage[a.damage] ?? 0) + 1;
    for (const n of a.needs) needs[n] = (needs[n] ?? 0) + 1;
    if (a.links.temporaryProposed) links.temporaryProposed += 1;
    if (a.links.warningId) links.warnings += 1;
    if (a.links.housing) links.housing += 1;
    const t = town(a.areaCode);
    t.households += 1;
    t.people += a.affected;
  }
  const byKind: Record<string, Money> = Object.fromEntries(Object.keys(RELIEF_KINDS).map((k) => [k, zero()]));
  const inKind = { count: 0, valueFen: 0, pending: 0 };
  for (const r of relief) {
    if (r.state === 'rejected') continue;
    const t = town(r.areaCode);
    const m = byKind[r.kind];
    const tm = (t.byKind[r.kind] ??= zero());
    for (const x of [m, tm]) {
      x.count += 1;
      if (r.state === 'approved' || r.state === 'distributed') x.approvedFen += r.amountFen; else x.proposedFen += r.amountFen;
    }
    if (r.form === 'inKind') {
      const given = dist.filter((d) => d.reliefId === r.id);
      if (given.length) { inKind.count += 1; inKind.valueFen += given.reduce((s, d) => s + d.valueFen, 0); t.inKind.count += 1; t.inKind.valueFen += given.reduce((s, d) => s + d.valueFen, 0); } else inKind.pending += 1;
      continue;
    }
    for (const i of inst.filter((x) => x.reliefId === r.id)) {
      for (const x of [m, tm]) if (i.status === 'paid') x.paidFen += i.amountFen; else x.pendingFen += i.amountFen;
    }
  }
  return {
    event: { ...e, kindLabel: DISASTER_KINDS[e.kind as DisasterKind], levelLabel: e.level ? LEVEL_LABELS[e.level as Level] : null,
      proposedLevelLabel: e.proposedLevel ? LEVEL_LABELS[e.proposedLevel as Level] : null, areaNames: e.areas.map((c) => findArea(c)?.name ?? c) },
    people, damage, needs, links, byKind, inKind,
    byTownship: [...towns.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}

const yuan = (fen: number) => fenToYuan(fen);

/** 灾情报告 (001:L2438-2440): time and range, people dead, missing, injured, affected and relocated, measures taken (relief), damage. */
export async function eventReportXlsx(db: Db, actor: Actor, eventId: string): Promise<{ name: string; body: Buffer }> {
  const f = await eventFigures(db, actor, eventId);
  const e = f.event;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('灾情报告');
  ws.columns = [{ width: 28 }, { width: 60 }];
  ws.addRow([`${e.name} 灾情报告`]).font = { bold: true, size: 14 };
  const rows: [string, string | number][] = [
    ['灾害种类', e.kindLabel], ['灾害发生时间', `${e.startedOn}${e.endedOn ? ` 至 ${e.endedOn}` : ' 起（持续中）'}`], ['灾害范围', e.areaNames.join('、')],
    ['响应级别', e.levelLabel ? `${e.levelLabel}（${e.confirmedBy} 确认${e.needsPrefecture ? '，须报州（市）人民政府批准' : ''}）` : `待确认（条件表建议：${e.proposedLevelLabel ?? '未达到'}）`],
    ['受灾户数', f.people.households], ['受影响人数', f.people.affected], ['死亡人数', f.people.dead], ['失踪人数', f.people.missing], ['受伤人数', f.people.injured],
    ['已转移安置人数', f.people.relocated], ['直接经济损失（元）', yuan(f.people.lossFen)],
    ...Object.entries(DAMAGE_GRADES).filter(([k]) => k !== 'none').map(([k, v]): [string, number] => [`房屋${v}（户）`, f.damage[k] ?? 0]),
    ['已采取的措施：救助', Object.entries(f.byKind).map(([k, m]) => `${RELIEF_KINDS[k as ReliefKind]} ${m.count} 户，批准 ${yuan(m.approvedFen)} 元，已发 ${yuan(m.paidFen)} 元`).join('；')],
    ['已采取的措施：实物', `已发放 ${f.inKind.count} 户，折价 ${yuan(f.inKind.valueFen)} 元；待发放 ${f.inKind.pending} 户`],
    ['衔接', `建议临时救助 ${f.links.temporaryProposed} 户，监测预警 ${f.links.warnings} 户，住房救助转办 ${f.links.housing} 户`],
    ['灾情描述（交通、电力、通信、农业等）', e.description || '—'],
  ];
  for (const r of rows) ws.addRow(r);
  const t = wb.addWorksheet('按乡镇');
  t.addRow(['乡镇', '受灾户数', '受灾人数', ...Object.values(RELIEF_KINDS).flatMap((k) => [`${k}批准（元）`, `${k}已发（元）`, `${k}待发（元）`]), '实物发放户数', '实物折价（元）']).font = { bold: true };
  for (const x of f.byTownship) {
    t.addRow([x.name, x.households, x.people, ...Object.keys(RELIEF_KINDS).flatMap((k) => { const m = x.byKind[k] ?? zero(); return [yuan(m.approvedFen), yuan(m.paidFen), yuan(m.pendingFen)]; }), x.inKind.count, yuan(x.inKind.valueFen)]);
  }
  const safe = e.name.replace(/[\\/:*?"<>|]/g, '_');
  return { name: `${safe}-灾情报告.xlsx`, body: Buffer.from(await wb.xlsx.writeBuffer()) };
}

