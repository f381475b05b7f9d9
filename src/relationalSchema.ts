/**
 * drizzle's relational schema (`db.query.*`), the object every connection is opened with
 * (db/connection.ts): the tables it held before each capability got its own `schema.ts` — the registry's,
 * the accounts' and the published policy versions. It names capabilities' tables, so it lives here beside
 * server.ts and cli.ts, which compose the capabilities too, not in db/.
 */
import { auditLog, sessions, users } from './auth/schema.ts';
import { policyVersions } from './policy/schema.ts';
import { areas, householdHistory, households, members } from './registry/schema.ts';

export const schema = { areas, users, sessions, households, members, householdHistory, auditLog, policyVersions };
