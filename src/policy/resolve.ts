/**
 * A policy pack as the rules use it: the parameters in force on one date, each with where its value came
 * from. Apart from the YAML reading (pack.ts), so that the workers of batch evaluation, which are given a
 * pack already read, load no YAML parser (issue 23).
 */
import { PARAMETERS } from './parameters.ts';

export class PolicyError extends Error {
  /** What is wrong, in Chinese, without the path (the form shows it at the field). */
  readonly reason: string;
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.reason = message;
  }
}

export type Leaf = ({ value: unknown } | { dated: [string, unknown][] }) & { cite?: string };

export interface PolicyPack {
  id: string;
  name: string;
  jurisdiction: string;
  /** Only the parameters the pack sets; the rest take defaults when resolved. */
  parameters: Map<string, Leaf>;
}

export interface Param<T = unknown> {
  name: string;
  value: T;
  /** The pack's id, or "default" for a value from the documents' defaults. */
  source: string;
  /** For a dated value: the date from which it is in force. */
  since?: string;
  /** The document behind the value: the pack's comment beside it, or the default's file:line. */
  cite?: string;
}

/** The values in force on one date. Looking up a required parameter that is absent, or not yet in force, throws. */
export interface ResolvedPack {
  pack: PolicyPack;
  date: string;
  get<T>(name: string): Param<T>;
  /** The value, or undefined for an unset optional parameter. */
  value<T>(name: string): T;
}

export function resolvePack(pack: PolicyPack, date: string): ResolvedPack {
  // Every parameter is resolved once per date, so the rules' many look-ups per household are one property read.
  const values: Record<string, Param> = Object.create(null);
  const errors: Record<string, PolicyError> = Object.create(null);
  for (const [name, def] of Object.entries(PARAMETERS)) {
    const leaf = pack.parameters.get(name);
    const cite = leaf?.cite ? { cite: leaf.cite } : {};
    const fallback = (): Param => ({ name, value: def.default, source: 'default', ...(def.source ? { cite: def.source } : {}) });
    if (!leaf) {
      if ('default' in def) values[name] = fallback();
      else errors[name] = new PolicyError(`parameters.${name}`, `政策包 ${pack.id} 未设置必填参数（required parameter missing）`);
    } else if ('value' in leaf) {
      values[name] = { name, value: leaf.value, source: pack.id, ...cite };
    } else {
      let inForce: [string, unknown] | undefined;
      for (const entry of leaf.dated) if (entry[0] <= date) inForce = entry;
      if (inForce) values[name] = { name, value: inForce[1], source: pack.id, since: inForce[0], ...cite };
      // Before its first date an optional parameter takes its default; a required one has none.
      else if ('default' in def) values[name] = fallback();
      else errors[name] = new PolicyError(`parameters.${name}`, `${date} 没有生效的值（not in force; 最早 ${leaf.dated[0][0]} 起）`);
    }
  }
  const get = <T>(name: string): Param<T> => {
    const p = values[name];
    if (p !== undefined) return p as Param<T>;
    throw errors[name] ?? new Error(`unknown parameter ${name}`); // the latter is a bug in the rules, not in a pack
  };
  const value = <T>(name: string): T => {
    const p = values[name];
    return (p !== undefined ? p.value : get<T>(name).value) as T;
  };
  return { pack, date, get, value };
}

/** One parameter on one date, with where its value came from (for reasons and the UI). */
export function parameterOn<T = unknown>(pack: PolicyPack, name: string, date: string): Param<T> {
  return resolvePack(pack, date).get<T>(name);
}
