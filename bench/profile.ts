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
