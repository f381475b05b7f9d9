/**
 * `doudi serve` as an operator runs it (the real command, an embedded database in a temporary
 * directory): demo mode seeds and prints the demo logins and listens on 127.0.0.1; production mode
 * (--no-demo) prints no password, creates no account, disables demo accounts left in the database,
 * and listens on all addresses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './registry/seed.ts';
import { serveMode } from './serveCommand.ts';
import { migratedDataDir } from './test-support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-serve-'));
// Started on a copy of the migrated template; the last test starts on a directory of its own, which the command creates and migrates.
const data = migratedDataDir(join(dir, 'data'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the command and resolves with its output once it says it is running (and the port it took). */
async function serve(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; out: string; port: number }> {
  const child = spawn(process.execPath, ['bin/doudi.js', 'serve', ...args], {
    env: { ...process.env, DOUDI_DATA: data, DATABASE_URL: '', HOST: '', PORT: '0', ...env },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no start within 150 s: ${out}`)); }, 150_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /已启动 running: http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, out, port: Number(m[1]) }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}: ${out}`)); });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function loginAs(port: number, username: string) {
  const r = await fetch(`http://127.0.0.1:${port}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return { status: r.status, body: await r.json() };
}

describe('serve mode', () => {
  it('is demo with the embedded database, production with DATABASE_URL or --no-demo', () => {
    expect(serveMode({}, {})).toEqual({ demo: true, host: '127.0.0.1' });
    expect(serveMode({}, { DATABASE_URL: 'postgres://x/y' })).toEqual({ demo: false, host: '0.0.0.0' });
    expect(serveMode({ demo: true }, { DATABASE_URL: 'postgres://x/y' })).toEqual({ demo: true, host: '127.0.0.1' });
    expect(serveMode({ noDemo: true }, {})).toEqual({ demo: false, host: '0.0.0.0' });
    expect(serveMode({}, { HOST: '0.0.0.0' })).toEqual({ demo: true, host: '0.0.0.0' });
    expect(serveMode({ noDemo: true }, { HOST: '10.1.2.3' })).toEqual({ demo: false, host: '10.1.2.3' });
  });
});

describe('doudi serve', () => {
  it('in demo mode seeds the demo logins, prints them and listens on 127.0.0.1 only', async () => {
    const { child, out, port } = await serve(['--demo-households', '3']);
    try {
      expect(out).toContain('演示账号');
      expect(out).toContain(DEMO_PASSWORD);
      expect(out).toContain('listening on 127.0.0.1');
      expect(out).toContain(`http://127.0.0.1:${port}/#/public`);
      expect((await loginAs(port, 'admin')).status).toBe(200);
    } finally { await stop(child); }
  }, 180_000);

  it('in production prints no password and disables the demo accounts it finds', async () => {
    const { child, out, port } = await serve(['--no-demo']);
    try {
      expect(out).not.toContain('demo logins');
      expect(out).not.toContain(DEMO_PASSWORD);
      expect(out).toContain('listening on 0.0.0.0');
      expect(out).toMatch(/已停用.*admin/);
      // The demo password is public: it must not open the account any more.
      expect((await loginAs(port, 'admin')).body.error.code).toBe('DISABLED');
      expect((await loginAs(port, 'cun')).body.error.code).toBe('DISABLED');
    } finally { await stop(child); }
  }, 180_000);

  it('in production on an empty database creates no account at all', async () => {
    const { child, out, port } = await serve(['--no-demo'], { DOUDI_DATA: join(dir, 'fresh') });
    try {
      expect(out).not.toContain(DEMO_PASSWORD);
      expect((await loginAs(port, 'admin')).body.error.code).toBe('BAD_CREDENTIALS');
    } finally { await stop(child); }
  }, 180_000);
});
