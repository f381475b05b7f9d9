/**
 * `doudi ARGS…` for command-contract tests, two ways:
 * - `doudiProcess`: `node bin/doudi.js ARGS…` as a separate process, as the contracts' outside checks run it
 *   (exit status, one JSON line on standard output, nothing else there). Starting one costs node, tsx and the
 *   database engine each time, so each contract file keeps a few of these to prove the process end of the contract;
 * - `doudiInProcess`: the same subcommand run in the test's own process (src/commands.ts, as src/cli.ts runs it),
 *   with `env` set for the run and standard output and error captured; a thrown error is exit status 1 with its
 *   stack on standard error, as node reports it. The rest of a file's calls go this way.
 * Both give { status, stdout, stderr }.
 */
import { spawnSync } from 'node:child_process';
import { format } from 'node:util';
import { runCommand } from '../commands.ts';

export interface DoudiRun { status: number | null; stdout: string; stderr: string }

export function doudiProcess(args: string[], env: Record<string, string>): DoudiRun {
  const r = spawnSync(process.execPath, ['bin/doudi.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let queue: Promise<unknown> = Promise.resolve();

export function doudiInProcess(args: string[], env: Record<string, string>): Promise<DoudiRun> {
  // One at a time: the environment and the standard streams are the process's.
  const run = queue.then(() => runInProcess(args, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runInProcess(args: string[], env: Record<string, string>): Promise<DoudiRun> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  const streams = { out: process.stdout.write, err: process.stderr.write, log: console.log, error: console.error };
  Object.assign(process.env, env);
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  console.log = (...a: unknown[]) => { out.push(format(...a) + '\n'); };
  console.error = (...a: unknown[]) => { err.push(format(...a) + '\n'); };
  let status: number;
  try {
    status = await runCommand(args);
  } catch (e) {
    err.push(`${(e as Error)?.stack ?? e}\n`);
    status = 1;
  } finally {
    process.stdout.write = streams.out;
    process.stderr.write = streams.err;
    console.log = streams.log;
    console.error = streams.error;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}
