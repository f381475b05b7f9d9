/**
 * Work queues over 100,000 cases (BENCH_CASES): each role's queue (my tasks, overdue, notices
 * running) through the HTTP API, next to the direct SQL of the same queries (the counts and the first
 * page) in the same run. Prints p50/p99 per role and view. Cases, programs, open deadline tasks and
 * notices are inserted in bulk with generate_series (the workflow itself is exercised by the API tests);
 * PGlite by default, PostgreSQL when DOUDI_BENCH_DATABASE_URL is set.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, refreshStatistics } from '../src/db/connection.ts';
import { createUser } from '../src/auth/users.ts';
import { DEMO_COUNTY, seedAreas, seedDemoPolicy } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { todayInChina } from '../src/registry/model.ts';
import { addWorkingDays } from '../src/workflow/calendar.ts';

const N = Number(process.env.BENCH_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const PASSWORD = 'bench-Cases-9d2k4w';

const database = await openDatabase(process.env.DOUDI_BENCH_DATABASE_URL ? { databaseUrl: process.env.DOUDI_BENCH_DATABASE_URL } : { dataDir: 'memory://' });
const { db } = database;
let t = performance.now();
await seedAreas(db, DEMO_COUNTY);
await seedDemoPolicy(db);
const today = todayInChina();
// Cases spread over the county's villages; one program each; an open task for 90 % of them:
// 60 % the township's, 20 % the county civil affairs bureau's, 10 % a department's (医保局); due dates from 30 days ago to 30 days ahead.
await db.execute(sql`
  with v as (select code, row_number() over (order by code) - 1 as i, count(*) over () as n from areas where level = 'village' and code like ${DEMO_COUNTY + '%'})
  insert into cases (id, number, area_code, channel, applicant_name, applicant_id_number, created_by, created_at)
  select 'c' || g, 'SQ' || lpad(g::text, 14, '0'), v.code, 'window', '申请人' || g, null, 'bench', now() - (g % 365) * interval '1 day'
  from generate_series(1, ${N}) g join v on v.i = g % v.n`);
await db.execute(sql`
  insert into case_programs (id, case_id, area_code, program, state, workflow, task_id)
  select 'p' || substr(c.id, 2), c.id, c.area_code, (array['低保','特困','临时救助','医疗救助'])[1 + substr(c.id, 2)::int % 4], 'investigation', '{}'::jsonb,
    case when substr(c.id, 2)::int % 10 <> 0 then 't' || substr(c.id, 2) end
  from cases c`);
await db.execute(sql`
  insert into workflow_tasks (id, subject_type, subject_id, step, area_code, assignee_role, department, opened_on, due_at, working_days)
  select 't' || substr(c.id, 2), 'case', c.id, 'investigation', c.area_code,
    case when substr(c.id, 2)::int % 10 < 6 then 'township_staff' else 'county_staff' end,
    case when substr(c.id, 2)::int % 10 between 6 and 7 then '民政局' when substr(c.id, 2)::int % 10 = 8 then '医保局' end,
    ${today}::date - 30, ${today}::date + (substr(c.id, 2)::int % 61) - 30, 10
  from cases c where substr(c.id, 2)::int % 10 <> 9`);
await db.execute(sql`
  insert into notices (id, subject_type, subject_id, area_code, title, issuer, start_date, end_date, entries, contact_phone, contact_address, created_by)
  select 'n' || substr(p.id, 2), 'case_program', p.id, p.area_code, '公示', '乡镇人民政府', ${today}::date - 3, ${today}::date + (substr(p.id, 2)::int / 20 % 20) - 10, '[]'::jsonb, '', '', 'bench'
  from case_programs p where substr(p.id, 2)::int % 20 = 0`);
await refreshStatistics(db);
process.stderr.write(`seeded ${N} cases in ${((performance.now() - t) / 1000).toFixed(1)} s (${database.kind})\n`);

const users = [
  { username: 'b_township', role: 'township_staff', areaCode: `${DEMO_COUNTY}101`, department: null },
  { username: 'b_minzheng', role: 'county_staff', areaCode: DEMO_COUNTY, department: '民政局' },
  { username: 'b_yibao', role: 'county_staff', areaCode: DEMO_COUNTY, department: '医保局' },
  { username: 'b_admin', role: 'county_admin', areaCode: DEMO_COUNTY, department: '民政局' },
] as const;
for (const u of users) await createUser(db, { ...u, displayName: u.username, password: PASSWORD }, 'bench');
const app = await buildServer(database);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const cookies: Record<string, string> = {};
for (const u of users) {
  const r = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: PASSWORD }) });
  cookies[u.username] = r.headers.get('set-cookie')!.split(';')[0];
}

const dueSoonBy = addWorkingDays(today, 2);
/** The same queries the API runs for a queue page: counts, notices count, first page of rows. */
function direct(u: (typeof users)[number], view: 'mine' | 'overdue' | 'notices') {
  const role = u.role === 'county_admin' ? 'county_staff' : u.role;
  const dept = u.role === 'township_staff' ? sql`department is null` : sql`department = ${u.department}`;
  const mine = sql`t.status = 'open' and t.assignee_role = ${role} and t.area_code like ${u.areaCode + '%'} and t.${dept}`;
  const counts = db.execute(sql`select count(*)::int, count(*) filter (where paused_since is null and due_at >= ${today} and due_at <= ${dueSoonBy})::int,
    count(*) filter (where paused_since is null and due_at < ${today})::int from workflow_tasks t where ${mine}`);
  const noticeCount = db.execute(sql`select count(*)::int from notices where subject_type = 'case_program' and area_code like ${u.areaCode + '%'} and end_date >= ${today}`);
  const rows = view === 'notices'
    ? db.execute(sql`select n.id, n.title, n.start_date, n.end_date, p.id, p.program, c.id, c.number, c.applicant_name, p.objection
        from (select id, title, start_date, end_date, subject_id from notices where subject_type = 'case_program' and area_code like ${u.areaCode + '%'} and end_date >= ${today}
          order by end_date, id limit 20) n
        join case_programs p on p.id = n.subject_id join cases c on c.id = p.case_id order by n.end_date, n.id`)
    : db.execute(sql`select t.id, t.step, t.due_at, t.paused_since, t.escalation, t.extended, t.department, c.id, c.number, c.applicant_name, c.area_code, p.id, p.program, p.one_by_one
        from (select * from workflow_tasks t where t.subject_type = 'case' and ${mine} ${view === 'overdue' ? sql`and t.paused_since is null and t.due_at < ${today}` : sql``}
          order by t.due_at, t.id limit 20) t
        join cases c on c.id = t.subject_id left join case_programs p on p.task_id = t.id order by t.due_at, t.id`);
  return Promise.all([counts, noticeCount, rows]);
}

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
console.log(`\nCase work queues, ${N} cases, ${database.kind}, ${ROUNDS} rounds per queue (milliseconds)`);
console.log('role / view                 rows   API p50   API p99   SQL p50   SQL p99   API/SQL (p99)');
for (const u of users) {
  for (const view of ['mine', 'overdue', 'notices'] as const) {
    const api: number[] = [];
    const sqlTimes: number[] = [];
    let count = 0;
    for (let i = 0; i < ROUNDS; i++) {
      t = performance.now();
      const r = await fetch(`${base}/api/cases/queues?view=${view}`, { headers: { cookie: cookies[u.username] } });
      const body = await r.json() as { counts: Record<string, number> };
      api.push(performance.now() - t);
      count = view === 'notices' ? body.counts.notices : body.counts[view];
      t = performance.now();
      await direct(u, view);
      sqlTimes.push(performance.now() - t);
    }
    const [a50, a99, d50, d99] = [quantile(api, 0.5), quantile(api, 0.99), quantile(sqlTimes, 0.5), quantile(sqlTimes, 0.99)];
    console.log(`${`${u.role}${u.department ? `/${u.department}` : ''} ${view}`.padEnd(26)} ${String(count).padStart(6)}   ${a50.toFixed(2).padStart(7)}   ${a99.toFixed(2).padStart(7)}   ${d50.toFixed(2).padStart(7)}   ${d99.toFixed(2).padStart(7)}   ${(a99 / d99).toFixed(2).padStart(6)}×`);
  }
}
await app.close();
await database.close();
