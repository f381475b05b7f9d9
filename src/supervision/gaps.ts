/**
 * Coverage gaps (应保尽保, 002:L583; 004:L32): from the engine's evaluation of a registry household and what the
 * household has now (its open entitlements, its open applications, its reviews under way), the gaps it shows —
 * `unserved` (应保未保): the engine finds it eligible for a program it neither receives nor has applied for; `review`
 * (待复核): it receives a program the engine no longer finds it eligible for — each with the engine's reasons as
 * Chinese sentences and, for an unserved program, the monthly amount it would get. Pure: no database, no clock.
 *
 * Only the programs paid monthly through an entitlement (低保, 特困, 残疾人两项补贴) are decided: for them the records say
 * whether the household receives the program. 教育资助 and 临时救助 are paid on other occasions (a school year, a
 * request), so the engine's finding says nothing about a household left out.
 */
import { ENGINE_PROGRAMS, ENTITLEMENT_PROGRAMS, type EntitlementProgram } from '../cases/model.ts';
import type { Benefit, Evaluation } from '../policy/evaluate.ts';
import { formatYuan } from '../domain/money.ts';

export const GAP_KINDS = { unserved: '应保未保', review: '待复核' } as const;
export type GapKind = keyof typeof GAP_KINDS;

/** How a gap is closed: by an officer (the first three) or by a search that no longer finds it (gone). */
export const GAP_OUTCOMES = { case_opened: '已受理申请', review_opened: '已发起复核', not_a_gap: '经核实不属于', gone: '已不存在' } as const;
export type GapOutcome = keyof typeof GAP_OUTCOMES;
/** The outcomes an officer may choose, and the kind of gap each fits. */
export const CLOSE_OUTCOMES = ['case_opened', 'review_opened', 'not_a_gap'] as const;
export const OUTCOME_FITS: Record<(typeof CLOSE_OUTCOMES)[number], readonly GapKind[]> = {
  case_opened: ['unserved'], review_opened: ['review'], not_a_gap: ['unserved', 'review'],
};

export const GAP_PROGRAMS = ENTITLEMENT_PROGRAMS;
export type GapProgram = EntitlementProgram;

/** What the household has now, by program. */
export interface Standing {
  /** Programs with an entitlement still paid (open, or ending this month or later), with the open one's id. */
  receiving: ReadonlyMap<string, { entitlementId: string; open: boolean }>;
  /** Programs with an application not yet decided (a case program not approved, rejected, stopped or withdrawn). */
  applying: ReadonlySet<string>;
  /** Programs with a review due (复核 under way). */
  reviewing: ReadonlySet<string>;
}

export interface Gap {
  kind: GapKind;
  program: GapProgram;
  reasons: string[];
  /** unserved: monthly amount in fen. */
  amountFen: number | null;
  /** review: the open entitlement. */
  entitlementId: string | null;
}

/** How reasons name a member: never by the engine's id (a UUID in the registry); the caller gives the masked name. */
export type MemberLabel = (memberId: string) => string;

const live = (b: Benefit) => b.status !== 'ineligible';

/**
 * The gaps of one household on `date`. `evaluation` is the engine's answer on the registry path; a household the
 * engine could not evaluate (bad stored data) has no gap — the search counts it apart.
 */
export function decideGaps(evaluation: Evaluation, standing: Standing, label: MemberLabel = (id) => id): Gap[] {
  const gaps: Gap[] = [];
  const date = evaluation.date;
  for (const program of GAP_PROGRAMS) {
    const entries = evaluation.benefits.filter((b) => ENGINE_PROGRAMS[b.program] === program);
    const eligible = entries.filter(live);
    const receiving = standing.receiving.get(program);
    if (eligible.length > 0 && !receiving && !standing.applying.has(program)) {
      const fen = eligible.reduce((s, b) => s + Math.round((b.monthlyYuan ?? 0) * 100), 0);
      gaps.push({ kind: 'unserved', program, amountFen: fen, entitlementId: null, reasons: [
        `按 ${date} 的政策测算符合${program}条件，每月 ${formatYuan(fen)} 元；没有正在享受的${program}待遇，也没有办理中的${program}申请`,
        ...reasonsOf(eligible, label),
      ] });
    }
    if (eligible.length === 0 && receiving?.open && !standing.reviewing.has(program)) {
      const refused = entries.filter((b) => !live(b));
      gaps.push({ kind: 'review', program, amountFen: null, entitlementId: receiving.entitlementId, reasons: [
        `正在享受${program}待遇，按 ${date} 的政策测算已不符合${program}条件`,
        ...(refused.length ? reasonsOf(refused, label) : [noEntryReason(program, evaluation)]),
      ] });
    }
  }
  return gaps;
}

/** The engine's reasons of the entries, each a sentence; a member's entry says whose it is. */
function reasonsOf(entries: Benefit[], label: MemberLabel): string[] {
  const out: string[] = [];
  for (const b of entries) {
    const who = b.member ? `${label(b.member)}：` : '';
    for (const r of b.reasons) {
      const text = who + replaceIds(r.text, b, label);
      if (!out.includes(text)) out.push(text);
    }
  }
  return out;
}

/** Member ids inside a reason's text (低保 names the members it leaves out by id) replaced by their labels. */
function replaceIds(text: string, b: Benefit, label: MemberLabel): string {
  const ids = new Set([...(b.members ?? []), ...(b.member ? [b.member] : [])]);
  let out = text;
  // The 低保 entry's reasons may name members outside its list (those left to 特困): every id-looking token is tried.
  for (const token of text.match(/[0-9a-fA-F-]{36}|\bP\d+\b/g) ?? []) ids.add(token);
  for (const id of ids) if (out.includes(id)) out = out.split(id).join(label(id));
  return out;
}

/** When the engine lists no entry for the program at all, why in its own terms. */
function noEntryReason(program: GapProgram, e: Evaluation): string {
  if (program === '低保' && e.household.classification === 'tekun') return '家庭成员均符合特困供养条件，不再计入低保';
  if (program === '残疾人两项补贴') return '没有成员符合困难残疾人生活补贴或重度残疾人护理补贴的条件';
  return `没有成员符合${program}条件`;
}
