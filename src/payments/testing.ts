/** Test and benchmark support for payments: a county pack with chosen 低保 standards, households, users. */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Db } from '../db/connection.ts';
import { users } from '../auth/schema.ts';
import type { Role } from '../auth/roles.ts';

/** The demo pack of 洞口县 with the rural 低保 standard replaced by the given dated values (yuan). */
export function packWithRuralStandard(rural: Record<string, number>, id = 'demo-dongkou-2024'): string {
  const doc = parseDocument(readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'));
  doc.setIn(['parameters', 'dibao', 'standard', 'rural'], doc.createNode(rural));
  doc.set('id', id);
  return doc.toString();
}

/** A user row as the approval checks read it (no password: these users never log in). */
export async function addUser(db: Db, username: string, role: Role, areaCode: string, disabled = false): Promise<void> {
  await db.insert(users).values({ username, displayName: username, passwordHash: '!', role, areaCode, disabled });
}
