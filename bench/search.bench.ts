/**
 * Household search through the HTTP API over a county of 100,000 households (BENCH_HOUSEHOLDS),
 * next to the same search as one direct SQL query in the same run. Prints p50/p99 per query kind
 * and the API/SQL ratio of the medians. The database is seeded and left exactly as `doudi serve`
 * leaves it on a first start (seedDemoCounty); no extra ANALYZE.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/connection.ts';
import { createUser } from '../src/auth/users.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { seedDemoCounty } from '../src/serveCommand.ts';
import { buildServer } from '../src/server.ts';

const N = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const BENCH_PASSWORD = 'bench-Search-7f3k2q';

const database = await openDatabase(process.env.DOUDI_BENCH_DATABASE_URL ? { databaseUrl: process.env.DOUDI_BENCH_DATABASE_URL } : { dataDir: 'memory://' });
const { db } = database;
let t = performance.now();
await seedDemoCounty(db, N, (d) => process.stderr.write(`\rseeding ${d}/${N}`));
process.stderr.write(`\nseeded ${N} households in ${((performance.now() - t) / 1000).toFixed(1)} s (${database.kind})\n`);
await createUser(db, { username: 'bench', displayName: 'bench', password: BENCH_PASSWORD, role: 'county_admin', areaCode: DEMO_COUNTY }, 'bench');

const app = await buildServer(database);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: BENCH_PASSWORD }) });
const cookie = login.headers.get('set-cookie')!.split(';')[0];

// Real search terms taken from the data: a surname+given prefix, a full ID number, a village.
const sample = await queryRows<{ name: string; id_number: string; area_code: string }>(db, sql`select m.name, m.id_number, h.area_code from members m join households h on h.id = m.household_id order by m.id limit 50`);
const pick = (i: number) => sample[i % sample.length];

const scope = `${DEMO_COUNTY}%`;
const kinds = [
  { name: 'first page (county)', query: () => '', sqlWhere: () => sql`true` },
  { name: 'name prefix', query: (i: number) => `q=${encodeURIComponent(pick(i).name.slice(0, 2))}`,
    sqlWhere: (i: number) => sql`(h.id in (select household_id from members where name like ${pick(i).name.slice(0, 2) + '%'} and area_code like ${scope}))` },
  { name: 'full ID number', query: (i: number) => `q=${pick(i).id_number}`,
    sqlWhere: (i: number) => sql`(h.id in (select household_id from members where id_number like ${pick(i).id_number + '%'} and area_code like ${scope}))` },
  { name: 'village filter', query: (i: number) => `areaCode=${pick(i).area_code}`, sqlWhere: (i: number) => sql`h.area_code like ${pick(i).area_code + '%'}` },
];

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

console.log(`\nHousehold search, ${N} households, ${database.kind}, ${ROUNDS} rounds per kind (milliseconds)`);
console.log('kind                   API p50   API p99   SQL p50   SQL p99   API/SQL (p50)');
for (const kind of kinds) {
  const api: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    t = performance.now();
    const r = await fetch(`${base}/api/households?${kind.query(i)}&pageSize=20`, { headers: { cookie } });
    await r.json();
    api.push(performance.now() - t);
    const where = kind.sqlWhere(i);
    t = performance.now();
    await Promise.all([
      db.execute(sql`select h.id, h.area_code, h.head_name, h.hukou, h.member_count from households h where h.area_code like ${scope} and h.status = 'active' and ${where} order by h.area_code, h.id limit 20`),
      db.execute(sql`select count(*) from (select 1 from households h where h.area_code like ${scope} and h.status = 'active' and ${where} limit 10001) t`),
    ]);
    direct.push(performance.now() - t);
  }
  const [a50, a99, d50, d99] = [quantile(api, 0.5), quantile(api, 0.99), quantile(direct, 0.5), quantile(direct, 0.99)];
  console.log(`${kind.name.padEnd(22)} ${a50.toFixed(2).padStart(7)}   ${a99.toFixed(2).padStart(7)}   ${d50.toFixed(2).padStart(7)}   ${d99.toFixed(2).padStart(7)}   ${(a50 / d50).toFixed(2).padStart(6)}×`);
}
await app.close();
await database.close();
