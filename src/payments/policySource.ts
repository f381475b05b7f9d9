/**
 * Which policy pack computes the money: a pack file named on the command line (`--policy`), or else
 * each county's newest published version (policy_versions). Each is identified by the SHA-256 of its
 * YAML, so a payroll records exactly what it was computed under and a later run can tell whether the
 * policy of an approved month has changed since (then it recomputes that month for back-payments).
 */
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { loadPack, PolicyError, type PolicyPack } from '../policy/pack.ts';
import { currentPolicy } from '../policy/store.ts';
import { sha256 } from './amounts.ts';

export interface PackInUse { pack: PolicyPack; sha256: string; label: Record<string, unknown> }

export class PolicySource {
  private byCounty = new Map<string, PackInUse>();
  private constructor(private readonly db: Db, private readonly file: PackInUse | null) {}

  static published(db: Db): PolicySource {
    return new PolicySource(db, null);
  }

  static fromText(db: Db, yaml: string, name: string): PolicySource {
    let pack: PolicyPack;
    try {
      pack = loadPack(yaml, name);
    } catch (e) {
      if (e instanceof PolicyError) throw new AppError('INVALID_POLICY', `政策包无效：${e.message}`, 'policy');
      throw e;
    }
    return new PolicySource(db, { pack, sha256: sha256(yaml), label: { source: 'file', packId: pack.id, sha256: sha256(yaml) } });
  }

  static async fromFile(db: Db, path: string): Promise<PolicySource> {
    const yaml = await readFile(path, 'utf8').catch(() => { throw new AppError('NOT_FOUND', `政策包文件不存在：${path}`, 'policy'); });
    return PolicySource.fromText(db, yaml, path);
  }

  /** The pack for a household of this county (6-digit code); a county with no published pack is a 4xx naming --policy. */
  async forCounty(county: string): Promise<PackInUse> {
    if (this.file) return this.file;
    let p = this.byCounty.get(county);
    if (!p) {
      const row = await currentPolicy(this.db, county);
      if (!row) throw new AppError('NO_POLICY', `县（区）${county} 尚未发布政策包：请县级管理员先发布，或用 --policy 指定政策包文件`, 'policy', 409);
      p = { pack: loadPack(row.yaml, `policy_versions:${row.id}`), sha256: sha256(row.yaml), label: { source: 'published', id: row.id, packId: row.packId, version: row.version, sha256: sha256(row.yaml) } };
      this.byCounty.set(county, p);
    }
    return p;
  }

  /** A county's pack already loaded by forCounty (synchronous, for the evaluation loops). */
  loaded(county: string): PackInUse {
    const p = this.file ?? this.byCounty.get(county);
    if (!p) throw new Error(`policy for ${county} not loaded`);
    return p;
  }

  /** What was used, for the payroll record: the file, or each county's published version. */
  used(): Record<string, unknown> {
    if (this.file) return this.file.label;
    return { source: 'published', byCounty: Object.fromEntries([...this.byCounty].sort(([a], [b]) => a.localeCompare(b)).map(([c, p]) => [c, p.label])) };
  }
}

/** The SHA-256 of the pack a stored payroll used for a county. */
export function shaUsed(policy: Record<string, unknown>, county: string): string | null {
  if (policy.source === 'file') return String(policy.sha256);
  const by = policy.byCounty as Record<string, { sha256: string }> | undefined;
  return by?.[county]?.sha256 ?? null;
}
