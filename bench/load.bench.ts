/**
 * Responsiveness under load: the p50/p99 of the household list (GET /api/households, pages in turn)
 * while 1 and then 5 county-wide ledger exports run at once (GET /api/ledger/export.xlsx as the county
 * admin, each restarted when it ends), next to the same list with no load, measured in the same run. The
 * server builds one export at a time (src/ledger/exportSlots.ts): with 5 asked for, 4 wait their turn, and
 * "exports done (mean s)" includes that wait. On a
 * fresh PGlite database, and on PostgreSQL when DOUDI_BENCH_DATABASE_URL names a server. Seeded like
 * `doudi serve` on a first start. BENCH_LOAD_HOUSEHOLDS (default 5,000), BENCH_LOAD_REQUESTS (100).
 */
import type { Database } from '../src/db/connection.ts';
import { openScratchDatabase } from '../src/db/scratch.ts';
import { createUser } from '../src/auth/users.ts';
import { DEMO_COUNTY } from '../src/registry/seed.ts';
import { seedDemoCounty } from '../src/serveCommand.ts';
import { buildServer } from '../src/server.ts';

const N = Number(process.env.BENCH_LOAD_HOUSEHOLDS ?? 5_000);
const REQUESTS = Number(process.env.BENCH_LOAD_REQUESTS ?? 100);
const EXPORTS = [1, 5];
const PASSWORD = 'bench-Load-9x4m2v';

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

async function measure(kind: 'pglite' | 'postgres') {
  const database: Database = await openScratchDatabase(kind === 'postgres' ? process.env.DOUDI_BENCH_DATABASE_URL : undefined);
  try {
    let t = performance.now();
    await seedDemoCounty(database.db, N, (d) => process.stderr.write(`\rseeding ${d}/${N}`));
    process.stderr.write(`\nseeded ${N} households in ${((performance.now() - t) / 1000).toFixed(1)} s (${kind})\n`);
    await createUser(database.db, { username: 'loadbench', displayName: 'bench', password: PASSWORD, role: 'county_admin', areaCode: DEMO_COUNTY }, 'bench');
    const app = await buildServer(database);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'loadbench', password: PASSWORD }) });
      if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const pages = Math.max(1, Math.floor(N / 20));
      const list = async () => {
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const start = performance.now();
          const r = await fetch(`${base}/api/households?page=${(i % pages) + 1}&pageSize=20`, { headers: { cookie } });
          if (!r.ok) throw new Error(`list: ${r.status}`);
          await r.json();
          times.push(performance.now() - start);
        }
        return times;
      };

      const idle = await list();

      const underLoad = async (exports: number) => {
        let stop = false;
        let exported = 0;
        let exportMs = 0;
        const exporter = async () => {
          while (!stop) {
            const start = performance.now();
            const r = await fetch(`${base}/api/ledger/export.xlsx`, { headers: { cookie } });
            if (!r.ok) throw new Error(`export: ${r.status} ${await r.text()}`);
            await r.arrayBuffer();
            exported++;
            exportMs += performance.now() - start;
          }
        };
        const exporters = Array.from({ length: exports }, exporter);
        // The exports get going before the list is timed.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const loaded = await list();
        stop = true;
        await Promise.all(exporters);
        return { exports, loaded, exported, exportMean: exportMs / Math.max(1, exported) };
      };
      const loads = [];
      for (const n of EXPORTS) loads.push(await underLoad(n));
      return { kind, idle, loads };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

const results = [await measure('pglite')];
if (process.env.DOUDI_BENCH_DATABASE_URL) results.push(await measure('postgres'));

console.log(`\nHousehold list while county exports run, ${N} households, ${REQUESTS} list requests per case (milliseconds)`);
console.log('database   exports   list p50   list p99   p99 / idle p99   exports done (mean s)');
for (const r of results) {
  const [i50, i99] = [quantile(r.idle, 0.5), quantile(r.idle, 0.99)];
  console.log(`${r.kind.padEnd(9)} ${'none'.padStart(8)} ${i50.toFixed(1).padStart(10)} ${i99.toFixed(1).padStart(10)}`);
  for (const l of r.loads) {
    const [l50, l99] = [quantile(l.loaded, 0.5), quantile(l.loaded, 0.99)];
    console.log(`${r.kind.padEnd(9)} ${String(l.exports).padStart(8)} ${l50.toFixed(1).padStart(10)} ${l99.toFixed(1).padStart(10)} ${(l99 / i99).toFixed(1).padStart(15)}×   ${String(l.exported).padStart(5)} (${(l.exportMean / 1000).toFixed(1)} s)`);
  }
}
