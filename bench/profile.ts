import { readdirSync, readFileSync } from 'node:fs';
/** A CPU profile of the main thread from now until the returned function is called (the benches' BENCH_*_PROFILE). */
export async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Wall and CPU seconds (this process, all its threads: workers and PGlite's included) of `f`, with its value. */
export async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await f();
  const u = process.cpuUsage(c);
  return { value, seconds: (performance.now() - t) / 1000, cpu: (u.user + u.system) / 1e6 };
}

/** CPU seconds (user + system) of the server processes whose title names `database`, by pid; null where /proc cannot be read. */
export function serverCpuByPid(database: string): Map<string, number> | null {
  const out = new Map<string, number>();
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(database)) continue;
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        out.set(pid, (Number(f[11]) + Number(f[12])) / 100);
      } catch { /* the process ended meanwhile */ }
    }
  } catch { return null; }
  return out;
}

/**
 * timed(), and the CPU seconds of the PostgreSQL server processes serving `database` (when given and
 * visible in /proc: the server runs on this machine; else null), sampled every 100 ms so that
 * connections the pool closes meanwhile still count.
 */
export async function timedWithServer<T>(f: () => Promise<T>, database?: string): Promise<{ value: T; seconds: number; cpu: number; serverCpu: number | null }> {
  const start = database ? serverCpuByPid(database) : null;
  const last = new Map(start ?? []);
  const sample = () => { for (const [pid, s] of (database && serverCpuByPid(database)) || []) last.set(pid, s); };
  const timer = start ? setInterval(sample, 100) : undefined;
  let run: { value: T; seconds: number; cpu: number };
  try { run = await timed(f); } finally { clearInterval(timer); }
  let serverCpu: number | null = null;
  if (start) { sample(); serverCpu = 0; for (const [pid, s] of last) serverCpu += s - (start.get(pid) ?? 0); }
  return { ...run, serverCpu };
}
