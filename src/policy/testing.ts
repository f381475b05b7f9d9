/** Helpers for the rule tests: a pack from inline parameters, and households in the contract's input form. */
import { stringify } from 'yaml';
import { evaluate } from './evaluate.ts';
import { parseHousehold } from './household.ts';
import { loadPack, resolvePack } from './pack.ts';

export function packWith(parameters: Record<string, unknown>, id = 'test-pack') {
  return loadPack(stringify({ id, name: '测试', jurisdiction: '430525', parameters }));
}

export function run(parameters: Record<string, unknown>, household: Record<string, unknown>, date = '2021-12-01') {
  return evaluate(resolvePack(packWith(parameters), date), parseHousehold(household));
}

export const STANDARDS = { dibao: { standard: { urban: 570, rural: 420 } }, tekun: { minimumWage: 1080 } };

export function benefit(result: ReturnType<typeof evaluate>, program: string, member?: string) {
  return result.benefits.find((b) => b.program === program && (member === undefined || b.member === member));
}
