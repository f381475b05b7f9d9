/**
 * What every rule needs while evaluating one household: the resolved pack, the members on the date
 * (a member born after it is not yet one), money helpers that round per the pack and say so,
 * members' ages, the definitions (重度残疾, 重病, student), and reasons that cite each parameter
 * with its value, date and source.
 */
import { ageOn } from '../domain/dates.ts';
import { formatYuan, roundFen, yuanToFen, type Fen, type Rounding } from '../domain/money.ts';
import { DISABILITY_KINDS, ILLNESSES } from '../registry/vocabulary.ts';
import { InputError, type Household, type Member } from './household.ts';
import type { Param, ResolvedPack } from './resolve.ts';

export interface Reason {
  rule: string;
  text: string;
  parameters: Param[];
}

/** How a 重病 by 重特大疾病医疗救助 (002:L589) is named beside the illnesses. */
const MAJOR_ILLNESS_ASSISTANCE = '获得重特大疾病医疗救助';

const STUDENT = new Set(['primary', 'junior', 'senior', 'vocational', 'college']);

const UNIT_TEXT: Record<Rounding, string> = { fen: '分', jiao: '角', yuan: '元' };

const NONE: never[] = [];

/**
 * What the definitions need from a resolved pack, looked up once per pack rather than on every member of every
 * household (issue 23). The parameter lists are shared: the rules spread them into reasons and never change them.
 */
interface Definitions {
  unit: Rounding;
  severeGrades: number[];
  grade3IntellectualMental: boolean;
  requireSecondGeneration: boolean;
  seriousIllnesses: string[];
  medicalAssistance: boolean;
  severeParams: Param[];
  seriousParams: Param[];
  seriousByAssistanceParams: Param[];
}

const definitionsOf = new WeakMap<ResolvedPack, Definitions>();

function definitions(pack: ResolvedPack): Definitions {
  let d = definitionsOf.get(pack);
  if (!d) {
    d = {
      unit: pack.value<Rounding>('general.rounding'),
      severeGrades: pack.value<number[]>('definitions.severeDisability.grades'),
      grade3IntellectualMental: pack.value<boolean>('definitions.severeDisability.grade3IntellectualMental'),
      requireSecondGeneration: pack.value<boolean>('definitions.severeDisability.requireSecondGeneration'),
      seriousIllnesses: pack.value<string[]>('definitions.seriousIllnesses'),
      medicalAssistance: pack.value<boolean>('definitions.seriousIllness.medicalAssistance'),
      severeParams: [pack.get('definitions.severeDisability.grades'), pack.get('definitions.severeDisability.grade3IntellectualMental'), pack.get('definitions.severeDisability.requireSecondGeneration')],
      seriousParams: [pack.get('definitions.seriousIllnesses')],
      seriousByAssistanceParams: [pack.get('definitions.seriousIllnesses'), pack.get('definitions.seriousIllness.medicalAssistance')],
    };
    definitionsOf.set(pack, d);
  }
  return d;
}

export class Context {
  readonly unit: Rounding;
  /** The members on the date (N of them): born on or before it. */
  readonly members: Member[];
  /** Members born after the date: not yet members, left out of every count, income and program. */
  readonly unborn: Member[];
  /** Ages by the member's input position. */
  private readonly ages: number[] = [];
  private readonly defs: Definitions;
  /** The standard S, looked up once per household: the rules ask for it many times per member. */
  private standardCache: Param<number> | undefined;

  constructor(readonly pack: ResolvedPack, readonly household: Household) {
    this.defs = definitions(pack);
    this.unit = this.defs.unit;
    // Nearly every household has every member born: its list is used as it is.
    if (household.members.every((m) => m.birthDate <= pack.date)) {
      this.members = household.members;
      this.unborn = NONE;
    } else {
      this.members = household.members.filter((m) => m.birthDate <= pack.date);
      this.unborn = household.members.filter((m) => m.birthDate > pack.date);
    }
  }

  get date(): string {
    return this.pack.date;
  }

  param<T>(name: string): Param<T> {
    return this.pack.get<T>(name);
  }

  value<T>(name: string): T {
    return this.pack.value<T>(name);
  }

  /** A parameter in yuan, in fen. */
  fen(name: string): Fen {
    return yuanToFen(this.value<number>(name));
  }

  round(fen: number): Fen {
    return roundFen(fen, this.unit);
  }

  /**
   * A computed amount as the reasons show it: the exact figure and, when rounding changed it, the
   * rounded one with the unit (476.6667 → 477.00，四舍五入到元), so the figures shown add up.
   */
  rounded(exactFen: number, roundedFen: Fen): string {
    if (Math.abs(exactFen - roundedFen) < 1e-6) return yuanText(roundedFen);
    const y = exactFen / 100;
    let exact = y.toFixed(4).replace(/0{1,2}$/, '');
    if (Math.abs(Number(y.toFixed(4)) - y) > 1e-9) exact += '…';
    return `${exact}，四舍五入到${UNIT_TEXT[this.unit]}为 ${yuanText(roundedFen)}`;
  }

  age(m: Member): number {
    let a = this.ages[m.index];
    if (a === undefined) this.ages[m.index] = a = ageOn(m.birthDate, this.date);
    return a;
  }

  /** The applicable 低保 standard S: urban or rural by the household's hukou. */
  standardParam(): Param<number> {
    return (this.standardCache ??= this.param<number>(this.household.hukou === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural'));
  }

  standard(): Fen {
    return yuanToFen(this.standardParam().value);
  }

  /** Grade and kind within the definition of 重度残疾, before the certificate is looked at. */
  private severeGrade(m: Member): boolean {
    const d = m.disability;
    if (!d) return false;
    if (this.defs.severeGrades.includes(d.grade)) return true;
    return d.grade === 3 && (d.kind === 'intellectual' || d.kind === 'mental') && this.defs.grade3IntellectualMental;
  }

  /**
   * Where the pack requires the second-generation certificate, a disability of a severe grade whose
   * certificate generation is not given is an input error: never assumed (RULES.md, 000:L128).
   */
  checkCertificates(): void {
    if (!this.defs.requireSecondGeneration) return;
    for (const m of this.members) {
      if (m.disability && m.disability.certGeneration === null && this.severeGrade(m)) {
        throw new InputError(`members[${m.index}].disability.certGeneration`, '政策包要求持第二代残疾人证方可认定重度残疾（definitions.severeDisability.requireSecondGeneration），请填写残疾人证代别：1 或 2');
      }
    }
  }

  isSeverelyDisabled(m: Member): boolean {
    if (!this.severeGrade(m)) return false;
    return !this.defs.requireSecondGeneration || m.disability!.certGeneration === 2;
  }

  isSeriouslyIll(m: Member): boolean {
    if (this.illByAssistance(m)) return true;
    const list = this.defs.seriousIllnesses;
    for (const i of m.illnesses) if (list.includes(i)) return true;
    return false;
  }

  /**
   * The member's illnesses on the pack's 重病 list, in officer's words — and, where the pack counts it
   * (`definitions.seriousIllness.medicalAssistance`, 郴州 002:L589), 获得重特大疾病医疗救助 when the input says so.
   */
  seriousIllnesses(m: Member): string[] {
    const byAssistance = this.illByAssistance(m) ? [MAJOR_ILLNESS_ASSISTANCE] : NONE;
    if (m.illnesses.length === 0) return byAssistance;
    const list = this.defs.seriousIllnesses;
    return [...m.illnesses.filter((i) => list.includes(i)).map(illnessName), ...byAssistance];
  }

  /** 重病 because the member received 重特大疾病医疗救助 and the pack's definition counts that (only when the fact is given). */
  private illByAssistance(m: Member): boolean {
    return m.majorIllnessAssistance === true && this.defs.medicalAssistance;
  }

  isStudent(m: Member): boolean {
    return STUDENT.has(m.schooling);
  }

  /**
   * The parameters behind the definitions, for reasons that rely on them; given the member, 重病 also cites
   * `definitions.seriousIllness.medicalAssistance` when that is what made the member 重病.
   */
  definitionParams(kind: 'severeDisability' | 'seriousIllness', m?: Member): Param[] {
    if (kind === 'severeDisability') return this.defs.severeParams;
    return m && this.illByAssistance(m) ? this.defs.seriousByAssistanceParams : this.defs.seriousParams;
  }
}

export const yuanText = formatYuan;

export function illnessName(code: string): string {
  return (ILLNESSES as Record<string, string>)[code] ?? code;
}

export function disabilityText(d: NonNullable<Member['disability']>): string {
  return `${DISABILITY_KINDS[d.kind]}${d.grade} 级`;
}

/** A share as an officer writes it: 30%, 1/3, 1/6 — never 0.333333. */
export function fractionText(f: number): string {
  if (Math.abs(f * 100 - Math.round(f * 100)) < 1e-9) return `${Math.round(f * 100)}%`;
  for (let d = 2; d <= 12; d++) {
    const n = Math.round(f * d);
    if (Math.abs(f * d - n) < 1e-9) return `${n}/${d}`;
  }
  return `${+(f * 100).toFixed(4)}%`;
}

export function reason(rule: string, text: string, ...parameters: Param[]): Reason {
  return { rule, text, parameters };
}
