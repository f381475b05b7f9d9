/**
 * What every rule needs while evaluating one household: the resolved pack, money helpers that
 * round per the pack, members' ages, the definitions (重度残疾, 重病, student), and reasons that
 * cite each parameter with its value and source.
 */
import { ageOn } from '../domain/dates.ts';
import { formatYuan, roundFen, yuanToFen, type Fen, type Rounding } from '../domain/money.ts';
import type { Household, Member } from './household.ts';
import type { Param, ResolvedPack } from './pack.ts';

export interface Reason {
  rule: string;
  text: string;
  parameters: Param[];
}

const STUDENT = new Set(['primary', 'junior', 'senior', 'vocational', 'college']);

export class Context {
  readonly unit: Rounding;
  private readonly ages = new Map<Member, number>();

  constructor(readonly pack: ResolvedPack, readonly household: Household) {
    this.unit = pack.value<Rounding>('general.rounding');
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

  age(m: Member): number {
    let a = this.ages.get(m);
    if (a === undefined) this.ages.set(m, (a = ageOn(m.birthDate, this.date)));
    return a;
  }

  /** The applicable 低保 standard S: urban or rural by the household's hukou. */
  standardParam(): Param<number> {
    return this.param<number>(`dibao.standard.${this.household.hukou}`);
  }

  standard(): Fen {
    return yuanToFen(this.standardParam().value);
  }

  isSeverelyDisabled(m: Member): boolean {
    const d = m.disability;
    if (!d) return false;
    if (this.value<boolean>('definitions.severeDisability.requireSecondGeneration') && d.certGeneration !== 2) return false;
    if (this.value<number[]>('definitions.severeDisability.grades').includes(d.grade)) return true;
    return d.grade === 3 && (d.kind === 'intellectual' || d.kind === 'mental') && this.value<boolean>('definitions.severeDisability.grade3IntellectualMental');
  }

  isSeriouslyIll(m: Member): boolean {
    if (m.illnesses.length === 0) return false;
    const list = this.value<string[]>('definitions.seriousIllnesses');
    return m.illnesses.some((i) => list.includes(i));
  }

  isStudent(m: Member): boolean {
    return STUDENT.has(m.schooling);
  }

  /** The parameters behind the definitions, for reasons that rely on them. */
  definitionParams(kind: 'severeDisability' | 'seriousIllness'): Param[] {
    return kind === 'seriousIllness' ? [this.param('definitions.seriousIllnesses')]
      : [this.param('definitions.severeDisability.grades'), this.param('definitions.severeDisability.grade3IntellectualMental'), this.param('definitions.severeDisability.requireSecondGeneration')];
  }
}

export const yuanText = formatYuan;

export function reason(rule: string, text: string, ...parameters: Param[]): Reason {
  return { rule, text, parameters };
}
